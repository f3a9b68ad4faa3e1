"""Forms of the cascade; every choice of related objects is limited to the plan and its
organisation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komplan.cascade.models import ApprovalKind, CascadeSettings, DispatchState, How, Material, Step
from komplan.meetings.forms import AttachmentForm
from komplan.meetings.models import Forum, Meeting, MeetingRole, MinutesStatus
from komplan.plans.editing import LockedModelForm

__all__ = [
    "ApproveForm",
    "AttachmentForm",
    "MarkForm",
    "MaterialForm",
    "OverrideForm",
    "SettingsForm",
    "StepForm",
]

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SettingsForm(LockedModelForm):
    class Meta:
        model = CascadeSettings
        fields = ["approving_forum", "approval_required"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organization_id = self.instance.plan.organization_id
        self.fields["approving_forum"].queryset = Forum.objects.filter(  # type: ignore[attr-defined]
            organization_id=organization_id
        ).order_by("name")


class StepForm(LockedModelForm):
    reaches = forms.ChoiceField(
        label=_("Reaches"),
        help_text=_("A forum of the organisation, or a target group or channel of the plan."),
    )

    class Meta:
        model = Step
        fields = [
            "after",
            "how",
            "delegated",
            "lead_days",
            "responsible",
            "from_phase",
            "from_date",
        ]
        widgets = {"from_date": DATE}

    field_order = ["reaches", *Meta.fields]

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        forums = Forum.objects.filter(organization_id=plan.organization_id).order_by("name")
        self.fields["reaches"].choices = [
            ("", "---------"),
            (_("Forums"), [(f"forum-{f.pk}", f.name) for f in forums]),
            (_("Target groups"), [(f"group-{g.pk}", g.name) for g in plan.groups.all()]),
            (_("Channels"), [(f"channel-{c.pk}", c.name) for c in plan.channels.all()]),
        ]
        instance = self.instance
        if instance.pk:
            for kind in ("forum", "group", "channel"):
                if getattr(instance, f"{kind}_id"):
                    self.fields["reaches"].initial = f"{kind}-{getattr(instance, f'{kind}_id')}"
        after = Step.objects.filter(plan=plan).select_related("forum", "group", "channel")
        if instance.pk:
            after = after.exclude(pk__in=_self_and_below(plan, instance.pk))
        self.fields["after"].queryset = after  # type: ignore[attr-defined]
        self.fields["after"].label_from_instance = lambda s: s.target_name  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, _sep, pk = str(data.get("reaches") or "").partition("-")
        instance = self.instance
        instance.forum_id = instance.group_id = instance.channel_id = None
        if kind in ("forum", "group", "channel") and pk.isdigit():
            setattr(instance, f"{kind}_id", int(pk))
        if data.get("how") == How.MEETING and kind != "forum":
            self.add_error("how", _("Only a forum has meetings: choose a forum, or another way."))
        if data.get("delegated") and not data.get("after"):
            self.add_error(
                "delegated", _("Choose the step above that passes it on (“After step”).")
            )
        return data

    def save(self, commit: bool = True) -> Any:
        self.instance.plan = self.plan
        return super().save(commit)


def _self_and_below(plan: Any, step_id: int) -> set[int]:
    """The step and every step below it: none of them can come before it."""
    children: dict[int | None, list[int]] = {}
    for pk, after in Step.objects.filter(plan=plan).values_list("pk", "after_id"):
        children.setdefault(after, []).append(pk)
    found, todo = set(), [step_id]
    while todo:
        node = todo.pop()
        if node not in found:
            found.add(node)
            todo.extend(children.get(node, []))
    return found


class MaterialForm(LockedModelForm):
    class Meta:
        model = Material
        fields = ["title", "text", "phase", "messages"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 8}),
            "messages": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["messages"].queryset = plan.messages.all()  # type: ignore[attr-defined]
        self.fields["messages"].label_from_instance = (  # type: ignore[attr-defined]
            lambda m: f"{m.position}. {m.text}"
        )


class ApproveForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Approved through"), choices=ApprovalKind.choices, widget=forms.RadioSelect
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("Its minutes get the decision. Only meetings still being written."),
    )
    name = forms.CharField(
        label=_("The chair's name"),
        max_length=200,
        required=False,
        help_text=_("When the chair approves on the body's behalf."),
    )

    def __init__(self, *args: Any, plan: Any, forum: Forum | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meetings = Meeting.objects.filter(
            forum__organization_id=plan.organization_id, minutes_status=MinutesStatus.DRAFT
        ).select_related("forum")
        if forum is not None:
            meetings = meetings.filter(forum=forum)
            chair = forum.members.filter(role=MeetingRole.CHAIR).first()
            if chair is not None:
                self.fields["name"].initial = chair.name
        self.fields["meeting"].queryset = meetings.order_by("-date", "-start_time")  # type: ignore[attr-defined]
        self.fields["meeting"].label_from_instance = (  # type: ignore[attr-defined]
            lambda m: f"{m.display_title} {m.date:%Y-%m-%d}"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ApprovalKind.DECISION and not data.get("meeting"):
            self.add_error("meeting", _("Choose the meeting whose decision approves it."))
        if data.get("kind") == ApprovalKind.CHAIR and not str(data.get("name") or "").strip():
            self.add_error("name", _("Name the chair who approves on the body's behalf."))
        return data


class MarkForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), choices=DispatchState.choices, widget=forms.RadioSelect
    )


class OverrideForm(forms.Form):
    why = forms.CharField(
        label=_("Why"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the step, with your name and the time."),
    )
