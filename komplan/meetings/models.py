"""Forums (a steering group, a network, a management team) and their meetings: participants,
the typed agenda, the minutes with their decisions and action items, and justering.

Minutes go through versions: the note-taker submits a version, the appointed adjusters
(*justerare*) approve it, and the justered version is frozen as a snapshot that stays
readable when a later correction opens version n + 1. `Meeting.minutes_version` and
`Meeting.minutes_status` mirror the latest `MinutesVersion` so that every edit view can
refuse a locked meeting without a query; `komplan.meetings.services` is their one writer.
"""

from __future__ import annotations

import secrets
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from komplan.core.languages import LANGUAGE_CHOICES
from komplan.core.models import Locked
from komplan.core.ordering import Positioned, unique_positions


class ForumKind(models.TextChoices):
    STEERING_GROUP = "steering_group", _("Steering group")
    NETWORK = "network", _("Network")
    MANAGEMENT_TEAM = "management_team", _("Management team")
    OTHER = "other", _("Other forum")


class MeetingRole(models.TextChoices):
    NONE = "", _("No particular role")
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    PROCESS_LEADER = "process_leader", _("Process leader")
    SECRETARY = "secretary", _("Secretary")


class Attendance(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent (sent apologies)")
    GUEST = "guest", _("Guest")


class ItemKind(models.TextChoices):
    # The letters are the ones the minutes print: [I], [D], [B], [A].
    INFORMATION = "I", _("I – information")
    DISCUSSION = "D", _("D – discussion")
    DECISION = "B", _("B – decision")
    WORK = "A", _("A – work item")
    BREAK = "break", _("Break")


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Being written")
    SUBMITTED = "submitted", _("Submitted for minutes approval")
    JUSTERED = "justered", _("Approved by the adjusters")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Forum(Locked):
    """A body that meets: a steering group, a network, a management team."""

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="forums",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ForumKind.choices, default=ForumKind.STEERING_GROUP
    )
    language = models.CharField(
        _("language of the minutes"),
        max_length=2,
        choices=LANGUAGE_CHOICES,
        default="sv",
        help_text=_("Notices and minutes are written with this language's headings."),
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    def __str__(self) -> str:
        return self.name


class ForumMember(Locked):
    """A standing member of a forum; meetings copy their members into participants."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=200)
    organization = models.CharField(_("municipality/organisation"), max_length=200, blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=MeetingRole.choices, blank=True, default=""
    )
    email = models.EmailField(_("email"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_memberships",
        verbose_name=_("user account"),
        help_text=_("Needed to approve minutes in komplan."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("forum member")
        verbose_name_plural = _("forum members")

    def __str__(self) -> str:
        return self.name


class Meeting(Locked):
    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("forum")
    )
    title = models.CharField(
        _("title"), max_length=300, blank=True, help_text=_("Empty: the forum's name.")
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    plans = models.ManyToManyField(
        "plans.Plan",
        blank=True,
        related_name="meetings",
        verbose_name=_("communication plans"),
        help_text=_("The plans this meeting discusses or decides on."),
    )
    note_taker = models.ForeignKey(
        "Participant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("note-taker"),
    )
    minutes_version = models.PositiveIntegerField(default=1, editable=False)
    minutes_status = models.CharField(
        max_length=10,
        choices=MinutesStatus.choices,
        default=MinutesStatus.DRAFT,
        editable=False,
    )
    notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-start_time"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["forum", "date"], name="meeting_forum_date")]

    def __str__(self) -> str:
        return f"{self.display_title} {self.date:%Y-%m-%d}"

    @property
    def display_title(self) -> str:
        return self.title or self.forum.name

    @property
    def minutes_open(self) -> bool:
        """True while the minutes may be written; submitted or justered minutes are locked."""
        return self.minutes_status == MinutesStatus.DRAFT


class Participant(Locked):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    member = models.ForeignKey(
        ForumMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    organization = models.CharField(_("municipality/organisation"), max_length=200, blank=True)
    role = models.CharField(
        _("role in the meeting"),
        max_length=20,
        choices=MeetingRole.choices,
        blank=True,
        default="",
    )
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.PRESENT
    )
    email = models.EmailField(_("email"), blank=True, help_text=_("Where the notice is sent."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_participations",
        verbose_name=_("user account"),
    )
    adjuster = models.BooleanField(
        _("adjuster: approves the minutes"),
        default=False,
        help_text=_("Needs a user account: the adjuster approves the minutes in komplan."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                condition=models.Q(member__isnull=False),
                name="member_participates_once",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def notice_address(self) -> str:
        return self.email or (self.user.email if self.user_id and self.user else "")


class AgendaItem(Locked, Positioned):
    """One point of the agenda; its notes are the minutes of that point. Breaks have no
    number: the numbers and the approximate start times are computed (see `agenda.py`)."""

    order_parent = "meeting"
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(
        _("type"), max_length=5, choices=ItemKind.choices, default=ItemKind.INFORMATION
    )
    description = models.CharField(_("description"), max_length=500)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    duration = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=15, help_text=_("How long the item is planned to take.")
    )
    notes = models.TextField(_("notes"), blank=True)
    # The item a new meeting starts with: its page lists the previous meeting's open actions.
    reviews_previous = models.BooleanField(default=False, editable=False)

    class Meta(Positioned.Meta):
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        indexes = [models.Index(fields=["meeting", "position"], name="agendaitem_meeting_pos")]
        constraints = [unique_positions("meeting")]

    def __str__(self) -> str:
        return self.description

    @property
    def is_break(self) -> bool:
        return self.kind == ItemKind.BREAK


class Decision(Locked):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    text = models.TextField(_("decision"))
    plan = models.ForeignKey(
        "plans.Plan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_decisions",
        verbose_name=_("approves the plan"),
    )
    plan_version = models.CharField(
        _("plan version"),
        max_length=20,
        blank=True,
        help_text=_("Empty: the plan's current version."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:80]


class ActionItem(Locked):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("agenda item"),
    )
    text = models.CharField(_("action"), max_length=500)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    activity = models.ForeignKey(
        "plans.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_actions",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.text[:80]


def attachment_path(instance: Attachment, filename: str) -> str:
    """A random stored name: the uploaded name is only ever shown, never used as a path."""
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"meetings/{secrets.token_hex(16)}{suffix}"


class Attachment(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=10)  # one of uploads.KINDS: what the content is
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


@receiver(post_delete, sender=Attachment)
def _delete_attachment_file(sender: type[Attachment], instance: Attachment, **kwargs: Any) -> None:
    # Also when a meeting, forum or organisation is deleted with its attachments; only once
    # the deletion is committed, so that a rolled-back delete keeps its file.
    if instance.file.name:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))


class MinutesVersion(models.Model):
    """One version of a meeting's minutes; a justered one keeps its content as a snapshot."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    reason = models.TextField(_("what is corrected"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    justered_at = models.DateTimeField(null=True, blank=True)
    # The minutes as `services.minutes_data` read them when justered: what the version says.
    snapshot = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("minutes version")
        verbose_name_plural = _("minutes versions")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="one_minutes_version")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.number}"


class Approval(models.Model):
    """An adjuster's approval of one version of the minutes, with name and time."""

    version = models.ForeignKey(MinutesVersion, on_delete=models.CASCADE, related_name="approvals")
    participant = models.ForeignKey(
        Participant, null=True, on_delete=models.SET_NULL, related_name="approvals"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=200)
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["approved_at", "pk"]
        verbose_name = _("approval of minutes")
        verbose_name_plural = _("approvals of minutes")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "participant"], name="one_approval_per_adjuster"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.approved_at:%Y-%m-%d %H:%M}"
