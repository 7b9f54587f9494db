"""What the API says about proposals, meetings and bodies: plain values analysts can load."""

from datetime import datetime

from django.urls import reverse
from rest_framework import serializers

from governance.confidential import WITHHELD
from governance.enums import SectionKind
from proposals import business_case, versions
from proposals.enums import ProposalState
from proposals.rules import is_proposal_author


class BodySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    organisations = serializers.SerializerMethodField()
    default_route_stages = serializers.SerializerMethodField()
    purpose = serializers.CharField()
    meets_in_public = serializers.BooleanField()
    may_sponsor = serializers.BooleanField(source="sponsors_proposals")
    may_assess = serializers.BooleanField(source="assesses_proposals")
    may_formally_approve = serializers.BooleanField(source="makes_statutory_decisions")

    def get_default_route_stages(self, body) -> list[str]:
        """The stages it owns on the default route, by their names there (prefetched by the views)."""
        return [stage.name for stage in body.default_route_stages]

    def get_organisations(self, body) -> list[dict]:
        """Whose body it is (prefetched by the views: body__organisations)."""
        return [{"name": o.name, "ods_code": o.ods_code, "kind": o.kind} for o in body.organisations.all()]


class ProposalSerializer(serializers.Serializer):
    """A proposal in a list. Scores are given to those who may see every proposal's scores
    (committee officers and admins); others find their own proposals' scores in the detail."""

    reference = serializers.CharField()
    title = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    stage = serializers.SerializerMethodField()
    lead = serializers.SerializerMethodField()
    workstream = serializers.CharField(source="sponsoring_workstream.name", default=None)
    service_area = serializers.CharField(source="get_service_area_display")
    places = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField()
    decided_at = serializers.SerializerMethodField()
    days_in_stage = serializers.SerializerMethodField()
    total_score = serializers.SerializerMethodField()
    eligible = serializers.SerializerMethodField()
    category_means = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    def get_stage(self, proposal) -> str | None:
        stage = ProposalState(proposal.state).stage
        return str(stage.label) if stage else None

    def get_lead(self, proposal) -> str:
        return proposal.lead_author.get_full_name() or proposal.lead_author.username

    def get_places(self, proposal) -> list[str]:
        return [place.name for place in proposal.places.all()]

    def get_decided_at(self, proposal) -> datetime | None:
        return proposal.state_changed_at if proposal.state in ProposalState.CLOSED else None

    def get_days_in_stage(self, proposal) -> int:
        return proposal.days_in_stage

    def _summary(self, proposal):
        return self.context.get("summaries", {}).get(proposal.pk)

    def get_total_score(self, proposal) -> str | None:
        summary = self._summary(proposal)
        return summary.total_display if summary and summary.assigned_count and summary.total is not None else None

    def get_eligible(self, proposal) -> bool | None:
        summary = self._summary(proposal)
        return summary.eligible if summary and summary.assigned_count else None

    def get_category_means(self, proposal) -> dict[str, str] | None:
        summary = self._summary(proposal)
        if not summary or not summary.assigned_count:
            return None
        return {str(row.category.name): row.mean_display for row in summary.categories}

    def get_url(self, proposal) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("api:proposal-detail", kwargs={"reference": proposal.reference})
        )


class ProposalDetailSerializer(ProposalSerializer):
    sections = serializers.SerializerMethodField()
    triage = serializers.SerializerMethodField()
    assessments = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()

    def get_sections(self, proposal) -> dict[str, str]:
        """The written sections of the document the proposal is at (the outline, or the full case)."""
        request = self.context.get("request")
        if proposal.is_editable and not (request and is_proposal_author(request.user, proposal)):
            # A draft of a new version stays with its authors: others read the version last submitted.
            latest = versions.latest_version(proposal)
            return {s["key"]: s["text"] for s in latest.content["sections"]} if latest else {}
        words = business_case.words(proposal, proposal.document)
        return {s.key: words.get(s.key, "") for s in business_case.sections(proposal)
                if s.kind in (SectionKind.TEXT, SectionKind.FINANCE, SectionKind.PROCUREMENT)}

    def get_triage(self, proposal) -> list[dict]:
        return [{"question": a.wording, "answer": a.answer} for a in proposal.triage_answers.all()]

    def get_assessments(self, proposal) -> list[dict]:
        return self.context.get("assessments", [])

    def get_decisions(self, proposal) -> list[dict]:
        return [
            {"meeting": d.item.meeting_id, "body": d.item.meeting.body.name, "date": d.item.meeting.starts_at,
             "outcome": d.outcome, "outcome_label": d.get_outcome_display(), "minute": d.minute}
            for d in self.context.get("decisions", [])
        ]

    def get_timeline(self, proposal) -> list[dict]:
        withheld = self.context.get("withheld", set())
        return [
            {"at": e.created_at, "kind": e.kind, "from_state": e.from_state, "to_state": e.to_state,
             "body": e.body.name if e.body else None,
             "comment": WITHHELD if e.pk in withheld else e.comment, "confidential": e.pk in withheld}
            for e in proposal.events.all()
        ]


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    body = BodySerializer()
    starts_at = serializers.DateTimeField()
    status = serializers.CharField()
    location = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, meeting) -> str:
        return self.context["request"].build_absolute_uri(reverse("api:meeting-detail", kwargs={"pk": meeting.pk}))


class MeetingDetailSerializer(MeetingSerializer):
    items = serializers.SerializerMethodField()
    packs = serializers.SerializerMethodField()

    def get_items(self, meeting) -> list[dict]:
        items = []
        for item in meeting.visible_items:
            decision = getattr(item, "decision", None)
            items.append({
                "title": item.title, "part": item.part, "purpose": item.purpose,
                "asks": [ask.value for ask in item.asked],  # what its cover sheet asks the body to do
                "proposal": item.proposal.reference if item.proposal_id else None,
                "decision": {"outcome": decision.outcome, "outcome_label": decision.get_outcome_display(),
                             "minute": decision.minute} if decision else None,
            })
        return items

    def get_packs(self, meeting) -> list[dict]:
        request = self.context["request"]
        return [
            {"part": pack.part, "version": pack.version, "built_at": pack.built_at, "pages": pack.page_count,
             "download": request.build_absolute_uri(
                 reverse("governance:pack_download", kwargs={"pk": meeting.pk, "part": pack.part}))
             if pack.is_latest else None}
            for pack in meeting.visible_packs
        ]
