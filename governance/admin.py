from django import forms
from django.contrib import admin, messages

from ics_commissioning.admin import ReadOnlyAdmin
from proposals.admin import ReadOnlyInline

from .enums import CaseDocument
from .models import (
    AgendaItem,
    BoardAssuranceRisk,
    BoardPack,
    Body,
    CaseSection,
    ChairsAction,
    ConfigurationChange,
    Decision,
    Delegation,
    DelegationRule,
    GroupMembership,
    Meeting,
    MeetingEvent,
    Membership,
    MembershipChange,
    Organisation,
    PackDownload,
    Place,
    RegisteredInterest,
    Route,
    RouteGate,
    RouteStage,
    Vote,
)
from .models.sections import sections_problems


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["from_group"]


class GroupMembershipInline(admin.TabularInline):
    """Groups at the organisation's identity provider whose members hold a role here (checked at each sign-in)."""

    model = GroupMembership
    extra = 0


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "sponsors_proposals", "assesses_proposals", "makes_statutory_decisions",
                    "decides_by_vote", "is_active"]
    list_filter = ["sponsors_proposals", "assesses_proposals", "makes_statutory_decisions", "decides_by_vote",
                   "is_active"]
    search_fields = ["name", "short_name", "organisations__name"]
    inlines = [MembershipInline, GroupMembershipInline]
    filter_horizontal = ["organisations"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "organisations", "purpose", "meets_in_public", "public_enquiries",
                           "is_active"]}),
        ("What it may do on the route", {"fields": ["sponsors_proposals", "assesses_proposals",
                                                     "makes_statutory_decisions"]}),
        ("How it decides (its terms of reference)", {"fields": [
            "decides_by_vote", "quorum", "organisations_for_quorum", "votes_counted_by",
            ("majority_numerator", "majority_denominator"), "chair_has_casting_vote",
        ]}),
    ]


class DelegationInline(admin.TabularInline):
    model = Delegation
    extra = 0


@admin.register(MembershipChange)
class MembershipChangeAdmin(ReadOnlyAdmin):
    """Roles given and ended on the bodies' pages and by groups at sign-in: read only."""

    list_display = ["at", "body", "member", "role", "is_voting", "change", "by", "group"]
    list_filter = ["change", "role", "body"]
    search_fields = ["member__username", "member__last_name", "member__email", "group"]
    list_select_related = ["body", "member", "by"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "body", "role", "organisation", "is_voting", "from_group"]
    readonly_fields = ["from_group"]
    list_filter = ["role", "is_voting", "body"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "body__name", "organisation"]
    autocomplete_fields = ["user", "body"]
    list_select_related = ["user", "body"]
    inlines = [DelegationInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "ods_code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "ods_code"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "committee"]
    search_fields = ["name"]
    autocomplete_fields = ["committee"]


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["proposal"]
    raw_id_fields = ["follows"]
    filter_horizontal = ["baf_risks"]


@admin.register(BoardAssuranceRisk)
class BoardAssuranceRiskAdmin(admin.ModelAdmin):
    """The board assurance framework's principal risks, which papers' cover sheets link to. A risk is
    closed rather than deleted while papers link to it."""

    list_display = ["reference", "title", "owner", "is_open"]
    list_filter = ["is_open", "owner"]
    search_fields = ["reference", "title"]
    autocomplete_fields = ["owner"]
    list_select_related = ["owner"]

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or not obj.items.exists())


class MeetingEventInline(ReadOnlyInline):
    model = MeetingEvent
    readonly_fields = ["created_at", "from_status", "to_status", "actor", "comment"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["body", "starts_at", "status", "location"]
    list_filter = ["status", "body"]
    date_hierarchy = "starts_at"
    list_select_related = ["body"]
    # The life cycle moves only through the meeting's pages, which check each move and audit it.
    readonly_fields = ["status", "postponed_to"]
    inlines = [AgendaItemInline, MeetingEventInline]


@admin.register(RegisteredInterest)
class RegisteredInterestAdmin(admin.ModelAdmin):
    list_display = ["user", "body", "declared_from", "declared_to"]
    list_filter = ["body"]
    search_fields = ["user__username", "user__last_name", "interest"]
    autocomplete_fields = ["user"]


class VoteInline(ReadOnlyInline):
    model = Vote
    readonly_fields = ["voter", "choice"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    """Decisions moved proposals on: readable here, recorded only through the meeting pages."""

    list_display = ["item", "outcome", "recorded_by", "recorded_at"]
    list_filter = ["outcome"]
    list_select_related = ["item", "recorded_by"]
    readonly_fields = ["item", "outcome", "method", "minute", "recorded_by", "recorded_at", "votes_for",
                       "votes_against", "abstentions", "counted_by_organisation", "casting_vote"]
    inlines = [VoteInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ChairsAction)
class ChairsActionAdmin(admin.ModelAdmin):
    """Chair's actions: readable here, taken and ratified only through the pages."""

    list_display = ["item", "chair", "concurring_member", "taken_at", "ratified_at"]
    list_select_related = ["item", "chair", "concurring_member"]
    readonly_fields = [f.name for f in ChairsAction._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PackDownloadInline(ReadOnlyInline):
    model = PackDownload
    readonly_fields = ["user", "downloaded_at"]


@admin.register(BoardPack)
class BoardPackAdmin(admin.ModelAdmin):
    """Pack builds, for operators: what was built when, how, and why one failed. Built only by the worker."""

    list_display = ["meeting", "part", "version", "status", "page_count", "built_at", "build_mode"]
    list_filter = ["status", "part"]
    list_select_related = ["meeting__body"]
    readonly_fields = [f.name for f in BoardPack._meta.fields]
    inlines = [PackDownloadInline]

    @admin.display(description="Build")
    def build_mode(self, pack):
        return pack.layout.get("mode", "")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RouteStageFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        stages = [form.instance for form in self.forms
                  if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        problems = self.instance.problems(stages)
        if problems:
            raise forms.ValidationError(problems)


class RouteStageInline(admin.TabularInline):
    model = RouteStage
    formset = RouteStageFormSet
    extra = 4
    max_num = 4


class RouteGateInline(admin.TabularInline):
    """The statutory-duty gates the route needs before its proposals are tabled (governance.duty_gates)."""

    model = RouteGate
    extra = 0
    autocomplete_fields = ["signing_body"]


class CaseSectionFormSet(forms.BaseInlineFormSet):
    """Each document's sections checked whole, as the configuration file's are (sections_problems)."""

    def clean(self):
        super().clean()
        kept = [form.instance for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        problems = [problem for document in CaseDocument.values
                    if (rows := [s for s in kept if s.document == document])
                    for problem in sections_problems(document, rows)]
        if problems:
            raise forms.ValidationError(problems)


class CaseSectionInline(admin.TabularInline):
    """The route's own sections of the outline and the full case; none: the standard ones."""

    model = CaseSection
    formset = CaseSectionFormSet
    extra = 0


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin):
    """Routes are set up here, checked whole. A version that proposals are on is read-only: a change is
    a new version (the admin's "Save as new"), so proposals in flight keep theirs. Django's admin log
    keeps who changed what."""

    list_display = ["name", "version", "is_default", "created_at"]
    inlines = [RouteStageInline, RouteGateInline, CaseSectionInline]
    save_as = True

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.proposals.exists():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.proposals.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(DelegationRule)
class DelegationRuleAdmin(admin.ModelAdmin):
    """The scheme of delegation, a rule at a time, read in order. After each change the scheme as a whole
    is checked, and what would leave a proposal without a route is shown: submission refuses such a
    proposal until it is put right."""

    list_display = ["order", "name", "route_name", "places", "min_annual_value", "max_annual_value"]
    list_display_links = ["name"]
    filter_horizontal = ["formal_bodies"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._warn(request)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._warn(request)

    def _warn(self, request):
        for problem in DelegationRule.objects.problems():
            self.message_user(request, problem, level=messages.WARNING)


@admin.register(ConfigurationChange)
class ConfigurationChangeAdmin(ReadOnlyAdmin):
    """Each import of the governance configuration (manage.py governance import), kept as it was."""

    list_display = ["made_at", "made_by", "summary"]
    readonly_fields = ["made_at", "made_by", "summary", "file"]

