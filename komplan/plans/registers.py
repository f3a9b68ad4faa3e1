"""The plan's registers, described once so that one set of views serves them all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from komplan.plans import forms
from komplan.plans.models import (
    Activity,
    Channel,
    Goal,
    Message,
    Ordered,
    Plan,
    PriorityTier,
    TargetGroup,
)


@dataclass(frozen=True)
class Register:
    slug: str
    model: type[Ordered]
    form_class: type[forms.RegisterForm]
    related_name: str
    select: tuple[str, ...] = ()
    prefetch: tuple[str | Prefetch, ...] = ()
    # The activities are listed by a page of their own, the activity plan, which reloads
    # after a move; the other registers share the generic list and its table fragment.
    own_page: bool = False

    @property
    def title(self) -> Any:
        return self.model._meta.verbose_name_plural

    @property
    def singular(self) -> Any:
        return self.model._meta.verbose_name

    @property
    def table_template(self) -> str:
        return f"plans/registers/_{self.slug}_table.html"

    def entries(self, plan: Plan) -> QuerySet[Any]:
        """The plan's entries in document order, with what their table shows."""
        queryset = getattr(plan, self.related_name).all()
        if self.select:
            queryset = queryset.select_related(*self.select)
        if self.prefetch:
            queryset = queryset.prefetch_related(*self.prefetch)
        return queryset.order_by("position", "pk")

    def get(self, plan: Plan, pk: int) -> Any:
        """One entry with what its form shows, so the form needs no further lookups."""
        queryset = getattr(plan, self.related_name).select_related(*self.select)
        many = [f.name for f in self.model._meta.many_to_many if f.name in self.form_fields]
        return queryset.prefetch_related(*many).get(pk=pk)

    @property
    def form_fields(self) -> list[str]:
        return list(self.form_class._meta.fields or [])


def _named(model: type[Any], field: str) -> Prefetch:
    # Tables show only names; loading only them keeps large plans fast.
    return Prefetch(field, queryset=model.objects.only("pk", "name", "position"))


REGISTERS: dict[str, Register] = {
    register.slug: register
    for register in [
        Register("tiers", PriorityTier, forms.TierForm, "tiers"),
        Register(
            "groups",
            TargetGroup,
            forms.TargetGroupForm,
            "groups",
            select=("tier",),
            prefetch=(_named(TargetGroup, "inherits_from"),),
        ),
        Register(
            "messages",
            Message,
            forms.MessageForm,
            "messages",
            prefetch=(_named(PriorityTier, "tiers"), _named(TargetGroup, "groups")),
        ),
        Register(
            "channels",
            Channel,
            forms.ChannelForm,
            "channels",
            prefetch=(_named(TargetGroup, "groups"),),
        ),
        Register(
            "activities",
            Activity,
            forms.ActivityForm,
            "activities",
            prefetch=(
                _named(TargetGroup, "groups"),
                _named(Channel, "channels"),
                Prefetch("messages", queryset=Message.objects.only("pk", "position")),
            ),
            own_page=True,
        ),
        Register("goals", Goal, forms.GoalForm, "goals"),
    ]
}


class RegisterConverter:
    """URL converter: a register's slug in the path becomes its Register."""

    regex = "|".join(REGISTERS)

    def to_python(self, value: str) -> Register:
        return REGISTERS[value]

    def to_url(self, value: Register | str) -> str:
        return value if isinstance(value, str) else value.slug
