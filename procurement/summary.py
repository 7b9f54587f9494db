"""
The annual summary regulation 25 asks an authority to publish, for an NHS financial year, and the CSV of
every decision under the regime in it. Both read the same selections.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from ics_commissioning import financial_years

from .enums import RepresentationOutcome
from .models import ProviderSelection, Representation
from .regime import Process

CSV_HEADER = ["Proposal", "Contract", "Process", "Regulation", "Providers", "New provider", "Estimated value (£)",
              "Decided by", "Decided on", "Notice published", "Standstill ended", "Representations", "Status",
              "Awarded on"]


def _decided_in(year):
    first, last = financial_years.bounds(year)
    return (ProviderSelection.objects.filter(Q(decided_on__range=(first, last)) | Q(awarded_on__range=(first, last)))
            .select_related("proposal", "decision_item__meeting__body")
            .prefetch_related("providers").annotate(representation_count=Count("representations"))
            .order_by("decided_on", "awarded_on", "pk"))


def summary_rows(year):
    """The CSV: a header, then a row a decision (by its decision or award date in the year)."""
    yield CSV_HEADER
    for s in _decided_in(year):
        recommended = [p for p in s.providers.all() if p.is_recommended]
        item = s.decision_item
        yield [
            s.proposal.reference, s.contract_title, s.get_process_display(), s.rules.regulation if s.rules else "",
            "; ".join(p.name for p in recommended), "Yes" if any(not p.is_existing for p in recommended) else "No",
            "" if s.estimated_value is None else f"{s.estimated_value:.2f}",
            item.meeting.body.name if item else "", s.decided_on or "", s.notice_published_on or "",
            s.standstill_ends or "", s.representation_count, s.get_status_display(), s.awarded_on or "",
        ]


@dataclass
class AnnualSummary:
    by_process: dict  # Process: contracts awarded
    new_providers: int
    representations: int
    representation_outcomes: dict  # RepresentationOutcome label: count

    @property
    def direct_awards(self):
        return sum(n for p, n in self.by_process.items() if p.startswith("direct_award"))


def annual_summary(year):
    first, last = financial_years.bounds(year)
    awarded = list(ProviderSelection.objects.awarded_between(first, last).prefetch_related("providers"))
    by_process = {p: 0 for p in Process}
    for s in awarded:
        by_process[Process(s.process)] += 1
    new = sum(1 for s in awarded for p in s.providers.all() if p.is_recommended and not p.is_existing)
    # Representations received in standstill periods that ended in the year (regulation 25(2)(i)).
    reps = Representation.objects.filter(selection__standstill_ends__range=(first, last))
    outcomes = {RepresentationOutcome(o).label if o else "Not yet answered": n for o, n in
                reps.values_list("outcome").annotate(n=Count("pk")).order_by("outcome")}
    return AnnualSummary(by_process=by_process, new_providers=new, representations=sum(outcomes.values()),
                         representation_outcomes=outcomes)


