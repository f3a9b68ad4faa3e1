"""The preview of an import in words: one `Report` that the preview page renders as HTML and
`komplan import` prints as text, so the screen and the command say the same."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from komplan.imports.importers.draft import ERROR, NOTE
from komplan.imports.importers.resolve import Entry, ImportPlan
from komplan.plans.models import ActivityStatus, Reach

__all__ = ["Report", "report", "report_lines", "text_lines"]


@dataclass(slots=True)
class ProblemRow:
    where: str
    label: str
    text: str
    severity: str


@dataclass(slots=True)
class ActivityRow:
    where: str
    title: str
    time_text: str
    understood: str
    channels: list[str]
    groups: list[str]
    status: str
    done: bool
    duplicate: bool


@dataclass(slots=True)
class EntryRow:
    name: str
    new: bool
    details: str


@dataclass(slots=True)
class RegisterTable:
    slug: str
    title: str
    entries: list[EntryRow]


@dataclass(slots=True)
class Report:
    kind_label: str
    counts: dict[str, int]
    register_lines: list[str]
    problems: list[ProblemRow]
    facts: list[tuple[str, str]]
    activity_rows: list[ActivityRow]
    hidden_activities: int
    registers: list[RegisterTable] = field(default_factory=list)
    goal_texts: list[str] = field(default_factory=list)
    nothing_to_do: bool = False


def kind_label(kind: str) -> str:
    return {
        "activities": _("an activity plan"),
        "plan": _("a plan document"),
        "briefing": _("a briefing per target group"),
    }.get(kind, kind)


def severity_label(severity: str) -> str:
    return {ERROR: _("Error"), NOTE: _("Note")}.get(severity, _("Warning"))


def _names(entries: list[Entry]) -> dict[str, str]:
    return {e.key: e.name for e in entries}


def _fact_labels() -> dict[str, str]:
    return {
        "name": _("Project name"),
        "diary_number": _("Diary number"),
        "client": _("Client"),
        "funder": _("Funder"),
        "project_lead": _("Project lead"),
        "start_date": _("Start date"),
        "end_date": _("End date"),
        "version": _("Version"),
        "background": _("Background"),
        "purpose": _("Purpose"),
    }


def _status(planned: Any) -> str:
    label = str(ActivityStatus(planned.draft.status).label)
    if planned.duplicate:
        return _("Already in the plan: skipped")
    if planned.draft.done_because == "red":
        return _("%(status)s (marked red)") % {"status": label}
    return label


def _line(count_new: int, count_linked: int, new_text: str, linked_text: str) -> str:
    parts = []
    if count_new:
        parts.append(new_text)
    if count_linked:
        parts.append(linked_text)
    return "; ".join(parts)


def report(result: ImportPlan, *, limit: int = 200) -> Report:
    """The words of the preview of `result`; at most `limit` activities listed one by one."""
    draft = result.draft
    groups, channels = _names(result.groups), _names(result.channels)
    tiers = _names(result.tiers)
    counts = {
        "activities": len(result.new_activities),
        "done": result.done_count,
        "duplicates": len(result.duplicate_activities),
        "rows": draft.rows_read,
    }
    lines = []
    for entries, new_text, linked_text in (
        (result.groups, _("%(n)s new target groups"), _("%(n)s already in the plan")),
        (result.channels, _("%(n)s new channels"), _("%(n)s already in the plan")),
        (result.messages, _("%(n)s new messages"), _("%(n)s already in the plan")),
        (result.tiers, _("%(n)s new priority tiers"), _("%(n)s already in the plan")),
    ):
        new, linked = len(result.new(entries)), len(result.linked(entries))
        text = _line(new, linked, new_text % {"n": new}, linked_text % {"n": linked})
        if text:
            lines.append(text)
    if result.goals:
        count = len(result.goals)
        lines.append(
            ngettext("%(n)s new communication goal", "%(n)s new communication goals", count)
            % {"n": count}
        )

    labels = _fact_labels()
    facts = []
    for name, value in result.facts.items():
        shown = date_format(value, "DATE_FORMAT") if isinstance(value, date) else str(value)
        facts.append((labels.get(name, name), shown))

    rows = [
        ActivityRow(
            where=a.draft.where,
            title=a.draft.title,
            time_text=a.draft.time_text,
            understood=a.understood,
            channels=[channels.get(k, k) for k in a.channels],
            groups=[groups.get(k, k) for k in a.groups],
            status=_status(a),
            done=a.draft.status == "done",
            duplicate=a.duplicate,
        )
        for a in result.activities[:limit]
    ]
    reach = dict(Reach.choices)
    registers = [
        RegisterTable(
            "tiers",
            _("Priority tiers"),
            [EntryRow(e.name, e.is_new, e.definition) for e in result.tiers],
        ),
        RegisterTable(
            "groups",
            _("Target groups"),
            [
                EntryRow(
                    e.name,
                    e.is_new,
                    " · ".join(
                        part
                        for part in (
                            str(reach.get(e.reach, "")) if e.is_new and e.reach else "",
                            tiers.get(e.tier, "") if e.is_new else "",
                            _("inherits from %(names)s")
                            % {"names": ", ".join(groups.get(k, k) for k in e.inherits_from)}
                            if e.inherits_from
                            else "",
                            e.description[:200] if e.is_new else "",
                        )
                        if part
                    ),
                )
                for e in result.groups
            ],
        ),
        RegisterTable(
            "messages",
            _("Messages"),
            [
                EntryRow(
                    e.name,
                    e.is_new,
                    " · ".join(
                        part
                        for part in (
                            ", ".join(tiers.get(k, k) for k in e.tiers),
                            _("to %(names)s")
                            % {"names": ", ".join(groups.get(k, k) for k in e.groups)}
                            if e.groups
                            else "",
                            e.clarification[:200],
                        )
                        if part
                    ),
                )
                for e in result.messages
            ],
        ),
        RegisterTable(
            "channels",
            _("Channels"),
            [
                EntryRow(
                    e.name,
                    e.is_new,
                    " · ".join(
                        part
                        for part in (
                            e.responsible,
                            _("reaches %(names)s")
                            % {"names": ", ".join(groups.get(k, k) for k in e.groups)}
                            if e.groups
                            else "",
                            e.description[:200] if e.is_new else "",
                        )
                        if part
                    ),
                )
                for e in result.channels
            ],
        ),
    ]
    problems = [
        ProblemRow(p.where, severity_label(p.severity), p.text, p.severity)
        for p in sorted(
            result.problems, key=lambda p: {ERROR: 0, "warning": 1, NOTE: 2}.get(p.severity, 1)
        )
    ]
    return Report(
        kind_label=kind_label(draft.kind),
        counts=counts,
        register_lines=lines,
        problems=problems,
        facts=facts,
        activity_rows=rows,
        hidden_activities=max(0, len(result.activities) - limit),
        registers=registers,
        goal_texts=[g.text for g in result.goals],
        nothing_to_do=result.writes_nothing,
    )


def report_lines(result: ImportPlan, *, filename: str, target: str, limit: int = 50) -> list[str]:
    """The preview as plain text lines, for `komplan import`."""
    return text_lines(report(result, limit=limit), result.draft, filename=filename, target=target)


def text_lines(shown: Report, draft: Any, *, filename: str, target: str) -> list[str]:
    """A preview's words (`shown`) as plain text lines; `draft` says how the file was read."""
    lines = [
        _("Preview of the import of “%(name)s”, read as %(kind)s.")
        % {"name": filename, "kind": shown.kind_label},
        target,
        "",
    ]
    if draft.kind == "activities" and draft.header_row:
        lines.append(
            _("Header in row %(row)s%(sheet)s; %(count)s rows read below it.")
            % {
                "row": draft.header_row,
                "sheet": (_(", sheet “%(sheet)s”") % {"sheet": draft.sheet}) if draft.sheet else "",
                "count": draft.rows_read,
            }
        )
        for column in draft.columns:
            field_name = column.field or "-"
            lines.append(f"  {column.index + 1:>3}. {column.header or '–'} -> {field_name}")
    lines.append(
        _("%(new)s new activities (%(done)s done), %(dup)s already in the plan.")
        % {
            "new": shown.counts["activities"],
            "done": shown.counts["done"],
            "dup": shown.counts["duplicates"],
        }
    )
    lines += shown.register_lines
    if shown.facts:
        lines += ["", _("Project facts:")]
        for label, value in shown.facts:
            first = value.splitlines()[0][:100] if value else ""
            lines.append(f"  {label}: {first}")
    for table in shown.registers:
        if table.entries:
            lines += ["", f"{table.title}:"]
            for entry in table.entries:
                mark = _("new") if entry.new else _("linked")
                lines.append(f"  [{mark}] {entry.name[:120]}")
    if shown.activity_rows:
        lines += ["", _("Activities:")]
        for row in shown.activity_rows:
            understood = row.understood or (_("not read") if row.time_text else "–")
            lines.append(
                f"  {row.where}: {row.title[:80]} | {row.time_text or '–'} -> {understood} | "
                f"{row.status}"
            )
        if shown.hidden_activities:
            lines.append(_("  …and %(n)s more.") % {"n": shown.hidden_activities})
    if shown.problems:
        lines += ["", _("What komplan did not understand:")]
        for problem in shown.problems:
            where = f"{problem.where}: " if problem.where else ""
            lines.append(f"  {problem.label}: {where}{problem.text}")
    return lines
