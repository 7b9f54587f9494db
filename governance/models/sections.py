"""
The sections of a business case as data on the route: what the outline proposal and the full business
case ask for, in order. A route version with no sections of its own asks for the standard ones
(STANDARD_SECTIONS: the seed's rubric categories for the outline, the five-case model for the full
case), so an ICB adapts them by giving its route its own.
"""

import re

from django.core.validators import RegexValidator
from django.db import models

from ..enums import CaseDocument, CasePart, SectionKind
from .routes import Route

D, P, K = CaseDocument, CasePart, SectionKind

section_key_pattern = re.compile(r"[a-z][a-z0-9_]{0,39}")
section_key_validator = RegexValidator(r"^[a-z][a-z0-9_]{0,39}$", "Use lower-case letters, digits and underscores.")


class CaseSection(models.Model):
    """One section of one of a route's two documents. A text section's words are kept under its key in
    the proposal's document (Proposal.outline / Proposal.full_case): two sections with the same key, one
    in each document, carry the outline's words into the full case when it is started."""

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="case_sections")
    document = models.CharField(max_length=10, choices=CaseDocument.choices)
    position = models.PositiveSmallIntegerField(default=0)
    key = models.CharField(max_length=40, validators=[section_key_validator])
    title = models.CharField(max_length=200)
    part = models.CharField("five-case part", max_length=20, choices=CasePart.choices, blank=True,
                            help_text="The full case's five-case heading it comes under.")
    kind = models.CharField(max_length=20, choices=SectionKind.choices, default=SectionKind.TEXT)
    guidance = models.TextField(blank=True, help_text="What the authors should write, shown above the box.")
    rubric_key = models.SlugField(blank=True, help_text="The rubric category whose top descriptor is shown as a hint.")
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["route", "document", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["route", "document", "key"], name="one_section_per_key"),
        ]

    def __str__(self):
        return f"{self.get_document_display()}: {self.title}"


def standard(document, key, title, kind=K.TEXT, *, part="", guidance="", rubric_key="", required=True):
    return CaseSection(document=document, key=key, title=title, kind=kind, part=part, guidance=guidance,
                       rubric_key=rubric_key, required=required)


# What triage and the assessment exercise need: the details the rubric's five categories score.
STANDARD_OUTLINE = (
    standard(D.OUTLINE, "summary", "Summary and case for change",
             guidance="What the problem is, who it affects, and what you propose."),
    standard(D.OUTLINE, "ics_aspirations", "Contribution to ICS aspirations", rubric_key="aspirations"),
    standard(D.OUTLINE, "quality_safety", "Quality and safety", rubric_key="quality"),
    standard(D.OUTLINE, "finance_summary", "Finance: projected spend and savings", K.FINANCE, rubric_key="finance"),
    standard(D.OUTLINE, "risks", "Risks", K.RISKS, rubric_key="risks"),
    standard(D.OUTLINE, "contracting", "Contracting and procurement", rubric_key="contracting",
             guidance="Including existing contracts and any decommissioning."),
    standard(D.OUTLINE, "triage", "Triage questions", K.TRIAGE),
    standard(D.OUTLINE, "attachments", "Attachments", K.ATTACHMENTS, required=False),
)

# The full business case in the five-case model, written once the assessing body supports it.
STANDARD_FULL_CASE = (
    standard(D.FULL, "summary", "Case for change", part=P.STRATEGIC,
             guidance="The case for change: the current position, the need, and the objectives."),
    standard(D.FULL, "ics_aspirations", "Contribution to ICS aspirations", part=P.STRATEGIC, rubric_key="aspirations"),
    standard(D.FULL, "quality_safety", "Quality and safety", part=P.STRATEGIC, rubric_key="quality"),
    standard(D.FULL, "engagement", "Involving patients and the public", part=P.STRATEGIC,
             guidance="How people have been and will be involved (the duty to involve, NHS Act 2006 s14Z45), "
                      "and any consultation planned."),
    standard(D.FULL, "options", "Options appraisal", K.OPTIONS, part=P.ECONOMIC,
             guidance="The options considered, including doing nothing, and which is preferred and why."),
    standard(D.FULL, "procurement", "Procurement route", K.PROCUREMENT, part=P.COMMERCIAL, rubric_key="contracting"),
    standard(D.FULL, "contracting", "Contracting and decommissioning", part=P.COMMERCIAL, rubric_key="contracting",
             guidance="Existing contracts affected, contract form and length, and anything decommissioned."),
    standard(D.FULL, "finance_summary", "Capital, revenue and affordability", K.FINANCE, part=P.FINANCIAL,
             rubric_key="finance",
             guidance="Capital and revenue by quarter below; here, whether it is affordable and from which budgets."),
    standard(D.FULL, "delivery", "Delivery plan", part=P.MANAGEMENT,
             guidance="Milestones, who leads, and the governance of the project."),
    standard(D.FULL, "benefits", "Benefits realisation", part=P.MANAGEMENT,
             guidance="The benefits expected, how they will be measured, and by when."),
    standard(D.FULL, "risks", "Risks", K.RISKS, part=P.MANAGEMENT, rubric_key="risks"),
    standard(D.FULL, "review", "Post-implementation review", part=P.MANAGEMENT,
             guidance="When and by whom the change will be reviewed, and what will be reported back."),
    standard(D.FULL, "attachments", "Attachments", K.ATTACHMENTS, part=P.MANAGEMENT, required=False),
)

STANDARD_SECTIONS = {D.OUTLINE: STANDARD_OUTLINE, D.FULL: STANDARD_FULL_CASE}
# The kinds a document may hold at most once: each reads rows kept once per proposal.
SINGLE_KINDS = (K.FINANCE, K.RISKS, K.OPTIONS, K.PROCUREMENT, K.TRIAGE, K.ATTACHMENTS)


def sections_problems(document, sections):
    """What is wrong with a document's sections ({key, kind, title} objects): [] if nothing."""
    found = []
    keys = [s.key for s in sections]
    if len(keys) != len(set(keys)):
        found.append(f"The {CaseDocument(document).label.lower()} has a section key twice.")
    for kind in SINGLE_KINDS:
        if sum(1 for s in sections if s.kind == kind) > 1:
            found.append(f"The {CaseDocument(document).label.lower()} has more than one “{SectionKind(kind).label}” "
                         "section.")
    if document == D.OUTLINE and not any(s.kind == K.TRIAGE for s in sections):
        found.append("The outline proposal needs its triage questions section: triage reads it.")
    if document == D.FULL and any(s.kind == K.TRIAGE for s in sections):
        found.append("The triage questions belong to the outline proposal, not the full case.")
    return found


def route_sections(route, document):
    """The sections of `document` on `route` (a Route, or None for the standard ones), in order: the
    route's own, else the standard ones. Reads the route's sections once per route object."""
    if route is None:
        return list(STANDARD_SECTIONS[document])
    cache = getattr(route, "_case_sections", None)
    if cache is None:
        cache = route._case_sections = list(route.case_sections.all())
    own = [s for s in cache if s.document == document]
    return own or list(STANDARD_SECTIONS[document])
