"""The demo proposals, one module each, in the order the demo loads them."""

from . import (
    adult_hearing_services,
    cardiology_model,
    children_mental_health_units,
    elective_policies,
    individual_funding_requests,
    integrated_urgent_care,
    lung_cancer_outcomes,
    mental_health_beds,
    neurorehabilitation,
    outpatient_follow_up,
    pharmacy_minor_ailments,
    prescribing_formulary,
    stroke_services,
)

PROPOSALS = tuple(story.STORY for story in (
    cardiology_model,
    stroke_services,
    mental_health_beds,
    integrated_urgent_care,
    elective_policies,
    neurorehabilitation,
    outpatient_follow_up,
    children_mental_health_units,
    pharmacy_minor_ailments,
    prescribing_formulary,
    individual_funding_requests,
    adult_hearing_services,
    lung_cancer_outcomes,
))
