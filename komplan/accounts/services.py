"""Workflows over several account records: inviting and removing members."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.http import HttpRequest
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from komplan.accounts.models import Membership, Organization, Role, User
from komplan.accounts.signals import seasons_changed


class LastAdminError(Exception):
    """Removing or demoting this member would leave the organisation without an admin."""


@transaction.atomic
def member_add(
    *,
    organization: Organization,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    request: HttpRequest,
    can_approve: bool = False,
) -> tuple[Membership, bool]:
    """Add a member, creating the user and mailing a set-your-password link if new."""
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        user = User.objects.create_user(
            username=email,
            email=email,
            first_name=first_name,
            last_name=last_name,
            password=get_random_string(32),
        )
    membership = Membership.objects.create(
        user=user, organization=organization, role=role, can_approve=can_approve
    )
    if created:
        form = PasswordResetForm({"email": email})
        if form.is_valid():
            form.save(
                request=request,
                subject_template_name="accounts/invite_subject.txt",
                email_template_name="accounts/invite_email.txt",
                extra_email_context={"organization": organization},
            )
    return membership, created


def _ensure_other_admin(membership: Membership) -> None:
    others = Membership.objects.admins().filter(organization_id=membership.organization_id)
    if membership.role == Role.ADMIN and not others.exclude(pk=membership.pk).exists():
        raise LastAdminError(_("An organisation must keep at least one administrator."))


@transaction.atomic
def member_set_role(*, membership: Membership, role: str, can_approve: bool | None = None) -> None:
    if role != Role.ADMIN:
        _ensure_other_admin(membership)
    membership.role = role
    if can_approve is not None:
        membership.can_approve = can_approve
    membership.save(update_fields=["role", "can_approve"])


@transaction.atomic
def member_remove(*, membership: Membership) -> None:
    _ensure_other_admin(membership)
    membership.delete()


def memberships_of(user: Any) -> list[Membership]:
    return list(Membership.objects.filter(user=user).select_related("organization"))


@transaction.atomic
def organization_seasons_set(*, organization: Organization, season_system: str) -> int:
    """Switch what the organisation's seasons mean and let the apps that read seasons (the
    activities' times) read again, all in one transaction; returns how many things were re-read."""
    organization.season_system = season_system
    organization.save(update_fields=["season_system"])
    answers = seasons_changed.send(Organization, organization=organization)
    return sum(int(count or 0) for _receiver, count in answers)
