from django.contrib import admin

from ics_commissioning.admin import ReadOnlyAdmin

from .models import OrganisationAccount, SignInEvent


@admin.register(SignInEvent)
class SignInEventAdmin(ReadOnlyAdmin):
    """The record of signing in and out: read only."""

    list_display = ["at", "kind", "method", "username", "user", "address", "reason"]
    list_filter = ["kind", "method"]
    search_fields = ["username", "user__username", "user__email", "address"]
    date_hierarchy = "at"
    list_select_related = ["user"]


@admin.register(OrganisationAccount)
class OrganisationAccountAdmin(admin.ModelAdmin):
    """Links to the organisation's accounts: deleting one makes that person's next sign-in link afresh."""

    list_display = ["user", "issuer", "subject", "linked_by_email", "linked_at", "last_signed_in_at"]
    search_fields = ["user__username", "user__email", "subject"]
    list_select_related = ["user"]
    readonly_fields = ["issuer", "subject", "linked_at", "linked_by_email", "last_signed_in_at"]
    autocomplete_fields = ["user"]

    def has_add_permission(self, request):
        return False
