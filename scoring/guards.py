"""
The scoring conditions for leaving assessment (design 2.4: every assigned assessor done, and an
eligible total). They are conditions on the proposal's `complete_assessment` transition, checked
by scoring.services.complete_assessment under the proposal's row lock: scoring sits above
proposals, so the proposal's state machine does not import them.
"""

from proposals.guards import guard

from .summary import summarise


@guard(lambda p: "Every assigned assessor must submit their assessment first "
       f"({summarise(p).submitted_count} of {summarise(p).assigned_count} submitted).")
def assessment_complete(proposal):
    return summarise(proposal).complete


@guard(lambda p: f"The total score {summarise(p).total_display} is below the eligibility threshold "
       f"of {summarise(p).threshold_display}.")
def assessment_eligible(proposal):
    summary = summarise(proposal)
    # Report only one failure at a time: an incomplete assessment has no meaningful total yet.
    return not summary.complete or summary.eligible


LEAVING_ASSESSMENT = (assessment_complete, assessment_eligible)
