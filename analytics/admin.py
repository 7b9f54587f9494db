from django.contrib import admin

from .models import StageStay


@admin.register(StageStay)
class StageStayAdmin(admin.ModelAdmin):
    """Derived from the audit trail: read only (`manage.py pipeline_figures` works them out again)."""

    list_display = ["proposal", "body", "state", "entered_at", "left_at", "left_to", "days"]
    list_filter = ["state", "body"]
    list_select_related = ["proposal", "body"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
