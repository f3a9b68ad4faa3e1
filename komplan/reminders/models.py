"""A person's choice of digest, and the digests sent (one row per person and period)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komplan.core.languages import LANGUAGE_CHOICES


class Frequency(models.TextChoices):
    NONE = "none", _("No digest")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly, on Mondays")


class DigestPreference(models.Model):
    """How often a person wants their work by email, and in which language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    frequency = models.CharField(
        _("email digest"), max_length=10, choices=Frequency.choices, default=Frequency.NONE
    )
    language = models.CharField(
        _("language of the emails"), max_length=5, choices=LANGUAGE_CHOICES, default="sv"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.frequency}"


class DigestSent(models.Model):
    """The idempotency key of a digest: one row per person and period ("2026-12-05",
    "2026-W49"), claimed (committed) before the email is sent, so no two workers both send;
    marked sent after (komplan.reminders.digest has the rules)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=12)
    # When a worker took it on; a claim never marked sent is taken over when it is stale.
    claimed_at = models.DateTimeField(default=timezone.now)
    # When the email went out (or it was found to have nothing to say); None while being sent.
    sent_at = models.DateTimeField(null=True, blank=True)
    # How many things it listed; 0: nothing was due, and no email was sent.
    items = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="one_digest_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.period}"
