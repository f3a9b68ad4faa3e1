from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import BaseUserCreationForm
from django.utils.translation import gettext_lazy as _

from komplan.accounts.branding import LOGO_MAX_BYTES, clean_logo
from komplan.accounts.models import Invitation, Membership, Organization, Role, User


class MemberAddForm(forms.Form):
    """Whom to invite, with which role. Says nothing about whether the address has an account
    elsewhere: accounts belong to their owners, who accept or decline."""

    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EDITOR)
    can_approve = forms.BooleanField(
        label=_("Approver"),
        required=False,
        help_text=_("May approve the organisation's communication plans."),
    )

    def __init__(self, *args: object, organization: Organization, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.organization = organization

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if Membership.objects.filter(
            organization=self.organization, user__email__iexact=email
        ).exists():
            raise forms.ValidationError(_("This person is already a member."))
        if self.organization.invitations.open().filter(email__iexact=email).exists():  # type: ignore[attr-defined]
            raise forms.ValidationError(
                _("This address already has an open invitation. Withdraw it to send a new one.")
            )
        return email


class InvitationAccountForm(BaseUserCreationForm):  # type: ignore[type-arg]
    """A new person's own name and password, chosen on their invitation's page; the username
    and email are the address the invitation was sent to."""

    class Meta:
        model = User
        fields = ("first_name", "last_name")

    def __init__(self, *args: Any, invitation: Invitation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.username = invitation.email
        self.instance.email = invitation.email
        self.fields["first_name"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # A former member whose login ended with their last membership (accounts.services.
        # member_remove) comes back through a new invitation: `invitation_accept_new_account`.
        active = User.objects.filter(username__iexact=self.instance.username, is_active=True)
        if active.exists():
            raise forms.ValidationError(
                _("An account with this address already exists. Log in to answer the invitation.")
            )
        return data


class MembershipRoleForm(forms.Form):
    # A plain form: a model form would change the membership before the service
    # has checked that the organisation keeps an administrator.
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    can_approve = forms.BooleanField(label=_("Approver"), required=False)


class OrganizationSettingsForm(forms.ModelForm):
    """What the organisation's activity times mean; saving goes through a service that
    re-reads every activity's time."""

    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text=_(
            "A PNG or JPEG picture of at most %(limit)d kB, shown in the header of the "
            "organisation's pages."
        )
        % {"limit": LOGO_MAX_BYTES // 1024},
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = Organization
        fields = ["season_system", "accent_color", "approver_must_differ", "retention_months"]
        widgets = {
            "season_system": forms.RadioSelect,
            "accent_color": forms.TextInput(
                attrs={"pattern": "#[0-9a-fA-F]{6}", "autocomplete": "off", "size": 8}
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.logo:
            del self.fields["remove_logo"]

    def clean_logo(self) -> Any:
        upload = self.cleaned_data.get("logo")
        return clean_logo(upload) if upload else None
