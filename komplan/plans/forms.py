from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from komplan.plans.editing import LockedModelForm
from komplan.plans.models import (
    Activity,
    Channel,
    Goal,
    Message,
    Plan,
    PriorityTier,
    Risk,
    Spokesperson,
    TargetGroup,
)
from komplan.plans.writer import plan_periods_refresh

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

    def after_save(self) -> None:
        # Activities' times are read in the plan's language and within its period: whichever
        # screen or API call changes those, the times are read anew.
        if {"language", "start_date", "end_date"} & set(self.changed_data):
            plan_periods_refresh(plan=self.instance)

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


class SpokespersonForm(RegisterForm):
    class Meta:
        model = Spokesperson
        fields = ["subject", "name", "role", "contact"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A spokesperson is often one of the organisation's members: their names are offered
        # (a datalist), but anyone may be named, and the entry keeps the name as written.
        self.fields["name"].widget.attrs["list"] = "member-names"
        self.fields["name"].template_name = "plans/registers/_member_name_field.html"

    @cached_property
    def member_names(self) -> list[str]:
        """The names of the plan's organisation's members, for the name field's datalist."""
        from komplan.accounts.models import Membership

        users = Membership.objects.filter(organization_id=self.plan.organization_id).values_list(
            "user__first_name", "user__last_name", "user__username"
        )
        names = {f"{first} {last}".strip() or username for first, last, username in users}
        return sorted(names, key=str.casefold)


class RiskForm(RegisterForm):
    class Meta:
        model = Risk
        fields = ["text", "likelihood", "consequence", "mitigation", "owner", "status"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "likelihood": forms.RadioSelect,
            "consequence": forms.RadioSelect,
            "mitigation": forms.Textarea(attrs={"rows": 3}),
            "status": forms.RadioSelect,
        }


class ActivityForm(RegisterForm):
    period_fields = ("time_text", "start_override", "end_override")
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
            "start_override",
            "end_override",
            "recurrence",
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
            "start_override": DATE,
            "end_override": DATE,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What komplan understood from the time shows below it as the user types (htmx);
        # without JavaScript the same fragment shows the saved reading.
        url = reverse("plans:activity_period", args=[self.plan.pk])
        include = ", ".join(f"#{self[name].auto_id}" for name in self.period_fields)
        for name in self.period_fields:
            trigger = "input changed delay:300ms" if name == "time_text" else "change"
            self.fields[name].widget.attrs.update(
                {"data-hx-get": url, "data-hx-trigger": trigger}
                | {"data-hx-target": "#period-preview", "data-hx-include": include}
                | {"data-hx-sync": "this:replace"}
            )
        # New target groups and channels can be added from here (htmx).
        for name in ("groups", "channels"):
            self.fields[name].template_name = "plans/activity_plan/_option_field.html"
        # The messages owed to the chosen groups come first, and follow the groups (htmx).
        self.fields["messages"].template_name = "plans/activity_plan/_message_field.html"
        time = self.fields["time_text"]
        time.template_name = "plans/activity_plan/_time_field.html"
        time.widget.attrs["aria-describedby"] = (
            f"{self['time_text'].auto_id}_helptext period-preview"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_override"), data.get("end_override")
        if start and end and end < start:
            self.add_error("end_override", _("The end date must not be before the start date."))
        return data

    @cached_property
    def who_must_know(self) -> Any:
        """The plan's tiers, groups and messages as the coverage core reads them."""
        from komplan.plans.graph import owed_graph

        return owed_graph(self.plan)

    @property
    def tiers(self) -> Any:
        """The plan's tiers (id, name), for a target group added from this form."""
        return self.who_must_know.tiers

    @cached_property
    def message_picker(self) -> Any:
        """The messages as the picker shows them, for the groups chosen in the form."""
        from komplan.plans.activity_plan import ids, message_picker

        if self.is_bound:
            groups = self.data.getlist(self.add_prefix("groups"))
            checked = self.data.getlist(self.add_prefix("messages"))
        else:
            groups, checked = self.initial.get("groups"), self.initial.get("messages")
        return message_picker(self.who_must_know, ids(groups), ids(checked))

    @property
    def period_summary(self) -> Any:
        """What the time field's live region shows: the typed time when the form was sent
        back, else the activity's saved reading."""
        from komplan.plans.activity_plan import period_summary, previewed

        if self.is_bound:
            values = (self.data.get(self.add_prefix(name), "") for name in self.period_fields)
            activity = previewed(self.plan, *values)
        else:
            activity = self.instance
        return period_summary(activity, get_language() or "sv")
