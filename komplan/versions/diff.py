"""The readable difference between two versions of a plan, read from their plan JSON.

Pure: `diff_plans(old, new)` takes two plan-JSON dicts (docs/plan-json.md) and never touches
the database. Labels are English msgids wrapped in `gettext_lazy`, so the page translates
them; the values of choice fields (reach, status, recurrence, language, a risk's scales) are
turned into their labels in the language active when the diff is made.

The rules:

- **Matching.** An entry of the old version is the same entry in the new version when both
  carry the same `id`. Entries without an `id` (documents written before ids existed) are
  matched by name instead: the casefolded name, title or text, the first unused entry of
  that name in document order. Two entries that both carry an id are never matched by name:
  different ids are different entries, whatever they are called. So in a document with ids a
  renamed entry is *changed* (its name field says so); without ids it is removed and added.
- **References** are compared as the entries they point at, never as keys: a key ("group-3")
  is only a position and shifts when an entry is inserted before it. A reference field of a
  matched entry changes only when the set of entries it refers to changes (matched by the
  rules above). Renaming a group therefore changes the group but not the activities that
  refer to it (with ids); inserting a group changes nothing else. Reference lists are shown as
  the names of the entries, comma-joined in document order; a message as "3. Its text …".
  References to keys a document does not have are left out, as the other readers do.
- **Message numbers** follow position, so `number` is not compared: inserting a message
  would otherwise renumber, and so "change", every message after it. A message is identified
  by its id (or text); its label shows its number in its own version.
- **Text.** Long text fields get a word-level diff (`FieldChange.words`) when both sides have
  text; joining its parts gives back the old text (same + removed) and the new text
  (same + added) exactly.

Indexes are built once per document, so two plans of 10,000 activities compare in a
fraction of a second.
"""

from __future__ import annotations

import difflib
import re
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from django.db.models import Model

from komplan.plans import schema

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = [
    "CHOICES",
    "DISPLAY_LIMIT",
    "FACT_FIELDS",
    "LONG_TEXT_FIELDS",
    "REGISTERS",
    "DiffCounts",
    "EntryChange",
    "EntryRef",
    "FieldChange",
    "PlanDiff",
    "RegisterDiff",
    "choice_label",
    "diff_plans",
    "word_diff",
]

# A register's changed, added or removed entries beyond this many are counted, not listed.
DISPLAY_LIMIT: Final = 200

# Fields whose changes are shown word by word (when both sides have text).
LONG_TEXT_FIELDS: Final = frozenset(
    {
        "description",
        "background",
        "purpose",
        "text",
        "clarification",
        "definition",
        "follow_up",
        "mitigation",
    }
)

SAME: Final = "same"
ADDED: Final = "added"
REMOVED: Final = "removed"


def _choices_of(model: type[Model], name: str) -> Mapping[str, StrOrPromise]:
    field: Any = model._meta.get_field(name)
    return {str(value): label for value, label in field.flatchoices} if field.choices else {}


# Value → label of the choice fields, by (register slug, JSON path); the plan's facts under
# "". From the models through the schema: an activity's and a risk's `status` differ.
CHOICES: Final[Mapping[tuple[str, str], Mapping[str, StrOrPromise]]] = {
    **{
        ("", f.path): choices
        for f in schema.FACTS.fields
        if (choices := _choices_of(schema.FACTS.model, f.name))
    },
    **{
        (register.slug, f.path): choices
        for register in schema.REGISTERS
        for f in register.values
        if (choices := _choices_of(register.model, f.name))
    },
}


def choice_label(register: str, field: str, value: str) -> str:
    """The label of a choice field's value (of `register`, "" for the plan's facts) in the
    active language; unknown values, and fields without choices, as they are."""
    label = CHOICES.get((register, field), {}).get(value)
    return value if label is None else str(label)


# --- the result ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One field that differs. `old` and `new` are display text ("" when empty).

    `words` is the word-level diff of a long text field, a list of (op, text) with op
    "same", "added" or "removed"; `items` the same for a reference list, one part per entry
    name. Both are None where they do not apply."""

    field: str
    label: StrOrPromise
    old: str
    new: str
    words: list[tuple[str, str]] | None = None
    items: list[tuple[str, str]] | None = None

    @property
    def old_words(self) -> list[tuple[str, str]]:
        """The parts of `words` that make the old text: same and removed."""
        return [part for part in self.words or () if part[0] != ADDED]

    @property
    def new_words(self) -> list[tuple[str, str]]:
        """The parts of `words` that make the new text: same and added."""
        return [part for part in self.words or () if part[0] != REMOVED]

    @property
    def old_items(self) -> list[tuple[str, str]]:
        return [part for part in self.items or () if part[0] != ADDED]

    @property
    def new_items(self) -> list[tuple[str, str]]:
        return [part for part in self.items or () if part[0] != REMOVED]


@dataclass(frozen=True)
class EntryRef:
    """An added or removed entry: its label, id (None in documents without ids) and key."""

    label: str
    id: int | None
    key: str


@dataclass(frozen=True)
class EntryChange:
    """An entry in both versions whose fields differ. `label` and `key` are the new
    version's; `old_label` and `old_key` the old one's."""

    label: str
    id: int | None
    key: str
    fields: list[FieldChange]
    old_label: str = ""
    old_key: str = ""

    @property
    def renamed(self) -> bool:
        return self.old_label != self.label


@dataclass(frozen=True)
class RegisterDiff:
    """The differences in one register (its slug: "tiers", "groups", … "risks"), entries in
    document order (removed ones in the old version's order)."""

    register: str
    title: StrOrPromise
    added: list[EntryRef]
    removed: list[EntryRef]
    changed: list[EntryChange]
    unchanged_count: int

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    @property
    def shown_added(self) -> list[EntryRef]:
        return self.added[:DISPLAY_LIMIT]

    @property
    def more_added(self) -> int:
        return max(0, len(self.added) - DISPLAY_LIMIT)

    @property
    def shown_removed(self) -> list[EntryRef]:
        return self.removed[:DISPLAY_LIMIT]

    @property
    def more_removed(self) -> int:
        return max(0, len(self.removed) - DISPLAY_LIMIT)

    @property
    def shown_changed(self) -> list[EntryChange]:
        return self.changed[:DISPLAY_LIMIT]

    @property
    def more_changed(self) -> int:
        return max(0, len(self.changed) - DISPLAY_LIMIT)


class DiffCounts(NamedTuple):
    """Totals over the registers, and the number of changed project facts."""

    added: int
    removed: int
    changed: int
    facts: int

    @property
    def total(self) -> int:
        return self.added + self.removed + self.changed + self.facts


@dataclass(frozen=True)
class PlanDiff:
    """The changed facts and every register's differences, in the order of the plan
    document (the schema's); a register's are also an attribute by slug (`diff.risks`)."""

    facts: list[FieldChange]
    registers: tuple[RegisterDiff, ...]

    def __getattr__(self, slug: str) -> RegisterDiff:
        # Only for names not found otherwise; not while unpickling, before `registers` is set.
        registers: tuple[RegisterDiff, ...] = self.__dict__.get("registers", ())
        for register in registers:
            if register.register == slug:
                return register
        raise AttributeError(slug)

    @property
    def changed_registers(self) -> list[RegisterDiff]:
        return [register for register in self.registers if not register.is_empty]

    @property
    def is_empty(self) -> bool:
        return not self.facts and all(register.is_empty for register in self.registers)

    @property
    def counts(self) -> DiffCounts:
        registers = self.registers
        return DiffCounts(
            added=sum(len(r.added) for r in registers),
            removed=sum(len(r.removed) for r in registers),
            changed=sum(len(r.changed) for r in registers),
            facts=len(self.facts),
        )


# --- what is compared ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    name: str  # the JSON field; "period.start_override" reads inside `period`
    label: StrOrPromise
    ref: str | None = None  # the register a reference field points into
    many: bool = False  # a list of references (compared as a set)


@dataclass(frozen=True)
class _Register:
    slug: str
    title: StrOrPromise
    name_field: str  # what an entry is called: matches entries without ids, labels them
    fields: tuple[_Field, ...]


def _compared(model: type[Model], field: schema.Field | schema.Ref) -> _Field:
    """A schema field as the comparison reads it: at its JSON path, with the form's label."""
    if isinstance(field, schema.Ref):
        return _Field(field.path, field.label(model), ref=field.register, many=field.many)
    return _Field(field.path, field.label(model))


# What is compared is the schema's content: derived fields follow from it, and a message's
# `number` is its position (see the module's docstring).
FACT_FIELDS: Final[tuple[_Field, ...]] = tuple(
    _compared(schema.FACTS.model, field) for field in schema.FACTS.fields
)
REGISTERS: Final[tuple[_Register, ...]] = tuple(
    _Register(
        register.slug,
        register.title,
        register.name_field,
        tuple(_compared(register.model, field) for field in register.content),
    )
    for register in schema.REGISTERS
)

# Matching reads ids and names only, never references, so registers match in any order.
_BY_SLUG: Final = {register.slug: register for register in REGISTERS}

_LABEL_LENGTH: Final = 80


# --- diffing ------------------------------------------------------------------------------


def diff_plans(old: Mapping[str, Any], new: Mapping[str, Any]) -> PlanDiff:
    """What changed from the plan JSON `old` to the plan JSON `new` (see the module's rules)."""
    facts = _diff_fields(FACT_FIELDS, old.get("plan") or {}, new.get("plan") or {}, None)
    old_doc, new_doc = _Document(old), _Document(new)
    matches = {
        slug: _Match(old_doc.entries[slug], new_doc.entries[slug], _BY_SLUG[slug].name_field)
        for slug in _BY_SLUG
    }
    refs = _References(old_doc, new_doc, matches)
    found = tuple(
        _diff_register(register, old_doc, new_doc, matches[register.slug], refs)
        for register in REGISTERS
    )
    return PlanDiff(facts=facts, registers=found)


def _diff_register(
    register: _Register,
    old_doc: _Document,
    new_doc: _Document,
    match: _Match,
    refs: _References,
) -> RegisterDiff:
    slug = register.slug
    old_entries, new_entries = old_doc.entries[slug], new_doc.entries[slug]
    old_labels, new_labels = old_doc.labels[slug], new_doc.labels[slug]
    added = [
        EntryRef(new_labels[j], _id(new_entries[j]), _key(new_entries[j]))
        for j, i in enumerate(match.new_to_old)
        if i is None
    ]
    removed = [
        EntryRef(old_labels[i], _id(old_entries[i]), _key(old_entries[i]))
        for i, j in enumerate(match.old_to_new)
        if j is None
    ]
    changed: list[EntryChange] = []
    unchanged = 0
    for j, i in enumerate(match.new_to_old):
        if i is None:
            continue
        fields = _diff_fields(register.fields, old_entries[i], new_entries[j], refs, slug)
        if not fields:
            unchanged += 1
            continue
        changed.append(
            EntryChange(
                label=new_labels[j],
                id=_id(new_entries[j]),
                key=_key(new_entries[j]),
                fields=fields,
                old_label=old_labels[i],
                old_key=_key(old_entries[i]),
            )
        )
    return RegisterDiff(
        register=slug,
        title=register.title,
        added=added,
        removed=removed,
        changed=changed,
        unchanged_count=unchanged,
    )


def _diff_fields(
    fields: Iterable[_Field],
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    refs: _References | None,
    register: str = "",
) -> list[FieldChange]:
    """The fields of `fields` that differ from `old` to `new`, entries of `register` ("" for
    the plan's facts)."""
    found: list[FieldChange] = []
    for spec in fields:
        if spec.ref is not None and refs is not None:
            change = refs.compare(spec, old, new)
            if change is not None:
                found.append(change)
            continue
        raw_before, raw_after = _value(old, spec.name), _value(new, spec.name)
        if raw_before == raw_after:
            continue
        before, after = _text(raw_before), _text(raw_after)
        if before == after:
            continue
        words = None
        if spec.name in LONG_TEXT_FIELDS and before and after:
            words = word_diff(before, after)
        if (register, spec.name) in CHOICES:
            before = choice_label(register, spec.name, before)
            after = choice_label(register, spec.name, after)
        found.append(FieldChange(spec.name, spec.label, before, after, words=words))
    return found


def _value(entry: Mapping[str, Any], name: str) -> Any:
    if "." in name:
        outer, inner = name.split(".", 1)
        nested = entry.get(outer)
        return nested.get(inner) if isinstance(nested, Mapping) else None
    return entry.get(name)


def _text(value: Any) -> str:
    """A field's value as display text: None is empty, numbers as written."""
    return "" if value is None else str(value)


def _id(entry: Mapping[str, Any]) -> int | None:
    value = entry.get("id")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _key(entry: Mapping[str, Any]) -> str:
    return str(entry.get("key") or "")


def _name_key(entry: Mapping[str, Any], name_field: str) -> str:
    return " ".join(_text(entry.get(name_field)).split()).casefold()


def _shorten(text: str, limit: int = _LABEL_LENGTH) -> str:
    """`text` on one line, cut at a word boundary with "…" when longer than `limit`."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:–-") + "…"


class _Document:
    """One plan JSON's registers, with every entry's label and each register's key index."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.entries: dict[str, list[Mapping[str, Any]]] = {}
        self.labels: dict[str, list[str]] = {}
        self.index: dict[str, dict[str, int]] = {}
        for register in REGISTERS:
            rows = [row for row in data.get(register.slug) or () if isinstance(row, Mapping)]
            self.entries[register.slug] = rows
            self.index[register.slug] = {_key(row): n for n, row in enumerate(rows)}
            self.labels[register.slug] = [
                _label(register, row, n) for n, row in enumerate(rows, start=1)
            ]


def _label(register: _Register, entry: Mapping[str, Any], position: int) -> str:
    name = _text(entry.get(register.name_field))
    if register.slug == "messages":
        number = entry.get("number") or position
        return f"{number}. {_shorten(name)}".rstrip()
    if register.slug == "goals":
        name = _shorten(name)
    return name.strip() or _key(entry) or f"#{position}"


class _Match:
    """Which old entry is which new entry: `old_to_new[i]` is the new index of old entry i
    (None: removed), `new_to_old[j]` the old index of new entry j (None: added)."""

    def __init__(
        self, old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]], name_field: str
    ) -> None:
        self.old_to_new: list[int | None] = [None] * len(old)
        self.new_to_old: list[int | None] = [None] * len(new)
        old_ids = [_id(entry) for entry in old]
        new_ids = [_id(entry) for entry in new]
        by_id: dict[int, int] = {}
        for i, entry_id in enumerate(old_ids):
            if entry_id is not None:
                by_id.setdefault(entry_id, i)
        for j, entry_id in enumerate(new_ids):
            twin = by_id.get(entry_id) if entry_id is not None else None
            if twin is not None and self.old_to_new[twin] is None:
                self._pair(twin, j)
        if all(entry_id is not None for entry_id in old_ids + new_ids):
            return
        # By name, where one of the two lacks an id: the first unused entry of that name.
        any_by_name: dict[str, deque[int]] = {}
        unnumbered_by_name: dict[str, deque[int]] = {}
        for i, entry in enumerate(old):
            if self.old_to_new[i] is not None:
                continue
            name = _name_key(entry, name_field)
            any_by_name.setdefault(name, deque()).append(i)
            if old_ids[i] is None:
                unnumbered_by_name.setdefault(name, deque()).append(i)
        for j, entry in enumerate(new):
            if self.new_to_old[j] is not None:
                continue
            pool = any_by_name if new_ids[j] is None else unnumbered_by_name
            candidates = pool.get(_name_key(entry, name_field))
            while candidates and self.old_to_new[candidates[0]] is not None:
                candidates.popleft()
            if candidates:
                self._pair(candidates.popleft(), j)

    def _pair(self, i: int, j: int) -> None:
        self.old_to_new[i] = j
        self.new_to_old[j] = i


class _References:
    """Keys of both documents as tokens of the entries they name: an old entry and the new
    entry it matches share a token, so sets of tokens compare entries, not positions."""

    def __init__(
        self, old_doc: _Document, new_doc: _Document, matches: Mapping[str, _Match]
    ) -> None:
        self.old_doc, self.new_doc = old_doc, new_doc
        self.old_tokens: dict[str, dict[str, int]] = {}
        self.new_tokens: dict[str, dict[str, int]] = {}
        for slug, match in matches.items():
            # A matched or added entry's token is its new index; a removed one's is negative.
            self.new_tokens[slug] = dict(new_doc.index[slug])
            self.old_tokens[slug] = {
                key: _token(i, match.old_to_new[i]) for key, i in old_doc.index[slug].items()
            }

    def compare(
        self, spec: _Field, old: Mapping[str, Any], new: Mapping[str, Any]
    ) -> FieldChange | None:
        slug = spec.ref
        assert slug is not None
        old_value, new_value = old.get(spec.name), new.get(spec.name)
        old_tokens = _tokens(old_value, self.old_tokens[slug])
        new_tokens = _tokens(new_value, self.new_tokens[slug])
        if old_tokens == new_tokens:
            return None
        old_keys = _keys(old_value, self.old_tokens[slug])
        new_keys = _keys(new_value, self.new_tokens[slug])
        old_labels, new_labels = self.old_doc.labels[slug], self.new_doc.labels[slug]
        old_index, new_index = self.old_doc.index[slug], self.new_doc.index[slug]
        before = [old_labels[old_index[key]] for key in old_keys]
        after = [new_labels[new_index[key]] for key in new_keys]
        items = None
        if spec.many:
            items = [
                (SAME if self.old_tokens[slug][key] in new_tokens else REMOVED, label)
                for key, label in zip(old_keys, before, strict=True)
            ] + [
                (ADDED, label)
                for key, label in zip(new_keys, after, strict=True)
                if self.new_tokens[slug][key] not in old_tokens
            ]
        return FieldChange(spec.name, spec.label, ", ".join(before), ", ".join(after), items=items)


def _token(old_index: int, new_index: int | None) -> int:
    return -1 - old_index if new_index is None else new_index


def _tokens(value: Any, tokens: Mapping[str, int]) -> set[int]:
    """The tokens of the entries a reference field names (the fast path of `_keys`)."""
    if value is None:
        return set()
    if isinstance(value, str):
        return {tokens[value]} if value in tokens else set()
    try:
        return {tokens[key] for key in value if key in tokens}
    except TypeError:  # an unhashable "key" in a malformed document
        return {tokens[key] for key in _keys(value, tokens)}


def _keys(value: Any, known: Mapping[str, int]) -> list[str]:
    """The keys of a reference field (one key, a list or None) that the document has, once
    each, in the order given."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value in known else []
    seen: dict[str, None] = {}
    for key in value:
        if isinstance(key, str) and key in known:
            seen.setdefault(key, None)
    return list(seen)


# --- words --------------------------------------------------------------------------------

_WORD = re.compile(r"(\S+)(\s*)")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The word-level difference of two texts as (op, text) parts, op "same", "added" or
    "removed". Whitespace stays in the parts, so the same and removed parts join to `old`
    and the same and added parts join to `new`. Words are compared without the whitespace
    after them; a change of whitespace alone (a new paragraph break) shows as one."""
    old_lead, old_words = _words(old)
    new_lead, new_words = _words(new)
    parts: list[tuple[str, str]] = []
    _emit_pair(parts, old_lead, new_lead)
    matcher = difflib.SequenceMatcher(
        None, [word for word, _ in old_words], [word for word, _ in new_words], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for (word, old_space), (_word, new_space) in zip(
                old_words[i1:i2], new_words[j1:j2], strict=True
            ):
                parts.append((SAME, word))
                _emit_pair(parts, old_space, new_space)
        else:
            parts.append((REMOVED, "".join(w + s for w, s in old_words[i1:i2])))
            parts.append((ADDED, "".join(w + s for w, s in new_words[j1:j2])))
    return _tidy([part for part in parts if part[1]])


def _words(text: str) -> tuple[str, list[tuple[str, str]]]:
    body = text.lstrip()
    return text[: len(text) - len(body)], [(match[1], match[2]) for match in _WORD.finditer(body)]


def _emit_pair(parts: list[tuple[str, str]], old: str, new: str) -> None:
    if old == new:
        parts.append((SAME, old))
    else:
        parts.append((REMOVED, old))
        parts.append((ADDED, new))


def _tidy(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Readable parts: whitespace alone between two changes joins them, each run of changes
    becomes one removed and one added part, and whitespace both end with is kept as same."""
    merged = _merge(parts)
    spread: list[tuple[str, str]] = []
    for n, (op, text) in enumerate(merged):
        if op == SAME and text.isspace() and 0 < n < len(merged) - 1:
            spread += [(REMOVED, text), (ADDED, text)]
        else:
            spread.append((op, text))
    tidy: list[tuple[str, str]] = []
    removed: list[str] = []
    added: list[str] = []

    def flush() -> None:
        before, after = "".join(removed), "".join(added)
        removed.clear()
        added.clear()
        tail = ""
        if before and after:
            common = len(before) - len(before.rstrip())
            common = min(common, len(after) - len(after.rstrip()))
            while common and before[-common:] != after[-common:]:
                common -= 1
            if common:
                tail, before, after = before[-common:], before[:-common], after[:-common]
        if before:
            tidy.append((REMOVED, before))
        if after:
            tidy.append((ADDED, after))
        if tail:
            tidy.append((SAME, tail))

    for op, text in spread:
        if op == SAME:
            flush()
            tidy.append((op, text))
        else:
            (removed if op == REMOVED else added).append(text)
    flush()
    return _merge(tidy)


def _merge(parts: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    merged: list[tuple[str, str]] = []
    for op, text in parts:
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return merged
