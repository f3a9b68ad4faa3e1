from django.contrib import admin

from komplan.meetings.models import (
    ActionItem,
    AgendaItem,
    Approval,
    Attachment,
    Decision,
    Forum,
    ForumMember,
    Meeting,
    MinutesVersion,
    Participant,
)


class ForumMemberInline(admin.TabularInline):
    model = ForumMember
    extra = 0


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "kind", "language"]
    list_filter = ["kind", "language", "organization"]
    search_fields = ["name"]
    inlines = [ForumMemberInline]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    fields = ["name", "organization", "role", "attendance", "email", "adjuster"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["kind", "description", "responsible", "duration"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "forum", "date", "minutes_version", "minutes_status"]
    list_filter = ["minutes_status", "forum__organization"]
    list_select_related = ["forum"]
    date_hierarchy = "date"
    inlines = [ParticipantInline, AgendaItemInline]


@admin.register(Decision, ActionItem)
class MeetingRecordAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting"]
    list_filter = ["meeting__forum__organization"]
    list_select_related = ["meeting__forum"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "meeting", "kind", "size", "uploaded_at"]
    list_select_related = ["meeting__forum"]


class ApprovalInline(admin.TabularInline):
    model = Approval
    extra = 0
    readonly_fields = ["name", "user", "participant", "approved_at"]


@admin.register(MinutesVersion)
class MinutesVersionAdmin(admin.ModelAdmin):
    list_display = ["meeting", "number", "status", "justered_at"]
    list_filter = ["status"]
    list_select_related = ["meeting__forum"]
    readonly_fields = ["snapshot"]
    inlines = [ApprovalInline]
