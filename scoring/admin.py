from django.contrib import admin, messages

from . import services
from .models import Assessment, CategoryScore, RubricCategory, RubricLevel, RubricVersion


class RubricCategoryInline(admin.TabularInline):
    model = RubricCategory
    extra = 0
    show_change_link = True


@admin.register(RubricVersion)
class RubricVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "threshold", "is_active", "created_at"]
    # Activation goes through the action, which keeps exactly one version active.
    readonly_fields = ["is_active"]
    inlines = [RubricCategoryInline]
    actions = ["copy_as_new_version", "make_active"]

    @admin.action(description="Copy as a new (inactive) version to revise")
    def copy_as_new_version(self, request, queryset):
        for rubric in queryset:
            copy = services.copy_rubric(rubric)
            self.message_user(request, f"Version {copy.number} created from version {rubric.number}.", messages.SUCCESS)

    @admin.action(description="Make the selected version the active one")
    def make_active(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one version to make active.", messages.ERROR)
            return
        rubric = queryset.get()
        services.activate_rubric(rubric)
        self.message_user(request, f"Version {rubric.number} is now used for new assessments.", messages.SUCCESS)


class RubricLevelInline(admin.TabularInline):
    model = RubricLevel
    extra = 0


@admin.register(RubricCategory)
class RubricCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "rubric", "order", "weight"]
    list_filter = ["rubric"]
    inlines = [RubricLevelInline]


class CategoryScoreInline(admin.TabularInline):
    model = CategoryScore
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["proposal", "assessor", "rubric", "status", "submitted_at"]
    list_filter = ["status", "rubric"]
    search_fields = ["proposal__reference", "proposal__title", "assessor__username"]
    list_select_related = ["proposal", "assessor", "rubric"]
    autocomplete_fields = ["proposal", "assessor"]
    inlines = [CategoryScoreInline]
