"""
The Health Care Services (Provider Selection Regime) Regulations 2023 (SI 2023/1348), as the product
applies them: the five processes and the conditions each needs (regulation 6), the key criteria
(regulation 5), which processes observe a standstill (regulation 12) and assess the key criteria, and
which processes the commercial case's procurement route leads to. One place: the forms, the services,
the record, the notice and the annual summary all read it.
"""

import datetime
from dataclasses import dataclass

from django.db import models

from governance.enums import ProcurementRoute

from .working_days import working_days_after

# The regulations apply to decisions from this day (regulation 1).
IN_FORCE_FROM = datetime.date(2024, 1, 1)
# Regulation 12(3): representations may be made until midnight at the end of this working day after the
# day the standstill period begins.
STANDSTILL_WORKING_DAYS = 8
# After a review upholds the decision, the authority waits this many working days before it awards
# (NHS England's statutory guidance, reviewing decisions during the standstill period).
AFTER_REVIEW_WORKING_DAYS = 5


class Process(models.TextChoices):
    DIRECT_AWARD_A = "direct_award_a", "Direct award process A"
    DIRECT_AWARD_B = "direct_award_b", "Direct award process B"
    DIRECT_AWARD_C = "direct_award_c", "Direct award process C"
    MOST_SUITABLE = "most_suitable", "Most suitable provider process"
    COMPETITIVE = "competitive", "Competitive process"


class KeyCriterion(models.TextChoices):
    """Regulation 5: what the authority must take into account in choosing a provider."""

    QUALITY = "quality", "Quality and innovation"
    VALUE = "value", "Value"
    INTEGRATION = "integration", "Integration, collaboration and service sustainability"
    ACCESS = "access", "Improving access, reducing health inequalities and facilitating choice"
    SOCIAL_VALUE = "social_value", "Social value"


@dataclass(frozen=True)
class Condition:
    key: str
    text: str


@dataclass(frozen=True)
class ProcessRules:
    regulation: str
    conditions: tuple
    # Whether a notice of intention to award and a standstill period come before the award (regulation 12).
    standstill: bool
    # Whether providers are assessed against the key criteria before the decision.
    key_criteria: bool
    # Whether the contract goes to the existing provider of the services.
    existing_provider: bool
    # Whether several providers may be awarded (process B awards every provider that meets the requirements).
    several_providers: bool = False


NOT_A_OR_B = Condition("not_a_or_b", "Neither direct award process A nor B applies: the services are not capable "
                                     "of being provided only by the existing provider, and patients are not offered "
                                     "an unrestricted choice of provider for them.")

P = Process
RULES = {
    P.DIRECT_AWARD_A: ProcessRules("regulation 6(3) and 7", (
        Condition("existing_provider", "There is an existing provider of these services."),
        Condition("only_provider", "Because of the nature of the services, only the existing provider (or group of "
                                   "providers) is capable of providing them."),
        Condition("no_framework", "The award is not to conclude a framework agreement."),
    ), standstill=False, key_criteria=False, existing_provider=True),
    P.DIRECT_AWARD_B: ProcessRules("regulation 6(4) and 8", (
        Condition("patient_choice", "Patients are offered a choice of provider of these services."),
        Condition("unrestricted", "The number of providers is not restricted by the authority."),
        Condition("all_who_meet", "Every provider that meets the authority's requirements for the services is "
                                  "offered the contract."),
    ), standstill=False, key_criteria=False, existing_provider=False, several_providers=True),
    P.DIRECT_AWARD_C: ProcessRules("regulation 6(5) and 9", (
        Condition("existing_provider", "There is an existing provider of these services."),
        NOT_A_OR_B,
        Condition("no_considerable_change", "The proposed contract does not change considerably from the existing "
                                            "contract (the considerable change threshold is not met)."),
        Condition("satisfying", "The existing provider is satisfying the existing contract and is likely to satisfy "
                                "the proposed one to a sufficient standard, having regard to the key criteria and "
                                "the basic selection criteria."),
    ), standstill=True, key_criteria=True, existing_provider=True),
    P.MOST_SUITABLE: ProcessRules("regulation 6(6) and 10", (
        NOT_A_OR_B,
        Condition("not_c", "The authority cannot, or does not wish to, follow direct award process C."),
        Condition("identifiable", "Taking into account the likely providers and all relevant information, the "
                                  "authority can identify the most suitable provider without running a competition."),
    ), standstill=True, key_criteria=True, existing_provider=False),
    P.COMPETITIVE: ProcessRules("regulation 6(7) and 11", (
        NOT_A_OR_B,
        Condition("not_c_or_msp", "The authority cannot, or does not wish to, follow direct award process C or the "
                                  "most suitable provider process."),
    ), standstill=True, key_criteria=True, existing_provider=False),
}

# The processes each procurement route of the commercial case leads to; a route not here (a variation, a
# grant, no procurement) selects no provider under the regime.
ROUTE_PROCESSES = {
    ProcurementRoute.DIRECT_AWARD: (P.DIRECT_AWARD_A, P.DIRECT_AWARD_B, P.DIRECT_AWARD_C),
    ProcurementRoute.MOST_SUITABLE: (P.MOST_SUITABLE,),
    ProcurementRoute.COMPETITIVE: (P.COMPETITIVE,),
}


def condition_value(process, condition):
    """How a condition of a process is kept (and posted): "<process>:<condition>"."""
    return f"{process}:{condition.key}"


def unmet_conditions(process, met):
    """The conditions of `process` not among `met` (condition values), in the regulations' order."""
    return [c for c in RULES[Process(process)].conditions if condition_value(process, c) not in set(met)]


def standstill_ends(notice_published_on):
    """The last day of the standstill: it begins the day after the notice of intention is published
    (regulation 12(2)), and representations may be made until midnight at the end of the 8th working day
    after the day it begins (12(3))."""
    begins = notice_published_on + datetime.timedelta(days=1)
    return working_days_after(begins, STANDSTILL_WORKING_DAYS)


def review_wait_ends(review_communicated_on):
    """The last day the authority waits after telling a provider its review upheld the decision: the contract
    may be awarded the day after."""
    return working_days_after(review_communicated_on, AFTER_REVIEW_WORKING_DAYS)
