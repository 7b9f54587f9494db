from django.contrib import admin

from ics_commissioning.admin import ReadOnlyAdmin

from .models import Provider, ProviderSelection, SelectionEvent


class ProviderInline(admin.TabularInline):
    model = Provider
    extra = 0
    can_delete = False
    readonly_fields = ["name", "address", "is_existing", "is_recommended"]


@admin.register(ProviderSelection)
class ProviderSelectionAdmin(ReadOnlyAdmin):
    """The record is made through the site's pages, where the regime's rules are checked: read-only here."""

    list_display = ["proposal", "contract_title", "process", "status", "decided_on", "awarded_on"]
    list_filter = ["status", "process"]
    search_fields = ["proposal__reference", "contract_title"]
    inlines = [ProviderInline]


@admin.register(SelectionEvent)
class SelectionEventAdmin(ReadOnlyAdmin):
    list_display = ["selection", "kind", "actor", "created_at"]
    list_filter = ["kind"]
