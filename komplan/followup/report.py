"""The final report ("Slutrapport") and the quarterly follow-up report: what they say, read
from the live plan in a constant number of queries, before any file format.

`report_content(plan, today=, period=, final=)` gathers every section as labelled strings
and table rows in the plan's language; `komplan.followup.reportdoc` lays the one object out
as Word and as PDF, with the plan documents' cover, header, footer and fonts.

The sections: 1 purpose and goals; 2 goal fulfilment (each goal's target, value, status with
the rule that gave it, and its chart); 3 how the activity plan went (done, cancelled, slipped
and open, by channel and by target group: counted, never listed); 4 coverage reached; the
cascade's reach, when the plan has a cascade; the survey results (each question's counts and
shares); and in the final report only the project's own evaluation and its lessons learned,
which the team writes in komplan (`ReportTexts`).

A quarterly report covers one quarter (or the whole plan "up to today"): its activities are
those ending (else starting) in the quarter, its goals' values and statuses those on the
quarter's last day (today, if the quarter is not over).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from komplan.exports.content import Heading, Table, fitted_widths
from komplan.exports.labels import xml_language
from komplan.exports.text import clean, one_line, paragraphs, safe_filename
from komplan.followup import charts
from komplan.followup.models import Method, ReportTexts
from komplan.followup.progress import GoalProgress, goal_progress
from komplan.followup.reportlabels import report_labels
from komplan.followup.richtext import Block, blocks
from komplan.followup.status import slipped
from komplan.plans.coverage_display import coverage_summary
from komplan.plans.models import Activity, ActivityStatus, Plan
from komplan.surveys.models import Answer, Question, QuestionKind, Response
from komplan.surveys.results import Share, percent

__all__ = [
    "Period",
    "ReportDocument",
    "ReportError",
    "parse_period",
    "quarters_of",
    "report_content",
    "report_filename",
]

QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
NORDIC = {"sv", "da", "nb"}


class ReportError(ValueError):
    """A report asked for with input that names no period (the text says what was wrong)."""


@dataclass(frozen=True)
class Period:
    """The activities a report counts: those whose end (else start) falls from `start` to
    `end`; None for the whole plan. `key` is how a URL names it ("2026-Q3", "now")."""

    key: str
    start: dt.date | None = None
    end: dt.date | None = None
    quarter: int = 0
    year: int = 0

    @property
    def whole(self) -> bool:
        return self.start is None


def quarter_period(year: int, quarter: int) -> Period:
    start = dt.date(year, 3 * quarter - 2, 1)
    after = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return Period(f"{year}-Q{quarter}", start, after - dt.timedelta(days=1), quarter, year)


def parse_period(text: str | None) -> Period:
    """The period a URL's `?period=` names: "now" (or nothing) for the whole plan up to
    today, "2026-Q3" for a quarter. Anything else raises ReportError naming it."""
    if not text or text == "now":
        return Period("now")
    found = QUARTER.match(text.strip())
    if not found or not 2000 <= int(found.group(1)) <= 2100:
        raise ReportError(text)
    return quarter_period(int(found.group(1)), int(found.group(2)))


def quarters_of(plan: Plan, today: dt.date) -> list[Period]:
    """The quarters from the plan's start to its end (or today), latest first: the choices of
    the follow-up page (at most twelve years' worth)."""
    first = plan.start_date or today
    last = min(plan.end_date or today, max(today, first))
    found: list[Period] = []
    year, quarter = first.year, (first.month - 1) // 3 + 1
    while (year, quarter) <= (last.year, (last.month - 1) // 3 + 1) and len(found) < 48:
        found.append(quarter_period(year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return found[::-1]


@dataclass(frozen=True)
class GoalSection:
    heading: Heading
    facts: list[tuple[str, str]]  # target, value, deadline, how measured, status
    status_key: str
    status: str
    rule: str
    svg: str  # the chart, styled for print; "" for a goal not measured
    alt: str


@dataclass(frozen=True)
class SurveySection:
    heading: Heading
    facts: str
    table: Table
    notes: list[str]


@dataclass
class ReportDocument:
    """Everything a report prints, as text in the plan's language. The attributes the plan
    documents' header, footer and cover read (`labels`, `title`, `organization`, `version`,
    `draft`, `publication_date`, `document_type`, `draft_mark`) have their names and meaning:
    the report is laid out with the same furniture."""

    final: bool
    language: str
    xml_language: str
    labels: Mapping[str, str]
    title: str
    organization: str
    version: str
    status: str
    publication_date: str  # the report's day (ISO)
    period_text: str
    changed_by: str
    purpose_heading: Heading
    purpose: list[str]
    goals: list[str]
    fulfilment_heading: Heading
    fulfilment_text: str
    goal_table: Table
    goal_sections: list[GoalSection]
    activity_heading: Heading
    activity_text: str
    activity_totals: Table
    by_channel_heading: Heading
    by_channel: Table
    by_group_heading: Heading
    by_group: Table
    coverage_heading: Heading
    coverage_text: str
    cascade_heading: Heading | None
    cascade_text: str
    cascade_table: Table | None
    surveys_heading: Heading
    survey_sections: list[SurveySection]
    evaluation_heading: Heading | None
    evaluation: list[Block]
    lessons_heading: Heading | None
    lessons: list[Block]
    draft: bool = False
    facts: list[tuple[str, str]] = field(default_factory=list)

    @property
    def document_type(self) -> str:
        return self.labels["final" if self.final else "quarterly"]

    @property
    def draft_mark(self) -> str:
        return self.labels["plan_draft"]

    @property
    def outline(self) -> list[Heading]:
        """The numbered headings of levels 1 and 2, in document order."""
        out = [self.purpose_heading, self.fulfilment_heading]
        out += [s.heading for s in self.goal_sections]
        out += [self.activity_heading, self.by_channel_heading, self.by_group_heading]
        out.append(self.coverage_heading)
        out += [self.cascade_heading] if self.cascade_heading else []
        out.append(self.surveys_heading)
        out += [s.heading for s in self.survey_sections]
        out += [h for h in (self.evaluation_heading, self.lessons_heading) if h]
        return out


def number(value: Decimal | int | None, language: str) -> str:
    """A value as the document writes it: no trailing zeros, a decimal comma in Nordic."""
    if value is None:
        return "–"
    text = f"{Decimal(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if language in NORDIC else text


def _table(
    header: tuple[str, ...], rows: Sequence[tuple[str, ...]], weights: tuple[int, ...]
) -> Table:
    return Table(header, rows, fitted_widths(weights, header, rows))


def report_content(
    plan: Plan, *, today: dt.date, period: Period | None = None, final: bool = True
) -> ReportDocument:
    """The report of `plan` as on `today`: the final report (every section, the whole plan),
    or with `final=False` the follow-up report of `period` without the closing sections."""
    period = Period("now") if final or period is None else period
    language = plan.language
    labels = report_labels(language)
    as_of = today if period.whole or period.end is None else min(today, period.end)
    texts = ReportTexts.objects.filter(plan=plan).first()
    sections = 0

    def heading(key: str, level: int = 1, text: str = "") -> Heading:
        nonlocal sections
        sections += 1
        return Heading(level, str(sections), text or labels[key])

    purpose_heading = heading("purpose_and_goals")
    surveys, shares = _surveys(plan, labels, language)
    rows = goal_progress(plan, today=as_of, shares=shares)
    fulfilment_heading = heading("goal_fulfilment")
    goal_sections = [
        _goal_section(row, plan, as_of, labels, language, f"{fulfilment_heading.number}.{n}")
        for n, row in enumerate(rows, start=1)
    ]
    activity_heading = heading("activity_outcome")
    counts = _activity_counts(plan, period, as_of, labels)
    coverage_heading = heading("coverage")
    cascade = _cascade(plan, labels)
    cascade_heading = heading("cascade") if cascade else None
    surveys_heading = heading("surveys")
    survey_sections = [
        SurveySection(Heading(2, f"{surveys_heading.number}.{n}", title), facts, table, notes)
        for n, (title, facts, table, notes) in enumerate(surveys, start=1)
    ]
    evaluation_heading = heading("evaluation") if final else None
    lessons_heading = heading("lessons") if final else None
    day = as_of.isoformat()
    if period.whole:
        period_text = labels["whole_plan" if final else "up_to"].format(day=day)
    else:
        period_text = labels["quarter"].format(
            quarter=period.quarter,
            year=period.year,
            start=period.start.isoformat() if period.start else "",
            end=period.end.isoformat() if period.end else "",
        )
    status_text = labels.get(f"plan_{plan.status}", str(plan.status))
    return ReportDocument(
        final=final,
        language=language,
        xml_language=xml_language(language),
        labels=labels,
        title=clean(plan.name),
        organization=clean(plan.organization.name),
        version=clean(plan.version),
        status=status_text,
        publication_date=day,
        period_text=period_text,
        changed_by="",
        purpose_heading=purpose_heading,
        purpose=paragraphs(plan.purpose),
        goals=[_goal_line(row, labels, language) for row in rows],
        fulfilment_heading=fulfilment_heading,
        fulfilment_text=labels["goal_fulfilment_text"].format(day=day),
        goal_table=_table(
            (labels["goal"], labels["target"], labels["value"], labels["status"]),
            [
                (
                    clean(s.heading.text),
                    s.facts[0][1],
                    s.facts[1][1],
                    s.status,
                )
                for s in goal_sections
            ],
            (6, 2, 2, 2),
        ),
        goal_sections=goal_sections,
        activity_heading=activity_heading,
        activity_text=counts.text,
        activity_totals=counts.totals,
        by_channel_heading=Heading(2, f"{activity_heading.number}.1", labels["by_channel"]),
        by_channel=counts.by_channel,
        by_group_heading=Heading(2, f"{activity_heading.number}.2", labels["by_group"]),
        by_group=counts.by_group,
        coverage_heading=coverage_heading,
        coverage_text=_coverage_text(plan, labels),
        cascade_heading=cascade_heading,
        cascade_text=cascade[0] if cascade else "",
        cascade_table=cascade[1] if cascade else None,
        surveys_heading=surveys_heading,
        survey_sections=survey_sections,
        evaluation_heading=evaluation_heading,
        evaluation=blocks(texts.evaluation) if texts and final else [],
        lessons_heading=lessons_heading,
        lessons=blocks(texts.lessons) if texts and final else [],
        facts=[(labels["period"], period_text), (labels["report_date"], day)],
    )


def report_filename(doc: ReportDocument, extension: str, period: Period) -> str:
    """E.g. "Nytt ärendesystem – Slutrapport 2026-10-01.docx"."""
    when = doc.publication_date if period.whole else period.key
    return f"{safe_filename(f'{doc.title} – {doc.document_type} {when}')}.{extension}"


# --- goals ---------------------------------------------------------------------------------


def _target(row: GoalProgress, language: str) -> str:
    goal = row.goal
    if goal.target_value is None:
        return "–"
    return f"{number(goal.target_value, language)} {clean(goal.unit)}".strip()


def _goal_line(row: GoalProgress, labels: Mapping[str, str], language: str) -> str:
    text = clean(row.goal.text)
    target = _target(row, language)
    details = [target] if target != "–" else []
    if row.goal.deadline:
        details.append(f"{labels['goal_by']} {row.goal.deadline.isoformat()}")
    return f"{text} ({', '.join(details)})" if details else text


# The follow-up page's chart colours, written into the chart for print (the page styles it
# with komplan.css, which a document does not have).
CHART_STYLE = (
    "<style>"
    ".axis{stroke:#595959;stroke-width:1}"
    ".target{stroke:#2e7d32;stroke-width:2;stroke-dasharray:6 4}"
    ".deadline{stroke:#b3261e;stroke-width:2}"
    ".today{stroke:#595959;stroke-dasharray:2 3}"
    "polyline.value{fill:none;stroke:#1F3864;stroke-width:3}"
    "circle.value{fill:#1F3864}"
    "text{font-size:12px;fill:#000;font-family:'Liberation Sans',Arial,sans-serif}"
    "line{fill:none}"
    "</style>"
)


def print_svg(svg: str) -> str:
    """A follow-up chart with its colours inside it, for a document."""
    head, close, rest = svg.partition(">")
    return f"{head}{close}{CHART_STYLE}{rest}"


def _goal_section(
    row: GoalProgress,
    plan: Plan,
    as_of: dt.date,
    labels: Mapping[str, str],
    language: str,
    number_text: str,
) -> GoalSection:
    goal = row.goal
    unit = clean(goal.unit)
    value = f"{number(row.value, language)} {unit}".strip() if row.value is not None else "–"
    method = row.method or "none"
    measured = labels[f"method_{method}"]
    if row.method == Method.SURVEYED and row.share is not None and row.indicator is not None:
        measured += " · " + labels["survey_basis"].format(
            agreeing=row.share.agreeing,
            answered=row.share.answered,
            minimum=row.indicator.minimum,
        )
        if row.indicator.question is not None:
            measured += f" · {clean(row.indicator.question.survey.title)}: "
            measured += f"“{clean(row.indicator.question.text)}”"
    status = labels[f"status_{row.status}"]
    deadline = row.deadline.isoformat() if row.deadline else "–"
    facts = [
        (labels["target"], _target(row, language)),
        (labels["value"], value),
        (labels["deadline"], deadline),
        (labels["baseline"], number(row.baseline, language)),
        (labels["measured"], measured),
        (labels["status"], status),
    ]
    title = labels["chart_title"].format(goal=one_line(goal.text, 120))
    desc = labels["chart_desc"].format(
        value=value, target=_target(row, language), deadline=deadline, status=status
    )
    svg = charts.progress_svg(
        ident=f"goal-{goal.pk}",
        points=row.points,
        baseline=row.baseline,
        target=goal.target_value,
        start=plan.start_date,
        deadline=row.deadline,
        today=as_of,
        text=charts.ChartText(
            title=title,
            desc=desc,
            target=labels["chart_target"],
            deadline=labels["chart_deadline"],
            today=labels["chart_today"],
        ),
    )
    return GoalSection(
        heading=Heading(2, number_text, one_line(goal.text, 200)),
        facts=facts,
        status_key=str(row.status),
        status=status,
        rule=labels[f"rule_{row.status}"],
        # A goal nobody measures has no line to draw: its facts say so.
        svg=print_svg(svg) if row.indicator is not None else "",
        alt=f"{title}. {desc}",
    )


# --- the activity plan ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Counts:
    text: str
    totals: Table
    by_channel: Table
    by_group: Table


_COLUMNS = ("activities", "done", "slipped", "cancelled", "open")


def _activity_counts(
    plan: Plan, period: Period, as_of: dt.date, labels: Mapping[str, str]
) -> _Counts:
    """Done, slipped, cancelled and open activities, in all and by channel and target group
    (an activity in two channels counts in each): five queries whatever the plan's size."""
    from komplan.followup.views import done_days

    activities = plan.activities.annotate(day=Coalesce("ends_on", "starts_on")).order_by()
    if not period.whole:
        activities = activities.filter(day__gte=period.start, day__lte=period.end)
    rows = {
        pk: (status, ends, day)
        for pk, status, ends, day in activities.values_list("pk", "status", "ends_on", "day")
    }
    done_on = done_days(plan)
    kind: dict[int, tuple[str, ...]] = {}
    overdue = 0
    for pk, (status, ends, _day) in rows.items():
        if status == ActivityStatus.DONE:
            kind[pk] = ("done", "slipped") if slipped(done_on.get(pk), ends) else ("done",)
        elif status == ActivityStatus.CANCELLED:
            kind[pk] = ("cancelled",)
        else:
            kind[pk] = ("open",)
            overdue += ends is not None and ends < as_of
    total = _tally(kind.values())
    header = (labels["channel"], *(labels[c] for c in _COLUMNS))
    group_header = (labels["group_name"], *(labels[c] for c in _COLUMNS))
    text = labels["activity_outcome_text"].format(
        total=total["activities"],
        done=total["done"],
        slipped=total["slipped"],
        cancelled=total["cancelled"],
        open=total["open"],
        overdue=overdue,
    )
    if not rows:
        text = labels["activity_none"]
    elif not period.whole:
        text = f"{labels['activity_outcome_period']} {text}"
    totals = _table(
        ("", *(labels[c] for c in _COLUMNS)),
        [(labels["in_total"], *(str(total[c]) for c in _COLUMNS))],
        (4, 2, 2, 2, 2, 2),
    )
    channels = _by(
        Activity.channels.through.objects.filter(activity__plan=plan),
        "channel_id",
        dict(plan.channels.order_by("position", "pk").values_list("pk", "name")),
        kind,
        labels["no_channel"],
    )
    groups = _by(
        Activity.groups.through.objects.filter(activity__plan=plan),
        "targetgroup_id",
        dict(plan.groups.order_by("position", "pk").values_list("pk", "name")),
        kind,
        labels["no_group"],
    )
    return _Counts(
        text,
        totals,
        _table(header, channels, (4, 2, 2, 2, 2, 2)),
        _table(group_header, groups, (4, 2, 2, 2, 2, 2)),
    )


def _tally(kinds: Any) -> dict[str, int]:
    counts = dict.fromkeys(_COLUMNS, 0)
    for marks in kinds:
        counts["activities"] += 1
        for mark in marks:
            counts[mark] += 1
    return counts


def _by(
    links: Any,
    column: str,
    names: Mapping[int, str],
    kind: Mapping[int, tuple[str, ...]],
    unlinked: str,
) -> list[tuple[str, ...]]:
    """One row per register entry with activities in the period (in the register's order),
    then the activities linked to none."""
    per: dict[int, list[tuple[str, ...]]] = defaultdict(list)
    linked: set[int] = set()
    for activity_id, entry_id in links.values_list("activity_id", column):
        marks = kind.get(activity_id)
        if marks is not None:
            per[entry_id].append(marks)
            linked.add(activity_id)
    rows = []
    for entry_id, name in names.items():
        if per.get(entry_id):
            counts = _tally(per[entry_id])
            rows.append((clean(name), *(str(counts[c]) for c in _COLUMNS)))
    alone = [marks for pk, marks in kind.items() if pk not in linked]
    if alone:
        counts = _tally(alone)
        rows.append((unlinked, *(str(counts[c]) for c in _COLUMNS)))
    return rows


# --- coverage and the cascade --------------------------------------------------------------


def _coverage_text(plan: Plan, labels: Mapping[str, str]) -> str:
    summary = coverage_summary(plan)
    if not summary.owed:
        return labels["coverage_none"]
    return labels["coverage_text"].format(
        carried=summary.carried,
        owed=summary.owed,
        carried_percent=summary.carried_percent,
        done=summary.done,
        done_percent=summary.done_percent,
        planned=summary.planned,
        gaps=summary.gaps,
    )


def _cascade(plan: Plan, labels: Mapping[str, str]) -> tuple[str, Table] | None:
    """The cascade's reach, when the plan has one: how many of its materials were released,
    and for each released one how many steps it reached (sent or confirmed) of those it
    goes to in its phase. Two queries."""
    from komplan.cascade.models import DispatchState, Material, Step

    steps = Step.objects.filter(plan=plan).count()
    if not steps:
        return None
    reached = Q(dispatches__state__in=[DispatchState.SENT, DispatchState.CONFIRMED])
    going = ~Q(dispatches__reason="skipped")
    materials = list(
        Material.objects.filter(plan=plan)
        .annotate(
            going=Count("dispatches", filter=going),
            reached=Count("dispatches", filter=reached & going),
            confirmed=Count(
                "dispatches", filter=Q(dispatches__state=DispatchState.CONFIRMED) & going
            ),
        )
        .order_by("released_on", "pk")
        .values_list("title", "released_on", "going", "reached", "confirmed")
    )
    released = [m for m in materials if m[1] is not None]
    text = labels["cascade_text"].format(
        steps=steps, released=len(released), materials=len(materials)
    )
    rows = [
        (clean(title), str(day), f"{reached} / {going}", str(confirmed))
        for title, day, going, reached, confirmed in released
    ]
    header = (
        labels["material"],
        labels["released_on"],
        labels["steps_reached"],
        labels["confirmed"],
    )
    return text, _table(header, rows, (6, 2, 2, 2))


# --- surveys -------------------------------------------------------------------------------


def _surveys(
    plan: Plan, labels: Mapping[str, str], language: str
) -> tuple[list[tuple[str, str, Table, list[str]]], dict[tuple[int, int], Share]]:
    """Each survey's questions with every answer's count and share, and the agreeing shares
    (4–5 or yes) by (question id, minimum) for the goals measured by a survey. Four queries
    whatever the number of surveys, questions and answers."""
    questions = list(
        Question.objects.filter(survey__plan=plan)
        .select_related("survey")
        .order_by("survey__created_at", "survey_id", "position", "pk")
    )
    ids = [q.pk for q in questions]
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    texts: dict[int, int] = defaultdict(int)
    if ids:
        for question_id, value, text_given, n in (
            Answer.objects.filter(question_id__in=ids)
            .annotate(given=Q(text__gt=""))
            .order_by()
            .values_list("question_id", "value", "given")
            .annotate(n=Count("pk"))
        ):
            if value is not None:
                counts[question_id][value] = counts[question_id].get(value, 0) + n
            elif text_given:
                texts[question_id] += n
    responses = dict(
        Response.objects.filter(survey__plan=plan)
        .order_by()
        .values("survey_id")
        .annotate(n=Count("pk"))
        .values_list("survey_id", "n")
    )
    shares: dict[tuple[int, int], Share] = {}
    by_survey: dict[int, list[Question]] = defaultdict(list)
    for q in questions:
        by_survey[q.survey_id].append(q)
        if q.kind != QuestionKind.TEXT:
            minimum = 4 if q.kind == QuestionKind.LIKERT else 1
            given = counts.get(q.pk, {})
            shares[(q.pk, minimum)] = Share(
                sum(given.values()), sum(n for v, n in given.items() if v >= minimum)
            )
    header = (labels["question"], labels["answer"], labels["count"], labels["share"])
    out = []
    for asked in by_survey.values():
        survey = asked[0].survey
        rows: list[tuple[str, ...]] = []
        notes = []
        for q in asked:
            if q.kind == QuestionKind.TEXT:
                notes.append(f"{clean(q.text)}: " + labels["free_text"].format(count=texts[q.pk]))
                continue
            given = counts.get(q.pk, {})
            answered = sum(given.values())
            values = (1, 2, 3, 4, 5) if q.kind == QuestionKind.LIKERT else (1, 0)
            for n, value in enumerate(values):
                word = str(value)
                if q.kind == QuestionKind.YES_NO:
                    word = labels["yes" if value == 1 else "no"]
                share = percent(given.get(value, 0), answered)
                rows.append(
                    (
                        clean(q.text) if n == 0 else "",
                        word,
                        str(given.get(value, 0)),
                        f"{number(share, language)} %" if share is not None else "–",
                    )
                )
        status = labels.get(f"survey_{survey.status}", str(survey.status))
        facts = labels["survey_facts"].format(responses=responses.get(survey.pk, 0), status=status)
        out.append((clean(survey.title), facts, _table(header, rows, (6, 2, 2, 2)), notes))
    return out, shares
