"""What the proposal pages share: loading the proposal with its permission checks, and the
business case as the summary pages show it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from governance.confidential import withheld_from
from governance.enums import CaseDocument, ProcurementRoute, SectionKind, Stage
from governance.models import Route
from governance.rules import is_admin, is_committee_officer
from ics_commissioning.views import ObjectPermissionMixin
from scoring.models import RubricLevel

from .. import business_case
from ..enums import ProposalState
from ..models import Proposal
from ..rules import available_actions, is_proposal_author


class ProposalMixin(ObjectPermissionMixin):
    """A page about the proposal named in the URL: 404 unless the user may see it (a draft should
    not even be known to exist), 403 unless they may do what the page does."""

    object_name = "proposal"
    view_permission = "proposals.view_proposal"
    prefetch = ()  # what the page reads of every proposal it shows, besides the proposal

    def get_queryset(self):
        return Proposal.objects.select_related("lead_author", "sponsoring_workstream", "assessing_body") \
            .prefetch_related(*self.prefetch)

    def get_object(self):
        proposal = get_object_or_404(self.get_queryset(), reference=self.kwargs["reference"])
        if proposal.route_id:  # its stages, sections and gates, read once for everyone until a write
            proposal.route = Route.objects.configured(proposal.route_id)
        return proposal

    def permission_refused(self, proposal):
        if self.permission == "proposals.edit_proposal" and is_proposal_author(self.request.user, proposal):
            messages.info(self.request, "This proposal has been submitted, so the business case can no longer be changed.")
            return redirect(proposal)
        return super().permission_refused(proposal)

    def back_url(self):
        return self.proposal.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            proposal=self.proposal, actions=available_actions(self.proposal, self.request.user), crumbs=self.crumbs(),
            **kwargs,
        )

    def crumbs(self):
        user = self.request.user
        start = ("All proposals", reverse("proposals:list")) if (is_committee_officer | is_admin)(user) and not \
            is_proposal_author(user, self.proposal) else ("My proposals", reverse("proposals:mine"))
        crumbs = [start, (self.proposal.reference, self.proposal.get_absolute_url())]
        if self.permission == "proposals.edit_proposal":  # the business case's own pages
            crumbs.append(("Business case", reverse("proposals:tasks", args=[self.proposal.reference])))
        return crumbs

# The page of each kind of section that is not plain text (text and procurement: edit_section).
SECTION_URL_NAMES = {SectionKind.FINANCE: "edit_finance", SectionKind.RISKS: "edit_risks",
                     SectionKind.OPTIONS: "edit_options", SectionKind.TRIAGE: "edit_triage",
                     SectionKind.ATTACHMENTS: "attachments"}


def section_url(proposal, section):
    if section.kind in SECTION_URL_NAMES:
        return reverse(f"proposals:{SECTION_URL_NAMES[section.kind]}", args=[proposal.reference])
    return reverse("proposals:edit_section", args=[proposal.reference, section.key])


def rubric_hints():
    """What the top level of each rubric category asks for, keyed by business case section."""
    levels = RubricLevel.objects.filter(category__rubric__is_active=True, score=5).select_related("category")
    return {
        level.category.key: f"To score 5 (Top) on “{level.category.name}”: {level.descriptor}" for level in levels
    }


def route_context(proposal):
    """What proposals/_route.html shows: the route a submitted proposal keeps and why, or, before it is
    submitted, the one the scheme of delegation would choose now; its stages and who may approve it."""
    if proposal.route_id:
        route, rule, why = proposal.route, proposal.delegation_rule, proposal.route_reason
    else:
        route, rule, why = proposal.choose_route()
    stages = {s.stage: s for s in route.stages_with_bodies()} if route else {}
    approvers = ", ".join(body.name for body in rule.formal_bodies.all()) if rule else ""
    committees = [place.committee.name for place in proposal.places.select_related("committee") if place.committee_id
                  ] if any(s.by_place_committee for s in stages.values()) else []
    rows = []
    for number in Stage if route else ():
        stage = stages.get(number)
        if stage is None:
            owner = "not on this route: skipped"
        elif number == Stage.FORMAL_APPROVAL and route.skips_sign_off:
            owner = f"the bodies the scheme of delegation names: {approvers}" if approvers else "no body named yet"
        elif number == Stage.FORMAL_APPROVAL:
            owner = "the bodies named at sign-off" + (f" (from {approvers})" if approvers else "")
        elif stage.by_place_committee:
            owner = "the place committee for its place" + (f" ({', '.join(committees)})" if committees else "")
        else:
            owner = stage.name
        rows.append((number.label, owner))
    return {"route": route, "route_reason": why, "route_stages": rows}


def business_case_context(proposal, document=None):
    """What the business case summary (proposals/_business_case.html) shows: the document the proposal
    is at (or `document`), a row per section in its route's order, under its five-case part."""
    document = document or proposal.document
    words = business_case.words(proposal, document)
    rows = []
    for section in business_case.sections(proposal, document):
        route = ""
        if section.kind == SectionKind.PROCUREMENT:
            chosen = words.get(business_case.procurement_key(section))
            route = ProcurementRoute(chosen).label if chosen in ProcurementRoute.values else ""
        rows.append({"section": section, "text": words.get(section.key, ""), "procurement_route": route,
                     "url": section_url(proposal, section)})
    return {
        "document": CaseDocument(document),
        "section_rows": rows,
        "triage_answers": list(proposal.triage_answers.select_related("answered_by", "answered_on_behalf_of")),
        "finance_lines": list(proposal.finance_lines.all()),
        "risks": list(proposal.risks.all()),
        "options": list(proposal.options.all()),
        "attachments": list(proposal.attachments.all()),
        "places": list(proposal.places.all()),
        "co_authors": list(proposal.co_authors.all()),
    }


def error_list(form, formset):
    """(anchor, message) pairs for the error summary of a page with a form and a formset."""
    errors = []
    for bound in [form, *(formset.forms if formset is not None else [])]:
        if bound is None:
            continue
        errors += [(f"{bound.prefix}-error" if bound.prefix else "", e) for e in bound.non_field_errors()]
        errors += [(bound[name].id_for_label, e) for name, field_errors in bound.errors.items()
                   if name != "__all__" for e in field_errors]
    if formset is not None:
        errors += [("", e) for e in formset.non_form_errors()]
    return errors


def return_reasons(proposal, user):
    """The latest return, with its reasons, unless they were minuted in Part B and `user` may not
    read them (governance.confidential; the authors always may)."""
    if proposal.state != ProposalState.RETURNED:
        return None
    event = proposal.events.filter(to_state=ProposalState.RETURNED).select_related("actor", "body", "meeting__body").last()
    return None if event is None or event.pk in withheld_from(user, [event]) else event
