"""
Loading the invented demo Integrated Care System (demo.organisation, demo.meetings, demo.stories):
places, governance bodies, people and their memberships, meetings with agendas, and a dozen
proposals spread over every state of the life cycle.

Proposals move only through proposals.services and scoring.services, each step taken by the demo
user who would take it in real life, so their timelines, triage answers, scores and stage 4
decisions are the same records the product writes in use.

Loading again adds nothing: places, bodies, users and memberships are matched by name or
username, and the scenario (meetings, proposals, papers) is loaded only when none of the demo
proposals exist yet. The board packs of the coming published meetings are built as the worker
builds them, and one is replaced after a member has downloaded it, so that "My meetings" shows
what changed.
"""


from collections import Counter
from dataclasses import asdict
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from weasyprint import HTML

from governance import duty_gates, escalations, packs, voting
from governance import minutes as minutes_services
from governance import services as governance_services
from governance.enums import (
    AgendaPart,
    AttendanceStatus,
    DecisionOutcome,
    Implication,
    MeetingStatus,
    MembershipRole,
    PaperPurpose,
    VoteChoice,
)
from governance.models import (
    AgendaItem,
    BoardAssuranceRisk,
    Body,
    Delegation,
    DelegationRule,
    GateSignOff,
    Meeting,
    Membership,
    Organisation,
    PackDownload,
    Place,
    Route,
)
from procurement import regime
from procurement import services as procurement_services
from proposals import services
from proposals.enums import ProposalState, Recurrence, TriageQuestion
from proposals.models import FinanceLine, Proposal, Risk
from public import services as public_services
from public.models import QuestionStatus
from scoring.models import RubricVersion
from scoring.services import assign_assessor, declare_interest, record_scores
from scoring.summary import summarise

from . import icb as demo_icb
from . import meetings as demo_meetings
from . import organisation as demo_organisation
from . import provider_selections as demo_provider_selections
from . import stories as demo_stories
from .stories import steps as demo_steps
from .stories.steps import (
    Accept,
    Approve,
    CompleteAssessment,
    Defer,
    DeferInquorate,
    Escalate,
    QualityAssure,
    ReferToPlace,
    Reject,
    Return,
    Score,
    SignOff,
    Submit,
    SubmitFullCase,
    Table,
    TakeChairsAction,
    Triage,
    Withdraw,
)

O = DecisionOutcome


def meeting_day(days_from_today):
    """A weekday outside the Christmas break, moved away from today so that past meetings stay past."""
    day = timezone.localdate() + timedelta(days=days_from_today)
    step = timedelta(days=-1 if days_from_today < 0 else 1)
    while day.weekday() >= 5 or (day.month, day.day) >= (12, 24) or (day.month, day.day) == (1, 1):
        day += step
    return day


class DemoSeeder:
    def __init__(self):
        self.password_hash = make_password(demo_organisation.DEMO_PASSWORD)
        self.created = Counter()
        self.scenario_skipped = False
        self.people = {spec.username: spec for spec in demo_organisation.USERS}
        self.organisation_specs = demo_organisation.ORGANISATIONS

    def seed(self):
        self.places = {name: self._get_or_create("places", Place, name=name) for name in demo_organisation.PLACES}
        self.bodies = {key: self._body(spec) for key, spec in demo_organisation.BODIES.items()}
        self.body_specs = {self.bodies[key].pk: spec for key, spec in demo_organisation.BODIES.items()}
        self.users = {spec.username: self._user(spec) for spec in demo_organisation.USERS}
        for spec in demo_organisation.MEMBERSHIPS:
            self._membership(spec)
        for delegation in demo_organisation.DELEGATIONS:
            self._delegation(*delegation)
        if Route.objects.default() is None:
            Route.objects.build(demo_organisation.ROUTE_NAME, {
                stage: self.bodies[key] for stage, key in demo_organisation.ROUTE_OWNERS.items()
            }, gates=[{"gate": gate, "needed_from": stage, "signing_body": self.bodies[key], "signing_role": role}
                      for gate, stage, key, role in demo_organisation.ROUTE_GATES])
            self.created["routes"] += 1

        if Proposal.objects.filter(title__in=[spec.title for spec in demo_stories.PROPOSALS]).exists():
            self.scenario_skipped = True
            return
        self.categories = self._rubric_categories()
        self.risks = {reference: self._risk(reference, title, owner)
                      for reference, title, owner in demo_meetings.BAF_RISKS}
        self.meetings = {key: self._meeting(spec) for key, spec in demo_meetings.MEETINGS.items()}
        self._meeting_keys = {meeting.pk: key for key, meeting in self.meetings.items()}
        for spec in demo_stories.PROPOSALS:
            self._proposal(spec)
        for spec in demo_meetings.PAPERS:
            self._paper(spec)
        for spec in demo_provider_selections.SELECTIONS:
            self._provider_selection(spec)

    def _provider_selection(self, spec):
        """A provider selection taken through the services as its people would: the authors prepare it, the
        assessors score the providers, the deciding body's secretary tables it."""
        proposal = Proposal.objects.get(title=spec.proposal)
        author = proposal.lead_author
        selection = procurement_services.start_selection(proposal, by=author)
        procurement_services.choose_process(
            selection, by=author, process=spec.process, justification=spec.justification,
            conditions=[regime.condition_value(spec.process, c) for c in regime.RULES[spec.process].conditions])
        procurement_services.save_contract(
            selection, by=author, contract_title=spec.contract_title, services=spec.services,
            estimated_value=spec.value, contract_starts=spec.starts, contract_ends=spec.ends, reasons=spec.reasons)
        providers = {p.name: procurement_services.add_provider(selection, by=author, name=p.name, address=p.address,
                                                               is_existing=p.existing) for p in spec.providers}
        recommended = [providers[p.name] for p in spec.providers if p.recommended]
        if recommended:
            procurement_services.recommend(selection, recommended, by=author)
        procurement_services.save_weights(selection, spec.weights, by=author)
        for username, marks in spec.scores.items():
            assessor = self.users[username]
            assessment = procurement_services.name_assessor(selection, assessor, by=author)
            if marks:
                procurement_services.declare_interest(assessment, by=assessor, has_interest=False)
                procurement_services.record_scores(assessment, {
                    (providers[name], criterion): (mark, demo_provider_selections.RATIONALE[mark])
                    for name, provider_marks in marks.items()
                    for criterion, mark in zip(regime.KeyCriterion.values, provider_marks, strict=True)
                }, by=assessor, submit=True)
        if spec.tabled_at:
            meeting = self.meetings[spec.tabled_at]
            procurement_services.table(selection, meeting, by=self._secretary(meeting.body), part=AgendaPart.CONFIDENTIAL)
        self.created["provider selections"] += 1

    # -- Minutes and actions ----------------------------------------------------------------

    def records(self):
        """The ICS Management Group's last meeting: draft minutes, put to its next meeting for
        approval, and actions from its decisions (one overdue)."""
        held, coming = self.meetings["icsmg-1"], self.meetings["icsmg-2"]
        secretary = self._secretary(held.body)
        minutes = minutes_services.draft(held, by=secretary)
        minutes_services.save(
            minutes, by=secretary, closing="The next meeting will be held in seven weeks.", entries={},
            opening="The chair welcomed members. The meeting was quorate. No further interests were declared.",
        )
        minutes_services.add_to_agenda(coming, minutes, by=secretary)
        decisions = [item.decision for item in held.items.filter(decision__isnull=False).select_related("decision")]
        today = timezone.localdate()
        for decision, (description, owner, days) in zip(decisions, demo_meetings.ACTIONS, strict=False):
            governance_services.raise_action(decision, by=secretary, description=description,
                                             owner=self.users[owner], due_on=today + timedelta(days=days))
            self.created["actions"] += 1
        self._meetings_in_public()

    def _meetings_in_public(self):
        """The Joint CCG Committee meets in public: the minutes of its earlier meeting, approved at its last,
        and two questions from the public for its next, accepted by its secretary (one answered)."""
        earlier, last, coming = self.meetings["jcc-0"], self.meetings["jcc-1"], self.meetings["jcc-2"]
        secretary = self._secretary(last.body)
        minutes = minutes_services.draft(earlier, by=secretary)
        minutes_services.save(
            minutes, by=secretary, entries={},
            opening="The chair welcomed members and the public. The meeting was quorate: all four CCGs were "
                    "represented. No interests were declared.",
            closing="No other business. The next meeting will be held in public in six weeks.")
        item = minutes_services.add_to_agenda(last, minutes, by=secretary)
        governance_services.record_decision(item, by=secretary, outcome=DecisionOutcome.AGREED,
                                            minute="The minutes were agreed as a true record.",
                                            votes=self._votes(last, (4, 0, 0), secretary))
        public_services.set_deadline(coming, by=secretary, closes_at=coming.starts_at - timedelta(days=2))
        update = coming.items.get(title__startswith="Update for the Joint CCG Committee")
        for name, question, answer in demo_meetings.PUBLIC_QUESTIONS:
            asked = public_services.ask(coming, name=name, email=f"{name.split()[0].lower()}@example.org",
                                        question=question, item=update, sender="demo")
            public_services.moderate(asked, by=secretary, status=QuestionStatus.ACCEPTED, answer=answer)
            self.created["questions from the public"] += 1

    # -- Board packs ----------------------------------------------------------------------

    def build_packs(self):
        self._attach_dashboard()
        upcoming = Meeting.objects.filter(status=MeetingStatus.PUBLISHED, starts_at__gt=timezone.now())
        for meeting in upcoming.select_related("body"):
            secretary = self._secretary(meeting.body)
            for part in sorted({AgendaPart.PUBLIC, *meeting.items.values_list("part", flat=True)}):
                packs.build(packs.request_build(meeting, part, by=secretary))  # built already if run eagerly
                self.created["board packs"] += 1
        # A member downloaded the Joint CCG Committee's pack two days ago; since then an interest has
        # been declared on one of its papers, and the pack has been rebuilt.
        meeting = self.meetings["jcc-2"]
        chair = self.users["jcc_chair"]
        PackDownload.objects.create(pack=packs.latest_ready(meeting, AgendaPart.PUBLIC), user=chair,
                                    downloaded_at=timezone.now() - timedelta(days=2))
        paper = meeting.items.filter(part=AgendaPart.PUBLIC, proposal__isnull=True).first()
        member = self.users["jcc_northfell"]
        governance_services.declare_item_interest(
            paper, by=member, member=member, interest="Non-executive director of a provider in the Central ICP",
        )
        for pack in packs.refresh(meeting):
            packs.build(pack)
            self.created["board packs"] += 1

    def _attach_dashboard(self):
        """A PDF appended to the Joint CCG Committee's update paper in its pack: invented figures."""
        paper = self.meetings["jcc-2"].items.get(title__startswith="Update for the Joint CCG Committee")
        weeks = [("Week 1", 2.4, 1.9), ("Week 2", 2.1, 1.8), ("Week 3", 1.9, 1.7), ("Week 4", 1.8, 1.6)]
        rows = "".join(f"<tr><td>{week}</td><td>{before}</td><td>{after}</td></tr>" for week, before, after in weeks)
        html = (
            "<style>body { font-family: sans-serif } td, th { padding: 4px 12px; border-bottom: 1px solid #999 }</style>"
            "<h1>Cardiology pathway dashboard</h1><p>Inter-hospital transfer waits for NSTEMI patients, "
            "Central ICP (median days, invented demonstration figures).</p>"
            f"<table><tr><th>Week</th><th>Before the shared list</th><th>After</th></tr>{rows}</table>"
            "<h2 style='break-before: page'>Notes</h2><p>The third hospital joined the shared referral and "
            "waiting-list system in week 3. Figures are provisional until validated by the pathway board.</p>"
        )
        governance_services.attach_document(
            paper, by=self._secretary(paper.meeting.body), title="Cardiology pathway dashboard",
            file=SimpleUploadedFile("cardiology-dashboard.pdf", HTML(string=html).write_pdf()),
            content_type="application/pdf", original_name="cardiology-dashboard.pdf",
        )

    # -- Reference data -------------------------------------------------------------------

    def _get_or_create(self, what, model, defaults=None, **lookup):
        obj, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
        if created:
            self.created[what] += 1
        return obj

    def _body(self, spec):
        body = self._get_or_create("bodies", Body, name=spec.name, defaults={
            "short_name": spec.short_name, "purpose": spec.purpose, "meets_in_public": spec.meets_in_public,
            "public_enquiries": spec.public_enquiries,
            "sponsors_proposals": spec.sponsors, "assesses_proposals": spec.assesses,
            "makes_statutory_decisions": spec.statutory,
            "decides_by_vote": spec.decides_by_vote, "votes_counted_by": spec.votes_counted_by,
            "organisations_for_quorum": spec.organisations_for_quorum,
        })
        for name in spec.organisations or ([spec.organisation] if spec.organisation else []):
            kind, ods_code = self.organisation_specs[name]
            body.organisations.add(self._get_or_create("organisations", Organisation, name=name,
                                                       defaults={"kind": kind, "ods_code": ods_code}))
        return body

    def _delegation(self, username, delegated_by, reference):
        membership = Membership.objects.get(user=self.users[username], body=self.bodies["jcc"], is_voting=True)
        start = meeting_day(-240)
        self._get_or_create("delegations", Delegation, membership=membership, delegated_by=delegated_by, defaults={
            "reference": reference, "scope": demo_organisation.DELEGATED, "starts_on": start,
        })

    def _user(self, spec):
        User = get_user_model()
        user = User.objects.filter(username=spec.username).first()
        if user is not None:
            return user
        user = User(
            username=spec.username, first_name=spec.first_name, last_name=spec.last_name, email=spec.email,
            is_staff=spec.is_superuser, is_superuser=spec.is_superuser,
        )
        try:
            validate_password(demo_organisation.DEMO_PASSWORD, user)
        except ValidationError as error:
            raise CommandError(f"The demo password fails validation for {spec.username}: {error.messages}") from error
        # Hash once for all demo users: hashing is deliberately slow, and the password is printed anyway.
        user.password = self.password_hash
        user.save()
        self.created["users"] += 1
        return user

    def _membership(self, spec):
        self._get_or_create(
            "memberships", Membership,
            user=self.users[spec.username], body=self.bodies[spec.body], role=spec.role,
            defaults={
                "organisation": spec.organisation or self.people[spec.username].organisation,
                "is_voting": spec.is_voting,
            },
        )

    def _rubric_categories(self):
        try:
            rubric = RubricVersion.objects.active()
        except RubricVersion.DoesNotExist:
            raise CommandError("No active rubric version: run the migrations first.") from None
        categories = {category.key: category for category in rubric.categories.all()}
        if set(categories) != set(demo_organisation.CATEGORY_KEYS):
            raise CommandError(
                f"The demo scores are written for categories {', '.join(demo_organisation.CATEGORY_KEYS)}; "
                f"the active rubric {rubric} has {', '.join(categories)}."
            )
        return categories

    # -- Meetings and papers --------------------------------------------------------------

    def _meeting(self, spec):
        day = meeting_day(spec.days_from_today)
        body = self.bodies[spec.body]
        self.created["meetings"] += 1
        return Meeting.objects.create(
            body=body,
            starts_at=timezone.make_aware(datetime.combine(day, time(spec.hour))),
            location=spec.location,
            online_link=f"https://meet.{demo_organisation.EMAIL_DOMAIN}/{slugify(body.name)}" if spec.online else "",
            paper_deadline=day - timedelta(days=7),
            status=spec.status,
        )

    def _add_item(self, meeting, **fields):
        order = (meeting.items.aggregate(last=Max("order"))["last"] or 0) + 1
        item = AgendaItem(meeting=meeting, order=order, **fields)
        item.full_clean()  # for a proposal: checks it is at a stage this body decides
        item.save()
        self.created["agenda items"] += 1
        return item

    def _risk(self, reference, title, owner):
        """A principal risk on the board assurance framework, which cover sheets link to."""
        risk, created = BoardAssuranceRisk.objects.get_or_create(
            reference=reference, defaults={"title": title, "owner": self.bodies[owner]})
        self.created["assurance framework risks"] += created
        return risk

    def _paper(self, spec):
        meeting = self.meetings[spec.meeting]
        follows = None
        if spec.follows:
            follows = self.meetings[spec.follows[0]].items.get(title=spec.follows[1])
        item = self._add_item(
            meeting, title=spec.title, purpose=spec.purpose, part=spec.part,
            author=self.people[spec.author].signature, sponsor=self.people[spec.sponsor].signature,
            background=spec.background, progress=spec.progress, recommendations=spec.recommendations,
            asks=list(spec.asks), next_steps=spec.next_steps, follows=follows,
            **{Implication(key).field: text for key, text in spec.implications.items()},
        )
        item.baf_risks.set(self.risks[reference] for reference in spec.baf_risks)
        if spec.decision:
            outcome, minute = spec.decision
            governance_services.record_decision(item, by=self._secretary(meeting.body), outcome=outcome, minute=minute)

    def _table(self, proposal, meeting_key):
        """Put the proposal on the meeting's agenda (once) and return the agenda item."""
        meeting = self.meetings[meeting_key]
        item = meeting.items.filter(proposal=proposal).first()
        if item is None:
            self._assure(proposal, meeting)
            item = self._add_item(
                meeting, proposal=proposal, title=proposal.title, purpose=PaperPurpose.DECISION,
                author=self.people[proposal.lead_author.username].signature,
                sponsor=self._sponsor(proposal),
                background=proposal.summary.split("\n\n")[0],
                progress=self._progress(proposal),
                recommendations=self._recommendations(proposal, meeting.body),
                asks=list(demo_meetings.ASKS[proposal.state]),
                next_steps=self._next_steps(proposal),
                **self._implications(proposal),
            )
            references = ("BAF 2", *demo_meetings.PROPOSAL_BAF_RISKS.get(proposal.service_area, ()))
            item.baf_risks.set(BoardAssuranceRisk.objects.filter(reference__in=references))
        return item

    def _ratification_cover_sheet(self, item, proposal):
        """The cover sheet of a chair's action put to the next meeting for ratification, as its
        secretary would write it."""
        references = ("BAF 2", *demo_meetings.PROPOSAL_BAF_RISKS.get(proposal.service_area, ()))
        governance_services.update_cover_sheet(
            item, by=self._secretary(item.meeting.body), asks=["ratify"], author=item.author,
            sponsor=self._sponsor(proposal), recommendations=item.recommendations, background=item.background,
            progress=self._progress(proposal),
            next_steps="Once ratified, the hub is hosted from January and the proposal's formal approval is complete.",
            baf_risks=BoardAssuranceRisk.objects.filter(reference__in=references), **self._implications(proposal),
        )

    def _next_steps(self, proposal):
        """Where the proposal goes after this body, on its route."""
        if proposal.state == ProposalState.FORMAL_APPROVAL:
            return "Once every body named to approve it has done so, the proposal is approved and mobilisation begins."
        if proposal.state in (ProposalState.SUBMITTED, ProposalState.ASSESSMENT):
            return ("If the assessors' total reaches the threshold, the proposal goes on for quality assurance; "
                    "otherwise it is returned to the lead with the assessors' rationales.")
        return "If the body agrees, the proposal goes on to the next stage of its route; if not, it is returned to " \
               "the lead with reasons."

    @staticmethod
    def _implications(proposal):
        """Its cover sheet's implications, from its business case: invented, as the rest of the demo."""
        lines = list(proposal.finance_lines.all())
        spend = sum((line.projected_spend for line in lines), 0)
        savings = sum((line.projected_savings for line in lines), 0)
        financial = (f"Projected spend of £{spend:,.0f} and savings of £{savings:,.0f} over the plan, as set out "
                     "in the business case's finance section." if lines else "Set out in the business case's "
                     "finance section.")
        texts = {
            Implication.FINANCIAL: financial,
            Implication.LEGAL: "Decided on the ICS route for issues delegated to ICS level; any procurement follows "
                               "the contracting and procurement section of the business case.",
            Implication.EQUALITY: "The equality impact assessment is part of the business case; the engagement "
                                  "section sets out how patients in each ICP are involved.",
            Implication.QUALITY: "Set out in the business case's quality and safety section, and assured by the "
                                 "Clinical Leadership Group.",
            Implication.DATA_PROTECTION: "None identified: no new processing of personal data beyond existing "
                                         "contracts.",
            Implication.SUSTAINABILITY: "Care closer to home reduces patients' travel.",
            Implication.CONFLICTS: "Members employed by or advising affected providers declare their interests "
                                   "at the meeting.",
        }
        return {implication.field: text for implication, text in texts.items()}

    def _sponsor(self, proposal):
        chair = Membership.objects.filter(
            body=proposal.sponsoring_workstream, role=MembershipRole.CHAIR
        ).select_related("user").first()
        return self.people[chair.user.username].signature if chair else ""

    def _progress(self, proposal):
        lines = [f"Submitted by {proposal.lead_author.get_full_name()}."]
        if proposal.state == ProposalState.SUBMITTED:
            answers = "; ".join(
                f"question {a.question}: {'yes' if a.answer else 'no'}" for a in proposal.triage_answers.all()
            )
            lines.append(f"The author's triage answers: {answers}.")
        scores = summarise(proposal)
        if scores.assigned_count:
            lines.append(
                f"Scores submitted by {scores.submitted_count} of {scores.assigned_count} assessors, against "
                f"rubric version {scores.rubric.number} ({scores.rubric.name})."
            )
            if scores.complete:
                eligibility = "eligible" if scores.eligible else "not eligible"
                lines.append(f"Total {scores.total_display} (threshold {scores.threshold_display}): {eligibility}.")
        if proposal.state == ProposalState.FORMAL_APPROVAL:
            decisions = "; ".join(
                f"{a.body}: {a.get_decision_display().lower()}"
                for a in proposal.formal_approvals.select_related("body")
            )
            lines.append(f"Formal approval required from: {decisions}.")
        return " ".join(lines)

    def _recommendations(self, proposal, body):
        asks = demo_meetings.RECOMMENDATIONS[proposal.state]
        return self.body_specs[body.pk].asked_to + "\n" + ";\n".join(f"- {ask}" for ask in asks) + "."

    # -- Proposals ------------------------------------------------------------------------

    def _proposal(self, spec):
        author = self.users[spec.lead]
        proposal = services.create_proposal(
            by=author, title=spec.title, sponsoring_workstream=self.bodies[spec.workstream],
            service_area=spec.service_area, outline=spec.outline, full_case=spec.full_case,
        )
        proposal.co_authors.set(self.users[username] for username in spec.co_authors)
        proposal.places.set(self.places[name] for name in spec.places)
        self._finance(proposal, spec.finance)
        Risk.objects.bulk_create(Risk(proposal=proposal, **asdict(risk)) for risk in spec.risks)
        if spec.author_triage:
            nationally, vulnerable = spec.author_triage
            services.record_triage(proposal, {
                TriageQuestion.NATIONALLY_DESCRIBED: nationally,
                TriageQuestion.VULNERABILITY_ACROSS_ICPS: vulnerable,
            }, by=author)
        for number, step in enumerate(spec.route):
            self._take(step, proposal, spec)
            following = spec.route[number + 1:]
            if isinstance(step, CompleteAssessment) and following and not isinstance(following[0], SubmitFullCase):
                self._submit_full_case(proposal, spec)  # supported, and its story goes on
        self.created["proposals"] += 1

    def _submit_full_case(self, proposal, spec):
        """The authors write the rest of the full business case (its options appraisal) and submit it."""
        author = self.users[spec.lead]
        services.save_business_case(proposal, by=author, rows={"options": spec.options})
        services.submit_full_case(proposal, by=author)
        proposal.refresh_from_db()

    def _assure(self, proposal, meeting):
        """Before a proposal is tabled: the statutory-duty gates its stage needs, named and signed a week
        before the meeting by a member of each signing body, with the assessment's record as evidence."""
        day = duty_gates.meeting_day(meeting)
        signed_at = min(timezone.now(), meeting.starts_at - timedelta(days=7))
        for state in duty_gates.gate_states(proposal, day):
            if not state.due or state.in_date:
                continue
            signer = duty_gates.candidates(proposal, state.gate)[0]
            duty_gates.name_signatory(proposal, state.gate, user=signer, by=proposal.lead_author)
            label = state.gate.label
            record = (f"Proposal,{proposal.reference}\nAssessment,{label}\nOutcome,No unmitigated adverse impact found\n"
                      f"Actions,Mitigations are in the business case's risk register\n").encode()
            sign_off = duty_gates.sign(
                proposal, state.gate, by=signer, valid_until=max(day, timezone.localdate()) + timedelta(days=365),
                file=ContentFile(record, name="record.csv"), content_type="text/csv",
                original_name=f"{label} {proposal.reference}.csv",
                note=f"{label} completed with the workstream; reviewed at the signatory's team meeting.",
            )
            GateSignOff.objects.filter(pk=sign_off.pk).update(signed_at=signed_at)

    def _finance(self, proposal, finance):
        quarters = [(year, quarter) for year in demo_organisation.FINANCIAL_YEARS for quarter in range(1, 5)]
        lines = [
            FinanceLine(proposal=proposal, financial_year=year, quarter=quarter, recurrence=Recurrence.RECURRENT,
                        projected_spend=spend, projected_savings=savings)
            for (year, quarter), spend, savings in zip(quarters, finance.spend, finance.savings, strict=True)
        ]
        lines += [
            FinanceLine(proposal=proposal, financial_year=year, quarter=quarter,
                        recurrence=Recurrence.NON_RECURRENT, projected_spend=amount)
            for year, quarter, amount in finance.set_up
        ]
        FinanceLine.objects.bulk_create(lines)

    def _take(self, step, proposal, spec):
        """One step of a proposal's route, taken by whoever takes it in real life. A decision taken
        at a meeting is recorded on that meeting's agenda item, which moves the proposal on."""
        author = self.users[spec.lead]
        meeting = self.meetings[step.meeting] if getattr(step, "meeting", None) else None
        officer = self._officer(proposal)  # secretary of the body that owns the current stage
        match step:
            case Submit():
                services.submit(proposal, by=author)
            case SubmitFullCase():
                self._submit_full_case(proposal, spec)
            case Escalate():
                escalations.escalate(proposal, by=officer, barriers=step.barriers)
            case Withdraw():
                services.withdraw(proposal, by=author, reason=step.reason)
            case Triage():
                body = proposal.owning_bodies().first()
                nationally, vulnerable = spec.author_triage if step.confirms else (False, False)
                services.record_triage(
                    proposal, {TriageQuestion.NATIONALLY_DESCRIBED: nationally,
                               TriageQuestion.VULNERABILITY_ACROSS_ICPS: vulnerable},
                    by=officer, on_behalf_of=body, meeting=meeting,
                )
            case Accept():
                services.accept_for_assessment(proposal, by=officer, comment=step.comment, meeting=meeting)
            case ReferToPlace():
                services.refer_to_place_based(proposal, by=officer, reason=step.reason, meeting=meeting)
            case Score():
                self._score(proposal, spec, assigned_by=officer)
            case CompleteAssessment():
                self._decide(proposal, meeting, O.ASSESSMENT_COMPLETE, self._with_scores(step.minute, proposal))
            case QualityAssure():
                self._decide(proposal, meeting, O.QUALITY_ASSURED, step.minute)
            case Defer():
                self._decide(proposal, meeting, O.DEFERRED, step.reason)
            case SignOff():
                bodies = [self.bodies[key] for key in step.bodies]
                self._decide(proposal, meeting, O.SIGNED_OFF, step.minute, formal_bodies=bodies)
            case Approve():
                self._decide(proposal, meeting, O.APPROVED, step.minute, votes=step.votes)
            case Return():
                self._decide(proposal, meeting, O.RETURNED, step.reasons)
            case Reject():
                self._decide(proposal, meeting, O.REJECTED, self._with_scores(step.reasons, proposal))
            case Table():
                self._table(proposal, step.meeting)  # on the agenda; nothing decided yet
            case DeferInquorate():
                self._defer_inquorate(proposal, meeting, step)
            case TakeChairsAction():
                body = self.bodies[step.body]
                self._assure(proposal, governance_services.next_meeting(body))
                action = governance_services.take_chairs_action(
                    body, proposal, by=self._secretary(body), outcome=step.outcome, reason=step.reason,
                    concurring_member=self.users[step.member], minute=step.minute,
                )
                self._ratification_cover_sheet(action.item, proposal)
                proposal.refresh_from_db()
            case _:
                raise CommandError(f"{spec.title}: unknown route step {step!r}.")

    def _decide(self, proposal, meeting, outcome, minute, formal_bodies=(), votes=()):
        """Table the proposal at the meeting and record the body's decision on it."""
        item = self._table(proposal, self._meeting_keys[meeting.pk])
        body = meeting.body
        secretary = self._secretary(body)
        cast_votes = None
        if body.decides_by_vote and votes:
            cast_votes = self._votes(meeting, votes, secretary)
        governance_services.record_decision(
            item, by=secretary, outcome=outcome, minute=minute, votes=cast_votes, formal_bodies=formal_bodies
        )
        proposal.refresh_from_db()

    def _defer_inquorate(self, proposal, meeting, step):
        item = self._table(proposal, self._meeting_keys[meeting.pk])
        secretary = self._secretary(meeting.body)
        for username, interest in step.interests:
            governance_services.declare_item_interest(item, by=secretary, member=self.users[username],
                                                      interest=interest)
        quorum = voting.quorum_for(item)
        if quorum is None or quorum.met:
            raise CommandError(f"{proposal.title}: the demo says {meeting} was not quorate for it, but it was.")
        governance_services.record_decision(item, by=secretary, outcome=O.DEFERRED,
                                            minute=f"{step.reason} ({quorum.shortfall()}.)")
        proposal.refresh_from_db()

    def _votes(self, meeting, votes, secretary):
        """Record as present as many voting members as voted, and their votes in the order given."""
        in_favour, against, abstaining = votes
        voters = [m.user for m in meeting.body.memberships.filter(is_voting=True).select_related("user")
                  .order_by("user__last_name")][: in_favour + against + abstaining]
        governance_services.record_attendance(
            meeting, {person: AttendanceStatus.PRESENT for person in voters}, by=secretary
        )
        choices = [VoteChoice.FOR] * in_favour + [VoteChoice.AGAINST] * against + [VoteChoice.ABSTAIN] * abstaining
        return dict(zip(voters, choices, strict=True))

    def _score(self, proposal, spec, *, assigned_by):
        for username, marks in spec.scores.items():
            assessor = self.users[username]
            assessment = assign_assessor(proposal, assessor, by=assigned_by)
            if marks is None:
                continue  # assigned, not started
            declare_interest(assessment, by=assessor, has_interest=False)
            in_progress = isinstance(marks, demo_steps.InProgress)
            values = marks.scores if in_progress else marks
            scores = {
                self.categories[key]: (score, self._rationale(spec, username, key, score))
                for key, score in zip(demo_organisation.CATEGORY_KEYS, values, strict=True)
                if score is not None
            }
            record_scores(assessment, scores, by=assessor, submit=not in_progress)

    @staticmethod
    def _rationale(spec, username, key, score):
        remark = spec.remarks.get(username, {}).get(key, "")
        return " ".join(filter(None, [demo_steps.VERDICTS[key][score - 1], spec.score_notes[key], remark]))

    @staticmethod
    def _with_scores(text, proposal):
        scores = summarise(proposal)
        return text.format(total=scores.total_display, threshold=scores.threshold_display)

    def _officer(self, proposal):
        body = proposal.owning_bodies().first()
        return self._secretary(body) if body else None

    def _secretary(self, body):
        membership = body.memberships.filter(role=MembershipRole.SECRETARY).select_related("user").first()
        if membership is None:
            raise CommandError(f"{body} has no secretary in the demo data.")
        return membership.user


class IcbSeeder(DemoSeeder):
    """`seed_demo --profile icb` (demo.icb): an Integrated Care Board of 2026 with its own bodies, routes
    and scheme of delegation, and proposals routed by it. Idempotent."""

    def __init__(self):
        super().__init__()
        self.people = {spec.username: spec for spec in demo_icb.USERS}
        self.organisation_specs = demo_icb.ORGANISATIONS

    def seed(self):
        self.places = {name: self._get_or_create("places", Place, name=name) for name in demo_icb.PLACES}
        self.bodies = {key: self._body(spec) for key, spec in demo_icb.BODIES.items()}
        self.body_specs = {self.bodies[key].pk: spec for key, spec in demo_icb.BODIES.items()}
        self.users = {spec.username: self._user(spec) for spec in demo_icb.USERS}
        for spec in demo_icb.MEMBERSHIPS:
            self._membership(spec)
        if Proposal.objects.filter(title__in=[spec.title for spec in demo_icb.PROPOSALS]).exists():
            self.scenario_skipped = True
            return
        for name, key in demo_icb.PLACE_COMMITTEES.items():
            Place.objects.filter(pk=self.places[name].pk).update(committee=self.bodies[key])
        for name, owners in demo_icb.ROUTES.items():
            if not Route.objects.filter(name=name).exists():
                Route.objects.build(name, {stage: self.bodies.get(key, key) for stage, key in owners.items()},
                                    is_default=name == demo_icb.DEFAULT_ROUTE)
                self.created["routes"] += 1
        DelegationRule.objects.all().delete()
        for order, (name, conditions, route, approvers) in enumerate(demo_icb.SCHEME):
            conditions = dict(conditions)
            if "place" in conditions:
                conditions["place"] = self.places[conditions["place"]]
            rule = DelegationRule.objects.create(order=order, name=name, route_name=route, **conditions)
            rule.formal_bodies.set(self.bodies[key] for key in approvers)
            self.created["delegation rules"] += 1
        self.categories = self._rubric_categories()
        self.meetings = {key: self._meeting(spec) for key, spec in demo_icb.MEETINGS.items()}
        self._meeting_keys = {meeting.pk: key for key, meeting in self.meetings.items()}
        for spec in demo_icb.PROPOSALS:
            self._proposal(spec)

    def records(self):
        pass  # the default profile shows minutes and actions

    def build_packs(self):
        """The packs of the ICB's coming meetings whose papers are issued."""
        upcoming = Meeting.objects.filter(status=MeetingStatus.PUBLISHED, starts_at__gt=timezone.now(),
                                          body__in=self.bodies.values())
        for meeting in upcoming.select_related("body"):
            for part in packs.parts_needed(meeting):
                packs.build(packs.request_build(meeting, part, by=self._secretary(meeting.body)))
                self.created["board packs"] += 1
