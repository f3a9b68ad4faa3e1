"""The preview of an import in words: one `Report` that the preview page renders as HTML and
`komplan import` prints as text, so the screen and the command say the same."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import formats
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from komplan.imports.importers.draft import ERROR, NOTE
from komplan.imports.importers.resolve import PLAN_YEAR, Entry, ImportPlan, PlannedActivity
from komplan.imports.importers.sync import Change
from komplan.plans import schema
from komplan.plans.models import ActivityStatus, Reach, RiskStatus, risk_level

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
    year_note: str = ""  # where the year of a time written without one came from
    state: str = "new"  # "new", "unchanged" or "changed": what the row is to the plan
    changes: list[Change] = field(default_factory=list)
    choice: str = ""  # the checkbox's value, for a row the user may leave out


@dataclass(slots=True)
class MissingRow:
    """One of the plan's activities the re-imported file no longer has."""

    title: str
    time_text: str
    choice: str


@dataclass(slots=True)
class GoalRow:
    text: str
    target: str  # "2 konferenser, by 30 Jun 2027"; "" when the goal gives none
    guessed: bool  # read from the goal's sentence, for the user to check


def goal_row(text: str, value: Any, unit: str, deadline: Any, guessed: bool) -> GoalRow:
    """A goal as the preview lists it: its sentence and the target komplan took from it
    (`deadline` a date, or its ISO text as plan JSON holds it)."""
    if isinstance(deadline, str):
        deadline = date.fromisoformat(deadline) if deadline else None
    parts = []
    if value is not None:
        number = formats.number_format(value.normalize() if hasattr(value, "normalize") else value)
        parts.append(f"{number} {unit}".strip() if unit != "%" else f"{number} %")
    if deadline is not None:
        parts.append(_("by %(date)s") % {"date": date_format(deadline, "SHORT_DATE_FORMAT")})
    return GoalRow(text, ", ".join(parts), guessed and bool(parts))


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
    goals: list[GoalRow] = field(default_factory=list)
    nothing_to_do: bool = False
    missing_rows: list[MissingRow] = field(default_factory=list)


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
        return _("Unchanged, already in the plan: skipped")
    if planned.changes:
        return _("Changed in the file")
    if planned.draft.done_because == "red":
        return _("%(status)s (marked red)") % {"status": label}
    return label


def _year_note(year_from: str) -> str:
    if not year_from:
        return ""
    if year_from == PLAN_YEAR:
        return _("year taken from the plan's dates")
    return _("year taken from %(where)s") % {"where": year_from}


def _reach(entry: Entry) -> str:
    """A new channel's reach as the import will set it; a guess from its name says so."""
    if not entry.is_new or not entry.reach:
        return ""
    label = str(Reach(entry.reach).label)
    return (
        _("%(reach)s (guessed from the name)") % {"reach": label} if entry.reach_guessed else label
    )


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
        "changed": len(result.changed_activities),
        "missing": len(result.missing),
        "rows": draft.rows_read,
    }
    lines = []
    for entries, new_text, linked_text in (
        (
            result.groups,
            _("%(n)s new target groups"),
            _("%(n)s target groups already in the plan"),
        ),
        (result.channels, _("%(n)s new channels"), _("%(n)s channels already in the plan")),
        (result.messages, _("%(n)s new messages"), _("%(n)s messages already in the plan")),
        (
            result.tiers,
            _("%(n)s new priority tiers"),
            _("%(n)s priority tiers already in the plan"),
        ),
    ):
        new, linked = len(result.new(entries)), len(result.linked(entries))
        text = _line(new, linked, new_text % {"n": new}, linked_text % {"n": linked})
        if text:
            lines.append(text)
    for slug, entries in (("spokespersons", result.spokespersons), ("risks", result.risks)):
        name = schema.by_slug(slug).model._meta.verbose_name_plural
        there = result.already.get(slug, 0)
        text = _line(
            len(entries),
            there,
            _("%(n)s new %(entries)s") % {"n": len(entries), "entries": name},
            _("%(n)s already in the plan") % {"n": there},
        )
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
            state="changed" if a.changes else "unchanged" if a.duplicate else "new",
            changes=a.changes,
            choice=a.choice,
            where=a.draft.where,
            title=a.draft.title,
            time_text=a.draft.time_text,
            understood=a.understood,
            channels=[channels.get(k, k) for k in a.channels],
            groups=[groups.get(k, k) for k in a.groups],
            status=_status(a),
            done=a.draft.status == "done",
            duplicate=a.duplicate,
            year_note=_year_note(a.year_from),
        )
        for a in _listed(result, limit)
    ]
    reach = dict(Reach.choices)
    # The channels each group is reached through: the channels' own groups and the activities'.
    reached: dict[str, list[str]] = {}
    for channel in result.channels:
        for key in channel.groups:
            reached.setdefault(key, []).append(channel.key)
    for activity in result.new_activities:
        for key in activity.groups:
            reached.setdefault(key, []).extend(activity.channels)
    reached = {key: list(dict.fromkeys(keys)) for key, keys in reached.items()}
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
                            _("through %(names)s")
                            % {"names": ", ".join(channels.get(k, k) for k in reached[e.key])}
                            if reached.get(e.key)
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
                            _reach(e),
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
        RegisterTable(
            "spokespersons",
            str(schema.by_slug("spokespersons").title),
            [
                EntryRow(p.subject, True, " · ".join(x for x in (p.name, p.role, p.contact) if x))
                for p in result.spokespersons
            ],
        ),
        RegisterTable(
            "risks",
            str(schema.by_slug("risks").title),
            [EntryRow(r.text, True, _risk_details(r)) for r in result.risks],
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
        hidden_activities=len(result.activities) - len(rows),
        missing_rows=[
            MissingRow(row.title, row.time_text, f"missing-{row.pk}") for row in result.missing
        ],
        registers=registers,
        goals=[
            goal_row(g.text, g.target_value, g.unit, g.deadline, g.guessed) for g in result.goals
        ],
        nothing_to_do=result.writes_nothing,
    )


def _risk_details(risk: Any) -> str:
    """A new risk's scales, level and the rest, as the preview lists them."""
    score = risk.likelihood * risk.consequence
    level = {"high": _("High"), "medium": _("Medium"), "low": _("Low")}[risk_level(score)]
    parts = [
        f"{level} {score}",
        _("likelihood %(likelihood)s × consequence %(consequence)s")
        % {"likelihood": risk.likelihood, "consequence": risk.consequence},
        str(RiskStatus(risk.status).label),
        risk.owner,
        risk.mitigation[:200],
    ]
    return " · ".join(part for part in parts if part)


def _listed(result: ImportPlan, limit: int) -> list[PlannedActivity]:
    """The activities listed one by one: every changed one (each is a choice), then the
    others up to `limit`, in file order."""
    others = iter(range(limit))
    return [a for a in result.activities if a.changes or next(others, None) is not None]


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
    if shown.counts.get("changed") or shown.missing_rows:
        lines.append(
            _("%(changed)s activities changed in the file, %(missing)s missing from it.")
            % {"changed": shown.counts.get("changed", 0), "missing": len(shown.missing_rows)}
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
                details = f" — {entry.details[:200]}" if entry.details else ""
                lines.append(f"  [{mark}] {entry.name[:120]}{details}")
    if shown.goals:
        lines += ["", _("Communication goals:")]
        for goal in shown.goals:
            target = f" -> {goal.target}" if goal.target else ""
            guessed = f" ({_('read from the sentence; check it')})" if goal.guessed else ""
            lines.append(f"  {goal.text[:120]}{target}{guessed}")
    if shown.activity_rows:
        lines += ["", _("Activities:")]
        for row in shown.activity_rows:
            understood = row.understood or (_("not read") if row.time_text else "–")
            if row.year_note:
                understood += f" ({row.year_note})"
            lines.append(
                f"  {row.where}: {row.title[:80]} | {row.time_text or '–'} -> {understood} | "
                f"{row.status}"
            )
            for change in row.changes:
                lines.append(f"      {change.label}: {change.before} → {change.after}")
        if shown.hidden_activities:
            lines.append(_("  …and %(n)s more.") % {"n": shown.hidden_activities})
    if shown.missing_rows:
        lines += ["", _("In the plan but missing from the file (deleted on import):")]
        for missing in shown.missing_rows:
            lines.append(f"  {missing.title[:80]} | {missing.time_text or '–'}")
    if shown.problems:
        lines += ["", _("What komplan did not understand:")]
        for problem in shown.problems:
            where = f"{problem.where}: " if problem.where else ""
            lines.append(f"  {problem.label}: {where}{problem.text}")
    return lines
