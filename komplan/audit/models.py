"""One row per recorded change: who changed which object of a plan, when, and each field's
value before and after, as people read it. Nothing here points at the changed object with a
foreign key, so the trail of a deleted entry (or a deleted plan) stays readable."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    MOVE = "move", _("Moved")


class AuditEvent(models.Model):
    """What one object of a plan went through in one transaction.

    `changes` is a list of {"field", "label", "old", "new"}: the field's name (its label is
    read from the model when shown, so it follows the reader's language; `label` is the one
    in force when recorded, kept for fields that no longer exist) and the values as people
    read them. Choice fields also keep their stored codes as "old_value"/"new_value", so that
    their labels too can be shown in the reader's language."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+"
    )
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    plan_name = models.CharField(max_length=300, blank=True)
    register = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=300, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    changes = models.JSONField(default=list, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user_name = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # Where an object outside the plan's registers belongs, for its app's history pages: a
    # forum's things "forum:3", a meeting's "forum:3/meeting:12" (`recording.Tracked`).
    scope = models.CharField(max_length=100, blank=True, default="", db_default="")

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["plan", "at"], name="audit_plan_at"),
            models.Index(fields=["plan", "register", "object_id"], name="audit_plan_object"),
            models.Index(fields=["organization", "scope", "at"], name="audit_scope_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.register} {self.object_id}: {self.object_repr}"

    def field_changes(self) -> list[dict[str, Any]]:
        """The changes with each field's label in the active language (see `display`)."""
        from komplan.audit.display import field_changes

        return field_changes(self)
