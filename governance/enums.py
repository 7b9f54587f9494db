from django.db import models


class Stage(models.IntegerChoices):
    """The four stages of the governance route for issues delegated to ICS level (seed 004)."""

    DEVELOPMENT = 1, "Stage 1: development of workstream proposals"
    QUALITY_ASSURANCE = 2, "Stage 2: quality assurance"
    STAKEHOLDER_SIGNOFF = 3, "Stage 3: sign-off from ICS stakeholders"
    FORMAL_APPROVAL = 4, "Stage 4: formal approval"


class BodyKind(models.TextChoices):
    WORKSTREAM = "workstream", "Workstream programme board"
    CLINICAL_LEADERSHIP_GROUP = "clinical_leadership_group", "Clinical Leadership Group"
    FINANCIAL_LEADERSHIP_GROUP = "financial_leadership_group", "Financial Leadership Group"
    JOINT_COMMITTEE_SUBGROUP = "joint_committee_subgroup", "Sub-group of the Joint Committee"
    ICS_MANAGEMENT_GROUP = "ics_management_group", "ICS Management Group"
    HEALTH_STRATEGY_GROUP = "health_strategy_group", "Health Strategy Group"
    JOINT_CCG_COMMITTEE = "joint_ccg_committee", "Joint CCG Committee"
    CCG_GOVERNING_BODY = "ccg_governing_body", "CCG Governing Body"
    FT_BOARD = "ft_board", "FT Board"
    FT_COMMITTEES_IN_COMMON = "ft_committees_in_common", "FT Committees in Common"

    @property
    def stage(self):
        return STAGE_OF_BODY_KIND[self]


STAGE_OF_BODY_KIND = {
    BodyKind.WORKSTREAM: Stage.DEVELOPMENT,
    BodyKind.CLINICAL_LEADERSHIP_GROUP: Stage.DEVELOPMENT,
    BodyKind.FINANCIAL_LEADERSHIP_GROUP: Stage.DEVELOPMENT,
    BodyKind.JOINT_COMMITTEE_SUBGROUP: Stage.DEVELOPMENT,
    BodyKind.ICS_MANAGEMENT_GROUP: Stage.QUALITY_ASSURANCE,
    BodyKind.HEALTH_STRATEGY_GROUP: Stage.STAKEHOLDER_SIGNOFF,
    BodyKind.JOINT_CCG_COMMITTEE: Stage.FORMAL_APPROVAL,
    BodyKind.CCG_GOVERNING_BODY: Stage.FORMAL_APPROVAL,
    BodyKind.FT_BOARD: Stage.FORMAL_APPROVAL,
    BodyKind.FT_COMMITTEES_IN_COMMON: Stage.FORMAL_APPROVAL,
}

# What the seed's 2020 body kinds may do: used once, by the migration that made it data
# (Body.assesses_proposals, Body.makes_statutory_decisions), and by the demo and test factories.
ASSESSING_BODY_KINDS = (
    BodyKind.CLINICAL_LEADERSHIP_GROUP,
    BodyKind.FINANCIAL_LEADERSHIP_GROUP,
    BodyKind.JOINT_COMMITTEE_SUBGROUP,
    BodyKind.ICS_MANAGEMENT_GROUP,
)
FORMAL_APPROVAL_BODY_KINDS = tuple(k for k, s in STAGE_OF_BODY_KIND.items() if s == Stage.FORMAL_APPROVAL)


class OrganisationKind(models.TextChoices):
    ICB = "icb", "Integrated Care Board"
    CCG = "ccg", "Clinical Commissioning Group"
    NHS_TRUST = "nhs_trust", "NHS trust"
    FOUNDATION_TRUST = "foundation_trust", "NHS foundation trust"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    NHS_ENGLAND = "nhs_england", "NHS England"
    PRIMARY_CARE_NETWORK = "pcn", "Primary care network"
    VOLUNTARY_SECTOR = "voluntary", "Voluntary sector organisation"


class MembershipRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    MEMBER = "member", "Member"
    SECRETARY = "secretary", "Secretary"
    ASSESSOR = "assessor", "Assessor"


class MeetingStatus(models.TextChoices):
    """A meeting's life cycle (Meeting's transitions): each move is audited as a MeetingEvent."""

    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Papers issued"
    IN_SESSION = "in_session", "In session"
    HELD = "held", "Held"
    MINUTES_APPROVED = "minutes_approved", "Minutes approved"
    CANCELLED = "cancelled", "Cancelled"
    POSTPONED = "postponed", "Postponed"

    @classmethod
    def recording(cls):
        """While attendance, declarations and decisions are recorded: from its start until it is closed
        by the approval of its minutes."""
        return (cls.IN_SESSION, cls.HELD)

    @classmethod
    def agenda_open(cls):
        """While the agenda can change: before the meeting, and a late paper while in session."""
        return (cls.DRAFT, cls.PUBLISHED, cls.IN_SESSION)

    @classmethod
    def upcoming(cls):
        return (cls.DRAFT, cls.PUBLISHED)


class VotesCountedBy(models.TextChoices):
    MEMBER = "member", "One vote per voting member"
    ORGANISATION = "organisation", "One vote per constituent organisation"


class OrganisationsForQuorum(models.TextChoices):
    NONE = "", "No requirement"
    MAJORITY = "majority", "A majority of the constituent organisations"
    ALL = "all", "Every constituent organisation"


class DecisionMethod(models.TextChoices):
    VOTE = "vote", "By vote"
    CONSENSUS = "consensus", "By consensus"
    CHAIRS_ACTION = "chairs_action", "By chair's action"


class PaperPurpose(models.TextChoices):
    DECISION = "decision", "For decision"
    ASSURANCE = "assurance", "For assurance"
    INFORMATION = "information", "For information"


class AgendaPart(models.TextChoices):
    PUBLIC = "A", "Part A"
    CONFIDENTIAL = "B", "Part B – confidential"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    IN_ATTENDANCE = "in_attendance", "In attendance (not a member)"


class VoteChoice(models.TextChoices):
    FOR = "for", "For"
    AGAINST = "against", "Against"
    ABSTAIN = "abstain", "Abstain"


class DecisionOutcome(models.TextChoices):
    ASSESSMENT_COMPLETE = "assessment_complete", "Assessment complete: goes to the ICS Management Group"
    QUALITY_ASSURED = "quality_assured", "Quality assured"
    SIGNED_OFF = "signed_off", "Signed off"
    APPROVED = "approved", "Approved"
    NOT_APPROVED = "not_approved", "Not approved"
    RETURNED = "returned", "Returned for revision"
    REJECTED = "rejected", "Rejected"
    DEFERRED = "deferred", "Deferred"
    NOTED = "noted", "Noted"
    AGREED = "agreed", "Agreed"


# What a body may decide on a proposal at its stage (the proposal's state says which stage).
PROPOSAL_OUTCOMES = {
    Stage.DEVELOPMENT: (DecisionOutcome.ASSESSMENT_COMPLETE,),
    Stage.QUALITY_ASSURANCE: (DecisionOutcome.QUALITY_ASSURED,),
    Stage.STAKEHOLDER_SIGNOFF: (DecisionOutcome.SIGNED_OFF,),
    Stage.FORMAL_APPROVAL: (DecisionOutcome.APPROVED, DecisionOutcome.NOT_APPROVED),
}
ANY_STAGE_OUTCOMES = (DecisionOutcome.RETURNED, DecisionOutcome.REJECTED, DecisionOutcome.DEFERRED)
PAPER_OUTCOMES = (DecisionOutcome.NOTED, DecisionOutcome.AGREED)
# Outcomes that need reasons the authors will read.
OUTCOMES_NEEDING_REASONS = (
    DecisionOutcome.RETURNED, DecisionOutcome.REJECTED, DecisionOutcome.DEFERRED, DecisionOutcome.NOT_APPROVED,
)


class PackStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RENDERING = "rendering", "Being built"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
