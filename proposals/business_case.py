"""
The sections of a business case: what each asks for and when it counts as complete.
One definition, used by the submission guard, the task list, "check your answers" and the paper.
"""

from dataclasses import dataclass

from .enums import TriageQuestion


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    text_fields: tuple = ()
    # The rubric category whose top-level descriptor is shown to the author as a hint.
    rubric_key: str = ""
    required: bool = True

    def is_complete(self, proposal):
        if any(not getattr(proposal, name).strip() for name in self.text_fields):
            return False
        if self.key == "finance":
            return proposal.finance_lines.exists()
        if self.key == "risks":
            return proposal.risks.exists()
        if self.key == "triage":
            answered = {a.question for a in proposal.triage_answers.all() if a.answer is not None}
            return {TriageQuestion.NATIONALLY_DESCRIBED, TriageQuestion.VULNERABILITY_ACROSS_ICPS} <= answered
        return True


SECTIONS = (
    Section("summary", "Summary and case for change", ("summary",)),
    Section("aspirations", "Contribution to ICS aspirations", ("ics_aspirations",), rubric_key="aspirations"),
    Section("quality", "Quality and safety", ("quality_safety",), rubric_key="quality"),
    Section("finance", "Finance: projected spend and savings", ("finance_summary",), rubric_key="finance"),
    Section("risks", "Risks", (), rubric_key="risks"),
    Section("contracting", "Contracting and procurement", ("contracting",), rubric_key="contracting"),
    Section("delivery", "Delivery approach and timeline", ("delivery",)),
    Section("engagement", "Public engagement and consultation", ("engagement",)),
    Section("triage", "Triage questions"),
    Section("attachments", "Attachments", required=False),
)
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}
# Every text field of the business case, in the order of its sections.
TEXT_FIELDS = tuple(name for section in SECTIONS for name in section.text_fields)
# What lists of proposals never show, so never read for them: the business case and its search document.
LONG_FIELDS = (*TEXT_FIELDS, "search_document")


def missing_sections(proposal):
    """Required sections not yet complete, in task-list order."""
    return [s for s in SECTIONS if s.required and not s.is_complete(proposal)]
