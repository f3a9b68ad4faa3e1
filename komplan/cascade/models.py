"""A plan's dissemination cascade: its steps (a forum, a target group or a channel, how each
is reached and who passes it on), the material that goes down it once approved, and each
material's dispatch to each step (its day, state and any override).

The days come from `komplan.cascade.scheduling`; `komplan.cascade.services` is the one
writer of approvals, releases, dispatches and overrides.
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

from komplan.core.models import Locked
from komplan.core.ordering import Positioned, unique_positions


class How(models.TextChoices):
    MEETING = "meeting", _("At its next meeting")
    WRITTEN = "written", _("Written briefing")
    INTRANET = "intranet", _("Intranet news")
    POST = "post", _("Post")


class DispatchState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SENT = "sent", _("Sent")
    CONFIRMED = "confirmed", _("Confirmed")


class ApprovalKind(models.TextChoices):
    DECISION = "decision", _("Decision in a meeting")
    CHAIR = "chair", _("The chair on the body's behalf")


class CascadeSettings(Locked):
    """Who approves the plan's material, and whether material must be approved at all."""

    plan = models.OneToOneField(
        "plans.Plan", on_delete=models.CASCADE, related_name="cascade_settings"
    )
    approving_forum = models.ForeignKey(
        "meetings.Forum",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approving body"),
        help_text=_("The forum that approves material before it goes out."),
    )
    approval_required = models.BooleanField(
        _("material must be approved before it is released"), default=True
    )

    class Meta:
        verbose_name = _("cascade settings")
        verbose_name_plural = _("cascade settings")

    def __str__(self) -> str:
        return str(self.plan_id)


class Step(Locked, Positioned):
    """One step of the cascade: whom it reaches (a forum, a target group or a channel), how,
    after which step, and whether the step above passes it on."""

    order_parent = "plan"
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="cascade_steps")
    after = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("after step"),
        help_text=_(
            "Empty: reached straight from the release. Steps after the same step run in parallel."
        ),
    )
    forum = models.ForeignKey(
        "meetings.Forum",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cascade_steps",
        verbose_name=_("forum"),
    )
    group = models.ForeignKey(
        "plans.TargetGroup",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cascade_steps",
        verbose_name=_("target group"),
    )
    channel = models.ForeignKey(
        "plans.Channel",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cascade_steps",
        verbose_name=_("channel"),
    )
    how = models.CharField(_("how it is reached"), max_length=10, choices=How.choices)
    lead_days = models.PositiveSmallIntegerField(
        _("lead time (days)"),
        default=0,
        help_text=_("Days after the release, or after the step above when it passes it on."),
    )
    delegated = models.BooleanField(
        _("the step above passes it on"),
        default=False,
        help_text=_("E.g. the main committee informs its local committees."),
    )
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    from_phase = models.PositiveSmallIntegerField(
        _("from phase"), null=True, blank=True, help_text=_("Empty: every phase.")
    )
    from_date = models.DateField(
        _("from date"), null=True, blank=True, help_text=_("Empty: from the start.")
    )

    class Meta(Positioned.Meta):
        verbose_name = _("cascade step")
        verbose_name_plural = _("cascade steps")
        constraints = [
            unique_positions("plan"),
            models.CheckConstraint(
                condition=(
                    models.Q(forum__isnull=False, group__isnull=True, channel__isnull=True)
                    | models.Q(forum__isnull=True, group__isnull=False, channel__isnull=True)
                    | models.Q(forum__isnull=True, group__isnull=True, channel__isnull=False)
                ),
                name="step_reaches_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return self.target_name

    @property
    def target(self) -> Any:
        return self.forum or self.group or self.channel

    @property
    def target_name(self) -> str:
        target = self.target
        return str(target) if target is not None else ""

    @property
    def target_kind(self) -> Any:
        if self.forum_id:
            return _("Forum")
        if self.group_id:
            return _("Target group")
        return _("Channel")


class Material(Locked):
    """A piece of material (a status update, news, a decision to communicate): written once,
    approved by the approving body, then released down the cascade."""

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="cascade_materials"
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    phase = models.PositiveSmallIntegerField(
        _("phase"), default=1, help_text=_("Steps used only from a later phase are skipped.")
    )
    messages = models.ManyToManyField(
        "plans.Message",
        blank=True,
        related_name="cascade_materials",
        verbose_name=_("messages it carries"),
    )
    approval_kind = models.CharField(
        _("approved through"), max_length=10, choices=ApprovalKind.choices, blank=True
    )
    approved_by_name = models.CharField(_("approved by"), max_length=200, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.ForeignKey(
        "meetings.Decision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cascade_materials",
        verbose_name=_("decision"),
    )
    released_on = models.DateField(_("released on"), null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    activity = models.ForeignKey(
        "plans.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cascade_materials",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("material")
        verbose_name_plural = _("material")

    def __str__(self) -> str:
        return self.title

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def is_released(self) -> bool:
        return self.released_on is not None

    @property
    def status(self) -> Any:
        return material_status(released=self.is_released, approved=self.is_approved)


def material_status(*, released: bool, approved: bool) -> Any:
    """A piece of material's state in words."""
    if released:
        return _("Released")
    if approved:
        return _("Approved, not released")
    return _("Waiting for approval")


def attachment_path(instance: Any, filename: str) -> str:
    """A random stored name: the uploaded name is only ever shown, never used as a path."""
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"cascade/{secrets.token_hex(16)}{suffix}"


class MaterialAttachment(models.Model):
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=10)  # one of meetings.uploads.KINDS
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


@receiver(post_delete, sender=MaterialAttachment)
def _delete_file(sender: Any, instance: MaterialAttachment, **kwargs: Any) -> None:
    # Only once the deletion is committed: a rolled-back delete keeps its file.
    if instance.file.name:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))


class Dispatch(Locked):
    """One material at one step: its day, its state and, for a meeting step, the meeting and
    the information item on its agenda."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="dispatches")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="dispatches")
    day = models.DateField(_("date"), null=True, blank=True)
    reason = models.CharField(max_length=12)  # scheduling.Dated.reason
    state = models.CharField(
        _("state"), max_length=10, choices=DispatchState.choices, default=DispatchState.PLANNED
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cascade_dispatches",
    )
    marked_at = models.DateTimeField(null=True, blank=True)
    marked_by = models.CharField(max_length=200, blank=True)
    override_by = models.CharField(_("overridden by"), max_length=200, blank=True)
    override_reason = models.TextField(_("why"), blank=True)
    override_day = models.DateField(null=True, blank=True)
    override_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        constraints = [
            models.UniqueConstraint(fields=["material", "step"], name="one_dispatch_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.material_id}/{self.step_id}"
