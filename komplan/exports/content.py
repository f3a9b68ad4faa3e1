"""What the plan document says, section by section, before any file format: pure, no Django.

`plan_document(data)` turns a plan JSON into a `PlanDocument` of cleaned, labelled strings
and table rows in the seed plan's order: 1 project information, dates and revisions;
2 introduction; 3 target groups; 4 messages by tier; 5 channels; 6 activities and the
activity plan. The Word builder and the PDF's print template both lay out this one object,
so the two documents cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from komplan.exports.labels import labels_for, xml_language
from komplan.exports.text import clean, one_line, paragraphs, safe_filename
from komplan.plans.models import HIGH_RISK, MEDIUM_RISK, risk_level
from komplan.plans.planjson import check_plan_json

__all__ = [
    "SECTION_BUILDERS",
    "ActivitySection",
    "ExtraSection",
    "Heading",
    "MessageItem",
    "MessageSection",
    "PlanDocument",
    "Revision",
    "Table",
    "document_filename",
    "is_draft",
    "plan_document",
    "spreadsheet_filename",
    "version_day",
]


@dataclass(frozen=True, slots=True)
class Revision:
    """One row of the revision table."""

    version: str
    date: str
    comment: str
    changed_by: str


@dataclass(frozen=True, slots=True)
class Table:
    """A table with one header row; `marked` rows are done activities (shaded red)."""

    header: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    widths: tuple[int, ...]  # relative column widths
    marked: frozenset[int] = frozenset()

    @property
    def percentages(self) -> tuple[str, ...]:
        """The column widths as CSS percentages, e.g. ("25.0", "75.0")."""
        total = sum(self.widths)
        return tuple(f"{100 * w / total:.1f}" for w in self.widths)


# How many characters of 9-point table text a line holds across the page, portrait and
# landscape A4 within komplan's margins (Arial averages about 0.55 em a character).
PORTRAIT_CHARS, LANDSCAPE_CHARS = 95, 145
# A word longer than this is broken anyway (a URL, a hostile test string): it gets no wider
# column than a word of this length.
LONGEST_WORD = 22


def fitted_widths(
    weights: Sequence[int],
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    line: int = PORTRAIT_CHARS,
) -> tuple[int, ...]:
    """Relative column widths (in characters) from `weights`, widened so that each column
    holds its longest word (up to LONGEST_WORD) without breaking it: narrow columns such as
    responsible and status split "Föreningskonsulent" mid-word."""
    need = []
    for column, label in enumerate(header):
        # The column's words, split once (a 10,000-row table's column is one join).
        words = " ".join([label, *(row[column] for row in rows)]).split()
        longest = max(map(len, words), default=0)
        # A long word is wider than the average text (bold first columns and headers, "m",
        # "ä"); + the cell's padding.
        need.append(int(min(LONGEST_WORD, longest) * 1.2 + 0.999) + 2)
    spare = line - sum(need)
    if spare <= 0:
        return tuple(need)
    total = sum(weights)
    # Each column gets its weight's share of the line, or what its longest word needs.
    share = [max(n, line * w // total) for n, w in zip(need, weights, strict=True)]
    if sum(share) <= line:
        return tuple(share)
    # Too wide: the columns that need more than their share keep it, the others share the rest.
    fixed = [n if n > line * w // total else 0 for n, w in zip(need, weights, strict=True)]
    rest = line - sum(fixed)
    free = sum(w for f, w in zip(fixed, weights, strict=True) if not f)
    return tuple(
        f or max(n, rest * w // max(free, 1)) for f, n, w in zip(fixed, need, weights, strict=True)
    )


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    number: str
    text: str

    @property
    def title(self) -> str:
        return f"{self.number} {self.text}"

    @property
    def anchor(self) -> str:
        """An HTML id, e.g. "section-6-2"."""
        return "section-" + self.number.replace(".", "-")


@dataclass(frozen=True, slots=True)
class MessageItem:
    number: int
    text: str
    note: str = ""  # e.g. "Also to: Servicecenter."


@dataclass(frozen=True, slots=True)
class MessageSection:
    heading: Heading
    messages: list[MessageItem]
    clarifications: list[tuple[int, list[str]]]  # (message number, paragraphs)


@dataclass(frozen=True, slots=True)
class ActivitySection:
    heading: Heading
    paragraphs: list[str]


@dataclass(frozen=True, slots=True)
class ExtraSection:
    """A section that an app above exports adds after the activity plan (the cascade's
    "Spridning"): its heading, paragraphs, an SVG drawing (the PDF shows it; "" for none),
    the same drawing cut into pieces that each fit a landscape page (Word shows them as
    pictures, one under the other: it cannot break a picture across pages) and a table."""

    heading: Heading
    paragraphs: list[str]
    svg: str
    table: Table
    pieces: list[str] = field(default_factory=list)
    alt: str = ""  # the drawing in words, for the pictures' alternative text


# Builders of extra sections, registered by apps above exports in their `AppConfig.ready`
# (exports imports none of them): builder(plan JSON, section number) -> ExtraSection | None.
SECTION_BUILDERS: list[Callable[[Mapping[str, Any], str], ExtraSection | None]] = []


@dataclass(slots=True)
class PlanDocument:
    """The plan document's content; headings carry their section numbers."""

    language: str
    xml_language: str
    labels: Mapping[str, str]
    title: str
    organization: str
    version: str
    status: str
    draft: bool  # a draft (or a draft submitted for approval): not published, no date
    publication_date: str  # "" for a draft
    created: str  # the day of the first revision (ISO), for the file's properties
    modified: str  # the day of this version: its publication, or a draft's last change
    changed_by: str  # who changed the plan last
    spreadsheet: str  # the file name of the activity-plan workbook
    facts: list[tuple[str, str]]
    dates: list[tuple[str, str]]
    revisions: Table
    background: list[str]
    purpose: list[str]
    goals: list[str]
    tier_definitions: list[tuple[str, str]]
    groups: Table
    message_sections: list[MessageSection]
    channels: Table
    activity_sections: list[ActivitySection]
    activities_summary: str
    activity_plan: Table
    activity_plan_summary: str
    headings: dict[str, Heading] = field(default_factory=dict)
    # The plan's spokespersons and risks (7, 8), each when the plan has any, then the
    # sections of apps above exports, numbered after them.
    register_sections: list[ExtraSection] = field(default_factory=list)
    extra_sections: list[ExtraSection] = field(default_factory=list)

    @property
    def document_type(self) -> str:
        return self.labels["document_type"]

    @property
    def draft_mark(self) -> str:
        """What a draft prints where a published plan prints its date: "Utkast"."""
        return self.labels["plan_draft"]

    @property
    def outline(self) -> list[Heading]:
        """Every numbered heading in document order: the table of contents."""
        fixed = self.headings
        out = [fixed[k] for k in ("assignment", "dates", "revisions", "introduction")]
        out += [fixed[k] for k in ("background", "purpose", "goals", "structure")]
        out += [fixed["target_groups"], fixed["messages"]]
        out += [section.heading for section in self.message_sections]
        out += [fixed["channels"], fixed["planning"], fixed["activities"]]
        out += [section.heading for section in self.activity_sections]
        out.append(fixed["activity_plan"])
        out += [section.heading for section in self.after_activity_plan]
        return out

    @property
    def after_activity_plan(self) -> list[ExtraSection]:
        """The numbered sections after the activity plan, in document order."""
        return [*self.register_sections, *self.extra_sections]


# A longer name is shortened with an ellipsis in the page header (it wraps to two lines at
# most); the cover and the project facts show it whole.
HEADER_TITLE_CHARS = 80


@dataclass(frozen=True, slots=True)
class PageHeader:
    """The texts of the PDFs' page header and footer (the Word header sets its labels
    apart)."""

    left: str  # the publication date (or the draft mark), a newline, the project's name
    centre: str  # the document type
    version: str
    footer: str  # the organisation


def page_header(doc: PlanDocument) -> PageHeader:
    labels = doc.labels
    published = f"{labels['publication_date']} {doc.publication_date or '–'}"
    if doc.draft:
        published = doc.draft_mark  # not published: no date
    return PageHeader(
        left=f"{published}\n{labels['project']} {one_line(doc.title, HEADER_TITLE_CHARS)}",
        centre=f"{labels['document_type_label']} {doc.document_type}",
        version=f"{labels['version']} {one_line(doc.version, 20)}",
        footer=one_line(doc.organization, 100),
    )


def plan_document(
    data: Mapping[str, Any],
    *,
    revisions: Sequence[Revision] | None = None,
    describe_activities: int | None = None,
    list_activities: int | None = None,
) -> PlanDocument:
    """The document of plan JSON `data` in the plan's language.

    `revisions` replaces the revision rows of `data`. `describe_activities` limits section
    6.1, and `list_activities` the activity-plan table, to the first that many activities;
    the document then says so and points to the spreadsheet. None: all of them.
    """
    check_plan_json(data)
    plan = data["plan"]
    labels = labels_for(plan["language"])
    names = _Names(data, labels)
    rows = (
        list(revisions)
        if revisions is not None
        else [_revision(r, labels) for r in data["revisions"]]
    )
    headings = _fixed_headings(labels)
    activities = data["activities"]
    shown = activities if describe_activities is None else activities[:describe_activities]
    summary = ""
    if len(shown) < len(activities):
        summary = labels["activities_summary"].format(count=len(activities), shown=len(shown))
    listed = activities if list_activities is None else activities[:list_activities]
    table_summary = ""
    if len(listed) < len(activities):
        table_summary = labels["activity_plan_summary"].format(
            count=len(activities), shown=len(listed), file=spreadsheet_filename(data)
        )
    register_sections = _register_sections(data, labels)
    draft = is_draft(data)
    published = "" if draft else (rows[-1].date if rows else (plan["last_changed"] or ""))
    return PlanDocument(
        language=plan["language"],
        xml_language=xml_language(plan["language"]),
        labels=labels,
        title=clean(plan["name"]),
        organization=clean(plan["organization"]),
        version=clean(plan["version"]),
        status=labels.get(f"plan_{plan['status']}", clean(plan["status"])),
        draft=draft,
        publication_date=published,
        created=next((r.date for r in rows if r.date), "") or version_day(data),
        modified=version_day(data),
        changed_by=clean(plan.get("changed_by")),
        spreadsheet=spreadsheet_filename(data),
        facts=_facts(plan, labels),
        dates=[
            (labels["start"], plan["start_date"] or "–"),
            (labels["end"], plan["end_date"] or "–"),
        ],
        revisions=_table(
            (labels["version"], labels["date"], labels["comment"], labels["changed_by"]),
            [(r.version, r.date, r.comment, r.changed_by) for r in rows],
            (1, 2, 5, 3),
        ),
        background=paragraphs(plan["background"]),
        purpose=paragraphs(plan["purpose"]),
        goals=[_goal(goal, labels) for goal in data["goals"]],
        tier_definitions=[(clean(t["name"]), clean(t["definition"])) for t in data["tiers"]],
        groups=_groups_table(data, labels, names),
        message_sections=_message_sections(data, labels, names),
        channels=_table(
            (labels["channel"], labels["description"], labels["responsible"]),
            [
                (clean(c["name"]), clean(c["description"]), clean(c["responsible"]))
                for c in data["channels"]
            ],
            (3, 5, 2),
        ),
        activity_sections=[
            ActivitySection(Heading(3, f"6.1.{n}", clean(a["title"])), paragraphs(a["description"]))
            for n, a in enumerate(shown, start=1)
        ],
        activities_summary=summary,
        activity_plan=_activity_table(listed, labels, names),
        activity_plan_summary=table_summary,
        headings=headings,
        register_sections=register_sections,
        extra_sections=_extra_sections(data, 7 + len(register_sections)),
    )


def _extra_sections(data: Mapping[str, Any], first: int) -> list[ExtraSection]:
    """The registered apps' sections, numbered `first`, `first` + 1, … after the plan's."""
    found: list[ExtraSection] = []
    for build in SECTION_BUILDERS:
        section = build(data, str(first + len(found)))
        if section is not None:
            found.append(section)
    return found


def _register_sections(data: Mapping[str, Any], labels: Mapping[str, str]) -> list[ExtraSection]:
    """The spokespersons (7) and the risk register (8), each only when the plan has entries
    (a plan without them keeps its numbering); a plan JSON from before them has neither."""
    found: list[ExtraSection] = []
    spokespersons = data.get("spokespersons") or []
    if spokespersons:
        header: tuple[str, ...] = (
            labels["subject"],
            labels["person"],
            labels["role"],
            labels["contact"],
        )
        rows: list[tuple[str, ...]] = [
            (clean(p["subject"]), clean(p["name"]), clean(p["role"]), clean(p["contact"]))
            for p in spokespersons
        ]
        number = str(7 + len(found))
        table = _table(header, rows, (4, 3, 3, 4))
        found.append(ExtraSection(Heading(1, number, labels["spokespersons"]), [], "", table))
    risks = data.get("risks") or []
    if risks:
        # Five columns, few enough for a portrait line, which the widths are fitted to though
        # both documents print the section on the activity plan's landscape pages: the score
        # cell also gives its two factors.
        header = (
            labels["risk"],
            labels["risk_score"],
            labels["mitigation"],
            labels["owner"],
            labels["status"],
        )
        rows = [_risk_row(r, labels) for r in risks]
        number = str(7 + len(found))
        table = _table(header, rows, (6, 3, 6, 3, 2))
        heading = Heading(1, number, labels["risks"])
        text = labels["risks_text"].format(high=HIGH_RISK, medium=MEDIUM_RISK)
        found.append(ExtraSection(heading, [text], "", table))
    return found


def _risk_row(risk: Mapping[str, Any], labels: Mapping[str, str]) -> tuple[str, ...]:
    likelihood, consequence = risk.get("likelihood"), risk.get("consequence")
    scored = isinstance(likelihood, int) and isinstance(consequence, int)
    score = likelihood * consequence if scored else 0  # type: ignore[operator]
    level = risk_level(score)
    status = str(risk.get("status") or "")
    return (
        clean(risk["text"]),
        f"{labels[f'risk_{level}']} {score}\n({likelihood} × {consequence})" if scored else "–",
        clean(risk.get("mitigation")),
        clean(risk.get("owner")),
        labels.get(f"risk_{status}", clean(status)),
    )


def document_filename(data: Mapping[str, Any], extension: str) -> str:
    """E.g. "Digital bokning av lokaler – Kommunikationsplan.docx", in the plan's language."""
    labels = labels_for(data["plan"]["language"])
    return f"{safe_filename(data['plan']['name'])} – {labels['document_type']}.{extension}"


# A plan in these states has not been published: its documents say "Utkast", not a date.
UNPUBLISHED = frozenset({"draft", "submitted"})


def is_draft(data: Mapping[str, Any]) -> bool:
    """True when plan JSON `data` is of a draft (or a draft submitted for approval)."""
    return data["plan"]["status"] in UNPUBLISHED


def version_day(data: Mapping[str, Any]) -> str:
    """The day (ISO) of the plan's version: a draft's last change, else its latest
    revision (the approval or publication); "" when unknown."""
    revisions = [r.get("date") for r in data.get("revisions", ()) if r.get("date")]
    if is_draft(data) or not revisions:
        return data["plan"].get("last_changed") or (revisions[-1] if revisions else "")
    return str(revisions[-1])


def spreadsheet_filename(data: Mapping[str, Any]) -> str:
    """The activity-plan workbook's name, e.g. "Digital bokning av lokaler – Aktivitetsplan
    v0.1 2026-02-23.xlsx": the project's name first, so that two plans' workbooks do not
    overwrite each other in Downloads, then the version and its day."""
    plan = data["plan"]
    labels = labels_for(plan["language"])
    name = f"{clean(plan['name'])} – {labels['activity_plan']} v{clean(plan['version'])}"
    day = version_day(data)
    return f"{safe_filename(f'{name} {day}' if day else name)}.xlsx"


def _table(
    header: tuple[str, ...],
    rows: Sequence[tuple[str, ...]],
    weights: tuple[int, ...],
    line: int = PORTRAIT_CHARS,
    marked: frozenset[int] = frozenset(),
) -> Table:
    return Table(header, rows, fitted_widths(weights, header, rows, line), marked)


def _revision(row: Mapping[str, Any], labels: Mapping[str, str]) -> Revision:
    comment = row.get("comment") or labels.get(f"plan_{row.get('status')}", "")
    return Revision(
        clean(row.get("version")),
        row.get("date") or "",
        clean(comment),
        clean(row.get("changed_by")),
    )


def _fixed_headings(labels: Mapping[str, str]) -> dict[str, Heading]:
    spec = [
        ("assignment", 1, "1"),
        ("dates", 2, "1.1"),
        ("revisions", 2, "1.2"),
        ("introduction", 1, "2"),
        ("background", 2, "2.1"),
        ("purpose", 2, "2.2"),
        ("goals", 2, "2.3"),
        ("structure", 2, "2.4"),
        ("target_groups", 1, "3"),
        ("messages", 1, "4"),
        ("channels", 1, "5"),
        ("planning", 1, "6"),
        ("activities", 2, "6.1"),
        ("activity_plan", 2, "6.2"),
    ]
    return {key: Heading(level, number, labels[key]) for key, level, number in spec}


class _Names:
    """Display names of the plan's entries by key, cleaned once."""

    def __init__(self, data: Mapping[str, Any], labels: Mapping[str, str]) -> None:
        self.tiers = {t["key"]: clean(t["name"]) for t in data["tiers"]}
        self.groups = {g["key"]: clean(g["name"]) for g in data["groups"]}
        self.channels = {c["key"]: clean(c["name"]) for c in data["channels"]}
        self.numbers = {m["key"]: m["number"] for m in data["messages"]}
        self.reach = {"internal": labels["internal"], "external": labels["external"]}

    def join(self, names: Mapping[str, str], keys: Sequence[str]) -> str:
        return ", ".join(names[k] for k in keys if k in names)


def _facts(plan: Mapping[str, Any], labels: Mapping[str, str]) -> list[tuple[str, str]]:
    return [
        (labels["project"], clean(plan["name"])),
        (labels["diary_number"], clean(plan["diary_number"])),
        (labels["client"], clean(plan["client"])),
        (labels["funder"], clean(plan["funder"])),
        (labels["project_lead"], clean(plan["project_lead"])),
    ]


def _goal(goal: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    text = clean(goal["text"])
    target = " ".join(p for p in (goal["target_value"] or "", clean(goal["unit"])) if p)
    details = [target] if goal["target_value"] else []
    if goal["deadline"]:
        details.append(f"{labels['goal_by']} {goal['deadline']}")
    return f"{text} ({', '.join(details)})" if details else text


def _groups_table(data: Mapping[str, Any], labels: Mapping[str, str], names: _Names) -> Table:
    rows = []
    for g in data["groups"]:
        description = clean(g["description"])
        if g["inherits_from"]:
            inherits = labels["inherits"].format(
                groups=names.join(names.groups, g["inherits_from"])
            )
            description = f"{description}\n{inherits}" if description else inherits
        rows.append(
            (
                names.groups[g["key"]],
                names.reach.get(g["reach"], clean(g["reach"])),
                names.tiers.get(g["tier"] or "", "–"),
                description,
            )
        )
    header = (labels["group_name"], labels["reach"], labels["priority"], labels["description"])
    return _table(header, rows, (3, 2, 3, 5))


def _message_sections(
    data: Mapping[str, Any], labels: Mapping[str, str], names: _Names
) -> list[MessageSection]:
    """One section per tier with the messages addressed to it (a message addressed to several
    tiers is in each), then the messages addressed only to single groups, then the rest."""
    messages = data["messages"]
    buckets: list[tuple[str, list[Mapping[str, Any]]]] = [
        (names.tiers[t["key"]], [m for m in messages if t["key"] in m["tiers"]])
        for t in data["tiers"]
    ]
    direct = [m for m in messages if not m["tiers"] and m["groups"]]
    loose = [m for m in messages if not m["tiers"] and not m["groups"]]
    if direct:
        buckets.append((labels["direct_messages"], direct))
    if loose:
        buckets.append((labels["unaddressed_messages"], loose))
    sections = []
    for n, (title, bucket) in enumerate(buckets, start=1):
        items = [_message_item(m, labels, names) for m in bucket]
        clarifications = [
            (m["number"], paragraphs(m["clarification"]))
            for m in bucket
            if clean(m["clarification"]).strip()
        ]
        sections.append(MessageSection(Heading(2, f"4.{n}", title), items, clarifications))
    return sections


def _message_item(m: Mapping[str, Any], labels: Mapping[str, str], names: _Names) -> MessageItem:
    groups = names.join(names.groups, m["groups"])
    note = labels["also_to" if m["tiers"] else "to_groups"].format(groups=groups) if groups else ""
    return MessageItem(m["number"], clean(m["text"]), note)


def _activity_table(
    activities: Sequence[Mapping[str, Any]], labels: Mapping[str, str], names: _Names
) -> Table:
    header = (
        labels["activity"],
        labels["purpose_and_groups"],
        labels["time"],
        labels["channel"],
        labels["responsible"],
        labels["status"],
    )
    rows = []
    marked = set()
    for n, a in enumerate(activities):
        purpose = clean(a["description"]).strip()
        groups = names.join(names.groups, a["groups"])
        rows.append(
            (
                clean(a["title"]),
                "\n".join(p for p in (purpose, groups) if p),
                clean(a["time_text"]) or _period_text(a["period"]),
                names.join(names.channels, a["channels"]),
                clean(a["responsible"]),
                labels.get(f"activity_{a['status']}", clean(a["status"])),
            )
        )
        if a["status"] == "done":
            marked.add(n)
    return _table(header, rows, (4, 5, 2, 3, 2, 2), LANDSCAPE_CHARS, frozenset(marked))


def _period_text(period: Mapping[str, Any]) -> str:
    """Dates for an activity without a written time, from its overrides."""
    start, end = period.get("start"), period.get("end")
    if start and end and start != end:
        return f"{start} – {end}"
    return start or end or ""
