"""A plan's life after its first draft: the revision table, the frozen versions and the
public address of the published one.

The plan itself carries its current `status` and `version` (see `komplan.plans.models`);
`komplan.versions.services` is the only writer of both and of everything here except the
free revision entries people type.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komplan.plans.models import PlanStatus


class RevisionKind(models.TextChoices):
    MANUAL = "manual", _("Entry")
    IMPORTED = "imported", _("Imported")
    SUBMITTED = "submitted", _("Submitted for approval")
    RETURNED = "returned", _("Returned for changes")
    WITHDRAWN = "withdrawn", _("Submission withdrawn")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    NEW_DRAFT = "new_draft", _("New draft started")
    RESTORED = "restored", _("Restored from a frozen version")

    @classmethod
    def automatic(cls) -> set[str]:
        """Kinds komplan records itself: nobody edits or deletes them."""
        return {k.value for k in cls} - {cls.MANUAL.value, cls.IMPORTED.value}


class Snapshot(models.Model):
    """A version of a plan frozen as plan JSON when it was submitted, approved or published.

    Never changed after it is written: `save` refuses an update."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="snapshots")
    version = models.CharField(_("version"), max_length=20)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices)
    data = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("frozen version")
        verbose_name_plural = _("frozen versions")

    def __str__(self) -> str:
        return f"{self.version} ({self.get_status_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("a frozen version is never changed")
        super().save(*args, **kwargs)


class Revision(models.Model):
    """One row of the plan's revision table: version, date, comment, changed by."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="revisions")
    version = models.CharField(_("version"), max_length=20)
    date = models.DateField(_("date"), default=timezone.localdate)
    comment = models.TextField(_("comment"), blank=True)
    changed_by = models.CharField(_("changed by"), max_length=300, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=RevisionKind.choices, default=RevisionKind.MANUAL
    )
    on_behalf_of = models.CharField(
        _("on behalf of"),
        max_length=300,
        blank=True,
        help_text=_("The body you approve for, e.g. the steering group."),
    )
    snapshot = models.ForeignKey(
        Snapshot, null=True, blank=True, on_delete=models.SET_NULL, related_name="revisions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Free entries are edited in place: the plan's overview, which keeps its revision table
    # until the plan changes (komplan.plans.overview), sees an edit by this.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "created_at", "pk"]
        indexes = [models.Index(fields=["plan", "date"], name="revision_plan_date")]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"{self.version} {self.date}"

    @property
    def is_automatic(self) -> bool:
        return self.kind in RevisionKind.automatic()


class Publication(models.Model):
    """The secret public address of a plan's published version; revoking it makes it 404.

    The page always shows the plan's latest published version, so a new approval and
    publication reaches the same address."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="publications")
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(revoked_at=None),
                name="one_live_public_address_per_plan",
            )
        ]
        verbose_name = _("public address")
        verbose_name_plural = _("public addresses")

    def __str__(self) -> str:
        return str(self.plan)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.token:
            self.token = secrets.token_urlsafe(32)
        super().save(*args, **kwargs)

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None
