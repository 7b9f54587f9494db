from django.contrib import admin

from .models import Notification, NotificationSetting


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """What was sent to whom: read-only, for answering "did I get told?"."""

    list_display = ["user", "subject", "kind", "created_at", "sent_at", "in_digest"]
    list_filter = ["kind", "in_digest"]
    search_fields = ["user__username", "subject"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NotificationSetting)
class NotificationSettingAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency"]
    list_filter = ["frequency"]
