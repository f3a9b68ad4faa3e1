from django.contrib import admin

from komplan.plans.models import Activity, Channel, Goal, Message, Plan, PriorityTier, TargetGroup


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "diary_number", "status", "version", "updated_at"]
    list_filter = ["status", "language", "organization"]
    search_fields = ["name", "diary_number"]


@admin.register(PriorityTier, TargetGroup, Message, Channel, Goal, Activity)
class RegisterEntryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "position"]
    list_filter = ["plan__organization"]
    list_select_related = ["plan"]
