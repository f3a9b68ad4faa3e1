"""Forms of forums, meetings and minutes; every choice of related objects is limited to the
forum's organisation or the meeting itself."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komplan.accounts.models import Organization, User
from komplan.meetings import uploads
from komplan.meetings.models import (
    ActionItem,
    AgendaItem,
    Decision,
    Forum,
    ForumMember,
    ItemKind,
    Meeting,
    Participant,
)
from komplan.plans import revisions
from komplan.plans.editing import LockedModelForm
from komplan.plans.models import Plan

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def organization_users(organization: Organization) -> Any:
    return User.objects.filter(memberships__organization=organization).order_by(
        "first_name", "last_name", "username"
    )


class ForumForm(LockedModelForm):
    class Meta:
        model = Forum
        fields = ["name", "kind", "language", "description"]


class ForumMemberForm(LockedModelForm):
    class Meta:
        model = ForumMember
        fields = ["name", "organization", "role", "email", "user"]

    def __init__(self, *args: Any, forum: Forum, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.forum = forum
        self.fields["user"].queryset = organization_users(forum.organization)  # type: ignore[attr-defined]


class MeetingForm(LockedModelForm):
    online_link = forms.URLField(
        label=_("Online link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("For example the Teams or Zoom address."),
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "date",
            "start_time",
            "end_time",
            "place",
            "online_link",
            "plans",
            "note_taker",
        ]
        widgets = {
            "date": DATE,
            "start_time": TIME,
            "end_time": TIME,
            "plans": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, forum: Forum, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plans"].queryset = Plan.objects.filter(  # type: ignore[attr-defined]
            organization_id=forum.organization_id
        ).order_by("name")
        if self.instance.pk is None:
            # Nobody takes part yet: the note-taker is chosen once participants are added.
            del self.fields["note_taker"]
        else:
            self.fields["note_taker"].queryset = self.instance.participants.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The meeting must end after it starts."))
        return data


class ParticipantForm(LockedModelForm):
    class Meta:
        model = Participant
        fields = ["name", "organization", "role", "attendance", "email", "user", "adjuster"]
        widgets = {"attendance": forms.RadioSelect}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["user"].queryset = organization_users(meeting.forum.organization)  # type: ignore[attr-defined]
        self.fields["user"].help_text = _("Needed to approve the minutes as adjuster.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("adjuster") and not data.get("user"):
            self.add_error(
                "user", _("An adjuster needs a user account to approve the minutes with.")
            )
        return data


class AddMembersForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        queryset=ForumMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Members of the forum"),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = meeting.participants.filter(member__isnull=False).values("member")
        queryset = meeting.forum.members.exclude(pk__in=taken).order_by("pk")
        field = self.fields["members"]
        field.queryset = queryset  # type: ignore[attr-defined]
        field.initial = [m.pk for m in queryset]


class AgendaItemForm(LockedModelForm):
    class Meta:
        model = AgendaItem
        fields = ["kind", "description", "responsible", "duration"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["duration"].widget.attrs.update({"min": 0, "max": 600, "step": 5})


class NotesForm(LockedModelForm):
    class Meta:
        model = AgendaItem
        fields = ["notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 14})}


def _item_choices(field: Any, meeting: Meeting) -> None:
    field.queryset = meeting.items.exclude(kind=ItemKind.BREAK).order_by("position")


class DecisionForm(LockedModelForm):
    """A decision; one approving a plan names the plan and which of its frozen versions (the
    choices are "<plan id>:<version>", grouped by plan). Empty: the plan's version now."""

    plan_version = forms.ChoiceField(
        label=_("Plan version"),
        required=False,
        help_text=_(
            "The frozen versions of the organisation's plans, as submitted, approved or "
            "published. Empty: the plan's version now."
        ),
    )

    class Meta:
        model = Decision
        fields = ["item", "text", "plan", "plan_version"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        _item_choices(self.fields["item"], meeting)
        own = Plan.objects.filter(organization_id=meeting.forum.organization_id).order_by("name")
        self.fields["plan"].queryset = own  # type: ignore[attr-defined]
        self.fields["plan"].help_text = _("Only if the decision approves a communication plan.")
        plans = list(own.values_list("pk", "name"))
        frozen = revisions.frozen_versions([pk for pk, _name in plans])
        chosen = self.instance
        if chosen.plan_id and chosen.plan_version:
            # A version recorded before it had to be a frozen one stays choosable.
            kept = frozen.setdefault(chosen.plan_id, [])
            if chosen.plan_version not in {version for version, _label in kept}:
                kept.append((chosen.plan_version, ""))
            self.initial["plan_version"] = f"{chosen.plan_id}:{chosen.plan_version}"
        self.fields["plan_version"].choices = [
            ("", _("— the plan's version now")),
            *(
                (
                    name,
                    [
                        (f"{pk}:{version}", f"{version} ({label})" if label else version)
                        for version, label in frozen[pk]
                    ],
                )
                for pk, name in plans
                if frozen.get(pk)
            ),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        plan = data.get("plan")
        chosen = data.get("plan_version") or ""
        plan_id, _sep, version = chosen.partition(":")
        if chosen and plan is None:
            self.add_error("plan", _("Choose the plan whose version is approved."))
        elif chosen and str(plan.pk) != plan_id:  # type: ignore[union-attr]
            self.add_error("plan_version", _("This version is another plan's."))
        data["plan_version"] = version if chosen else (plan.version if plan else "")
        return data


class ActionItemForm(LockedModelForm):
    class Meta:
        model = ActionItem
        fields = ["item", "text", "owner", "due_date", "status"]
        widgets = {"due_date": DATE}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        _item_choices(self.fields["item"], meeting)


class ActionStatusForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["status"]


class ToActivityForm(forms.Form):
    plan = forms.ModelChoiceField(
        queryset=Plan.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label=_("Add the activity to the plan"),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plans = meeting.plans.select_related("organization").order_by("name")
        self.fields["plan"].queryset = plans  # type: ignore[attr-defined]
        if len(plans) == 1:
            self.fields["plan"].initial = plans[0].pk


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (.docx), Excel (.xlsx), PNG or JPEG, at most 10 MB."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > uploads.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        kind = uploads.sniff(upload.name, upload)
        if kind is None:
            raise forms.ValidationError(
                _(
                    "Only PDF, Word (.docx), Excel (.xlsx), PNG and JPEG files are accepted, and "
                    "the file's content must match its name."
                )
            )
        upload.kind = kind
        return upload


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("What is corrected"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Kept with the new version; the approved version stays as it was."),
    )
