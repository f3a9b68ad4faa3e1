"""The shape of a plan, described once: its facts and its eight registers, each with its fields
in document order, the field that names an entry and its references to other registers.

Everything that handles a whole plan reads this instead of listing fields itself: the
screens' register list, plan JSON (written and read), the one writer of whole plans (copy,
imports, restoring a version), the comparison of versions, the audit trail, the importers'
length limits and the public page. The rules:

- **Content fields** (`Field`) are what a person writes. They are exported to plan JSON,
  copied, written by imports and restores, compared between versions and recorded in the
  audit trail. Their lengths come from the model (`max_length`), never from a number here.
- **Derived fields** (`Field(derived=True)`) are stored but computed from content fields on
  save (what komplan understood from an activity's time). They are exported, so a document
  of a frozen version shows what was understood then; they are never written from plan JSON,
  compared or audited: the writer computes them again.
- **References** (`Ref`) point into another register: a foreign key (`many=False`) or a
  many-to-many link (`many=True`). Plan JSON writes them as keys ("group-3"), compares them
  as the entries they point at and the audit trail as the entries' names.
- **Bookkeeping** (`BOOKKEEPING`, `ENTRY_BOOKKEEPING`: ids, the plan, position, optimistic
  locking) and the
  fields in `EXCLUDED`, each with the reason, are none of the above.

A model field that is none of these fails `tests/plans/test_schema.py`: adding a field to a
register means deciding here what it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Final

from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

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

__all__ = [
    "BOOKKEEPING",
    "ENTRY_BOOKKEEPING",
    "EXCLUDED",
    "FACTS",
    "REGISTERS",
    "Facts",
    "Field",
    "Ref",
    "Register",
    "by_model",
    "by_slug",
    "clip",
    "described_fields",
]


@dataclass(frozen=True)
class Field:
    """A value field of a register or of the plan's facts."""

    name: str  # the model field
    json: str = ""  # where plan JSON keeps it: "period.start_override"; "" means `name`
    label_text: Any = None  # a label other than the model field's verbose name
    derived: bool = False  # computed on save from content fields (see the module's rules)

    @property
    def path(self) -> str:
        return self.json or self.name

    def label(self, model: type[Model]) -> Any:
        """What people call the field: the model's verbose name unless the schema says."""
        if self.label_text is not None:
            return self.label_text
        return _verbose_name(model, self.name)


@dataclass(frozen=True)
class Ref:
    """A reference into another register: a foreign key, or many-to-many links."""

    name: str  # the model field
    register: str  # the slug of the register it points into
    many: bool = False
    derived: bool = False  # never: references are always content

    @property
    def path(self) -> str:
        return self.name

    def label(self, model: type[Model]) -> Any:
        return _verbose_name(model, self.name)


@dataclass(frozen=True)
class Register:
    """One register of a plan: its model, how plan JSON names its entries and its fields."""

    slug: str  # the entries' name on the plan (`plan.groups`) and in plan JSON ("groups")
    kind: str  # the prefix of its plan-JSON keys: "group" -> "group-3"
    model: type[Model]
    name_field: str  # what an entry is called: labels it, matches it when ids are missing
    fields: tuple[Field | Ref, ...]  # in document order
    numbered: bool = False  # its entries are numbered by position (messages: "number")

    # The field groups below are asked for once per entry by the writer, plan JSON and the
    # audit trail (a 10,000-activity plan asks 100,000 times): each is worked out once.
    # `cached_property` keeps it in the instance's __dict__, which a frozen dataclass allows.

    @property
    def title(self) -> Any:
        return capfirst(self.model._meta.verbose_name_plural)

    @cached_property
    def values(self) -> tuple[Field, ...]:
        """Its value fields, content and derived, in document order."""
        return tuple(f for f in self.fields if isinstance(f, Field))

    @cached_property
    def content(self) -> tuple[Field | Ref, ...]:
        """What a person writes: value fields that are not derived, and every reference."""
        return tuple(f for f in self.fields if not f.derived)

    @cached_property
    def refs(self) -> tuple[Ref, ...]:
        return tuple(f for f in self.fields if isinstance(f, Ref))

    @cached_property
    def links(self) -> tuple[Ref, ...]:
        """Its many-to-many references."""
        return tuple(f for f in self.refs if f.many)

    def max_length(self, field: str) -> int | None:
        """The model's limit on the field's length; None for fields without one."""
        return max_length(self.model, field)


@dataclass(frozen=True)
class Facts:
    """The plan's own fields: its project facts."""

    model: type[Model]
    fields: tuple[Field, ...]
    # Shown in plan JSON but written only by the versions workflow, never by an import.
    workflow: tuple[str, ...]

    def max_length(self, field: str) -> int | None:
        return max_length(self.model, field)


def _verbose_name(model: type[Model], field: str) -> Any:
    return capfirst(getattr(model._meta.get_field(field), "verbose_name", field))


def max_length(model: type[Model], field: str) -> int | None:
    limit = getattr(model._meta.get_field(field), "max_length", None)
    return int(limit) if limit else None


FACTS: Final = Facts(
    model=Plan,
    fields=(
        Field("name"),
        Field("diary_number"),
        Field("client"),
        Field("funder"),
        Field("project_lead"),
        Field("start_date"),
        Field("end_date"),
        Field("language"),
        Field("background"),
        Field("purpose"),
    ),
    workflow=("status", "version"),
)

# In the plan document's order: goals (2), tiers and groups (3), messages (4), channels (5),
# activities (6), spokespersons (7) and risks (8). It is also an order to write in: a register
# refers only to registers before it (groups also to groups), so a writer following it always
# finds what a reference names.
REGISTERS: Final[tuple[Register, ...]] = (
    Register(
        "goals",
        "goal",
        Goal,
        "text",
        (Field("text"), Field("target_value"), Field("unit"), Field("deadline")),
    ),
    Register(
        "tiers",
        "tier",
        PriorityTier,
        "name",
        (Field("name"), Field("definition")),
    ),
    Register(
        "groups",
        "group",
        TargetGroup,
        "name",
        (
            Field("name"),
            Field("reach"),
            Ref("tier", "tiers"),
            Field("description"),
            Ref("inherits_from", "groups", many=True),
        ),
    ),
    Register(
        "messages",
        "message",
        Message,
        "text",
        (
            Field("text"),
            Field("clarification"),
            Ref("tiers", "tiers", many=True),
            Ref("groups", "groups", many=True),
        ),
        numbered=True,
    ),
    Register(
        "channels",
        "channel",
        Channel,
        "name",
        (
            Field("name"),
            Field("description"),
            Field("responsible"),
            Field("reach"),
            Field("cadence"),
            Ref("groups", "groups", many=True),
        ),
    ),
    Register(
        "activities",
        "activity",
        Activity,
        "title",
        (
            Field("title"),
            Field("description"),
            Ref("groups", "groups", many=True),
            Ref("messages", "messages", many=True),
            Ref("channels", "channels", many=True),
            Ref("goals", "goals", many=True),
            Field("responsible"),
            Field("time_text"),
            Field("start_override", "period.start_override", _("Start date set by hand")),
            Field("end_override", "period.end_override", _("End date set by hand")),
            Field("status"),
            Field("recurrence"),
            Field("budget"),
            Field("follow_up"),
            Field("starts_on", "period.start", derived=True),
            Field("ends_on", "period.end", derived=True),
            Field("open_ended", "period.open_ended", derived=True),
            Field("preliminary", "period.preliminary", derived=True),
            Field("period_note", "period.note", derived=True),
            Field("parsed_start", "period.parsed_start", derived=True),
            Field("parsed_end", "period.parsed_end", derived=True),
        ),
    ),
    Register(
        "spokespersons",
        "spokesperson",
        Spokesperson,
        "subject",
        (Field("subject"), Field("name"), Field("role"), Field("contact")),
    ),
    Register(
        "risks",
        "risk",
        Risk,
        "text",
        (
            Field("text"),
            Field("likelihood"),
            Field("consequence"),
            Field("mitigation"),
            Field("owner"),
            Field("status"),
        ),
    ),
)

# The plan and every register entry: ids and optimistic locking; entries also their plan
# and their place in it.
BOOKKEEPING: Final = frozenset({"id", "lock_version", "updated_at", "updated_by"})
ENTRY_BOOKKEEPING: Final = BOOKKEEPING | {"plan", "position"}

# Fields that are neither content, derived nor bookkeeping, each with the reason.
EXCLUDED: Final[dict[type[Model], dict[str, str]]] = {
    Plan: {
        "organization": "the plan's owner: a writer puts the plan in an organisation it is given",
        "status": "written by the versions workflow alone (FACTS.workflow)",
        "version": "written by the versions workflow alone (FACTS.workflow)",
        "copied_from": "where a copy came from: set by the copy, not part of the content",
        "created_at": "when the row was made",
    },
    Activity: {
        "period_reason": "why a time could not be read: shown on the form, recomputed on save",
    },
}

_BY_SLUG: Final = {register.slug: register for register in REGISTERS}
_BY_MODEL: Final = {register.model: register for register in REGISTERS}


def by_slug(slug: str) -> Register:
    """The register called `slug` ("groups"); KeyError for any other name."""
    return _BY_SLUG[slug]


def by_model(model: type[Model]) -> Register:
    """The register whose entries are `model` rows; KeyError for other models."""
    return _BY_MODEL[model]


def clip(model: type[Model], field: str, value: str) -> str:
    """`value` cut to the model field's length, for text from files that may be longer."""
    limit = max_length(model, field)
    return value if limit is None else value[:limit]


def described_fields(model: type[Model]) -> Iterator[str]:
    """The names of `model`'s fields that the schema describes, as content, derived,
    bookkeeping or excluded."""
    if model is Plan:
        yield from (f.name for f in FACTS.fields)
        yield from BOOKKEEPING
    else:
        yield from (f.name for f in by_model(model).fields)
        yield from ENTRY_BOOKKEEPING
    yield from EXCLUDED.get(model, {})
