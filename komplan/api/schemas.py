"""The API's documents, built from the plan's schema (`komplan.plans.schema`): each register's
entry as read, as created and as changed, and its list's filters. Nothing here validates what
a person wrote beyond its JSON type: the screens' forms do that (`komplan.api.writing`).

Descriptions are English (the OpenAPI document's language); examples are Swedish
(`komplan.api.examples`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.db import models
from django.utils import translation
from ninja import Schema
from pydantic import Field as PydanticField
from pydantic import WithJsonSchema, create_model
from pydantic.fields import FieldInfo

from komplan.api import examples
from komplan.plans import schema
from komplan.plans.models import Plan

READ_ONLY = "Read only: komplan computes it."
# An id is a database's 64-bit integer: a larger number is no id (and not sent to the database).
MAX_ID = 2**63 - 1
Id = Annotated[int, PydanticField(ge=1, le=MAX_ID)]
# A time of day in komplan's time zone, "09:00" or "09:00:00": JSON Schema's "time" format is
# RFC 3339's, which needs an offset (a meeting starts at nine wherever the clock is read).
LocalTime = Annotated[
    dt.time,
    WithJsonSchema({"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"}),
]


def _base_type(field: models.Field[Any, Any]) -> Any:
    if isinstance(field, models.DateTimeField):
        return dt.datetime
    if isinstance(field, models.TimeField):
        return LocalTime
    if isinstance(field, models.DateField):
        return dt.date
    if isinstance(field, models.BooleanField):
        return bool
    if isinstance(field, models.IntegerField):
        return int
    return str  # text, and decimals written as "15000.00"


def redescribed(info: FieldInfo, text: str) -> FieldInfo:
    """`info` with the description `text`. (Setting `info.description` is lost when pydantic
    merges it with an annotation's own Field: the document kept the first description.)"""
    return FieldInfo.merge_field_infos(info, description=text)


def _described(field: models.Field[Any, Any]) -> str:
    text = str(field.verbose_name).capitalize()
    if field.help_text:
        text += f". {field.help_text}"
    if isinstance(field, models.DecimalField):
        text += ". A decimal number written as a string, e.g. “15000.00”."
    if field.choices:
        values = ", ".join(f"`{value}` ({label})" for value, label in field.flatchoices)
        text += f". One of: {values}."
    return text


def _value_field(model: type[models.Model], name: str, example: Any, *, required: bool) -> Any:
    """(type, pydantic Field) of the model field `name`."""
    field = model._meta.get_field(name)
    kind = _base_type(field)  # type: ignore[arg-type]
    nullable = field.null or not required
    annotation = kind | None if nullable else kind
    extra: dict[str, Any] = {}
    if field.choices:
        values = [value for value, _label in field.flatchoices]  # type: ignore[union-attr]
        if field.blank and "" not in values and kind is str:
            values.append("")  # a blank choice field holds "" (a material not yet approved)
        extra["enum"] = [*values, None] if nullable else values
    if getattr(field, "max_length", None) and kind is str:
        extra["maxLength"] = field.max_length
    default: Any = ... if required else None
    # A number the database cannot hold is refused here, not by an overflow in the database.
    bounds = {"ge": -MAX_ID, "le": MAX_ID} if kind is int else {}
    described = PydanticField(
        default,
        description=_described(field),  # type: ignore[arg-type]
        examples=[example],
        json_schema_extra=extra or None,
        **bounds,
    )
    return annotation, described


def model_field(
    model: type[models.Model],
    name: str,
    example: Any,
    *,
    required: bool,
    read_only: bool = False,
    description: str = "",
) -> Any:
    """(type, pydantic Field) of any field of `model`: a value, or a reference as ids (a
    many-to-many field as a list of them). `description` replaces the one the field's label
    and help text make; a field komplan computes says so."""
    field = model._meta.get_field(name)
    if field.many_to_many:
        target = field.related_model._meta.verbose_name_plural  # type: ignore[union-attr]
        text = f"{str(field.verbose_name).capitalize()}: ids of {target}."
        annotation: Any = list[Id] if required else list[Id] | None
        info = PydanticField(... if required else None, description=text, examples=[example])
    elif field.is_relation:
        target = field.related_model._meta.verbose_name  # type: ignore[union-attr]
        label = str(getattr(field, "verbose_name", name)).capitalize()
        text = f"{label}: the id of a {target}, or null."
        annotation, info = (
            Id | None,
            PydanticField(... if required else None, description=text, examples=[example]),
        )
    else:
        annotation, info = _value_field(model, name, example, required=required)
    if description:
        info = redescribed(info, description)
    if read_only:
        info = redescribed(info, f"{str(info.description).rstrip('.')}. {READ_ONLY}")
    return annotation, info


def _ref_field(register: schema.Register, ref: schema.Ref, example: Any, *, required: bool) -> Any:
    target = schema.by_slug(ref.register)
    field = register.model._meta.get_field(ref.name)
    where = f"the plan's {target.model._meta.verbose_name_plural}"
    if ref.many:
        text = f"{str(field.verbose_name).capitalize()}: ids of {where}."
        annotation: Any = list[Id] | None if not required else list[Id]
        default: Any = ... if required else None
    else:
        text = f"{str(field.verbose_name).capitalize()}: the id of one of {where}, or null."
        annotation = Id | None
        default = ... if required else None
    return annotation, PydanticField(default, description=text, examples=[example])


def _common(name: str, kind: Any, description: str) -> Any:
    return kind, PydanticField(..., description=description, examples=[examples.COMMON[name]])


def _locking() -> dict[str, Any]:
    """The read fields of everything a change names by the version it read."""
    return {
        "lock_version": _common(
            "lock_version",
            int,
            "Its version for optimistic locking: the ETag of its read, the If-Match of a change.",
        ),
        "updated_at": _common("updated_at", dt.datetime, "When it was last changed."),
    }


def _entry_out(register: schema.Register) -> type[Schema]:
    sample = examples.REGISTERS[register.slug]
    fields: dict[str, Any] = {
        "id": _common("id", int, "The entry's id."),
        "position": _common("position", int, "Its place in the plan's document order, 1..N."),
        **_locking(),
    }
    if register.numbered:
        fields["number"] = _common("number", int, "The message's number: its position.")
    for described in register.fields:
        if isinstance(described, schema.Ref):
            fields[described.name] = _ref_field(
                register, described, sample[described.name], required=True
            )
        else:
            annotation, info = _value_field(
                register.model, described.name, sample[described.name], required=True
            )
            if described.derived:
                info = redescribed(info, f"{str(info.description).rstrip('.')}. {READ_ONLY}")
            fields[described.name] = (annotation, info)
    return create_model(f"{register.model.__name__}Out", __base__=Schema, **fields)  # type: ignore[no-any-return, call-overload]


def _is_required(model: type[models.Model], name: str) -> bool:
    field = model._meta.get_field(name)
    return not field.blank and field.default is models.NOT_PROVIDED and not field.many_to_many


def _entry_in(register: schema.Register, *, partial: bool) -> type[Schema]:
    sample = examples.REGISTERS[register.slug]
    fields: dict[str, Any] = {}
    for described in register.content:
        required = not partial and _is_required(register.model, described.name)
        if isinstance(described, schema.Ref):
            fields[described.name] = _ref_field(
                register, described, sample[described.name], required=False
            )
        else:
            fields[described.name] = _value_field(
                register.model, described.name, sample[described.name], required=required
            )
    name = f"{register.model.__name__}{'Change' if partial else 'New'}"
    return create_model(name, __base__=Schema, **fields)  # type: ignore[no-any-return, call-overload]


def _choice_filters(register: schema.Register) -> type[Schema]:
    """The list's filters: each value field with choices (an activity's status, a group's
    reach), and the time of the last change."""
    fields: dict[str, Any] = {
        "updated_since": (
            dt.datetime | None,
            PydanticField(
                None,
                description="Only entries changed at or after this time.",
                examples=[examples.COMMON["updated_at"]],
            ),
        )
    }
    for value in register.values:
        field = register.model._meta.get_field(value.name)
        if field.choices and not value.derived:
            fields[value.name] = _value_field(
                register.model,
                value.name,
                examples.REGISTERS[register.slug][value.name],
                required=False,
            )
            annotation, info = fields[value.name]
            fields[value.name] = (
                annotation,
                redescribed(info, f"Only entries with this value. {_described(field)}"),  # type: ignore[arg-type]
            )
    return create_model(f"{register.model.__name__}Filters", __base__=Schema, **fields)  # type: ignore[no-any-return, call-overload]


class Filter:
    """One filter of a list: the query parameter `name`, the lookup it makes."""

    def __init__(
        self, name: str, lookup: str, kind: Any, description: str, example: Any, **extra: Any
    ) -> None:
        self.name, self.lookup = name, lookup
        # A number the database cannot hold is refused here, not by an overflow in the database.
        bounds = {"ge": -MAX_ID, "le": MAX_ID} if kind is int else {}
        self.field = (
            kind | None,
            PydanticField(
                None,
                description=description,
                examples=[example],
                json_schema_extra=extra or None,
                **bounds,
            ),
        )


class Documents:
    """The documents of a resource that is not a register of the plan's schema (a forum, a
    meeting, an action item, a measurement), from its model's fields: as read (`out`), as
    created (`new`), as changed (`change`), its list's filters and page. `read` are the fields
    only read, `written` those a create and a change send (the screen's form's), `required`
    those a create must send; `described` replaces a field's description, `extra` adds
    fields to the read one (type, Field)."""

    def __init__(
        self,
        model: type[models.Model],
        sample: dict[str, Any],
        *,
        written: list[str],
        read: list[str] = (),  # type: ignore[assignment]
        required: set[str] | None = None,
        changed: list[str] | None = None,
        described: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
        filters: list[Filter] = (),  # type: ignore[assignment]
        name: str = "",
    ) -> None:
        name = name or model.__name__
        described = described or {}
        must = required if required is not None else {n for n in written if _is_required(model, n)}
        out: dict[str, Any] = {"id": _common("id", int, f"The {model._meta.verbose_name}'s id.")}
        # The model's fields the read one carries, in order (`model_out` reads them).
        self.fields = list(dict.fromkeys([*written, *(changed or []), *read]))
        for field in self.fields:
            out[field] = model_field(
                model,
                field,
                sample[field],
                required=True,
                read_only=field in read,
                description=described.get(field, ""),
            )
        out.update(extra or {})
        out.update(_locking())

        def writing(names: list[str], partial: bool) -> dict[str, Any]:
            return {
                field: model_field(
                    model,
                    field,
                    sample[field],
                    required=not partial and field in must,
                    description=described.get(field, ""),
                )
                for field in names
            }

        self.filters_given = list(filters)
        self.out = create_model(f"{name}Out", __base__=Schema, **out)  # type: ignore[call-overload]
        self.new = create_model(f"{name}New", __base__=Schema, **writing(written, False))  # type: ignore[call-overload]
        self.change = create_model(  # type: ignore[call-overload]
            f"{name}Change", __base__=Schema, **writing(changed or written, True)
        )
        self.filters = create_model(  # type: ignore[call-overload]
            f"{name}Filters", __base__=Schema, **{f.name: f.field for f in filters}
        )
        self.page = page_of(self.out, name)

    def lookups(self, filters: Any) -> dict[str, Any]:
        """The queryset's filter of the filters given."""
        return {
            f.lookup: getattr(filters, f.name)
            for f in self.filters_given
            if getattr(filters, f.name) is not None
        }


class RegisterSchemas:
    """A register's documents."""

    def __init__(self, register: schema.Register) -> None:
        self.out = _entry_out(register)
        self.new = _entry_in(register, partial=False)
        self.change = _entry_in(register, partial=True)
        self.filters = _choice_filters(register)
        self.page = page_of(self.out, register.model.__name__)


def page_of(item: type[Schema], name: str) -> type[Schema]:
    return create_model(  # type: ignore[no-any-return, call-overload]
        f"{name}Page",
        __base__=Schema,
        count=(
            int,
            PydanticField(..., description="How many entries match, on all pages.", examples=[250]),
        ),
        limit=(int, PydanticField(..., description="The page's size asked for.", examples=[100])),
        offset=(
            int,
            PydanticField(..., description="How many entries come before this page.", examples=[0]),
        ),
        items=(
            list[item],
            PydanticField(..., description="The page's entries, in the plan's order."),
        ),  # type: ignore[valid-type]
    )


def _plan_schemas() -> tuple[type[Schema], type[Schema], type[Schema]]:
    sample = examples.PLAN
    out: dict[str, Any] = {
        "id": _common("id", int, "The plan's id."),
        "organization": (
            str,
            PydanticField(
                ..., description="The slug of the plan's organisation.", examples=["ekby"]
            ),
        ),
        **_locking(),
    }
    for name in schema.FACTS.workflow:
        annotation, info = _value_field(Plan, name, sample[name], required=True)
        info = redescribed(info, f"{info.description} Changed by the versions workflow alone.")
        out[name] = (annotation, info)
    new: dict[str, Any] = {
        "organization": (
            str,
            PydanticField(
                ...,
                description="The slug of the organisation the plan belongs to (one where you "
                "are an editor or administrator).",
                examples=["ekby"],
            ),
        )
    }
    change: dict[str, Any] = {}
    for fact in schema.FACTS.fields:
        out[fact.name] = _value_field(Plan, fact.name, sample[fact.name], required=True)
        new[fact.name] = _value_field(
            Plan, fact.name, sample[fact.name], required=_is_required(Plan, fact.name)
        )
        change[fact.name] = _value_field(Plan, fact.name, sample[fact.name], required=False)
    return (
        create_model("PlanOut", __base__=Schema, **out),  # type: ignore[call-overload]
        create_model("PlanNew", __base__=Schema, **new),  # type: ignore[call-overload]
        create_model("PlanChange", __base__=Schema, **change),  # type: ignore[call-overload]
    )


with translation.override("en"):
    REGISTERS: dict[str, RegisterSchemas] = {
        register.slug: RegisterSchemas(register) for register in schema.REGISTERS
    }
    PlanOut, PlanNew, PlanChange = _plan_schemas()
    PlanPage = page_of(PlanOut, "Plan")


class Problem(Schema):
    """What went wrong."""

    detail: str = PydanticField(
        ..., description="What went wrong, in the request's language.", examples=["Hittades inte."]
    )
    errors: dict[str, list[str]] = PydanticField(
        default_factory=dict,
        description='What is wrong with each field sent, in the screens\' words ("__all__": '
        "with the whole entry).",
        examples=[{"name": ["Detta fält måste fyllas i."]}],
    )


class StepIn(Schema):
    comment: str = PydanticField(
        "",
        description="Optional. It goes into the plan's revision table.",
        examples=[examples.COMMON["comment"]],
    )
    anyway: bool = PydanticField(
        False,
        description="Submit: take the step even though the plan leaves gaps open.",
        examples=[False],
    )


class ApproveIn(StepIn):
    on_behalf_of: str = PydanticField(
        "",
        description="If you approve as the chair of a body, name it.",
        examples=[examples.COMMON["on_behalf_of"]],
    )


class RevisionOut(Schema):
    version: str = PydanticField(..., description="The plan's version then.", examples=["1.0"])
    date: dt.date = PydanticField(
        ..., description="The day of the revision.", examples=["2026-10-14"]
    )
    comment: str = PydanticField(
        ..., description="What was done.", examples=["Godkänd av styrgruppen"]
    )
    changed_by: str = PydanticField(..., description="Who did it.", examples=["Anna Lindqvist"])
    kind: str = PydanticField(
        ...,
        description="manual (an entry written by hand), submitted, approved, returned, "
        "withdrawn, published, restored, or decision (a meeting approved the version: its "
        "decision, once the minutes are approved).",
        examples=["approved"],
    )


class SnapshotOut(Schema):
    id: int = PydanticField(..., description="The frozen version's id.", examples=[7])
    version: str = PydanticField(..., description="The plan's version frozen.", examples=["1.0"])
    status: str = PydanticField(
        ..., description="submitted, approved or published.", examples=["approved"]
    )
    created_at: dt.datetime = PydanticField(
        ..., description="When it was frozen.", examples=["2026-10-14T09:30:00+02:00"]
    )


class VersionsOut(Schema):
    status: str = PydanticField(
        ...,
        description="The plan's status: draft, submitted, approved or published.",
        examples=["draft"],
    )
    version: str = PydanticField(..., description="The plan's version.", examples=["0.1"])
    revisions: list[RevisionOut] = PydanticField(
        ..., description="The revision table, oldest first."
    )
    snapshots: list[SnapshotOut] = PydanticField(..., description="Frozen versions, oldest first.")


class CoverageOut(Schema):
    owed: int = PydanticField(
        ..., description="Target group–message pairs the plan requires.", examples=[40]
    )
    carried: int = PydanticField(
        ..., description="Required pairs some activity carries.", examples=[34]
    )
    done: int = PydanticField(
        ..., description="Required pairs carried by an activity that is done.", examples=[12]
    )
    gaps: int = PydanticField(..., description="Required pairs no activity carries.", examples=[6])
    cycles: int = PydanticField(
        ..., description="Loops in the groups' inheritance of messages.", examples=[0]
    )
    carried_percent: int = PydanticField(
        ..., description="Carried share of the required pairs, whole percent.", examples=[85]
    )
    done_percent: int = PydanticField(
        ..., description="Done share of the required pairs, whole percent.", examples=[30]
    )
