from django.contrib import admin

from .models import PublicQuestion


@admin.register(PublicQuestion)
class PublicQuestionAdmin(admin.ModelAdmin):
    list_display = ["meeting", "name", "status", "asked_at"]
    list_filter = ["status"]
    search_fields = ["name", "question"]
    raw_id_fields = ["meeting", "item", "moderated_by"]
    readonly_fields = ["asked_at", "moderated_by", "moderated_at"]
