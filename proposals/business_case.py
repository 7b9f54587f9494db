"""
A proposal's two documents, the outline proposal and the full business case, section by section: which
sections its route asks for (governance.models.CaseSection, data on the route), what each holds, and
when each counts as complete. One definition, used by the submission guards, the task list, "check your
answers", the versions and the paper.
"""

from governance.enums import CaseDocument, SectionKind
from governance.models import Route, route_sections

from .enums import TriageQuestion

D, K = CaseDocument, SectionKind

# What lists of proposals never show, so never read for them: the two documents and their search text.
LONG_FIELDS = ("outline", "full_case", "case_text", "search_document")


def route_of(proposal):
    """The route whose sections a proposal is written to: its own once submitted, else the default."""
    if proposal.route_id:
        return proposal.route
    cached = getattr(proposal, "_default_route", None)
    if cached is None:
        cached = proposal._default_route = Route.objects.default()
    return cached


def sections(proposal, document=None):
    """The sections of one of the proposal's documents (by default the one it is at), in order."""
    return route_sections(route_of(proposal), document or proposal.document)


def section(proposal, key, document=None):
    return next((s for s in sections(proposal, document) if s.key == key), None)


def words(proposal, document):
    """The text sections' words of a document: {key: text}."""
    return proposal.full_case if document == D.FULL else proposal.outline


def procurement_key(section):
    """Where a procurement section keeps the route chosen, beside its rationale under its own key."""
    return f"{section.key}_route"


def procurement_route(proposal):
    """The procurement route (a ProcurementRoute value) the full business case's commercial case names, or ""."""
    found = next((s for s in sections(proposal, D.FULL) if s.kind == K.PROCUREMENT), None)
    return proposal.full_case.get(procurement_key(found), "") if found else ""


def is_complete(proposal, section, document=None):
    document = document or proposal.document
    text = (words(proposal, document).get(section.key) or "").strip()
    kind = section.kind
    if kind in (K.TEXT, K.FINANCE, K.PROCUREMENT) and not text:
        return False
    if kind == K.FINANCE:
        return proposal.finance_lines.exists()
    if kind == K.RISKS:
        return proposal.risks.exists()
    if kind == K.OPTIONS:
        return not options_problems(proposal.options.all())
    if kind == K.PROCUREMENT:
        return bool(words(proposal, document).get(procurement_key(section)))
    if kind == K.TRIAGE:
        answered = {a.question for a in proposal.triage_answers.all() if a.answer is not None}
        return {TriageQuestion.NATIONALLY_DESCRIBED, TriageQuestion.VULNERABILITY_ACROSS_ICPS} <= answered
    return True


def options_problems(options):
    """What an options appraisal still needs: [] once it compares at least two options, one of them
    doing nothing, and names exactly one as preferred."""
    options = list(options)
    found = []
    if len(options) < 2:
        found.append("compare at least two options")
    if not any(o.is_do_nothing for o in options):
        found.append("include a do-nothing option")
    preferred = sum(1 for o in options if o.is_preferred)
    if preferred != 1:
        found.append("mark exactly one option as preferred")
    return found


def missing_sections(proposal, document=None):
    """Required sections of the document not yet complete, in task-list order."""
    document = document or proposal.document
    return [s for s in sections(proposal, document) if s.required and not is_complete(proposal, s, document)]


def search_text(proposal):
    """The words search reads: both documents' text sections, the full case first."""
    texts = [*proposal.full_case.values(), *proposal.outline.values()]
    return "\n".join(dict.fromkeys(t for t in texts if isinstance(t, str) and t.strip()))
