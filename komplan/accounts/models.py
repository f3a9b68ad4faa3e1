"""Organisations, their members and the roles that decide what a member may do."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in; what they may touch comes from their memberships."""

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    # Ordered from least to most: `Role.allows` compares ranks.
    VIEWER = "viewer", _("Viewer")
    EDITOR = "editor", _("Editor")
    ADMIN = "admin", _("Administrator")

    @classmethod
    def rank(cls, role: str) -> int:
        return [choice.value for choice in cls].index(role)


# Not a role but a capability on top of one: approving plans (see Membership.can_approve).
APPROVE = "approve"


class SeasonSystem(models.TextChoices):
    # Many public bodies mean the working terms when they write "spring" or "autumn".
    METEOROLOGICAL = "meteorological", _("Meteorological (spring is March–May)")
    TERM = "term", _("Terms (spring is January–June, autumn August–December)")


class Organization(models.Model):
    """A tenant: a municipality, region, association or agency."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    season_system = models.CharField(
        _("seasons"),
        max_length=20,
        choices=SeasonSystem.choices,
        default=SeasonSystem.METEOROLOGICAL,
        help_text=_("What a season in an activity's time means, e.g. “spring 2026”."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def admins(self) -> MembershipQuerySet:
        return self.filter(role=Role.ADMIN)


class Membership(models.Model):
    """A user's place in an organisation, with one role."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    can_approve = models.BooleanField(
        _("approver"),
        default=False,
        help_text=_("May approve the organisation's communication plans."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")
        ]
        ordering = ["organization__name", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"

    def allows(self, role: str) -> bool:
        """True when this membership's role is at least `role`; `APPROVE` asks for the
        approver flag, which any member may hold whatever their role."""
        if role == APPROVE:
            return self.can_approve
        return Role.rank(self.role) >= Role.rank(role)


class PasswordResetRequest(models.Model):
    """A request for a set-password link, kept for an hour to throttle them
    (komplan/accounts/throttling.py)."""

    email = models.EmailField()
    address = models.GenericIPAddressField(null=True, blank=True)
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("password reset request")
        verbose_name_plural = _("password reset requests")

    def __str__(self) -> str:
        return f"{self.email} {self.requested_at:%Y-%m-%d %H:%M}"
