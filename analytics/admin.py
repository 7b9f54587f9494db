from django.contrib import admin

from ics_commissioning.admin import ReadOnlyAdmin

from .models import StageStay


@admin.register(StageStay)
class StageStayAdmin(ReadOnlyAdmin):
    """Derived from the audit trail: read only (`manage.py pipeline_figures` works them out again)."""

    list_display = ["proposal", "body", "state", "entered_at", "left_at", "left_to", "days"]
    list_filter = ["state", "body"]
    list_select_related = ["proposal", "body"]

