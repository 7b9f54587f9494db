from django.db import models


class Stage(models.IntegerChoices):
    """The four stages of the governance route for issues delegated to ICS level (seed 004)."""

    DEVELOPMENT = 1, "Stage 1: development of workstream proposals"
    QUALITY_ASSURANCE = 2, "Stage 2: quality assurance"
    STAKEHOLDER_SIGNOFF = 3, "Stage 3: sign-off from ICS stakeholders"
    FORMAL_APPROVAL = 4, "Stage 4: formal approval"


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
    DISCUSSION = "discussion", "For discussion"
    INFORMATION = "information", "For information"


class PaperAsk(models.TextChoices):
    """What a paper's cover sheet asks the body to do ("The Committee is asked to: …"). What each
    allows the body to decide on a plain paper is ASK_OUTCOMES, below."""

    NOTE = "note", "Note"
    RECEIVE = "receive", "Receive"
    AGREE = "agree", "Agree"
    APPROVE = "approve", "Approve"
    CONFIRM = "confirm", "Confirm"
    CONSIDER = "consider", "Consider"
    RATIFY = "ratify", "Ratify"

    @classmethod
    def deciding(cls):
        """The asks that want a decision of the body: a paper for decision asks at least one of them."""
        return (cls.AGREE, cls.APPROVE, cls.CONFIRM, cls.RATIFY)

    @classmethod
    def for_information(cls):
        """All a paper for information may ask: it wants no decision."""
        return (cls.NOTE, cls.RECEIVE)


# What a paper asks when its cover sheet does not say (papers from before cover sheets asked, and the
# services' callers that do not say): a decision paper to be agreed, as decision papers were, and
# the others the verb NHS cover sheets use for them.
DEFAULT_ASKS = {
    PaperPurpose.DECISION: (PaperAsk.AGREE,),
    PaperPurpose.ASSURANCE: (PaperAsk.RECEIVE,),
    PaperPurpose.DISCUSSION: (PaperAsk.CONSIDER,),
    PaperPurpose.INFORMATION: (PaperAsk.NOTE,),
}


class Implication(models.TextChoices):
    """The implications every cover sheet states, one text each (AgendaItem.<value>_implications)."""

    FINANCIAL = "financial", "Financial"
    LEGAL = "legal", "Legal and regulatory"
    EQUALITY = "equality", "Equality and health inequalities"
    QUALITY = "quality", "Quality and safety"
    DATA_PROTECTION = "data_protection", "Data protection"
    SUSTAINABILITY = "sustainability", "Sustainability"
    CONFLICTS = "conflicts", "Conflicts of interest"

    @property
    def field(self):
        return f"{self.value}_implications"


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
    # The assessing body's view after scoring the outline (seed 004, question 3).
    ASSESSMENT_COMPLETE = "assessment_complete", "Supported at ICS level: the authors write the full business case"
    NOT_SUPPORTED = "not_supported", "Not supported at ICS level: refer to place-based commissioning"
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
    Stage.DEVELOPMENT: (DecisionOutcome.ASSESSMENT_COMPLETE, DecisionOutcome.NOT_SUPPORTED),
    Stage.QUALITY_ASSURANCE: (DecisionOutcome.QUALITY_ASSURED,),
    Stage.STAKEHOLDER_SIGNOFF: (DecisionOutcome.SIGNED_OFF,),
    Stage.FORMAL_APPROVAL: (DecisionOutcome.APPROVED, DecisionOutcome.NOT_APPROVED),
}
ANY_STAGE_OUTCOMES = (DecisionOutcome.RETURNED, DecisionOutcome.REJECTED, DecisionOutcome.DEFERRED)
# What a proposal's cover sheet asks the body at each stage, unless the secretary says otherwise. The
# decisions it may take stay its stage's (PROPOSAL_OUTCOMES): the route decides, not the cover sheet.
STAGE_ASKS = {
    Stage.DEVELOPMENT: (PaperAsk.CONSIDER, PaperAsk.AGREE),
    Stage.QUALITY_ASSURANCE: (PaperAsk.CONSIDER, PaperAsk.CONFIRM),
    Stage.STAKEHOLDER_SIGNOFF: (PaperAsk.APPROVE, PaperAsk.CONFIRM),
    Stage.FORMAL_APPROVAL: (PaperAsk.APPROVE,),
}
# What a body may decide on a plain paper, by what its cover sheet asks: a paper asked to be noted
# or received can only be noted; one asked for agreement or confirmation can be agreed; one asked for
# approval or ratification approved or not; one asked to be considered noted or agreed. A paper that
# asks for a decision may also be deferred. See paper_outcomes().
_O = DecisionOutcome
ASK_OUTCOMES = {
    PaperAsk.NOTE: (_O.NOTED,),
    PaperAsk.RECEIVE: (_O.NOTED,),
    PaperAsk.CONSIDER: (_O.NOTED, _O.AGREED, _O.DEFERRED),
    PaperAsk.AGREE: (_O.AGREED, _O.DEFERRED),
    PaperAsk.CONFIRM: (_O.AGREED, _O.DEFERRED),
    PaperAsk.APPROVE: (_O.APPROVED, _O.NOT_APPROVED, _O.DEFERRED),
    PaperAsk.RATIFY: (_O.APPROVED, _O.NOT_APPROVED, _O.DEFERRED),
}
# Every decision a plain paper can have, in the order the decision page offers them: a deferral last.
PAPER_OUTCOMES = (_O.NOTED, _O.AGREED, _O.APPROVED, _O.NOT_APPROVED, _O.DEFERRED)


def paper_outcomes(asks):
    """The decisions a body may take on a plain paper asking `asks` (PaperAsk values): those any of
    its asks allows, in PAPER_OUTCOMES' order."""
    allowed = {outcome for ask in asks for outcome in ASK_OUTCOMES[PaperAsk(ask)]}
    return tuple(outcome for outcome in PAPER_OUTCOMES if outcome in allowed)


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


class CaseDocument(models.TextChoices):
    """The two documents a proposal is written as (seed 004's order): the outline that triage and the
    assessment exercise read, then, once the assessing body supports it, the full business case."""

    OUTLINE = "outline", "Outline proposal"
    FULL = "full", "Full business case"


class CasePart(models.TextChoices):
    """The five cases of the NHS five-case business case model (HM Treasury Green Book)."""

    STRATEGIC = "strategic", "Strategic case"
    ECONOMIC = "economic", "Economic case"
    COMMERCIAL = "commercial", "Commercial case"
    FINANCIAL = "financial", "Financial case"
    MANAGEMENT = "management", "Management case"


class SectionKind(models.TextChoices):
    """What a section of a business case is made of, and so how it is written and when it is complete."""

    TEXT = "text", "Text"
    FINANCE = "finance", "Finance lines (capital and revenue by quarter) with a commentary"
    RISKS = "risks", "Risk register"
    OPTIONS = "options", "Options appraisal (a do-nothing option and a preferred option)"
    PROCUREMENT = "procurement", "Procurement route with its rationale"
    TRIAGE = "triage", "The authors' answers to the triage questions"
    ATTACHMENTS = "attachments", "Attachments"


class ProcurementRoute(models.TextChoices):
    """How the service would be bought (the commercial case)."""

    EXISTING_CONTRACT = "existing_contract", "A variation to an existing contract"
    DIRECT_AWARD = "direct_award", "Direct award to an existing or identified provider (Provider Selection Regime)"
    MOST_SUITABLE = "most_suitable", "Most suitable provider process (Provider Selection Regime)"
    COMPETITIVE = "competitive", "Competitive process"
    GRANT = "grant", "Grant or section 256/75 agreement with a local authority"
    NOT_APPLICABLE = "not_applicable", "No procurement: a change within current services"


class DutyGate(models.TextChoices):
    """The statutory duties a deciding body must show it had due regard to, each signed off before the
    proposal is tabled for a decision."""

    EQIA = "eqia", "Equality impact assessment"
    QIA = "qia", "Quality impact assessment"
    DPIA = "dpia", "Data protection impact assessment"
    FINANCE = "finance", "Finance sign-off"
    ENGAGEMENT = "engagement", "Engagement and the duty to involve (NHS Act 2006 s14Z45)"
    SUSTAINABILITY = "sustainability", "Sustainability and net zero"


# What each gate shows the deciding body, in a line.
DUTY_GATE_SHOWS = {
    DutyGate.EQIA: "The public sector equality duty (Equality Act 2010 s149) and the duty to reduce health "
                   "inequalities have been considered.",
    DutyGate.QIA: "The effect on patient safety, clinical effectiveness and experience has been assessed.",
    DutyGate.DPIA: "Any new processing of personal data has been assessed (UK GDPR article 35).",
    DutyGate.FINANCE: "The costs and savings are affordable and agreed by the finance lead.",
    DutyGate.ENGAGEMENT: "Patients and the public have been involved as the duty to involve requires.",
    DutyGate.SUSTAINABILITY: "The effect on the Green Plan and net zero commitments has been assessed.",
}
