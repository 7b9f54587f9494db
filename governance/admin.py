from django.contrib import admin

from .models import AgendaItem, Body, Meeting, Membership, Place


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
