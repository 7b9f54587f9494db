from django.contrib import admin

from proposals.admin import ReadOnlyInline

from . import services
from .models import (
    AgendaItem,
    BoardPack,
    Body,
    Decision,
    Meeting,
    Membership,
    PackDownload,
    Place,
    RegisteredInterest,
    Vote,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "stage_label", "decides_by_vote", "is_active"]
    list_filter = ["kind", "decides_by_vote", "is_active"]
    search_fields = ["name", "short_name", "organisation"]
    inlines = [MembershipInline]

    @admin.display(description="stage")
    def stage_label(self, body):
        return body.stage.label


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "body", "role", "organisation", "is_voting"]
    list_filter = ["role", "is_voting", "body"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "body__name", "organisation"]
    autocomplete_fields = ["user", "body"]
    list_select_related = ["user", "body"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["proposal"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["body", "starts_at", "status", "location"]
    list_filter = ["status", "body"]
    date_hierarchy = "starts_at"
    list_select_related = ["body"]
    inlines = [AgendaItemInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.papers_changed(form.instance)  # a published meeting's packs are rebuilt, as from its pages


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
    readonly_fields = ["item", "outcome", "minute", "recorded_by", "recorded_at"]
    inlines = [VoteInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
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
