from django.db import models

from governance.enums import Stage


class StateGroup:
    """A named group of states, declared in the enum's body by value and read as a tuple of its
    members (a descriptor, so the enum does not take it for a member)."""

    def __init__(self, *values):
        self.values = values

    def __get__(self, instance, owner):
        return tuple(owner(value) for value in self.values)


class ProposalState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted – awaiting triage"
    PLACE_BASED = "place_based", "Place-based commissioning"
    ASSESSMENT = "assessment", "Assessment"
    # The assessing body supports it: the authors write the full business case (seed 004: "Develop a
    # business case … for consideration by" the stages that follow).
    FULL_CASE = "full_case", "Full business case in development"
    QUALITY_ASSURANCE = "quality_assurance", "Quality assurance"
    STAKEHOLDER_SIGNOFF = "stakeholder_signoff", "Stakeholder sign-off"
    FORMAL_APPROVAL = "formal_approval", "Formal approval"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned for revision"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"

    # Named groups, so queries and rules say "live" once instead of repeating tuples of states.
    # The authors may change the business case.
    EDITABLE = StateGroup("draft", "returned", "full_case")
    # On the governance route: a body has it.
    # (Writing the full case is part of stage 1: it is live, on the pipeline, though no body decides it.)
    ON_ROUTE = StateGroup("submitted", "assessment", "full_case", "quality_assurance", "stakeholder_signoff",
                          "formal_approval")
    # A body has it to decide: it may return, reject or defer it.
    WITH_A_BODY = StateGroup("submitted", "assessment", "quality_assurance", "stakeholder_signoff",
                             "formal_approval")
    # The ICS route has ended for it.
    CLOSED = StateGroup("place_based", "approved", "rejected", "withdrawn")

    @property
    def stage(self):
        return STAGE_OF_STATE.get(self)


STAGE_OF_STATE = {
    ProposalState.SUBMITTED: Stage.DEVELOPMENT,
    ProposalState.ASSESSMENT: Stage.DEVELOPMENT,
    ProposalState.FULL_CASE: Stage.DEVELOPMENT,
    ProposalState.QUALITY_ASSURANCE: Stage.QUALITY_ASSURANCE,
    ProposalState.STAKEHOLDER_SIGNOFF: Stage.STAKEHOLDER_SIGNOFF,
    ProposalState.FORMAL_APPROVAL: Stage.FORMAL_APPROVAL,
}


class ServiceArea(models.TextChoices):
    CARDIOLOGY = "cardiology", "Cardiology"
    STROKE = "stroke", "Stroke"
    REHABILITATION = "rehabilitation", "Complex rehabilitation"
    MENTAL_HEALTH = "mental_health", "Mental health"
    URGENT_CARE = "urgent_care", "Urgent and emergency care"
    ELECTIVE = "elective", "Elective care and commissioning policies"
    CANCER = "cancer", "Cancer"
    CHILDREN = "children", "Children and young people"
    PRIMARY_CARE = "primary_care", "Primary and community care"
    SPECIALISED = "specialised", "Specialised services (delegated by NHS England)"
    OTHER = "other", "Other"


class TriageQuestion(models.IntegerChoices):
    """The decision-making flowchart for ICS-level commissioning issues (seed 004)."""

    NATIONALLY_DESCRIBED = 1, (
        "Are (i) standards and outcomes and (ii) the service delivery model already described nationally?"
    )
    VULNERABILITY_ACROSS_ICPS = 2, "Is this an area of service vulnerability that affects more than one ICP?"
    LEADERSHIP_SUPPORT = 3, (
        "Following an assessment exercise, is there support from the assessing body "
        "(or an alternative body) for an ICS-level commissioning solution?"
    )

    def wording(self, assessing_body=None):
        """The question as asked of one proposal: question 3 names the body that assesses it (the seed's
        flowchart names the Clinical Leadership Group, stage 1 of its route)."""
        if self == TriageQuestion.LEADERSHIP_SUPPORT and assessing_body is not None:
            return (f"Following an assessment exercise, is there support from the {assessing_body} "
                    "(or an alternative body) for an ICS-level commissioning solution?")
        return self.label


class TriageOutcome(models.TextChoices):
    INCOMPLETE = "incomplete", "Not yet answered"
    AWAITING_SUPPORT = "awaiting_support", (
        "Assess the outline: the assessing body scores it, then gives its view (question 3)"
    )
    PLACE_BASED = "place_based", (
        "Consider place-based / ICP-level commissioning; escalate any barriers to sustainability as required"
    )
    BUSINESS_CASE = "business_case", (
        "Develop a business case, including plans for public engagement and consultation"
    )


class Recurrence(models.TextChoices):
    RECURRENT = "recurrent", "Recurrent"
    NON_RECURRENT = "non_recurrent", "Non-recurrent"


class Funding(models.TextChoices):
    """The financial case separates capital from revenue spending."""

    REVENUE = "revenue", "Revenue"
    CAPITAL = "capital", "Capital"


class FormalDecision(models.TextChoices):
    PENDING = "pending", "Awaiting decision"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class EventKind(models.TextChoices):
    CREATED = "created", "Created"
    TRANSITION = "transition", "State change"
    TRIAGE = "triage", "Triage answers recorded"
    FORMAL_DECISION = "formal_decision", "Stage 4 decision"
    DEFERRED = "deferred", "Deferred"
    ASSESSOR_ASSIGNED = "assessor_assigned", "Assessor assigned"
    ASSESSMENT_REOPENED = "assessment_reopened", "Assessment reopened"
    SCORE_MODERATED = "score_moderated", "Score moderated"
    SCORES_RELEASED = "scores_released", "Scores released to the authors"
    STAGE_SKIPPED = "stage_skipped", "Stage skipped by its route"
    SUPPORTED = "supported", "Supported: full business case started"
    ESCALATED = "escalated", "Barriers to sustainability escalated"



class AttachmentKind(models.TextChoices):
    COSTING = "costing", "Costing spreadsheet"
    APPENDIX = "appendix", "Appendix"
    OTHER = "other", "Other supporting document"
