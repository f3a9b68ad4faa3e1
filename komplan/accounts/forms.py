from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from komplan.accounts.models import Membership, Organization, Role, User


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EDITOR)
    can_approve = forms.BooleanField(
        label=_("Approver"),
        required=False,
        help_text=_("May approve the organisation's communication plans."),
    )

    def __init__(self, *args: object, organization: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.organization = organization

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if Membership.objects.filter(
            organization=self.organization, user__email__iexact=email
        ).exists():
            raise forms.ValidationError(_("This person is already a member."))
        return email

    def existing_user(self) -> User | None:
        return User.objects.filter(email__iexact=self.cleaned_data["email"]).first()


class MembershipRoleForm(forms.Form):
    # A plain form: a model form would change the membership before the service
    # has checked that the organisation keeps an administrator.
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    can_approve = forms.BooleanField(label=_("Approver"), required=False)


class OrganizationSettingsForm(forms.ModelForm):
    """What the organisation's activity times mean; saving goes through a service that
    re-reads every activity's time."""

    class Meta:
        model = Organization
        fields = ["season_system"]
        widgets = {"season_system": forms.RadioSelect}
