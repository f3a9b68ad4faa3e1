"""The first steps of a new plan, in the order the seed plans are written: who must know
(groups), what (messages), through what (channels), by doing what (activities), to reach
what (goals), and whether every group gets its messages (coverage).

A pure function of the register counts and the coverage summary the overview reads anyway,
so the checklist costs the overview no query of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    key: str
    label: str | Promise
    hint: str | Promise
    done: bool
    url: str


@dataclass(frozen=True)
class Checklist:
    steps: tuple[Step, ...]

    @property
    def done_count(self) -> int:
        return sum(step.done for step in self.steps)

    @property
    def complete(self) -> bool:
        return all(step.done for step in self.steps)

    @property
    def next_step(self) -> Step | None:
        return next((step for step in self.steps if not step.done), None)


REGISTER_STEPS = [
    ("groups", _("Add target groups"), _("Who must know about the project?")),
    ("messages", _("Write messages"), _("What must each priority tier or group know?")),
    ("channels", _("Add channels"), _("Where do you reach the groups?")),
    ("activities", _("Plan activities"), _("What is done, when and by whom?")),
    ("goals", _("Set communication goals"), _("What should the communication achieve?")),
]


def plan_checklist(plan_id: int, counts: dict[str, int], owed: int, gaps: int) -> Checklist:
    """The six first steps of plan `plan_id`, given its register counts and its coverage
    (`owed` group–message pairs, `gaps` of them carried by no activity). Coverage is done
    once something is owed and nothing is missing."""
    steps = [
        Step(
            key,
            label,
            hint,
            counts.get(key, 0) > 0,
            reverse("plans:register_create", args=[plan_id, key]),
        )
        for key, label, hint in REGISTER_STEPS
    ]
    steps.append(
        Step(
            "coverage",
            _("Check the coverage"),
            _("Does every target group get its messages through some activity?"),
            owed > 0 and gaps == 0,
            reverse("plans:coverage_gaps", args=[plan_id]),
        )
    )
    return Checklist(tuple(steps))
