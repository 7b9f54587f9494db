"""
The record of a provider selection that regulation 24 asks for, built once from the selection's rows and
read by its page, the board pack, the notice and the annual summary: the providers, the process and why,
the decision-makers and their conflicts, how the key criteria were taken into account, the standstill and
the representations, and the award.
"""

from dataclasses import dataclass, field
from fractions import Fraction

from django.utils import timezone

from governance import voting
from governance.voting import person
from scoring.aggregation import aggregate
from scoring.enums import AssessmentStatus

from . import regime
from .models import ProviderScore
from .regime import KeyCriterion
from .rules import deciding_bodies


@dataclass(frozen=True)
class Criterion:
    """A key criterion as the scoring engine's aggregation reads a category: its weight a share of 1, so that
    a provider's weighted total is out of 5."""

    pk: str
    name: str
    percent: int

    @property
    def weight(self):
        return Fraction(self.percent, 100)


@dataclass(frozen=True)
class Rows:
    assessments: list
    providers: list
    weights: dict  # criterion: per cent


def rows(selection):
    """The selection's assessments, providers and weights, read once for whatever the request builds from
    them (the record, its readiness, the summaries) and kept on the object."""
    found = getattr(selection, "_rows", None)
    if found is None:
        found = selection._rows = Rows(
            assessments=list(selection.assessments.select_related("assessor")),
            providers=list(selection.providers.all()),
            weights={w.criterion: w.weight for w in selection.weights.all()},
        )
    return found


def criteria(selection):
    weights = rows(selection).weights
    return [Criterion(c, KeyCriterion(c).label, weights.get(c, 0)) for c in KeyCriterion.values]


def provider_summaries(selection):
    """[(provider, ScoreSummary)] in name order: each provider's scores by criterion from the submitted
    assessments (scoring.aggregation), an assessor with a declared interest not counted. Worked out once for
    the selection object, as rows() are."""
    found = getattr(selection, "_summaries", None)
    if found is None:
        found = selection._summaries = _summaries(selection)
    return found


def _summaries(selection):
    assessments = rows(selection).assessments
    submitted = [a for a in assessments if a.status == AssessmentStatus.SUBMITTED]
    expected = [a for a in assessments if a.status != AssessmentStatus.CONFLICTED]
    scores = {}
    for assessment_id, provider_id, criterion, score, rationale in (
        ProviderScore.objects.filter(assessment__in=submitted)
        .values_list("assessment_id", "provider_id", "criterion", "score", "rationale")
    ):
        scores.setdefault(provider_id, {}).setdefault(assessment_id, {})[criterion] = (score, rationale)
    by_criterion = criteria(selection)
    return [
        (provider, aggregate(None, by_criterion, [(a.assessor, scores.get(provider.pk, {}).get(a.pk, {})) for a in submitted],
                             {}, assigned_count=len(expected)))
        for provider in rows(selection).providers
    ]


@dataclass
class DecisionRecord:
    body: object
    meeting: object
    item: object
    decision: object
    decision_makers: list
    conflicts: list  # (name, interest)


@dataclass
class SelectionRecord:
    selection: object
    authority: str
    providers: list
    recommended: list
    conditions: list
    criteria: list
    summaries: list
    assessors: list  # (name, status text)
    assessor_conflicts: list  # (name, interest)
    decision: DecisionRecord | None
    representations: list = field(default_factory=list)

    @property
    def process_text(self):
        s = self.selection
        if not s.process:
            return "Not chosen yet"
        return f"{s.get_process_display()} ({s.rules.regulation})"

    @property
    def value_text(self):
        value = self.selection.estimated_value
        return "Not given" if value is None else f"£{value:,.2f}".replace(".00", "")

    @property
    def term_text(self):
        s = self.selection
        if not s.contract_starts:
            return "Not given"
        ends = f" to {s.contract_ends:%-d %B %Y}" if s.contract_ends else ""
        return f"{s.contract_starts:%-d %B %Y}{ends}"

    @property
    def score_rows(self):
        """[(criterion, [(provider, its mean score on it, as shown)])], in the key criteria's order."""
        return [(c, [(provider, summary.categories[i].mean_display) for provider, summary in self.summaries])
                for i, c in enumerate(self.criteria)]

    @property
    def weights_text(self):
        return "; ".join(f"{c.name} {c.percent}%" for c in self.criteria if c.percent)


def build(selection, *, with_representations=False):
    """The record of `selection`. Representations are private to the decision-makers: only with
    `with_representations` are their words included (their number always is)."""
    proposal = selection.proposal
    decision = None
    item = selection.decision_item
    if item is not None:
        meeting = item.meeting
        found = getattr(item, "decision", None)  # None until the body decides
        decision = DecisionRecord(
            body=meeting.body, meeting=meeting, item=item, decision=found,
            decision_makers=[person(m.user) for m in voting.eligible_voters(item)],
            conflicts=[(person(i.user), i.interest) for i in item.interests.select_related("user")],
        )
    assessments, providers = rows(selection).assessments, rows(selection).providers
    bodies = deciding_bodies(proposal).prefetch_related("organisations")
    authority = ", ".join(sorted({o.name for b in bodies for o in b.organisations.all()}))
    return SelectionRecord(
        selection=selection, authority=authority, providers=providers,
        recommended=[p for p in providers if p.is_recommended],
        conditions=[c.text for c in (selection.rules.conditions if selection.rules else ())
                    if regime.condition_value(selection.process, c) in selection.conditions_met],
        criteria=criteria(selection),
        summaries=provider_summaries(selection) if selection.assesses_key_criteria else [],
        assessors=[(person(a.assessor), a.get_status_display()) for a in assessments],
        assessor_conflicts=[(person(a.assessor), a.interest_details) for a in assessments if a.has_interest],
        decision=decision,
        representations=list(selection.representations.all()) if with_representations else [],
    )


def printed(record):
    """The record as the board pack prints it: plain values (governance.packs.inputs). Representations are
    counted, never quoted: the pack goes to more people than the decision-makers."""
    s = record.selection
    decision = record.decision
    return {
        "reference": s.proposal.reference,
        "contract": s.contract_title,
        "services": s.services,
        "value": record.value_text,
        "term": record.term_text,
        "authority": record.authority,
        "process": record.process_text,
        "conditions": record.conditions,
        "justification": s.justification,
        "providers": [{"name": p.name, "address": p.address, "existing": p.is_existing, "recommended": p.is_recommended}
                      for p in record.providers],
        "assesses_key_criteria": s.assesses_key_criteria,
        "provider_names": [p.name for p, _ in record.summaries],
        "scores": [{"criterion": c.name, "weight": c.percent, "means": [mean for _, mean in means]}
                   for c, means in record.score_rows],
        "totals": [summary.total_display for _, summary in record.summaries],
        "assessors": [f"{name}: {status.lower()}" for name, status in record.assessors],
        "assessor_conflicts": [f"{name}: {interest}" for name, interest in record.assessor_conflicts],
        "reasons": s.reasons,
        "decision_makers": decision.decision_makers if decision else [],
        "conflicts": [f"{name}: {interest}" for name, interest in decision.conflicts] if decision else [],
        "standstill": s.has_standstill,
        "representations": s.representations.count(),
    }



def notice_text(record):
    """The notice's words, from the record: the notice of intention to award for a process with a standstill
    (regulations 9(3), 10(7), 11(9)); for direct award process A or B, the notice of the award."""
    s = record.selection
    standstill = s.has_standstill
    lines = [
        "Notice of intention to award a contract" if standstill else "Notice of a contract award",
        "The Health Care Services (Provider Selection Regime) Regulations 2023",
        "",
        f"Relevant authority: {record.authority or 'Not named'}",
        f"Contract: {s.contract_title}",
        f"Services: {s.services}",
        f"Estimated lifetime value: {record.value_text}",
        f"Term: {record.term_text}",
        f"Process followed: {record.process_text}",
    ]
    for provider in record.recommended:
        lines.append(f"Provider: {provider.name}, {' '.join(provider.address.split())}")
    if record.decision:
        d = record.decision
        lines.append(f"Decision: by the {d.body} at its meeting on {timezone.localtime(d.meeting.starts_at):%-d %B %Y}")
        lines.append("Decision-makers: " + (", ".join(d.decision_makers) or d.body.name))
        conflicts = [f"{name} ({interest}) took no part in the decision" for name, interest in d.conflicts]
        conflicts += [f"{name} ({interest}) did not score the providers" for name, interest in record.assessor_conflicts]
        lines.append("Conflicts of interest and how they were managed: " + ("; ".join(conflicts) or "None declared"))
    if s.assesses_key_criteria:
        lines.append(f"Key criteria and their relative importance: {record.weights_text}")
    lines.append(f"Reasons for the decision: {s.reasons}")
    if standstill and s.standstill_ends:
        lines.append(f"Standstill: written representations may be made to the relevant authority until midnight at "
                     f"the end of {s.standstill_ends:%A %-d %B %Y} (regulation 12(3)).")
    return "\n".join(lines)
