from django.contrib import admin

from ics_commissioning.admin import ReadOnlyAdmin

from .models import Attachment, FinanceLine, FormalApproval, Proposal, ProposalEvent, Risk, TriageAnswer


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TriageAnswerInline(admin.TabularInline):
    model = TriageAnswer
    extra = 0


class FinanceLineInline(admin.TabularInline):
    model = FinanceLine
    extra = 0


class RiskInline(admin.StackedInline):
    model = Risk
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]


class FormalApprovalInline(admin.TabularInline):
    model = FormalApproval
    extra = 0
    # Decisions move the proposal on, so they are recorded through the secretary's pages.
    readonly_fields = ["decision", "decided_at", "decided_by", "meeting", "minute"]


class ProposalEventInline(ReadOnlyInline):
    model = ProposalEvent
    fields = ["created_at", "kind", "from_state", "to_state", "actor", "body", "meeting", "comment"]
    readonly_fields = fields


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "state", "lead_author", "sponsoring_workstream", "service_area", "updated_at"]
    list_filter = ["state", "service_area", "sponsoring_workstream"]
    search_fields = ["reference", "title"]
    list_select_related = ["lead_author", "sponsoring_workstream"]
    autocomplete_fields = ["lead_author", "co_authors"]
    filter_horizontal = ["places"]
    # The state only changes through the life cycle's services, with their guards and audit.
    readonly_fields = ["reference", "state", "state_changed_at", "submitted_at", "created_at", "updated_at"]
    inlines = [TriageAnswerInline, FinanceLineInline, RiskInline, AttachmentInline,
               FormalApprovalInline, ProposalEventInline]

    def has_delete_permission(self, request, obj=None):
        return False  # a proposal is withdrawn, never deleted: its audit trail must survive


@admin.register(ProposalEvent)
class ProposalEventAdmin(ReadOnlyAdmin):
    """The audit trail: readable by administrators, never editable or deletable."""

    list_display = ["created_at", "proposal", "kind", "from_state", "to_state", "actor", "body"]
    list_filter = ["kind", "to_state"]
    search_fields = ["proposal__reference", "comment"]
    list_select_related = ["proposal", "actor", "body"]

