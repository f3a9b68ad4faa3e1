"""The activity plan of Ekby kommun's new case system: filtered, sorted, followed up in bulk,
with each activity's free-text time read as a period, live while it is written."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from time_machine import TimeMachineFixture

from komplan.accounts.models import Role
from komplan.demo.synthetic import synthetic_plan_create
from komplan.plans.models import Activity, ActivityStatus, Channel, Message, TargetGroup
from tests.conftest import login, morning_of
from tests.factories import make_member, make_organization, make_plan

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat


def activity(plan: Any, title: str, time_text: str = "", **fields: Any) -> Activity:
    links = {name: fields.pop(name, []) for name in ("groups", "channels", "messages")}
    made = Activity.objects.create(plan=plan, title=title, time_text=time_text, **fields)
    for name, objects in links.items():
        getattr(made, name).set(objects)
    return made


@pytest.fixture
def ekby(plan: Any) -> dict[str, Any]:
    """Four activities in document order A, B, C, D, linked to different groups and channels."""
    board = TargetGroup.objects.create(plan=plan, name="Kommunstyrelsen")
    staff = TargetGroup.objects.create(plan=plan, name="Handläggare")
    intranet = Channel.objects.create(plan=plan, name="Intranätet")
    meeting = Channel.objects.create(plan=plan, name="Möte med talepunkter")
    saves_time = Message.objects.create(plan=plan, text="Systemet sparar tid.")
    safe = Message.objects.create(plan=plan, text="Uppgifterna är säkra.")
    made = {
        "A": activity(
            plan,
            "Nyhet på intranätet",
            "Mars 2026",
            groups=[staff],
            channels=[intranet],
            messages=[saves_time],
            responsible="Kommunikatör",
        ),
        "B": activity(
            plan,
            "Presentation i kommunstyrelsen",
            "Hösten 2026",
            groups=[board],
            channels=[meeting],
            messages=[safe],
            responsible="Projektledare",
            status=ActivityStatus.DONE,
        ),
        "C": activity(
            plan,
            "Löpande uppdatering av webben",
            "April 2026 – löpande",
            groups=[staff, board],
            channels=[intranet],
            description="Grundläggande information på ekby.se",
            status=ActivityStatus.IN_PROGRESS,
        ),
        "D": activity(
            plan,
            "Kontakta leverantörerna",
            "när avtalet är klart",
            status=ActivityStatus.CANCELLED,
        ),
    }
    return {
        **made,
        "board": board,
        "staff": staff,
        "intranet": intranet,
        "saves_time": saves_time,
    }


def listed(client: Client, plan: Any, **params: Any) -> list[str]:
    """The activity titles of the activity plan page, in table order."""
    response = client.get(f"/plans/{plan.pk}/activities/", params)
    assert response.status_code == 200
    return re.findall(r'<th scope="row">([^<]*)</th>', response.content.decode())


def titles(ekby: dict[str, Any], letters: str) -> list[str]:
    return [ekby[letter].title for letter in letters]


# --- the page ----------------------------------------------------------------------------


def test_the_activities_register_is_the_activity_plan(
    viewer_client: Client, plan: Any, ekby: dict[str, Any]
) -> None:
    response = viewer_client.get(f"/plans/{plan.pk}/activities/")
    assert response.templates[0].name == "plans/activity_plan/activity_plan.html"
    assert listed(viewer_client, plan) == titles(ekby, "ABCD")


def test_the_understood_period_stands_under_the_time_text(
    viewer_client: Client, plan: Any, ekby: dict[str, Any]
) -> None:
    page = viewer_client.get(
        f"/plans/{plan.pk}/activities/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert '<span class="period-line">1–31 Mar 2026</span>' in page
    assert '<span class="period-line">from 1 Apr 2026, ongoing</span>' in page
    # Unread: the text as written, marked in words, with no dates.
    assert 'när avtalet är klart<span class="time-mark">Time not read</span></td>' in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "webben"}, "C"),
        ({"q": "EKBY.SE"}, "C"),  # the description
        ({"q": "hösten"}, "B"),  # the time text
        ({"group": "staff"}, "AC"),
        ({"group": "board"}, "BC"),
        ({"channel": "intranet"}, "AC"),
        ({"message": "saves_time"}, "A"),
        ({"responsible": "Projektledare"}, "B"),
        ({"status": "done"}, "B"),
        ({"status": "cancelled"}, "D"),
        ({"group": "staff", "status": "planned"}, "A"),
        # Period overlap: [starts_on, ends_on] shares a day with the range; an open end
        # ("April 2026 – löpande") overlaps everything after its start.
        ({"start": "2026-04-15", "end": "2026-04-20"}, "C"),
        ({"start": "2026-03-31", "end": "2026-04-01"}, "AC"),
        ({"start": "2026-10-01"}, "BC"),
        ({"end": "2026-03-15"}, "A"),
        ({"start": "2030-01-01", "end": "2030-12-31"}, "C"),
        ({"start": "2025-01-01", "end": "2025-12-31"}, ""),
    ],
)
def test_each_filter(
    viewer_client: Client,
    plan: Any,
    ekby: dict[str, Any],
    params: dict[str, str],
    expected: str,
) -> None:
    query = {key: getattr(ekby.get(value), "pk", value) for key, value in params.items()}
    assert listed(viewer_client, plan, **query) == titles(ekby, expected)


def test_an_activity_without_dates_never_matches_a_period(
    viewer_client: Client, plan: Any, ekby: dict[str, Any]
) -> None:
    everything = {"start": "1900-01-01", "end": "2999-12-31"}
    assert ekby["D"].title not in listed(viewer_client, plan, **everything)


def test_a_range_ending_before_it_starts_is_named_and_left_out(
    viewer_client: Client, plan: Any, ekby: dict[str, Any]
) -> None:
    response = viewer_client.get(
        f"/plans/{plan.pk}/activities/", {"start": "2026-10-01", "end": "2026-01-01"}
    )
    assert response.context["form"].errors["end"]
    # The valid start still filters: activities under way from October.
    assert listed(viewer_client, plan, start="2026-10-01", end="2026-01-01") == titles(ekby, "BC")


def test_a_filter_value_of_another_plan_is_refused_not_used(
    viewer_client: Client, plan: Any, ekby: dict[str, Any], organization: Any
) -> None:
    other = make_plan(organization, name="Annan plan")
    stranger = TargetGroup.objects.create(plan=other, name="Främlingar")
    response = viewer_client.get(f"/plans/{plan.pk}/activities/", {"group": stranger.pk})
    assert "group" in response.context["form"].errors
    assert listed(viewer_client, plan, group=stranger.pk) == titles(ekby, "ABCD")


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", "ABCD"),
        ("position", "ABCD"),
        ("start", "ACBD"),  # March, April, autumn; no dates last
        ("title", "DCAB"),
        ("responsible", "ABCD"),  # Kommunikatör, Projektledare, then the blank ones in order
        ("status", "ACBD"),  # planned, in progress, done, cancelled
        ("nonsense", "ABCD"),
    ],
)
def test_each_sort(
    viewer_client: Client, plan: Any, ekby: dict[str, Any], sort: str, expected: str
) -> None:
    assert listed(viewer_client, plan, sort=sort) == titles(ekby, expected)


def test_the_sorted_column_says_so(viewer_client: Client, plan: Any, ekby: dict[str, Any]) -> None:
    page = viewer_client.get(
        f"/plans/{plan.pk}/activities/", {"sort": "status", "status": "done"}
    ).content.decode()
    assert page.count("aria-sort=") == 1
    assert re.search(r'<th scope="col" aria-sort="ascending"><a href="\?[^"]*sort=status', page)
    # Sorting by another column keeps the filter.
    assert 'href="?sort=title&amp;status=done"' in page


def test_reordering_only_in_document_order_without_filters(
    editor_client: Client, viewer_client: Client, plan: Any, ekby: dict[str, Any]
) -> None:
    def has_move_buttons(client: Client, **params: str) -> bool:
        page = client.get(f"/plans/{plan.pk}/activities/", params).content.decode()
        return f'id="up-{ekby["B"].pk}"' in page

    assert has_move_buttons(editor_client)
    assert has_move_buttons(editor_client, sort="position")
    assert not has_move_buttons(editor_client, sort="title")
    assert not has_move_buttons(editor_client, status="planned")
    assert not has_move_buttons(editor_client, view="overdue")
    assert not has_move_buttons(viewer_client)
    page = editor_client.get(f"/plans/{plan.pk}/activities/", {"sort": "title"}).content.decode()
    assert f"/activities/{ekby['B'].pk}/edit/" in page
    assert f"/activities/{ekby['B'].pk}/delete/" in page


def test_a_viewer_gets_no_ticks_and_no_bulk_form(
    viewer_client: Client, plan: Any, ekby: dict[str, Any]
) -> None:
    page = viewer_client.get(f"/plans/{plan.pk}/activities/").content.decode()
    assert 'id="bulk-status"' not in page and 'name="activity"' not in page
    assert "/activities/new/" not in page


def test_pages_keep_the_filters(
    settings: Any, viewer_client: Client, plan: Any, ekby: dict[str, Any]
) -> None:
    settings.KOMPLAN_PAGE_SIZE = 1
    page = viewer_client.get(
        f"/plans/{plan.pk}/activities/", {"group": ekby["staff"].pk}
    ).content.decode()
    assert f'href="?group={ekby["staff"].pk}&amp;page=2"' in page
    second = listed(viewer_client, plan, group=ekby["staff"].pk, page=2)
    assert second == titles(ekby, "C")


# --- quick views -------------------------------------------------------------------------


@pytest.fixture
def friday(time_machine: TimeMachineFixture) -> dt.date:
    day = dt.date(2026, 4, 10)  # a Friday; its week runs 6–12 April
    time_machine.move_to(morning_of(day))
    return day


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        ("overdue", ["Nyhet på intranätet", "Enkät i mars"]),
        ("week", ["Löpande uppdatering av webben", "Möte vecka 15"]),
        ("next30", ["Löpande uppdatering av webben", "Möte vecka 15", "Utbildning i maj"]),
        ("", None),
    ],
)
def test_quick_views_are_relative_to_today(
    viewer_client: Client,
    plan: Any,
    ekby: dict[str, Any],
    friday: dt.date,
    view: str,
    expected: list[str] | None,
) -> None:
    activity(plan, "Enkät i mars", "15 mars 2026", status=ActivityStatus.IN_PROGRESS)
    activity(plan, "Klar i mars", "mars 2026", status=ActivityStatus.DONE)
    activity(plan, "Möte vecka 15", "vecka 15 2026")
    activity(plan, "Utbildning i maj", "maj 2026")
    activity(plan, "Utbildning i juni", "juni 2026")
    shown = listed(viewer_client, plan, view=view)
    if expected is None:
        assert len(shown) == 9
    else:
        assert shown == expected


def test_the_quick_views_hold_on_any_day(viewer_client: Client, plan: Any, today: dt.date) -> None:
    """Relative to the day the test stands on, which CI's dates runs put at a year end, a
    month end and a leap day, where this week's Sunday falls in the next month or year."""

    def on(title: str, first: dt.date, last: dt.date | None = None, **fields: Any) -> None:
        activity(plan, title, start_override=first, end_override=last or first, **fields)

    day = dt.timedelta(days=1)
    sunday = today + (6 - today.weekday()) * day
    on("Enkät förra månaden", today - 40 * day, today - 35 * day)
    on("Klar förra månaden", today - 40 * day, status=ActivityStatus.DONE)
    on("Möte i dag", today)
    on("Nyhetsbrev på söndag", sunday)
    on("Utbildning om 29 dagar", today + 29 * day)
    on("Utbildning om 30 dagar", today + 30 * day)
    assert listed(viewer_client, plan, view="overdue") == ["Enkät förra månaden"]
    assert listed(viewer_client, plan, view="week") == ["Möte i dag", "Nyhetsbrev på söndag"]
    assert listed(viewer_client, plan, view="next30") == [
        "Möte i dag",
        "Nyhetsbrev på söndag",
        "Utbildning om 29 dagar",
    ]


def test_the_quick_view_links_mark_the_current_one(
    viewer_client: Client, plan: Any, friday: dt.date
) -> None:
    page = viewer_client.get(f"/plans/{plan.pk}/activities/", {"view": "week"}).content.decode()
    assert re.search(r'<a href="\?view=week" aria-current="page">', page)
    assert '<a href="?view=overdue">' in page
    filtered = viewer_client.get(f"/plans/{plan.pk}/activities/", {"status": "done"})
    quick_views = re.search(r'<ul class="quick-views">.*?</ul>', filtered.content.decode(), re.S)
    assert quick_views is not None and "aria-current" not in quick_views.group()


# --- bulk status change --------------------------------------------------------------------


def bulk(client: Client, plan: Any, ids: list[Any], status: str, query: str = "") -> Any:
    return client.post(
        f"/plans/{plan.pk}/activities/status/",
        {"activity": ids, "status": status, "query": query},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def statuses(*activities: Activity) -> list[str]:
    return [Activity.objects.get(pk=a.pk).status for a in activities]


def test_an_editor_marks_several_activities_done_at_once(
    editor_client: Client, editor: Any, plan: Any, ekby: dict[str, Any]
) -> None:
    a, b, c = ekby["A"], ekby["B"], ekby["C"]
    response = bulk(editor_client, plan, [a.pk, b.pk, c.pk], "done", "status=planned&page=2")
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{plan.pk}/activities/?status=planned&page=2"
    assert statuses(a, b, c) == ["done", "done", "done"]
    changed = Activity.objects.get(pk=a.pk)
    assert changed.lock_version == a.lock_version + 1 and changed.updated_by == editor
    assert Activity.objects.get(pk=b.pk).lock_version == b.lock_version  # was done already
    page = editor_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 activities were set to “Done”." in page


def test_a_bulk_change_goes_back_only_within_komplan(
    editor_client: Client, plan: Any, ekby: dict[str, Any]
) -> None:
    response = bulk(editor_client, plan, [ekby["A"].pk], "done", "https://evil.example/")
    assert response["Location"].startswith(f"/plans/{plan.pk}/activities/?")


def test_a_viewer_cannot_change_statuses(
    viewer_client: Client, plan: Any, ekby: dict[str, Any]
) -> None:
    response = bulk(viewer_client, plan, [ekby["A"].pk], "done")
    assert response.status_code == 403
    assert statuses(ekby["A"]) == ["planned"]


def test_other_plans_activities_are_ignored(
    editor_client: Client, plan: Any, ekby: dict[str, Any], organization: Any
) -> None:
    sibling = activity(make_plan(organization, name="Annan plan"), "Grannplanens aktivitet")
    foreign_plan = make_plan(make_organization("Västby kommun", "vastby"))
    foreign = activity(foreign_plan, "Västbys aktivitet")
    bulk(editor_client, plan, [ekby["A"].pk, sibling.pk, foreign.pk], "done")
    assert statuses(ekby["A"], sibling, foreign) == ["done", "planned", "planned"]


def test_an_outsider_changes_nothing(
    outsider_client: Client, plan: Any, ekby: dict[str, Any]
) -> None:
    assert bulk(outsider_client, plan, [ekby["A"].pk], "done").status_code == 404
    assert statuses(ekby["A"]) == ["planned"]


@pytest.mark.parametrize(
    ("ids", "status"),
    [
        (["A", "C"], "finished"),  # no such status
        (["A", "nonsense"], "done"),  # an id that is not one
        ([], "done"),  # nothing ticked
    ],
)
def test_on_an_error_nothing_changes(
    editor_client: Client, plan: Any, ekby: dict[str, Any], ids: list[str], status: str
) -> None:
    values = [ekby[i].pk if i in ekby else i for i in ids]
    response = bulk(editor_client, plan, values, status)
    assert response.status_code == 302
    assert statuses(ekby["A"], ekby["C"]) == ["planned", "in_progress"]
    page = editor_client.get(response["Location"]).content.decode()
    assert 'class="message error"' in page


def test_done_rows_are_red_and_labelled(
    viewer_client: Client, plan: Any, ekby: dict[str, Any]
) -> None:
    page = viewer_client.get(
        f"/plans/{plan.pk}/activities/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    row = page[page.index(f'<tr id="entry-{ekby["B"].pk}"') :]
    row = row[: row.index("</tr>")]
    assert 'class="done"' in row and ">Done</td>" in row


# --- the live period ---------------------------------------------------------------------


@pytest.fixture
def plan_2018(organization: Any) -> Any:
    return make_plan(
        organization,
        name="Bokning och bidrag",
        start_date=D("2018-01-01"),
        end_date=D("2019-12-31"),
    )


def period(client: Client, plan: Any, language: str = "en", **params: str) -> str:
    response = client.get(
        f"/plans/{plan.pk}/activities/period/",
        params,
        HTTP_ACCEPT_LANGUAGE=language,
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sv", "från 1 sep. 2018, pågående"),
        ("da", "fra 1. sep. 2018, løbende"),
        ("nb", "fra 1. sep. 2018, løpende"),
        ("en", "from 1 Sep 2018, ongoing"),
    ],
)
def test_the_period_is_shown_in_the_interface_language(
    viewer_client: Client, plan_2018: Any, language: str, expected: str
) -> None:
    fragment = period(viewer_client, plan_2018, language, time_text="Höst 2018 – pågående")
    assert f"<strong>{expected}</strong>" in fragment
    assert "<html" not in fragment


def test_a_preliminary_time_says_so(viewer_client: Client, plan_2018: Any) -> None:
    fragment = period(viewer_client, plan_2018, "sv", time_text="Prel. Våren 2018")
    assert "<strong>1 mars – 31 maj 2018, preliminärt</strong>" in fragment


def test_an_unreadable_time_gets_a_calm_note_never_an_error(
    viewer_client: Client, plan_2018: Any
) -> None:
    fragment = period(viewer_client, plan_2018, time_text="när avtalet är på plats")
    assert "komplan could not read a date from this; the text is kept as written." in fragment
    assert "error" not in fragment
    assert period(viewer_client, plan_2018, time_text="").strip() == ""


def test_dates_set_by_hand_show_which_dates_are_in_effect(
    viewer_client: Client, plan_2018: Any
) -> None:
    fragment = period(
        viewer_client,
        plan_2018,
        time_text="Våren 2018",
        start_override="2018-04-01",
        end_override="not a date",
    )
    assert "<strong>1 Mar – 31 May 2018</strong>" in fragment
    assert "Dates in effect, set by hand: <strong>1 Apr – 31 May 2018</strong>" in fragment


def test_the_plan_language_reads_the_text(viewer_client: Client, organization: Any) -> None:
    # "mars 19" is March 2019 in Swedish, but March 19th in English.
    dates = {"start_date": D("2019-01-01"), "end_date": D("2019-12-31")}
    swedish = make_plan(organization, language="sv", **dates)
    english = make_plan(organization, language="en", **dates)
    assert "1–31 Mar 2019" in period(viewer_client, swedish, time_text="mars 19")
    assert "<strong>19 Mar 2019</strong>" in period(viewer_client, english, time_text="mars 19")


# --- the activity form -------------------------------------------------------------------


def test_the_form_asks_for_the_reading_as_the_user_types(editor_client: Client, plan: Any) -> None:
    page = editor_client.get(f"/plans/{plan.pk}/activities/new/").content.decode()
    field = re.search(r'<input[^>]*name="time_text"[^>]*>', page)
    assert field is not None
    assert f'data-hx-get="/plans/{plan.pk}/activities/period/"' in field.group()
    assert 'data-hx-trigger="input changed delay:300ms"' in field.group()
    assert 'data-hx-target="#period-preview"' in field.group()
    assert re.search(r'<div id="period-preview" class="period-preview" aria-live="polite">', page)
    assert 'name="start_override"' in page and 'name="end_override"' in page


def test_without_javascript_the_edit_page_shows_the_saved_reading(
    editor_client: Client, plan: Any, ekby: dict[str, Any]
) -> None:
    page = editor_client.get(
        f"/plans/{plan.pk}/activities/{ekby['C'].pk}/edit/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    preview = page[page.index('id="period-preview"') :]
    assert preview.index("<strong>from 1 Apr 2026, ongoing</strong>") < preview.index("</div>")


def form_data(plan: Any, **fields: Any) -> dict[str, Any]:
    return {"title": "Informationsmöte", "status": "planned", **fields}


def test_an_unreadable_time_is_saved_as_written(editor_client: Client, plan: Any) -> None:
    text = "när avtalet är på plats"
    response = editor_client.post(
        f"/plans/{plan.pk}/activities/new/", form_data(plan, time_text=text)
    )
    assert response.status_code == 302
    saved = plan.activities.get()
    assert (saved.time_text, saved.starts_on, saved.period_reason) == (
        text,
        None,
        "no date expression found",
    )


def test_dates_set_by_hand_override_the_reading(editor_client: Client, plan: Any) -> None:
    editor_client.post(
        f"/plans/{plan.pk}/activities/new/",
        form_data(plan, time_text="Hösten 2026", end_override="2026-12-15"),
    )
    saved = plan.activities.get()
    assert (saved.parsed_start, saved.parsed_end) == (D("2026-09-01"), D("2026-11-30"))
    assert (saved.starts_on, saved.ends_on) == (D("2026-09-01"), D("2026-12-15"))


def test_an_end_date_before_the_start_date_is_refused(editor_client: Client, plan: Any) -> None:
    response = editor_client.post(
        f"/plans/{plan.pk}/activities/new/",
        form_data(plan, start_override="2026-05-01", end_override="2026-04-01"),
    )
    assert response.status_code == 200
    assert "end_override" in response.context["form"].errors


def test_a_form_sent_back_shows_the_typed_time(editor_client: Client, plan: Any) -> None:
    response = editor_client.post(
        f"/plans/{plan.pk}/activities/new/",
        form_data(plan, title="", time_text="Våren 2026"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "<strong>1 Mar – 31 May 2026</strong>" in response.content.decode()


# --- re-reading after the plan's language or the organisation's seasons change ------------


def test_changing_the_plan_language_reads_every_time_again(
    editor_client: Client, plan: Any
) -> None:
    march = activity(plan, "Budget", "mars 27")
    assert (march.starts_on, march.ends_on) == (D("2027-03-01"), D("2027-03-31"))
    response = editor_client.post(
        f"/plans/{plan.pk}/edit/",
        {
            "name": plan.name,
            "start_date": "2026-01-01",
            "end_date": "2027-12-31",
            "language": "en",
            "lock_version": plan.lock_version,
        },
    )
    assert response.status_code == 302
    march.refresh_from_db()
    assert (march.starts_on, march.ends_on) == (D("2026-03-27"), D("2026-03-27"))
    assert march.time_text == "mars 27"


def test_an_administrator_switches_to_term_seasons(
    admin_client_: Client, plan: Any, organization: Any
) -> None:
    spring = activity(plan, "Vårens nyhetsbrev", "Våren 2026")
    other_plan = activity(make_plan(organization, name="Annan plan"), "Höstmöte", "Hösten 2026")
    elsewhere = activity(make_plan(make_organization("Västby kommun", "vastby")), "X", "Våren 2026")
    assert (spring.starts_on, spring.ends_on) == (D("2026-03-01"), D("2026-05-31"))
    response = admin_client_.post(
        f"/orgs/{organization.slug}/settings/",
        {"season_system": "term"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    for made in (spring, other_plan, elsewhere):
        made.refresh_from_db()
    assert (spring.starts_on, spring.ends_on) == (D("2026-01-01"), D("2026-06-30"))
    assert (other_plan.starts_on, other_plan.ends_on) == (D("2026-08-01"), D("2026-12-31"))
    assert (elsewhere.starts_on, elsewhere.ends_on) == (D("2026-03-01"), D("2026-05-31"))
    organization.refresh_from_db()
    assert organization.season_system == "term"
    page = admin_client_.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 activities&#x27; times were read again" in page


def test_only_administrators_change_the_seasons(
    editor_client: Client, viewer_client: Client, organization: Any
) -> None:
    for client in (editor_client, viewer_client):
        assert client.get(f"/orgs/{organization.slug}/settings/").status_code == 403
        response = client.post(f"/orgs/{organization.slug}/settings/", {"season_system": "term"})
        assert response.status_code == 403
    organization.refresh_from_db()
    assert organization.season_system == "meteorological"


def test_the_members_page_links_the_settings_for_administrators(
    admin_client_: Client, editor_client: Client, organization: Any
) -> None:
    link = f'href="/orgs/{organization.slug}/settings/"'
    assert link in admin_client_.get(f"/orgs/{organization.slug}/members/").content.decode()
    assert link not in editor_client.get(f"/orgs/{organization.slug}/members/").content.decode()


# --- queries -----------------------------------------------------------------------------


def test_the_query_count_does_not_grow_with_the_plan(today: dt.date) -> None:
    organization = make_organization("Kommun", "kommun")
    user = make_member(organization, "admin", Role.ADMIN)
    client = login(user)
    counts = {}
    for size in (10, 500):
        plan = synthetic_plan_create(
            organization=organization,
            activities=size,
            groups=size // 5 + 2,
            messages=size // 4 + 2,
            channels=size // 10 + 2,
            seed=size,
        )
        # Both plans have rows in the next 30 days on any day, so both pages read the links.
        activity(
            plan,
            "Informationsmöte",
            (today + dt.timedelta(days=3)).isoformat(),
            groups=plan.groups.all()[:2],
            channels=plan.channels.all()[:1],
            messages=plan.messages.all()[:1],
        )
        group = plan.groups.order_by("position").first()
        urls = [
            f"/plans/{plan.pk}/activities/",
            f"/plans/{plan.pk}/activities/?page=2",
            f"/plans/{plan.pk}/activities/?sort=start&status=planned&q=a&group={group.pk}"
            "&start=2026-01-01&end=2026-12-31",
            f"/plans/{plan.pk}/activities/?view=next30&sort=responsible",
        ]
        for number, url in enumerate(urls):
            assert client.get(url).status_code == 200, url
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            counts.setdefault(number, []).append(len(captured))
    for number, (small, large) in counts.items():
        assert small == large, f"URL {number}: {small} queries for 10 activities, {large} for 500"


# --- the table kept in the cache under the shown registers' stamp ------------------------------


def test_a_change_shows_on_an_activity_plan_read_before_it(
    editor_client: Client, plan: Any, ekby: dict[str, Any]
) -> None:
    """The table is cached under the activities', groups', messages' and channels' stamp: a
    status set in bulk, a move, a renamed channel and a new activity show at once."""
    url = f"/plans/{plan.pk}/activities/"

    def table() -> str:
        html = editor_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        table = html.split('<div id="register-table">')[1]
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", table)

    before = table()
    assert table() == before  # the cache's
    assert f'<tr id="entry-{ekby["A"].pk}">' in before
    bulk(editor_client, plan, [ekby["A"].pk], "done")
    assert f'<tr id="entry-{ekby["A"].pk}" class="done">' in table()
    order = re.compile(r'<tr id="entry-(\d+)"')
    ids = order.findall(table())
    editor_client.post(f"/plans/{plan.pk}/activities/{ids[1]}/move/", {"direction": "up"})
    assert order.findall(table())[:2] == [ids[1], ids[0]]
    channel = Channel.objects.get(name="Intranätet")
    channel.name = "Nya intranätet"
    channel.save()
    assert "Nya intranätet" in table()
    activity(plan, "Ny aktivitet", "Juni 2026")
    assert "Ny aktivitet" in table()


def test_the_cached_table_carries_each_readers_own_csrf_token(
    plan: Any, editor: Any, ekby: dict[str, Any]
) -> None:
    """Two editors read the same cached table: each page's move forms carry the reader's own
    token, and a move posted with it (CSRF checked) goes through."""
    url = f"/plans/{plan.pk}/activities/"
    tokens = []
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        client.force_login(editor)
        html = client.get(url).content.decode()
        assert "\x00" not in html
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert token
        tokens.append(token.group(1))
        second = ekby["B"].pk
        response = client.post(
            f"/plans/{plan.pk}/activities/{second}/move/",
            {"direction": "up", "csrfmiddlewaretoken": token.group(1)},
        )
        assert response.status_code == 302
    assert tokens[0] != tokens[1]


def test_the_cached_table_differs_for_viewers_and_languages(
    editor_client: Client, viewer_client: Client, plan: Any, ekby: dict[str, Any]
) -> None:
    url = f"/plans/{plan.pk}/activities/"
    edited = editor_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    viewed = viewer_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="direction"' in edited and 'name="direction"' not in viewed
    swedish = viewer_client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "4 activities" in viewed and "4 aktiviteter" in swedish
