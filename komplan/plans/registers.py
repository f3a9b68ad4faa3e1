"""The plan's registers as the screens show them, from the schema (`komplan.plans.schema`),
so that one set of views serves them all."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Prefetch, QuerySet

from komplan.plans import forms, schema
from komplan.plans.models import Channel, Message, Ordered, Plan, PriorityTier, TargetGroup


@dataclass(frozen=True)
class Register:
    """A register as the screens show it: the schema's description plus its form and what
    its table loads."""

    schema: schema.Register
    form_class: type[forms.RegisterForm]
    select: tuple[str, ...] = ()
    prefetch: tuple[str | Prefetch, ...] = ()
    # The activities are listed by a page of their own, the activity plan, which reloads
    # after a move; the other registers share the generic list and its table fragment.
    own_page: bool = False
    # Other orders its list offers besides the plan's (`?sort=<name>`), by name.
    orderings: Mapping[str, Any] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.schema.slug

    @property
    def model(self) -> type[Ordered]:
        return self.schema.model  # type: ignore[return-value]

    @property
    def related_name(self) -> str:
        return self.schema.slug

    @property
    def title(self) -> Any:
        return self.model._meta.verbose_name_plural

    @property
    def singular(self) -> Any:
        return self.model._meta.verbose_name

    @property
    def table_template(self) -> str:
        return f"plans/registers/_{self.slug}_table.html"

    def entries(self, plan: Plan, sort: str = "") -> QuerySet[Any]:
        """The plan's entries in document order (or first by the ordering `sort` names),
        with what their table shows."""
        queryset = getattr(plan, self.related_name).all()
        if self.select:
            queryset = queryset.select_related(*self.select)
        if self.prefetch:
            queryset = queryset.prefetch_related(*self.prefetch)
        first = [self.orderings[sort]] if sort in self.orderings else []
        return queryset.order_by(*first, "position", "pk")

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


# How each register of the schema is shown: its form and what its table loads.
_SCREENS: dict[str, dict[str, Any]] = {
    "goals": {"form_class": forms.GoalForm},
    "tiers": {"form_class": forms.TierForm},
    "groups": {
        "form_class": forms.TargetGroupForm,
        "select": ("tier",),
        "prefetch": (_named(TargetGroup, "inherits_from"),),
    },
    "messages": {
        "form_class": forms.MessageForm,
        "prefetch": (_named(PriorityTier, "tiers"), _named(TargetGroup, "groups")),
    },
    "channels": {"form_class": forms.ChannelForm, "prefetch": (_named(TargetGroup, "groups"),)},
    "activities": {
        "form_class": forms.ActivityForm,
        "prefetch": (
            _named(TargetGroup, "groups"),
            _named(Channel, "channels"),
            Prefetch("messages", queryset=Message.objects.only("pk", "position")),
        ),
        "own_page": True,
    },
    "spokespersons": {"form_class": forms.SpokespersonForm},
    "risks": {
        "form_class": forms.RiskForm,
        # The worst first on request: likelihood × consequence, then the plan's order.
        "orderings": {"score": (F("likelihood") * F("consequence")).desc()},
    },
}

# In the plan document's order (the schema's).
REGISTERS: dict[str, Register] = {
    described.slug: Register(described, **_SCREENS[described.slug])
    for described in schema.REGISTERS
}


class RegisterConverter:
    """URL converter: a register's slug in the path becomes its Register."""

    regex = "|".join(REGISTERS)

    def to_python(self, value: str) -> Register:
        return REGISTERS[value]

    def to_url(self, value: Register | str) -> str:
        return value if isinstance(value, str) else value.slug
