"""What an import found in a file, before anything is written: plain dataclasses, no ORM.

Every reader (xlsx, csv, Word plan, briefing) returns an `ImportDraft`. Names are kept as
written; `fold` gives the key under which names are matched (case, accents and punctuation
ignored), so "Intranätet" and "intranatet" are the same channel. A `Problem` says what was
not understood and where ("row 7", "paragraph 12", "table 3, row 4").
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

__all__ = [
    "ActivityDraft",
    "ChannelDraft",
    "Column",
    "GoalDraft",
    "GroupDraft",
    "ImportDraft",
    "MessageDraft",
    "PlanFacts",
    "Problem",
    "RevisionDraft",
    "RiskDraft",
    "SpokespersonDraft",
    "TierDraft",
    "draft_from_json",
    "draft_to_json",
    "fold",
]

KINDS = ("activities", "plan", "briefing")
ERROR = "error"  # nothing can be imported until it is fixed
WARNING = "warning"  # something was skipped or guessed
NOTE = "note"  # worth knowing, nothing lost

# Letters that Unicode does not decompose into a base letter and an accent.
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l", "œ": "oe"})
_NON_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """The key a name is matched by: lower case, no accents, words joined by single spaces."""
    text = unicodedata.normalize("NFKD", str(text).casefold()).translate(_LETTERS)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", text).strip()


@dataclass(slots=True)
class Problem:
    """Something the reader did not understand, skipped or guessed, and where."""

    where: str
    text: str
    severity: str = WARNING


@dataclass(slots=True)
class PlanFacts:
    name: str = ""
    diary_number: str = ""
    client: str = ""
    funder: str = ""
    project_lead: str = ""
    start_date: date | None = None
    end_date: date | None = None
    background: str = ""
    purpose: str = ""
    version: str = ""


@dataclass(slots=True)
class TierDraft:
    """A priority tier; `slot` is "core", "primary" or "secondary" when the name says so."""

    name: str
    definition: str = ""
    slot: str = ""
    where: str = ""

    @property
    def key(self) -> str:
        return self.slot or fold(self.name)


@dataclass(slots=True)
class GroupDraft:
    name: str
    reach: str = ""  # "internal", "external" or "" when the file does not say
    tier: str = ""  # a TierDraft key
    description: str = ""
    inherits_from: list[str] = field(default_factory=list)  # group names
    where: str = ""


@dataclass(slots=True)
class MessageDraft:
    text: str
    clarification: str = ""
    tiers: list[str] = field(default_factory=list)  # TierDraft keys
    groups: list[str] = field(default_factory=list)  # group names
    number: int | None = None  # as numbered in the file
    where: str = ""


@dataclass(slots=True)
class ChannelDraft:
    name: str
    description: str = ""
    responsible: str = ""
    reach: str = ""
    cadence: str = ""
    groups: list[str] = field(default_factory=list)
    where: str = ""


@dataclass(slots=True)
class ActivityDraft:
    title: str
    description: str = ""
    groups: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # numbers ("3") or texts
    responsible: str = ""
    time_text: str = ""
    status: str = "planned"
    done_because: str = ""  # "red" or "status", for the preview
    start_date: date | None = None
    end_date: date | None = None
    budget: Decimal | None = None
    follow_up: str = ""
    where: str = ""
    # The activity's id in the plan the file was exported from (komplan's own sheets).
    ref: int | None = None


@dataclass(slots=True)
class GoalDraft:
    text: str
    where: str = ""
    # The target, as the file gives it or as read from the goal's sentence (`guessed`).
    target_value: Decimal | None = None
    unit: str = ""
    deadline: date | None = None
    guessed: bool = False


@dataclass(slots=True)
class RevisionDraft:
    version: str
    date: str = ""
    comment: str = ""
    changed_by: str = ""
    where: str = ""


@dataclass(slots=True)
class SpokespersonDraft:
    """Who speaks for the project on a subject, as a row of a spokesperson table."""

    subject: str
    name: str = ""
    role: str = ""
    contact: str = ""
    where: str = ""


@dataclass(slots=True)
class RiskDraft:
    """A row of a risk table: the scales as numbers 1–5, the status as the model's value."""

    text: str
    likelihood: int = 3
    consequence: int = 3
    mitigation: str = ""
    owner: str = ""
    status: str = "open"
    where: str = ""


@dataclass(slots=True)
class Column:
    """A column of an activity sheet: its place, header text, field and a few values."""

    index: int
    header: str
    field: str  # one of mapping.FIELDS, "" when not imported
    detected: str  # what the reader guessed from the header
    samples: list[str] = dataclasses.field(default_factory=list)  # `field` is a column here


@dataclass(slots=True)
class ImportDraft:
    """Everything one file holds, in file order, with what could not be read."""

    kind: str
    filename: str = ""
    language: str = ""  # guessed from the file's words; "" when it gives no clue
    facts: PlanFacts = field(default_factory=PlanFacts)
    tiers: list[TierDraft] = field(default_factory=list)
    groups: list[GroupDraft] = field(default_factory=list)
    messages: list[MessageDraft] = field(default_factory=list)
    channels: list[ChannelDraft] = field(default_factory=list)
    activities: list[ActivityDraft] = field(default_factory=list)
    goals: list[GoalDraft] = field(default_factory=list)
    revisions: list[RevisionDraft] = field(default_factory=list)
    spokespersons: list[SpokespersonDraft] = field(default_factory=list)
    risks: list[RiskDraft] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Activity sheets only: where the header is and how its columns were read.
    sheets: list[str] = field(default_factory=list)
    sheet: str = ""
    header_row: int | None = None
    columns: list[Column] = field(default_factory=list)
    rows_read: int = 0

    def problem(self, where: str, text: str, severity: str = WARNING) -> None:
        self.problems.append(Problem(where, text, severity))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def is_empty(self) -> bool:
        return not (
            self.groups
            or self.messages
            or self.channels
            or self.activities
            or self.goals
            or self.spokespersons
            or self.risks
        ) and not (self.facts.name and self.kind == "plan")


# --- keeping a draft between the preview and the commit ---------------------------------------


def _plain(value: object) -> object:
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _typed(value: object) -> object:
    if isinstance(value, dict):
        if "$date" in value:
            return date.fromisoformat(value["$date"])
        if "$decimal" in value:
            return Decimal(value["$decimal"])
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return value


_ENTRIES = {
    "tiers": TierDraft,
    "groups": GroupDraft,
    "messages": MessageDraft,
    "channels": ChannelDraft,
    "activities": ActivityDraft,
    "goals": GoalDraft,
    "revisions": RevisionDraft,
    "spokespersons": SpokespersonDraft,
    "risks": RiskDraft,
    "problems": Problem,
    "columns": Column,
}


def draft_to_json(draft: ImportDraft) -> str:
    """The draft as JSON, for the commit to write what the preview showed without reading
    the file again."""
    import json
    from dataclasses import asdict

    return json.dumps(_plain(asdict(draft)), ensure_ascii=False, separators=(",", ":"))


def draft_from_json(text: str) -> ImportDraft:
    """The draft `draft_to_json` wrote; ValueError or TypeError on anything else."""
    import json

    data = _typed(json.loads(text))
    if not isinstance(data, dict):
        raise ValueError("not a draft")
    fields = dict(data)
    for name, kind in _ENTRIES.items():
        fields[name] = [kind(**entry) for entry in fields.get(name, [])]
    fields["facts"] = PlanFacts(**fields.get("facts", {}))
    return ImportDraft(**fields)
