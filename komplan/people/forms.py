"""Forms of the people's pages; every choice of related objects is limited to the
organisation (and, where a plan is at hand, to that plan)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komplan.accounts.models import User
from komplan.imports.importers.safety import MAX_BYTES
from komplan.meetings.models import Meeting
from komplan.people.models import Contact, Engagement, Interaction, Level, Weight
from komplan.plans.editing import LockedModelForm
from komplan.plans.models import Message, TargetGroup

__all__ = [
    "AddToMeetingForm",
    "ContactForm",
    "ContactImportForm",
    "EngagementForm",
    "InteractionForm",
    "LinkForm",
]

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _group_label(group: TargetGroup) -> str:
    return f"{group.name} ({group.plan.name})"


def _message_label(message: Message) -> str:
    text = message.text if len(message.text) <= 80 else message.text[:79] + "…"
    return f"{message.position}. {text} ({message.plan.name})"


class ContactForm(LockedModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "employer", "email", "phone", "groups"]
        widgets = {"groups": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = self.fields["groups"]
        groups.queryset = (  # type: ignore[attr-defined]
            TargetGroup.objects.filter(plan__organization=organization)
            .select_related("plan")
            .order_by("plan__name", "position")
        )
        groups.label_from_instance = _group_label  # type: ignore[attr-defined]


class LinkForm(forms.Form):
    """Add contacts the organisation already has to a group."""

    contacts = forms.ModelMultipleChoiceField(
        label=_("Contacts"), queryset=Contact.objects.none(), widget=forms.SelectMultiple
    )

    def __init__(self, *args: Any, group: TargetGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = Contact.objects.filter(  # type: ignore[attr-defined]
            organization_id=group.plan.organization_id
        ).exclude(groups=group)


class InteractionForm(LockedModelForm):
    class Meta:
        model = Interaction
        fields = [
            "kind",
            "day",
            "subject",
            "contacts",
            "members",
            "groups",
            "messages",
            "notes",
            "follow_up",
        ]
        widgets = {
            "day": DATE,
            "follow_up": DATE,
            "groups": forms.CheckboxSelectMultiple,
            "messages": forms.CheckboxSelectMultiple,
            "members": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, organization: Any, plans: list[Any], **kwargs: Any) -> None:
        """`plans`: the plans whose groups and messages may be chosen."""
        super().__init__(*args, **kwargs)
        plan_ids = [plan.pk for plan in plans]
        f = self.fields
        f["contacts"].queryset = Contact.objects.filter(organization=organization)  # type: ignore[attr-defined]
        f["members"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__organization=organization
        ).order_by("first_name", "last_name", "username")
        f["members"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]
        f["groups"].queryset = (  # type: ignore[attr-defined]
            TargetGroup.objects.filter(plan_id__in=plan_ids)
            .select_related("plan")
            .order_by("plan__name", "position")
        )
        f["groups"].label_from_instance = _group_label  # type: ignore[attr-defined]
        f["messages"].queryset = (  # type: ignore[attr-defined]
            Message.objects.filter(plan_id__in=plan_ids)
            .select_related("plan")
            .order_by("plan__name", "position")
        )
        f["messages"].label_from_instance = _message_label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, follow_up = data.get("day"), data.get("follow_up")
        if day and follow_up and follow_up < day:
            self.add_error("follow_up", _("The follow-up date comes after the interaction."))
        if data.get("messages") and not data.get("groups"):
            self.add_error(
                "groups", _("Name the groups the messages were conveyed to, or no messages.")
            )
        return data


class AddToMeetingForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none())

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (  # type: ignore[attr-defined]
            Meeting.objects.filter(forum__organization=organization)
            .select_related("forum")
            .order_by("-date", "-pk")
        )


class ContactImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A list of contacts as an Excel workbook (.xlsx) or a .csv file, with a header "
            "row naming the columns name, role, organisation, email and phone; at most 20 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; komplan imports files of at most %(limit)s MB."),
                params={
                    "size": f"{upload.size / 1024 / 1024:.1f}",
                    "limit": MAX_BYTES // 1024 // 1024,
                },
            )
        return upload


class EngagementForm(LockedModelForm):
    """A group's current and desired engagement and its place on the grid, with a note for
    the history (why it changed)."""

    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("Why it changed, e.g. after the meeting with the head teachers."),
    )

    class Meta:
        model = Engagement
        fields = ["current", "desired", "influence", "interest"]
        widgets = dict.fromkeys(fields, forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every step named, no empty choice: a group is assessed on all four or not at all.
        for name, choices in (
            ("current", Level.choices),
            ("desired", Level.choices),
            ("influence", Weight.choices),
            ("interest", Weight.choices),
        ):
            self.fields[name].choices = choices  # type: ignore[attr-defined]
