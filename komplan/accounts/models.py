"""Organisations, their members and the roles that decide what a member may do."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komplan.accounts.branding import brand_version, validate_accent_colour


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
    # Its graphic profile (komplan/accounts/branding.py): empty means komplan's own.
    accent_color = models.CharField(
        _("accent colour"),
        max_length=7,
        blank=True,
        validators=[validate_accent_colour],
        help_text=_(
            "Buttons, links and the current tab on the organisation's pages, e.g. #0062BA. "
            "White text must be readable on it (at least 4.5:1). Empty: komplan's blue."
        ),
    )
    logo = models.FileField(_("logo"), upload_to="logos/", blank=True)
    # Four eyes: many bodies require that whoever submits a plan does not approve it too.
    approver_must_differ = models.BooleanField(
        _("the approver must be another person than the submitter"),
        default=False,
        help_text=_("A plan submitted for approval can then only be approved by someone else."),
    )
    # Personal data (docs/gdpr.md): contacts and interactions not touched for this many months
    # are deleted by the daily clean-up; empty keeps them until someone deletes them.
    retention_months = models.PositiveSmallIntegerField(
        _("keep contacts and interactions for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_(
            "A contact with no interaction, and an interaction, older than this many months "
            "is deleted every night. Empty: kept until someone deletes them."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def brand_version(self) -> str:
        """Changes whenever the accent or the logo does: the stylesheet's and logo's
        addresses carry it, so browsers may keep them for a year."""
        return brand_version(self.accent_color, self.logo.name or "")


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


# Long enough for someone back from a fortnight's holiday, short enough that a forgotten
# invitation does not stay usable for ever.
INVITATION_VALID_FOR = dt.timedelta(days=14)


class InvitationState(models.TextChoices):
    OPEN = "open", _("invited")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")
    EXPIRED = "expired", _("expired")


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        """Neither accepted nor withdrawn: what the member list shows (declined and expired
        ones too, until an administrator removes them)."""
        return self.filter(accepted_at=None, withdrawn_at=None)

    def open(self) -> InvitationQuerySet:
        """Still answerable: unanswered, not withdrawn and not expired."""
        return self.filter(
            accepted_at=None, declined_at=None, withdrawn_at=None, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An offer of membership to an email address; the membership exists only once the person
    with that address accepts it. The secret token in the emailed link is its only key."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    can_approve = models.BooleanField(_("approver"), default=False)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name", "email", "-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organization} ({self.state})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.token:
            self.token = secrets.token_urlsafe(32)
        if self.expires_at is None:
            self.expires_at = self.created_at + INVITATION_VALID_FOR
        super().save(*args, **kwargs)

    @property
    def state(self) -> InvitationState:
        if self.accepted_at:
            return InvitationState.ACCEPTED
        if self.withdrawn_at:
            return InvitationState.WITHDRAWN
        if self.declined_at:
            return InvitationState.DECLINED
        if self.expires_at <= timezone.now():
            return InvitationState.EXPIRED
        return InvitationState.OPEN

    @property
    def is_open(self) -> bool:
        return self.state == InvitationState.OPEN

    def is_for(self, user: Any) -> bool:
        """True when `user` is the person the invitation was sent to (by email address)."""
        return bool(user.is_authenticated and user.email.lower() == self.email.lower())


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
