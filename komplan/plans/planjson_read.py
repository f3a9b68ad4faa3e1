"""Reading plan JSON back: a validating reader that turns a document into the writer's data.

`load_plan_json(text)` parses JSON text and reads it; `read_plan_json(document)` reads a
document already parsed (a frozen version's data). Both return a `PlanData` for
`komplan.plans.writer.plan_write`, or raise `PlanJSONError` listing every problem found, each
with its JSON path: `$.activities[3].groups[1]: no target group with key “group-99”`. What
the reader accepts the writer can store: a document that reads never fails in the database.
The rules (docs/plan-json.md, *Reading and importing*):

- **Format.** `format` must be "komplan-plan" and `version` one this code reads (`VERSION`).
- **Names.** Every name in the document must be one the format has: an unknown register,
  field or period field is an error, not silently dropped; so is a name given twice in one
  object (JSON allows it; the second would hide the first).
- **Required.** The plan's `name`, each entry's `key` and what names it (a group's `name`, a
  message's `text`, an activity's `title`…) must be there and not blank. Every other field
  may be missing: it takes the model's default ("" for text, null, "planned" …).
- **Types.** Text is a string (null reads as ""), a date an ISO day "YYYY-MM-DD" or null, a
  decimal a string or a number that fits the model's digits, a whole number (a risk's
  likelihood) a JSON integer, a choice one of its values, a reference one key (or null), a
  list of references a list of keys.
- **Lengths.** Text longer than the model's field is refused, not cut: the person importing
  decides what to shorten. Text holding NUL characters or lone surrogates is refused too (no
  database can store it).
- **References** must name a key of their register; a key is unique within its register, an
  `id` too.
- **Read, not written.** `id` (kept for restoring a version), a message's `number` (its place
  decides), what komplan understood from an activity's time (`period` apart from the
  overrides), the plan's `organization`, `status`, `version`, `last_changed` and
  `changed_by`. A document without `id`s (the public page's, older ones) reads the same.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from django.db import models
from django.utils.translation import gettext as _

from komplan.core.bulk import gc_paused
from komplan.plans import extensions, schema
from komplan.plans.models import Plan
from komplan.plans.planjson import FORMAT, VERSION
from komplan.plans.writer import EntryData, PlanData, RevisionData

__all__ = ["PlanJSONError", "Problem", "load_plan_json", "read_plan_json"]

_DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_PLAN_INFO: Final = frozenset({"organization", "last_changed", "changed_by"})
_REVISION_FIELDS: Final = ("version", "date", "status", "comment", "changed_by")
_MAX_LISTED: Final = 100  # problems kept; a broken 10,000-row file is not 10,000 lines


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong at a JSON path ("$.groups[0].name")."""

    path: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}: {self.text}" if self.path else self.text


class PlanJSONError(ValueError):
    """The document cannot be read as plan JSON; `problems` says what and where."""

    def __init__(self, problems: list[Problem], more: int = 0) -> None:
        self.problems = problems
        self.more = more  # problems found beyond those listed
        super().__init__("; ".join(str(p) for p in problems[:5]))


class _Members(dict[str, Any]):
    """A JSON object that remembers the names it was given more than once."""

    twice: tuple[str, ...] = ()


def _members(pairs: list[tuple[str, Any]]) -> _Members:
    found = _Members(pairs)
    if len(found) < len(pairs):
        names = [name for name, _value in pairs]
        found.twice = tuple(sorted({name for name in names if names.count(name) > 1}))
    return found


@gc_paused()
def load_plan_json(text: str | bytes) -> PlanData:
    """Parse `text` as JSON and read it as plan JSON; PlanJSONError, with the line and
    column of a syntax error, when it cannot be."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise PlanJSONError(
                [Problem("", _("The file is not UTF-8 text (byte %(at)s).") % {"at": error.start})]
            ) from None
    try:
        document = json.loads(text, object_pairs_hook=_members)
    except json.JSONDecodeError as error:
        raise PlanJSONError(
            [
                Problem(
                    "",
                    _("Not valid JSON: %(error)s (line %(line)s, column %(column)s).")
                    % {"error": error.msg, "line": error.lineno, "column": error.colno},
                )
            ]
        ) from None
    except RecursionError:
        raise PlanJSONError([Problem("", _("The JSON is nested too deeply."))]) from None
    return read_plan_json(document)


@gc_paused()
def read_plan_json(document: Any) -> PlanData:
    """The writer's data of a parsed plan-JSON document; PlanJSONError listing every problem."""
    reader = _Reader()
    data = reader.read(document)
    if reader.problems:
        raise PlanJSONError(
            reader.problems[:_MAX_LISTED], max(0, len(reader.problems) - _MAX_LISTED)
        )
    return data


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # slug -> key -> path of the entry that has it
        self.keys: dict[str, dict[str, str]] = {}

    def problem(self, path: str, text: str) -> None:
        self.problems.append(Problem(path, text))

    # --- the document ------------------------------------------------------------------------

    def read(self, document: Any) -> PlanData:
        if not isinstance(document, dict):
            self.problem("$", _("not an object: plan JSON is one object {…}"))
            return PlanData()
        if document.get("format") != FORMAT:
            self.problem(
                "$.format",
                _("not a komplan plan: “format” must be “%(format)s”") % {"format": FORMAT},
            )
            return PlanData()
        version = document.get("version")
        if version != VERSION or isinstance(version, bool):
            self.problem(
                "$.version",
                _("%(version)s is not a version komplan reads (%(versions)s)")
                % {"version": json.dumps(version, ensure_ascii=False), "versions": VERSION},
            )
            return PlanData()
        registers = [register.slug for register in schema.REGISTERS]
        parts = extensions.PARTS
        self.names(document, "$", {"format", "version", "plan", "revisions", *registers, *parts})
        data = PlanData()
        data.facts, data.workflow = self.facts(document.get("plan"), "$.plan")
        data.revisions = self.revisions(document.get("revisions", []), "$.revisions")
        lists: dict[str, list[Any]] = {}
        for register in schema.REGISTERS:
            lists[register.slug] = self.entries_list(document, register)
            self.collect_keys(register, lists[register.slug])
        for register in schema.REGISTERS:
            data.registers[register.slug] = [
                entry
                for n, item in enumerate(lists[register.slug])
                if (entry := self.entry(register, item, f"$.{register.slug}[{n}]")) is not None
            ]
        for name, part in parts.items():  # kept by apps above plans (the cascade)
            if document.get(name) is None:
                continue
            for where, text in part.check(document[name]) if part.check else []:
                self.problem(f"$.{name}.{where}" if where else f"$.{name}", text)
            data.parts[name] = document[name]
        return data

    def names(self, obj: Mapping[str, Any], path: str, allowed: Iterable[str]) -> None:
        """Report the names of `obj` that the format does not have, and those given twice."""
        allowed = set(allowed)
        for name in obj:
            if name not in allowed:
                self.problem(f"{path}.{name}", _("not part of plan JSON"))
        for name in getattr(obj, "twice", ()):
            self.problem(f"{path}.{name}", _("given twice"))

    def facts(self, plan: Any, path: str) -> tuple[dict[str, Any], dict[str, Any]]:
        if plan is None:
            self.problem(path, _("required"))
            return {}, {}
        if not isinstance(plan, dict):
            self.problem(path, _("not an object"))
            return {}, {}
        fields = schema.FACTS.fields
        self.names(plan, path, {*(f.path for f in fields), *schema.FACTS.workflow, *_PLAN_INFO})
        facts: dict[str, Any] = {}
        for f in fields:
            value = self.value(Plan, f.name, plan, f.path, path, required=f.name == "name")
            if value is not _INVALID:
                facts[f.name] = value
        start, end = facts.get("start_date"), facts.get("end_date")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.problem(f"{path}.end_date", _("before the start date"))
        workflow = {
            name: plan[name]
            for name in (*schema.FACTS.workflow, *_PLAN_INFO)
            if isinstance(plan.get(name), str)
        }
        return facts, workflow

    def revisions(self, rows: Any, path: str) -> list[RevisionData]:
        if rows is None:
            return []
        if not isinstance(rows, list):
            self.problem(path, _("not a list"))
            return []
        found = []
        for n, row in enumerate(rows):
            where = f"{path}[{n}]"
            if not isinstance(row, dict):
                self.problem(where, _("not an object"))
                continue
            self.names(row, where, _REVISION_FIELDS)
            values = {}
            for name in _REVISION_FIELDS:
                value = row.get(name)
                if value is None:
                    value = ""
                if not isinstance(value, str):
                    self.problem(f"{where}.{name}", _("not a text"))
                    value = ""
                elif name == "date" and value and self.day(value) is None:
                    self.problem(f"{where}.{name}", _("not a date (YYYY-MM-DD)"))
                values[name] = value
            found.append(RevisionData(**values))
        return found

    # --- registers ---------------------------------------------------------------------------

    def entries_list(self, document: Mapping[str, Any], register: schema.Register) -> list[Any]:
        items = document.get(register.slug)
        if items is None:
            return []
        if not isinstance(items, list):
            self.problem(f"$.{register.slug}", _("not a list"))
            return []
        return items

    def collect_keys(self, register: schema.Register, items: list[Any]) -> None:
        """Every entry's key, before any reference is read (groups refer to groups)."""
        keys = self.keys.setdefault(register.slug, {})
        ids: dict[int, str] = {}
        for n, item in enumerate(items):
            path = f"$.{register.slug}[{n}]"
            if not isinstance(item, dict):
                continue
            key = item.get("key")
            if key is None:
                self.problem(f"{path}.key", _("required"))
            elif not isinstance(key, str) or not key.strip():
                self.problem(
                    f"{path}.key",
                    _("not a key: a key is a text such as “%(kind)s-1”") % {"kind": register.kind},
                )
            elif key in keys:
                self.problem(
                    f"{path}.key",
                    _("“%(key)s” is also the key of %(other)s") % {"key": key, "other": keys[key]},
                )
            else:
                keys[key] = path
            entry_id = item.get("id")
            if entry_id is None:
                continue
            if not _whole(entry_id) or entry_id < 1:
                self.problem(f"{path}.id", _("not a whole number above 0"))
            elif entry_id in ids:
                self.problem(
                    f"{path}.id",
                    _("%(id)s is also the id of %(other)s")
                    % {"id": entry_id, "other": ids[entry_id]},
                )
            else:
                ids[entry_id] = path

    def entry(self, register: schema.Register, item: Any, path: str) -> EntryData | None:
        if not isinstance(item, dict):
            self.problem(path, _("not an object"))
            return None
        shape = _shape(register)
        if not shape.allowed.issuperset(item) or getattr(item, "twice", None):
            self.names(item, path, shape.allowed)
        for name, paths in shape.nested:
            inner = item.get(name)
            if inner is None:
                continue
            if not isinstance(inner, dict):
                self.problem(f"{path}.{name}", _("not an object"))
                continue
            self.names(inner, f"{path}.{name}", paths)
        if register.numbered and "number" in item and not _whole(item["number"]):
            self.problem(f"{path}.number", _("not a whole number"))
        entry = EntryData(key=str(item.get("key", "")))
        if _whole(item.get("id")):
            entry.id = item["id"]
        for f, parents, last, required in shape.content:
            if isinstance(f, schema.Ref):
                entry.refs[f.name] = self.reference(register, f, item, path)
                continue
            obj = item
            for parent in parents:
                inner = obj.get(parent)
                obj = inner if isinstance(inner, dict) else {}
            value = self.read_value(
                _describe(register.model, f.name), obj.get(last), path, f.path, required
            )
            if value is not _INVALID:
                entry.values[f.name] = value
        return entry

    def reference(
        self, register: schema.Register, ref: schema.Ref, item: Mapping[str, Any], path: str
    ) -> Any:
        where = f"{path}.{ref.path}"
        value = item.get(ref.path)
        known = self.keys.get(ref.register, {})
        target = schema.by_slug(ref.register)
        if not ref.many:
            if value is None:
                return None
            if not isinstance(value, str):
                self.problem(where, _("not a key"))
                return None
            if value not in known:
                self.problem(where, _missing(target, value))
                return None
            return value
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(where, _("not a list of keys"))
            return []
        keys: list[str] = []
        for n, key in enumerate(value):
            if not isinstance(key, str):
                self.problem(f"{where}[{n}]", _("not a key"))
            elif key not in known:
                self.problem(f"{where}[{n}]", _missing(target, key))
            elif key not in keys:
                keys.append(key)
        return keys

    # --- values ------------------------------------------------------------------------------

    def value(
        self,
        model: type[models.Model],
        name: str,
        obj: Mapping[str, Any],
        json_path: str,
        path: str,
        *,
        required: bool = False,
    ) -> Any:
        """The model field's value at `json_path` of `obj`, as the model stores it; _INVALID
        (and a problem) when it cannot be."""
        *parents, last = json_path.split(".")
        for parent in parents:
            inner = obj.get(parent)
            obj = inner if isinstance(inner, dict) else {}
        return self.read_value(_describe(model, name), obj.get(last), path, json_path, required)

    def read_value(
        self,
        described: tuple[str, Any, Any, tuple[Any, ...] | None, int | None],
        raw: Any,
        path: str,
        json_path: str,
        required: bool,
    ) -> Any:
        """`raw` as the field `described` (`_describe`) stores it; _INVALID (and a problem
        at `path`.`json_path`, put together only then) when it cannot be."""
        kind, field, default, choices, limit = described
        if kind == "date":
            if raw is None:
                return None
            day = self.day(raw) if isinstance(raw, str) else None
            if day is None:
                self.problem(f"{path}.{json_path}", _("not a date (YYYY-MM-DD)"))
                return _INVALID
            return day
        if kind == "decimal":
            return self.decimal(field, raw, f"{path}.{json_path}")
        if kind == "integer":
            return self.integer(raw, default, choices, f"{path}.{json_path}")
        # Text, with or without choices; missing or null takes the model's default.
        if raw is None:
            raw = default
        problem = ""
        if not isinstance(raw, str):
            problem = _("not a text")
        elif required and not raw.strip():
            problem = _("required")
        elif choices is not None and raw not in choices:
            problem = _("“%(value)s” is not one of %(choices)s") % {
                "value": raw,
                "choices": ", ".join(f"“{c}”" for c in choices),
            }
        elif limit is not None and len(raw) > limit:
            problem = _("%(length)s characters; at most %(limit)s fit") % {
                "length": len(raw),
                "limit": limit,
            }
        elif "\x00" in raw:
            problem = _("holds a NUL character, which cannot be stored")
        elif not raw.isascii() and not _encodes(raw):
            problem = _("not valid Unicode text (a lone surrogate)")
        if problem:
            self.problem(f"{path}.{json_path}", problem)
            return _INVALID
        return raw

    def integer(self, raw: Any, default: Any, choices: tuple[Any, ...] | None, where: str) -> Any:
        """A whole number (a risk's likelihood): missing or null takes the model's default."""
        if raw is None:
            return default
        if not _whole(raw):
            self.problem(where, _("not a whole number"))
            return _INVALID
        if choices is not None and raw not in choices:
            self.problem(
                where,
                _("%(value)s is not one of %(choices)s")
                % {"value": raw, "choices": ", ".join(str(c) for c in choices)},
            )
            return _INVALID
        return raw

    def day(self, raw: str) -> date | None:
        if not _DAY.fullmatch(raw):
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            return None

    def decimal(self, field: Any, raw: Any, where: str) -> Any:
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            self.problem(where, _("not a number"))
            return _INVALID
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():
            self.problem(where, _("not a number"))
            return _INVALID
        places = field.decimal_places
        if value != value.quantize(Decimal(1).scaleb(-places)):
            self.problem(where, _("at most %(places)s decimals") % {"places": places})
            return _INVALID
        if abs(value) >= Decimal(10) ** (field.max_digits - places):
            self.problem(
                where,
                _("too large: at most %(digits)s digits before the decimal point")
                % {"digits": field.max_digits - places},
            )
            return _INVALID
        return value


class _Invalid:
    """A value that could not be read (its problem is reported)."""


_INVALID: Final = _Invalid()


@functools.cache
def _describe(
    model: type[models.Model], name: str
) -> tuple[str, Any, Any, tuple[Any, ...] | None, int | None]:
    """How a model field's value reads: (kind, the field, the default of text, the choices,
    the length limit), looked up once per field."""
    field: Any = model._meta.get_field(name)
    if isinstance(field, models.DateField):
        return "date", field, "", None, None
    if isinstance(field, models.DecimalField):
        return "decimal", field, "", None, None
    if isinstance(field, models.IntegerField):
        values = tuple(value for value, _label in field.flatchoices) if field.choices else None
        return "integer", field, field.get_default(), values, None
    default = str(field.get_default()) if field.has_default() else ""
    choices = tuple(str(value) for value, _label in field.flatchoices) if field.choices else None
    return "text", field, default, choices, schema.max_length(model, name)


@dataclass(frozen=True)
class _Shape:
    """What an entry of a register may hold, worked out once per register rather than once
    per entry (a 10,000-activity plan has 10,000 entries): its names, the nested objects'
    names, and each content field with where it is ((parents), last name) and whether an
    entry needs it."""

    allowed: frozenset[str]
    nested: tuple[tuple[str, frozenset[str]], ...]
    content: tuple[tuple[schema.Field | schema.Ref, tuple[str, ...], str, bool], ...]


_SHAPES: dict[str, _Shape] = {}


def _shape(register: schema.Register) -> _Shape:
    """The register's `_Shape`, kept by slug: hashing the register would hash every field's
    lazy label, which translates it."""
    if register.slug not in _SHAPES:
        _SHAPES[register.slug] = _shape_of(register)
    return _SHAPES[register.slug]


def _shape_of(register: schema.Register) -> _Shape:
    allowed = {"key", "id", *(f.path.split(".")[0] for f in register.fields)}
    if register.numbered:
        allowed.add("number")
    nested = dict.fromkeys(f.path.split(".")[0] for f in register.fields if "." in f.path)
    content = []
    for f in register.content:
        *parents, last = f.path.split(".")
        content.append((f, tuple(parents), last, f.name == register.name_field))
    return _Shape(
        frozenset(allowed),
        tuple(
            (
                name,
                frozenset(
                    f.path.split(".", 1)[1]
                    for f in register.fields
                    if f.path.startswith(f"{name}.")
                ),
            )
            for name in nested
        ),
        tuple(content),
    )


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _missing(target: schema.Register, key: str) -> str:
    return _("no %(entry)s with key “%(key)s”") % {
        "entry": target.model._meta.verbose_name,
        "key": key,
    }
