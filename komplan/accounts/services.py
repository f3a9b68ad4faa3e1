"""Workflows over several account records: inviting, re-roling and removing members."""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from komplan.accounts.models import Invitation, Membership, Organization, Role, User
from komplan.accounts.signals import seasons_changed


class LastAdminError(Exception):
    """Removing or demoting this member would leave the organisation without an admin."""


@transaction.atomic
def invitation_create(
    *,
    organization: Organization,
    email: str,
    role: str,
    can_approve: bool,
    invited_by: User,
    request: HttpRequest,
) -> Invitation:
    """Invite `email` to the organisation and mail the link. Nothing about an account with that
    address is looked at: only its owner, by accepting, makes the membership."""
    invitation = Invitation.objects.create(
        organization=organization,
        email=email.strip().lower(),
        role=role,
        can_approve=can_approve,
        invited_by=invited_by,
    )
    context = {
        "invitation": invitation,
        "organization": organization,
        "inviter": invited_by,
        "role": invitation.get_role_display(),
        "url": request.build_absolute_uri(
            reverse("invitations:invitation", args=[invitation.token])
        ),
    }
    subject = render_to_string("accounts/invite_subject.txt", context, request=request)
    body = render_to_string("accounts/invite_email.txt", context, request=request)
    # Sent inside the transaction: if the mail server refuses it, no invitation is left that
    # nobody was told about.
    EmailMessage(" ".join(subject.split()), body, to=[invitation.email]).send()
    return invitation


def _locked(invitation: Invitation) -> Invitation:
    """The invitation re-read under a lock, so two answers at once cannot both count."""
    return (
        Invitation.objects.select_for_update().select_related("organization").get(pk=invitation.pk)
    )


class InvitationClosedError(Exception):
    """The invitation was answered, withdrawn or has expired in the meantime."""


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Make `user` a member with the invitation's role (a member already keeps theirs)."""
    invitation = _locked(invitation)
    if not invitation.is_open or not invitation.is_for(user):
        raise InvitationClosedError
    membership, _created = Membership.objects.get_or_create(
        user=user,
        organization=invitation.organization,
        defaults={"role": invitation.role, "can_approve": invitation.can_approve},
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


@transaction.atomic
def invitation_accept_new_account(*, invitation: Invitation, form: Any) -> User:
    """Create the invited person's account from `form` (`InvitationAccountForm`: name and
    password), or open a former member's ended login again, and accept."""
    invitation = _locked(invitation)
    active = User.objects.filter(email__iexact=invitation.email, is_active=True)
    if not invitation.is_open or active.exists():
        raise InvitationClosedError
    user = invited_account_open(
        email=invitation.email,
        first_name=form.cleaned_data["first_name"],
        last_name=form.cleaned_data["last_name"],
        password=form.cleaned_data["password1"],
    )
    invitation_accept(invitation=invitation, user=user)
    return user


def invited_account_open(
    *, email: str, first_name: str, last_name: str, password: str | None
) -> User:
    """The login of an invited address that has no active account: a former member's own
    account opened again (its login ended with their last membership, `member_remove`), else
    a new one named by the address. `password` None: none that works (single sign-on)."""
    user = User.objects.filter(email__iexact=email, is_active=False, is_superuser=False).first()
    if user is None:
        user = User(username=email, email=email)
    user.first_name, user.last_name, user.is_active = first_name, last_name, True
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    return user


@transaction.atomic
def invitation_decline(*, invitation: Invitation) -> None:
    invitation = _locked(invitation)
    if not invitation.is_open:
        raise InvitationClosedError
    invitation.declined_at = timezone.now()
    invitation.save(update_fields=["declined_at"])


def invitation_withdraw(*, invitation: Invitation) -> None:
    """Take the invitation back: its link stops working and it leaves the member list."""
    Invitation.objects.filter(pk=invitation.pk, accepted_at=None).update(
        withdrawn_at=timezone.now()
    )


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
def member_remove(*, membership: Membership) -> bool:
    """Remove the member; a person left in no organisation can no longer log in (their account
    stays, so that what they wrote still names them, until an administrator erases them).
    Returns whether the login was deactivated."""
    _ensure_other_admin(membership)
    membership.delete()
    user = membership.user
    if user.is_superuser or Membership.objects.filter(user=user).exists():
        return False
    User.objects.filter(pk=user.pk).update(is_active=False)
    return True


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


def organization_retention_set(*, organization: Organization, months: int | None) -> None:
    """How long the organisation keeps contacts and interactions (None: until deleted)."""
    organization.retention_months = months
    organization.save(update_fields=["retention_months"])


def organization_approval_rule_set(
    *, organization: Organization, approver_must_differ: bool
) -> None:
    """Whether a plan's submitter may also approve it (the four-eyes rule)."""
    organization.approver_must_differ = approver_must_differ
    organization.save(update_fields=["approver_must_differ"])


@transaction.atomic
def organization_profile_set(
    *, organization: Organization, accent_color: str, logo: Any = None, remove_logo: bool = False
) -> None:
    """Set the organisation's graphic profile: its accent colour and, when given, its logo
    (already checked and re-encoded: `branding.clean_logo`). A replaced or removed logo's
    file is deleted once the change is committed."""
    old = organization.logo.name if organization.logo else ""
    organization.accent_color = accent_color
    if logo is not None:
        organization.logo = logo
    elif remove_logo:
        organization.logo = ""  # type: ignore[assignment]
    organization.save(update_fields=["accent_color", "logo"])
    if old and old != organization.logo.name:
        storage = organization.logo.storage
        transaction.on_commit(lambda: storage.delete(old))
