"""Abstract models every app may build on."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Locked(models.Model):
    """Optimistic locking: a save carries the version it was read at and is refused
    when someone else saved in between (see `komplan.plans.editing`, which checks and bumps it)."""

    lock_version = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True
