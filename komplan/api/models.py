"""Personal API tokens: a person's key to the API in one organisation, read or read-write.

The secret is shown once, when the token is made; komplan keeps its SHA-256 (a token is 256
random bits, so a slow password hash adds nothing) and its first characters, which the token
page shows so that a person can tell their tokens apart.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFIX = "kp_"  # says where a leaked secret comes from (secret scanners can look for it)
SHOWN = 8  # characters of the secret after PREFIX that the token page shows


class Scope(models.TextChoices):
    READ = "read", _("Read")
    WRITE = "write", _("Read and write")


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("organisation"),
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Intranätets projektlista”."),
    )
    scope = models.CharField(_("access"), max_length=5, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(max_length=len(PREFIX) + SHOWN, editable=False)
    hashed = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def issue(self) -> str:
        """Give the unsaved token a new secret and return it: the only time it is known."""
        secret = PREFIX + secrets.token_urlsafe(32)
        self.prefix = secret[: len(PREFIX) + SHOWN]
        self.hashed = digest(secret)
        return secret

    @property
    def writes(self) -> bool:
        return self.scope == Scope.WRITE

    @classmethod
    def find(cls, secret: str) -> ApiToken | None:
        """The live token whose secret is `secret`, with its user; None for any other."""
        if not secret.startswith(PREFIX):
            return None
        return cls.objects.live().select_related("user").filter(hashed=digest(secret)).first()
