from django.contrib import admin

from .models import Assessment, CategoryScore, RubricCategory, RubricLevel, RubricVersion


class RubricCategoryInline(admin.TabularInline):
    model = RubricCategory
    extra = 0
    show_change_link = True


@admin.register(RubricVersion)
class RubricVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "threshold", "is_active", "created_at"]
    inlines = [RubricCategoryInline]


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
