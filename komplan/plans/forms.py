from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komplan.plans.editing import LockedModelForm
from komplan.plans.models import (
    Activity,
    Channel,
    Goal,
    Message,
    Plan,
    PriorityTier,
    TargetGroup,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHECKBOXES = forms.CheckboxSelectMultiple


class PlanForm(LockedModelForm):
    class Meta:
        model = Plan
        fields = [
            "name",
            "diary_number",
            "client",
            "funder",
            "project_lead",
            "start_date",
            "end_date",
            "language",
            "background",
            "purpose",
        ]
        widgets = {"start_date": DATE, "end_date": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        return data


class PlanCreateForm(PlanForm):
    organization = forms.ModelChoiceField(queryset=None, label=_("Organisation"))  # type: ignore[arg-type]

    class Meta(PlanForm.Meta):
        fields = ["organization", *PlanForm.Meta.fields]

    def __init__(self, *args: Any, organizations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from komplan.accounts.models import Organization

        self.fields["organization"].queryset = Organization.objects.filter(
            pk__in=[o.pk for o in organizations]
        )
        if len(organizations) == 1:
            self.fields["organization"].initial = organizations[0]


class RegisterForm(LockedModelForm):
    """A register entry's form; every choice of related objects is limited to its plan."""

    plan_choices: dict[str, str] = {}

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        for name, related in self.plan_choices.items():
            self.fields[name].queryset = getattr(plan, related).all()  # type: ignore[attr-defined]
        self.instance.plan = plan


class TierForm(RegisterForm):
    class Meta:
        model = PriorityTier
        fields = ["name", "definition"]


class TargetGroupForm(RegisterForm):
    plan_choices = {"tier": "tiers", "inherits_from": "groups"}

    class Meta:
        model = TargetGroup
        fields = ["name", "reach", "tier", "description", "inherits_from"]
        widgets = {"reach": forms.RadioSelect, "inherits_from": CHECKBOXES}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            field = self.fields["inherits_from"]
            field.queryset = field.queryset.exclude(pk=self.instance.pk)  # type: ignore[attr-defined]


class MessageForm(RegisterForm):
    plan_choices = {"tiers": "tiers", "groups": "groups"}

    class Meta:
        model = Message
        fields = ["text", "clarification", "tiers", "groups"]
        widgets = {"tiers": CHECKBOXES, "groups": CHECKBOXES}


class ChannelForm(RegisterForm):
    plan_choices = {"groups": "groups"}

    class Meta:
        model = Channel
        fields = ["name", "description", "responsible", "reach", "cadence", "groups"]
        widgets = {"reach": forms.RadioSelect, "groups": CHECKBOXES}


class GoalForm(RegisterForm):
    class Meta:
        model = Goal
        fields = ["text", "target_value", "unit", "deadline"]
        widgets = {"deadline": DATE}


class ActivityForm(RegisterForm):
    plan_choices = {
        "groups": "groups",
        "messages": "messages",
        "channels": "channels",
        "goals": "goals",
    }

    class Meta:
        model = Activity
        fields = [
            "title",
            "description",
            "groups",
            "messages",
            "channels",
            "responsible",
            "time_text",
            "status",
            "goals",
            "budget",
            "follow_up",
        ]
        widgets = {
            "groups": CHECKBOXES,
            "messages": CHECKBOXES,
            "channels": CHECKBOXES,
            "goals": CHECKBOXES,
        }
