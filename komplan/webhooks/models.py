"""An organisation's webhooks, what was sent to them and what their receivers answered."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    PLAN_APPROVED = "plan.approved", _("Plan approved")
    PLAN_PUBLISHED = "plan.published", _("Plan published")
    ACTIVITY_STATUS_CHANGED = "activity.status_changed", _("Activity status changed")
    MATERIAL_RELEASED = "material.released", _("Material released in the cascade")
    MINUTES_JUSTERED = "minutes.justered", _("Minutes approved by the adjusters")


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class Webhook(models.Model):
    """A receiver's address and the events it hears of. `secret` signs every delivery: it
    is kept as it is (a hash could not sign) and shown once, when the webhook is made."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+"
    )
    url = models.URLField(
        _("address"),
        max_length=500,
        help_text=_("Where komplan sends the events: an https:// address of the receiving system."),
    )
    description = models.CharField(
        _("description"), max_length=200, blank=True, help_text=_("E.g. the intranet's news feed.")
    )
    events = models.JSONField(_("events"), default=list)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("An inactive webhook is sent nothing.")
    )
    secret = models.CharField(max_length=100, default=new_secret, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organization", "pk"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.description or self.url

    def event_labels(self) -> list[str]:
        labels = dict(Event.choices)
        return [str(labels[e]) for e in self.events if e in labels]


class Delivery(models.Model):
    """One event for one webhook: the body sent on every attempt (signed anew each time)."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=Event.choices)
    event_id = models.UUIDField(default=uuid.uuid4)
    payload = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id}"


class Attempt(models.Model):
    """One try at sending a delivery, and what the receiver answered (or why not)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    response_start = models.TextField(blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        indexes = [models.Index(fields=["delivery", "number"], name="webhooks_attempt_number")]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}: {self.status_code or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
