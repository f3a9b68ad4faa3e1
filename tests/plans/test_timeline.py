"""The timeline: its pure layout and recurrences (no database), then the page of Ekby kommun's
plan, whose table must list exactly the activities its chart draws."""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from komplan.accounts.models import Role
from komplan.demo.synthetic import synthetic_plan_create
from komplan.plans import timeline
from komplan.plans.models import Activity, ActivityStatus, Channel, Recurrence, TargetGroup
from komplan.plans.timeline import Entry, LaneInput, Window, effective_end, layout, occurrences
from komplan.plans.views import timeline as timeline_view
from tests.conftest import login
from tests.factories import make_member, make_organization, make_plan

YEAR = Window.of(2026)
TODAY = date(2026, 5, 12)


def lane(*entries: Entry, total: int = 0) -> LaneInput:
    return LaneInput("1", "Kommunstyrelsen", entries, total)


def only_bar(*entries: Entry, **options: Any) -> timeline.Bar:
    (bar,) = layout([lane(*entries)], options.pop("window", YEAR), TODAY, **options).bars
    return bar


# --- windows, ends and recurrences -------------------------------------------------------


def test_a_window_is_a_year_or_a_quarter() -> None:
    assert (YEAR.start, YEAR.end, YEAR.days) == (date(2026, 1, 1), date(2026, 12, 31), 365)
    q3 = Window.of(2026, 3)
    assert (q3.start, q3.end) == (date(2026, 7, 1), date(2026, 9, 30))
    with pytest.raises(ValueError):
        Window.of(2026, 5)


@pytest.mark.parametrize(
    ("end", "open_ended", "plan_end", "expected"),
    [
        (date(2026, 3, 31), False, None, date(2026, 3, 31)),
        (None, True, date(2027, 10, 31), date(2027, 10, 31)),  # ongoing: to the plan's end
        (None, True, None, None),  # ongoing, and the plan has no end
        (None, False, date(2027, 10, 31), date(2026, 3, 1)),  # a start alone is one day
        (None, True, date(2025, 12, 31), date(2026, 3, 1)),  # never before the start
    ],
)
def test_effective_end(
    end: date | None, open_ended: bool, plan_end: date | None, expected: date | None
) -> None:
    assert effective_end(date(2026, 3, 1), end, open_ended, plan_end) == expected


def test_a_monthly_status_update_keeps_its_day_and_uses_short_months_last_day() -> None:
    days = occurrences(date(2026, 1, 31), date(2026, 5, 31), "monthly")
    last_days = [31, 28, 31, 30, 31]
    assert days == [date(2026, month, day) for month, day in enumerate(last_days, start=1)]


def test_weekly_quarterly_limits_and_no_recurrence() -> None:
    weekly = occurrences(date(2026, 3, 2), date(2026, 3, 31), "weekly")
    assert weekly == [date(2026, 3, d) for d in (2, 9, 16, 23, 30)]
    quarterly = occurrences(date(2026, 2, 15), date(2027, 1, 1), "quarterly")
    assert quarterly == [date(2026, m, 15) for m in (2, 5, 8, 11)]
    assert occurrences(date(2026, 1, 1), None, "weekly", limit=3)[-1] == date(2026, 1, 15)
    assert occurrences(date(2026, 1, 1), date(2026, 12, 31), "") == []
    assert occurrences(date(2026, 1, 1), date(2026, 12, 31), "daily") == []


def test_since_leaves_out_the_earlier_days_without_walking_them() -> None:
    since = date(2030, 6, 10)
    weekly = occurrences(date(2026, 1, 5), date(2030, 7, 1), "weekly", limit=10, since=since)
    assert weekly[0] == date(2030, 6, 10) and weekly[-1] == date(2030, 7, 1)
    monthly = occurrences(date(2026, 1, 31), None, "monthly", limit=2, since=since)
    assert monthly == [date(2030, 6, 30), date(2030, 7, 31)]


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    length=st.integers(0, 900),
    recurrence=st.sampled_from(timeline.RECURRENCES),
    since=st.one_of(st.none(), st.dates(date(2019, 1, 1), date(2033, 12, 31))),
)
def test_since_only_drops_days_before_it(
    start: date, length: int, recurrence: str, since: date | None
) -> None:
    end = start + timedelta(days=length)
    every = occurrences(start, end, recurrence)
    assert every[0] == start and all(a < b for a, b in pairwise(every))
    assert all(start <= day <= end for day in every)
    assert occurrences(start, end, recurrence, since=since) == [
        day for day in every if since is None or day >= since
    ]


def test_shorten_cuts_at_a_word() -> None:
    assert timeline.shorten("Informationspunkt   på\nmötet", 40) == "Informationspunkt på mötet"
    short = timeline.shorten("Informationspunkt på ledningsgruppsmöte om bokningen", 30)
    assert short == "Informationspunkt på…" and len(short) <= 30


# --- layout ---------------------------------------------------------------------------------


def test_a_bar_covers_its_days_in_proportion() -> None:
    bar = only_bar(Entry(1, "Nyhet", date(2026, 7, 1), date(2026, 12, 31)))
    chart = layout([lane()], YEAR, TODAY)
    half = (chart.plot_right - chart.plot_left) * 181 / 365
    assert bar.x == pytest.approx(chart.plot_left + half, abs=0.02)
    assert bar.right == pytest.approx(chart.plot_right)
    assert not (bar.cut_start or bar.cut_end or bar.fades or bar.hatched)


def test_an_ongoing_activity_runs_to_the_plans_end_and_fades() -> None:
    entry = Entry(1, "Nyhet på webben", date(2026, 9, 1), None, open_ended=True)
    bar = only_bar(entry, plan_end=date(2027, 10, 31))
    assert bar.fades and bar.cut_end and bar.end == date(2027, 10, 31)
    assert only_bar(entry, plan_end=None).end == YEAR.end  # no plan end: the visible range
    next_year = only_bar(entry, window=Window.of(2027), plan_end=date(2027, 10, 31))
    assert next_year.cut_start and not next_year.cut_end


def test_preliminary_is_hatched_and_a_single_day_stays_visible() -> None:
    bar = only_bar(Entry(1, "Möte", date(2026, 3, 4), date(2026, 3, 4), preliminary=True))
    assert bar.hatched and bar.width >= timeline.MIN_BAR


def test_entries_outside_the_window_are_left_out_but_counted() -> None:
    inside = Entry(1, "Inne", date(2026, 4, 1), date(2026, 4, 30))
    before = Entry(2, "Förra året", date(2025, 4, 1), date(2025, 4, 30))
    (laid,) = layout([lane(inside, before, total=5)], YEAR, TODAY).lanes
    assert [bar.entry.id for bar in laid.bars] == [1]
    assert laid.more == 4


def test_recurrence_marks_each_occurrence_inside_the_bar() -> None:
    entry = Entry(1, "Statusuppdatering", date(2025, 11, 15), None, True, recurrence="monthly")
    bar = only_bar(entry, plan_end=date(2027, 10, 31))
    assert len(bar.marks) == 12  # 15 Jan … 15 Dec 2026: only the visible ones
    assert all(bar.x <= mark <= bar.right for mark in bar.marks)


def test_ticks_weeks_and_the_today_line() -> None:
    by_month = layout([lane()], YEAR, TODAY)
    assert [t.number for t in by_month.ticks] == list(range(1, 13)) and not by_month.weeks
    assert by_month.today_x is not None
    by_quarter = layout([lane()], YEAR, TODAY, scale="quarter")
    assert [(t.kind, t.number) for t in by_quarter.ticks] == [("quarter", q) for q in (1, 2, 3, 4)]
    q3 = layout([lane()], Window.of(2026, 3), TODAY)
    assert [t.number for t in q3.ticks] == [7, 8, 9]
    assert q3.weeks[0].number == 27 and q3.today_x is None  # 1 July 2026 is in week 27


def test_a_tag_goes_beside_the_bar_or_on_it() -> None:
    after = only_bar(Entry(1, "A", date(2026, 2, 1), date(2026, 2, 28), tag="Klar"))
    assert after.tag_anchor == "start" and after.tag_x > after.right and not after.tag_inside
    before = only_bar(Entry(2, "B", date(2026, 11, 1), date(2026, 12, 31), tag="Klar"))
    assert before.tag_anchor == "end" and before.tag_x < before.x
    on = only_bar(Entry(3, "C", date(2026, 1, 1), date(2026, 12, 31), tag="Pågår · löpande"))
    assert on.tag_inside


entries = st.builds(
    Entry,
    id=st.integers(1, 10_000),
    title=st.text(max_size=80),
    start=st.dates(date(2024, 1, 1), date(2028, 12, 31)),
    end=st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2029, 12, 31))),
    open_ended=st.booleans(),
    preliminary=st.booleans(),
    recurrence=st.sampled_from(["", *timeline.RECURRENCES]),
    tag=st.text(max_size=30),
)


@settings(max_examples=200, deadline=None)
@given(
    lanes=st.lists(st.lists(entries, max_size=8), max_size=5),
    year=st.integers(2024, 2028),
    quarter=st.one_of(st.none(), st.integers(1, 4)),
    plan_end=st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2029, 12, 31))),
    scale=st.sampled_from(["month", "quarter"]),
)
def test_every_bar_lies_inside_the_chart_and_starts_before_it_ends(
    lanes: list[list[Entry]],
    year: int,
    quarter: int | None,
    plan_end: date | None,
    scale: str,
) -> None:
    window = Window.of(year, quarter)
    inputs = [LaneInput(str(i), f"Grupp {i}", lane) for i, lane in enumerate(lanes)]
    chart = layout(inputs, window, TODAY, scale=scale, plan_end=plan_end)
    eps = 1e-6
    for bar in chart.bars:
        assert bar.entry.start <= bar.end
        assert bar.entry.start <= window.end and bar.end >= window.start
        assert chart.plot_left - eps <= bar.x and bar.right <= chart.plot_right + eps
        assert bar.width > 0
        assert chart.plot_top <= bar.y and bar.y + bar.height <= chart.plot_bottom
        assert all(bar.x - eps <= mark <= bar.right + eps for mark in bar.marks)
    tops = [lane.y for lane in chart.lanes]
    assert tops == sorted(tops) and chart.height >= chart.plot_bottom
    assert sum(t.width for t in chart.ticks) == pytest.approx(
        chart.plot_right - chart.plot_left, abs=0.1
    )


# --- the page -------------------------------------------------------------------------------

BAR = re.compile(r'<g class="tl-row[^"]*" data-activity="(\d+)" data-lane="(\w+)"')
YEAR_SHOWN = re.compile(r'aria-current="true">(\d{4})</a>')
ROW = re.compile(r'<tr data-activity="(\d+)" data-lane="(\w+)"')


def page(client: Any, url: str) -> str:
    """The page in English: the tests read words, not the catalogues."""
    response = client.get(url, headers={"accept-language": "en"})
    assert response.status_code == 200, url
    return str(response.content.decode())


def drawn_and_listed(html: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    return sorted(BAR.findall(html)), sorted(ROW.findall(html))


@pytest.fixture
def ekby(plan: Any) -> dict[str, Any]:
    """Ekby's plan: two groups, one channel; activities done, ongoing, preliminary, weekly."""
    board = TargetGroup.objects.create(plan=plan, name="Kommunstyrelsen")
    staff = TargetGroup.objects.create(plan=plan, name="Handläggare")
    intranet = Channel.objects.create(plan=plan, name="Intranätet")

    def activity(title: str, time: str, groups: list[Any], **fields: Any) -> Activity:
        made = Activity.objects.create(plan=plan, title=title, time_text=time, **fields)
        made.groups.set(groups)
        made.channels.set([intranet])
        return made

    return {
        "board": board,
        "staff": staff,
        "done": activity("Dragning i KS", "Mars 2026", [board], status=ActivityStatus.DONE),
        "ongoing": activity("Nyhet på intranätet", "September 2026 – löpande", [board, staff]),
        "preliminary": activity("Utbildning", "Prel. november 2026", [staff]),
        "weekly": activity(
            "Veckobrev", "Vecka 10 – vecka 20 2026", [staff], recurrence=Recurrence.WEEKLY
        ),
        "next_year": activity("Utvärdering", "Våren 2027", [board]),
        "undated": activity("Film", "Efter lansering", []),
        "no_group": activity("Pressmeddelande", "April 2026", []),
    }


@pytest.mark.dates  # the page reads today: the default year and the today line
def test_the_table_lists_exactly_the_activities_the_chart_draws(
    plan: Any, ekby: dict[str, Any], viewer_client: Any
) -> None:
    html = page(viewer_client, f"/plans/{plan.pk}/timeline/?year=2026")
    drawn, listed = drawn_and_listed(html)
    assert drawn == listed
    ids = {name: str(ekby[name].pk) for name in ekby if isinstance(ekby[name], Activity)}
    board, staff = str(ekby["board"].pk), str(ekby["staff"].pk)
    assert (ids["ongoing"], board) in drawn and (ids["ongoing"], staff) in drawn  # under each
    assert (ids["no_group"], "none") in drawn
    assert ids["next_year"] not in {pk for pk, _ in drawn}
    assert ids["undated"] not in {pk for pk, _ in drawn}
    assert 'role="img"' in html and 'aria-labelledby="timeline-title timeline-desc"' in html


@pytest.mark.dates
def test_status_preliminary_ongoing_and_recurrence_are_said_in_words(
    plan: Any, ekby: dict[str, Any], viewer_client: Any
) -> None:
    html = page(viewer_client, f"/plans/{plan.pk}/timeline/?year=2026")
    done_row = re.search(rf'<tr data-activity="{ekby["done"].pk}"[^>]*>(.*?)</tr>', html, re.S)
    assert done_row and 'class="done"' in done_row.group(0) and "Done" in done_row.group(1)
    assert 'class="tl-bar s-done' in html
    assert "hatched" in html and 'mask="url(#tl-fade)"' in html
    ongoing = re.search(rf'<tr data-activity="{ekby["ongoing"].pk}"[^>]*>(.*?)</tr>', html, re.S)
    assert ongoing and "ongoing" in ongoing.group(1) and "31 Dec 2027" in ongoing.group(1)
    assert "preliminary" in html and "Every week" in html
    chart = html.split('<svg class="timeline"')[1].split("</svg>")[0]
    assert chart.count('class="tl-mark') == 11  # weeks 10 to 20
    assert "Film" in html.split('id="undated-heading"')[1]


@pytest.mark.dates
def test_zoomed_to_a_quarter_grouped_by_channel(
    plan: Any, ekby: dict[str, Any], viewer_client: Any
) -> None:
    url = f"/plans/{plan.pk}/timeline/?year=2026&quarter=4&scale=quarter&group_by=channel"
    html = page(viewer_client, url)
    drawn, listed = drawn_and_listed(html)
    assert drawn == listed
    assert {pk for pk, _ in drawn} == {str(ekby[k].pk) for k in ("ongoing", "preliminary")}
    assert "Q4 2026" in html and "No channel" not in html


@pytest.mark.dates
@pytest.mark.parametrize(
    "query", ["year=abc&quarter=9&scale=day&group_by=x&lane=<b>&page=-1", "year=99999", "page=x"]
)
def test_odd_parameters_fall_back_to_defaults(plan: Any, viewer_client: Any, query: str) -> None:
    assert viewer_client.get(f"/plans/{plan.pk}/timeline/?{query}").status_code == 200


@pytest.mark.dates
def test_a_full_lane_shows_its_first_rows_and_links_to_all_of_them(
    plan: Any, ekby: dict[str, Any], viewer_client: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(timeline_view, "ROWS_PER_LANE", 2)
    monkeypatch.setattr(timeline_view, "LANE_PAGE_SIZE", 2)
    staff = ekby["staff"].pk
    html = page(viewer_client, f"/plans/{plan.pk}/timeline/?year=2026")
    assert f"lane={staff}" in html and "+ 1" in html
    drawn, listed = drawn_and_listed(html)
    assert drawn == listed and len([1 for _, key in drawn if key == str(staff)]) == 2
    seen = [
        drawn_and_listed(
            page(viewer_client, f"/plans/{plan.pk}/timeline/?year=2026&lane={staff}&page={n}")
        )
        for n in (1, 2)
    ]
    assert all(drawn == listed for drawn, listed in seen)
    assert sorted(pk for drawn, _ in seen for pk, _ in drawn) == sorted(
        str(ekby[k].pk) for k in ("ongoing", "preliminary", "weekly")
    )


@pytest.mark.dates
def test_lanes_are_paged(plan: Any, viewer_client: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(timeline_view, "LANES_PER_PAGE", 2)
    for number in range(5):
        group = TargetGroup.objects.create(plan=plan, name=f"Grupp {number}")
        Activity.objects.create(plan=plan, title=f"Möte {number}", time_text="Maj 2026")
        Activity.objects.get(title=f"Möte {number}").groups.add(group)
    keys = set()
    for number in (1, 2, 3):
        html = page(viewer_client, f"/plans/{plan.pk}/timeline/?year=2026&page={number}")
        drawn, listed = drawn_and_listed(html)
        assert drawn == listed and len({key for _, key in drawn}) <= 2
        keys |= {key for _, key in drawn}
    assert len(keys) == 5


@pytest.mark.dates
def test_user_text_is_escaped_in_the_chart(plan: Any, viewer_client: Any) -> None:
    hostile = '<script>alert("x")</script>&'
    group = TargetGroup.objects.create(plan=plan, name=hostile)
    Activity.objects.create(plan=plan, title=hostile, time_text="Maj 2026").groups.add(group)
    html = page(viewer_client, f"/plans/{plan.pk}/timeline/?year=2026")
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


# --- queries and size -----------------------------------------------------------------------


def test_the_chart_opens_on_this_year_with_the_today_line_while_the_plan_runs(
    organization: Any, viewer_client: Any, today: date
) -> None:
    running = make_plan(
        organization,
        name="Pågående plan",
        start_date=today - timedelta(days=400),
        end_date=today + timedelta(days=60),
    )
    ended = make_plan(
        organization, name="Avslutad plan", start_date=date(2019, 9, 1), end_date=date(2020, 6, 30)
    )
    Activity.objects.create(plan=running, title="Nyhetsbrev", time_text=today.isoformat())
    Activity.objects.create(plan=ended, title="Slutrapport", time_text="Mars 2020")
    html = page(viewer_client, f"/plans/{running.pk}/timeline/")
    assert YEAR_SHOWN.search(html).group(1) == str(today.year)  # type: ignore[union-attr]
    assert 'class="tl-today-group"' in html
    html = page(viewer_client, f"/plans/{ended.pk}/timeline/")
    assert YEAR_SHOWN.search(html).group(1) == "2019"  # type: ignore[union-attr]
    assert 'class="tl-today-group"' not in html


def _queries(client: Any, url: str) -> int:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.slow
@pytest.mark.dates
def test_the_query_count_does_not_grow_with_the_plan(db: Any) -> None:
    counts = {}
    for number, activities in enumerate((10, 500), start=1):
        organization = make_organization(f"Kommun {number}", f"kommun-{number}")
        user = make_member(organization, f"admin-{number}", Role.ADMIN)
        plan = synthetic_plan_create(
            organization=organization,
            activities=activities,
            groups=max(5, activities // 10),
            messages=8,
            channels=4,
            seed=number,
        )
        client = login(user)
        counts[activities] = [
            _queries(client, f"/plans/{plan.pk}/timeline/?year=2026"),
            _queries(client, f"/plans/{plan.pk}/timeline/?year=2026&group_by=channel&quarter=3"),
            _queries(client, f"/plans/{plan.pk}/calendars/"),
        ]
    assert counts[10] == counts[500], counts
    assert counts[10] == TIMELINE_QUERIES, counts


# Session, user, plan, membership and the header's organisations, then the page's own: the
# timeline read again 2 (the plan's content stamp, its body from the cache; read first it also
# asks dates and counts, lanes, ranked rows and undated, and writes the cache), calendars 2
# (feeds, people).
TIMELINE_QUERIES = [5, 5, 6]


def test_the_activity_form_offers_every_recurrence(plan: Any) -> None:
    from komplan.plans.forms import ActivityForm

    field = ActivityForm(plan=plan).fields["recurrence"]
    assert [value for value, _ in field.choices] == ["", "weekly", "monthly", "quarterly"]


# --- the body kept in the cache under the plan's content ---------------------------------------


def test_a_change_shows_on_a_timeline_read_before_it(
    editor_client: Any, plan: Any, ekby: dict[str, Any]
) -> None:
    """The timeline's body is cached under the plan's content stamp: a status set in bulk, a
    renamed group and a new activity show at once, not when the cache expires."""
    url = f"/plans/{plan.pk}/timeline/?year=2026"
    before = page(editor_client, url)
    preliminary = ekby["preliminary"]
    assert f'<tr data-activity="{preliminary.pk}" data-lane="{ekby["staff"].pk}">' in before
    body = before.split('id="timeline-heading"')[1]
    assert page(editor_client, url).split('id="timeline-heading"')[1] == body  # the cache's
    editor_client.post(
        f"/plans/{plan.pk}/activities/status/", {"activity": [preliminary.pk], "status": "done"}
    )
    after = page(editor_client, url)
    assert (
        f'<tr data-activity="{preliminary.pk}" data-lane="{ekby["staff"].pk}" class="done">'
        in after
    )
    staff = TargetGroup.objects.get(pk=ekby["staff"].pk)
    staff.name = "Alla handläggare"
    staff.save()
    assert "Alla handläggare" in page(editor_client, url)
    Activity.objects.create(plan=plan, title="Ny aktivitet i juni", time_text="Juni 2026")
    assert "Ny aktivitet i juni" in page(editor_client, url)
    plan.end_date = date(2026, 6, 30)
    plan.save()
    assert "Ongoing, to the plan" in page(editor_client, url)


def test_the_cached_body_is_kept_per_language_and_query(
    viewer_client: Any, plan: Any, ekby: dict[str, Any]
) -> None:
    url = f"/plans/{plan.pk}/timeline/?year=2026"
    english = page(viewer_client, url)
    swedish = viewer_client.get(url, headers={"accept-language": "sv"}).content.decode()
    assert "Whole year" in english and "Hela året" in swedish and "Whole year" not in swedish
    channels = page(viewer_client, url + "&group_by=channel")
    assert "Intranätet" in channels and "Kommunstyrelsen" not in channels
    assert "Kommunstyrelsen" in english


def test_a_moved_group_moves_its_lane_on_a_timeline_read_before(
    editor_client: Any, plan: Any, ekby: dict[str, Any]
) -> None:
    """Moves write positions without touching `updated_at`: the cached body still follows."""
    url = f"/plans/{plan.pk}/timeline/?year=2026"
    board, staff = ekby["board"].pk, ekby["staff"].pk
    lanes = re.compile(r'<tbody data-lane="(\w+)">')
    assert lanes.findall(page(editor_client, url))[:2] == [str(board), str(staff)]
    response = editor_client.post(f"/plans/{plan.pk}/groups/{staff}/move/", {"direction": "up"})
    assert response.status_code == 302
    assert lanes.findall(page(editor_client, url))[:2] == [str(staff), str(board)]
