"""Calendars: the pure iCalendar builder, then Ekby kommun's feeds read back with the icalendar
library, event by event, and the secret addresses that make them reachable and revocable."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from dateutil.rrule import rrulestr
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from komplan.exports.calendars import PRODID, CalendarActivity, Labels, calendar_ics
from komplan.plans.models import (
    Activity,
    ActivityStatus,
    CalendarFeed,
    Channel,
    Message,
    Recurrence,
    TargetGroup,
)
from komplan.plans.timeline import RECURRENCES, effective_end, occurrences
from tests.factories import make_organization, make_plan

STAMP = dt.datetime(2026, 2, 1, 8, 30, tzinfo=dt.UTC)
PLAN_END = dt.date(2027, 10, 31)
DOMAIN = "komplan.example.org"


@pytest.fixture(autouse=True)
def _calendar_domain(settings: Any) -> None:
    settings.KOMPLAN_CALENDAR_DOMAIN = DOMAIN


def events(body: bytes) -> dict[str, Any]:
    """UID → event of an iCalendar file, parsed by the icalendar library."""
    return {str(event["uid"]): event for event in Calendar.from_ical(body).walk("VEVENT")}


def build(*rows: CalendarActivity, plan_end: dt.date | None = PLAN_END) -> dict[str, Any]:
    return events(
        calendar_ics(rows, name="Nytt ärendesystem", plan_end=plan_end, stamp=STAMP, domain=DOMAIN)
    )


# --- the pure builder -----------------------------------------------------------------------


def test_the_calendar_names_itself_and_its_maker() -> None:
    calendar = Calendar.from_ical(
        calendar_ics([], name="Plan – Kommunikatör", plan_end=None, stamp=STAMP, domain=DOMAIN)
    )
    assert str(calendar["prodid"]) == PRODID and str(calendar["version"]) == "2.0"
    assert str(calendar["x-wr-calname"]) == "Plan – Kommunikatör"
    assert calendar.walk("VEVENT") == []


def test_an_all_day_period_ends_the_day_after_its_last_day() -> None:
    row = CalendarActivity(7, "Dragning i KS", dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    event = build(row)["activity-7@komplan.example.org"]
    assert event.decoded("dtstart") == dt.date(2026, 3, 1)  # a DATE, not a date-time
    assert event["dtstart"].params["VALUE"] == "DATE"
    assert event.decoded("dtend") == dt.date(2026, 4, 1)
    assert event.decoded("dtstamp") == STAMP
    assert str(event["summary"]) == "Dragning i KS" and str(event["status"]) == "CONFIRMED"
    assert "rrule" not in event


@pytest.mark.parametrize(
    ("status", "preliminary", "expected"),
    [
        (ActivityStatus.PLANNED, False, "CONFIRMED"),
        (ActivityStatus.PLANNED, True, "TENTATIVE"),
        (ActivityStatus.IN_PROGRESS, True, "TENTATIVE"),
        (ActivityStatus.DONE, True, "CONFIRMED"),
        (ActivityStatus.CANCELLED, False, "CANCELLED"),
    ],
)
def test_status(status: str, preliminary: bool, expected: str) -> None:
    row = CalendarActivity(1, "Möte", dt.date(2026, 5, 4), preliminary=preliminary, status=status)
    assert str(build(row)["activity-1@komplan.example.org"]["status"]) == expected


def test_an_ongoing_activity_ends_with_the_plan() -> None:
    row = CalendarActivity(2, "Nyhet på webben", dt.date(2026, 9, 1), None, open_ended=True)
    assert build(row)["activity-2@komplan.example.org"].decoded("dtend") == PLAN_END + dt.timedelta(
        days=1
    )
    endless = build(row, plan_end=None)["activity-2@komplan.example.org"]
    assert endless.decoded("dtend") == dt.date(2026, 9, 2)
    assert "Ongoing" in str(endless["description"])


def test_a_monthly_update_repeats_a_single_day_until_the_plans_end() -> None:
    row = CalendarActivity(
        3, "Statusuppdatering", dt.date(2026, 3, 2), None, True, recurrence="monthly"
    )
    event = build(row)["activity-3@komplan.example.org"]
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 3),
    )
    rule = event["rrule"]
    assert rule["FREQ"] == ["MONTHLY"] and rule["UNTIL"] == [PLAN_END]
    quarterly = build(
        CalendarActivity(
            4, "Rapport", dt.date(2026, 1, 15), dt.date(2026, 12, 31), recurrence="quarterly"
        )
    )
    assert quarterly["activity-4@komplan.example.org"]["rrule"]["INTERVAL"] == [3]
    weekly = build(
        CalendarActivity(5, "Veckobrev", dt.date(2026, 1, 5), None, True, recurrence="weekly"),
        plan_end=None,
    )
    assert weekly["activity-5@komplan.example.org"]["rrule"]["FREQ"] == ["WEEKLY"]
    assert "UNTIL" not in weekly["activity-5@komplan.example.org"]["rrule"]


def test_a_quarterly_activity_without_an_end_repeats_until_the_plans_end() -> None:
    """Before, it had UNTIL its first day: one report instead of one every quarter."""
    row = CalendarActivity(10, "Kvartalsrapport", dt.date(2026, 1, 15), recurrence="quarterly")
    event = build(row)["activity-10@komplan.example.org"]
    assert event["rrule"]["UNTIL"] == [PLAN_END]
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=dt.datetime(2026, 1, 15))
    days = [day.date() for day in rule]
    assert days == occurrences(dt.date(2026, 1, 15), PLAN_END, "quarterly")
    assert days[:3] == [dt.date(2026, 1, 15), dt.date(2026, 4, 15), dt.date(2026, 7, 15)]
    assert days[-1] == dt.date(2027, 10, 15)  # the last quarter before the plan ends


def test_the_uid_names_the_installation_and_the_sequence_the_changes() -> None:
    row = CalendarActivity(11, "Nyhetsbrev", dt.date(2026, 5, 4), sequence=3)
    body = calendar_ics([row], name="P", plan_end=None, stamp=STAMP, domain="komplan.ekby.se")
    event = events(body)["activity-11@komplan.ekby.se"]
    assert event["sequence"] == 3


def test_the_description_has_purpose_groups_channels_and_message_numbers() -> None:
    row = CalendarActivity(
        6,
        "Informationsmöte",
        dt.date(2026, 9, 1),
        purpose="Alla chefer får grundläggande information.",
        groups=("Enhetschefer", "Handläggare"),
        channels=("Ledningsgruppsmöten",),
        messages=(1, 3),
        responsible="Projektledare",
        time_text="September 2026",
    )
    labels = Labels(groups="Målgrupper", channels="Kanaler", messages="Budskap")
    body = calendar_ics([row], name="P", plan_end=None, stamp=STAMP, domain=DOMAIN, labels=labels)
    description = str(events(body)["activity-6@komplan.example.org"]["description"])
    assert description.startswith("Alla chefer får grundläggande information.")
    assert "Målgrupper: Enhetschefer, Handläggare" in description
    assert "Kanaler: Ledningsgruppsmöten" in description and "Budskap: 1, 3" in description
    assert "Time: September 2026" in description


def test_text_that_looks_like_icalendar_stays_text() -> None:
    hostile = "Möte;\nEND:VEVENT\nBEGIN:VEVENT, \\ slut"
    event = build(CalendarActivity(8, hostile, dt.date(2026, 4, 1), purpose=hostile))
    assert len(event) == 1 and str(event["activity-8@komplan.example.org"]["summary"]) == hostile


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)),
    length=st.integers(0, 1200),
    recurrence=st.sampled_from(RECURRENCES),
)
def test_the_rrule_gives_the_days_the_timeline_marks(
    start: dt.date, length: int, recurrence: str
) -> None:
    end = start + dt.timedelta(days=length)
    event = build(CalendarActivity(9, "x", start, end, recurrence=recurrence))[
        "activity-9@komplan.example.org"
    ]
    rule = rrulestr(
        event["rrule"].to_ical().decode(), dtstart=dt.datetime.combine(start, dt.time())
    )
    assert [day.date() for day in rule] == occurrences(start, end, recurrence)


# --- the feeds of a real plan ---------------------------------------------------------------


@pytest.fixture
def ekby(today: dt.date, plan: Any) -> dict[str, Any]:
    """Ekby kommun's plan: activities of two people, one preliminary, one monthly, one undated;
    on the test day, as the feeds stamp their events and the page dates them with the clock."""
    board = TargetGroup.objects.create(plan=plan, name="Kommunstyrelsen")
    intranet = Channel.objects.create(plan=plan, name="Intranätet")
    message = Message.objects.create(plan=plan, text="Systemet sparar tid.")

    def activity(title: str, time: str, responsible: str, **fields: Any) -> Activity:
        made = Activity.objects.create(
            plan=plan, title=title, time_text=time, responsible=responsible, **fields
        )
        made.groups.set([board])
        made.channels.set([intranet])
        made.messages.set([message])
        return made

    activity("Dragning i KS", "Mars 2026", "Projektledare", status=ActivityStatus.DONE)
    activity("Utbildning", "Prel. november 2026", "Kommunikatör")
    activity(
        "Statusuppdatering", "Mars 2026 – löpande", "Projektledare", recurrence=Recurrence.MONTHLY
    )
    activity("Nyhet på intranätet", "Hösten 2026 – pågående", "Kommunikatör")
    activity("Film", "Efter lansering", "Kommunikatör")  # no date: no event
    other = make_plan(make_organization("Västby kommun", "vastby"), name="Västbys plan")
    Activity.objects.create(
        plan=other, title="Västbys hemliga möte", time_text="Maj 2026", responsible="Projektledare"
    )
    return {"plan": plan, "other": other}


def check_feed(body: bytes, activities: list[Activity], plan_end: dt.date) -> None:
    """Every event matches its activity, and there is exactly one event per dated activity."""
    found = events(body)
    dated = [a for a in activities if a.starts_on]
    assert set(found) == {f"activity-{a.pk}@komplan.example.org" for a in dated}
    for activity in dated:
        event = found[f"activity-{activity.pk}@komplan.example.org"]
        assert str(event["summary"]) == activity.title
        assert event.decoded("dtstart") == activity.starts_on
        ongoing = activity.open_ended or bool(activity.recurrence)
        last = effective_end(activity.starts_on, activity.ends_on, ongoing, plan_end)
        if activity.recurrence:
            assert event["rrule"]["UNTIL"] == [last]
            assert event.decoded("dtend") == activity.starts_on + dt.timedelta(days=1)
        else:
            assert "rrule" not in event
            assert event.decoded("dtend") == last + dt.timedelta(days=1)
        expected = "TENTATIVE" if activity.preliminary and not activity.is_done else "CONFIRMED"
        assert str(event["status"]) == expected
        assert "Kommunstyrelsen" in str(event["description"])


def test_the_plan_feed_has_every_dated_activity_and_nothing_else(
    ekby: dict[str, Any], client: Any
) -> None:
    plan = ekby["plan"]
    feed = CalendarFeed.objects.create(plan=plan)
    response = client.get(f"/calendar/{feed.token}.ics")  # no login
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private"
    assert response["Content-Disposition"] == 'attachment; filename="nytt-arendesystem.ics"'
    assert "sessionid" not in response.cookies
    check_feed(response.content, list(plan.activities.all()), plan.end_date)
    assert "Västby" not in response.content.decode()
    assert any(str(e["status"]) == "TENTATIVE" for e in events(response.content).values())
    assert any("rrule" in e for e in events(response.content).values())


def test_a_persons_feed_has_only_their_activities(ekby: dict[str, Any], client: Any) -> None:
    plan = ekby["plan"]
    feed = CalendarFeed.objects.create(plan=plan, responsible="Projektledare")
    response = client.get(f"/calendar/{feed.token}.ics")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == "Nytt ärendesystem – Projektledare"
    check_feed(
        response.content, list(plan.activities.filter(responsible="Projektledare")), plan.end_date
    )
    assert len(events(response.content)) == 2


def test_a_subscribed_feed_shows_every_change_though_it_is_cached(
    ekby: dict[str, Any], client: Any
) -> None:
    plan = ekby["plan"]
    feed = CalendarFeed.objects.create(plan=plan)
    url = f"/calendar/{feed.token}.ics"
    assert len(events(client.get(url).content)) == 4
    training = plan.activities.get(title="Utbildning")
    training.time_text = "December 2026"
    training.save()
    changed = events(client.get(url).content)[f"activity-{training.pk}@komplan.example.org"]
    assert changed.decoded("dtstart") == dt.date(2026, 12, 1)
    plan.activities.get(title="Dragning i KS").delete()
    assert len(events(client.get(url).content)) == 3


def test_uids_carry_the_configured_domain_and_stay_across_exports(
    ekby: dict[str, Any], client: Any, settings: Any
) -> None:
    settings.KOMPLAN_CALENDAR_DOMAIN = "komplan.ekby.se"
    feed = CalendarFeed.objects.create(plan=ekby["plan"])
    url = f"/calendar/{feed.token}.ics"
    first = set(events(client.get(url).content))
    from django.core.cache import cache

    cache.clear()  # made again, not the kept copy
    assert set(events(client.get(url).content)) == first
    assert first and all(uid.endswith("@komplan.ekby.se") for uid in first)


def test_an_unchanged_calendar_answers_304_and_a_changed_one_the_new_file(
    ekby: dict[str, Any], client: Any
) -> None:
    plan = ekby["plan"]
    feed = CalendarFeed.objects.create(plan=plan)
    url = f"/calendar/{feed.token}.ics"
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    training = plan.activities.get(title="Utbildning")
    training.time_text = "December 2026"
    training.save()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_the_sequence_grows_when_an_activity_is_edited(ekby: dict[str, Any], client: Any) -> None:
    plan = ekby["plan"]
    feed = CalendarFeed.objects.create(plan=plan)
    url = f"/calendar/{feed.token}.ics"
    training = plan.activities.get(title="Utbildning")
    uid = f"activity-{training.pk}@komplan.example.org"
    before = events(client.get(url).content)[uid]["sequence"]
    # Each edit in a transaction of its own, as a request makes it: the audit trail writes
    # its events when the transaction (here a savepoint of the test's) is released.
    with transaction.atomic():
        training.time_text = "December 2026"
        training.save()
    after = events(client.get(url).content)[uid]["sequence"]
    with transaction.atomic():
        training.responsible = "Projektledare"
        training.save()
    last = events(client.get(url).content)[uid]["sequence"]
    assert before < after < last


def test_a_revoked_or_unknown_token_is_not_found(ekby: dict[str, Any], client: Any) -> None:
    feed = CalendarFeed.objects.create(plan=ekby["plan"])
    assert client.get(f"/calendar/{feed.token}.ics").status_code == 200
    feed.revoked_at = dt.datetime.now(dt.UTC)
    feed.save()
    assert client.get(f"/calendar/{feed.token}.ics").status_code == 404
    assert client.get(f"/calendar/{'x' * 43}.ics").status_code == 404
    assert client.get(f"/calendar/{feed.token[:-1]}.ics").status_code == 404
    assert client.post(f"/calendar/{feed.token}.ics").status_code in (404, 405)


def test_tokens_are_long_random_and_unique(plan: Any) -> None:
    tokens = {CalendarFeed.objects.create(plan=plan).token for _ in range(20)}
    assert len(tokens) == 20 and all(len(token) >= 43 for token in tokens)


def test_members_download_the_plan(ekby: dict[str, Any], viewer_client: Any) -> None:
    plan = ekby["plan"]
    response = viewer_client.get(f"/plans/{plan.pk}/calendar.ics")
    assert response.status_code == 200 and response["Cache-Control"] == "private"
    check_feed(response.content, list(plan.activities.all()), plan.end_date)


# --- the management page --------------------------------------------------------------------


def test_an_editor_makes_a_persons_feed_and_revokes_it(
    ekby: dict[str, Any], editor_client: Any, client: Any
) -> None:
    plan = ekby["plan"]
    page = editor_client.get(f"/plans/{plan.pk}/calendars/").content.decode()
    assert '<option value="Kommunikatör">' in page and "Västby" not in page
    response = editor_client.post(
        f"/plans/{plan.pk}/calendars/new/", {"responsible": "Kommunikatör"}
    )
    assert response.status_code == 302
    feed = CalendarFeed.objects.get(plan=plan)
    assert feed.responsible == "Kommunikatör" and feed.created_by is not None
    page = editor_client.get(f"/plans/{plan.pk}/calendars/").content.decode()
    assert f"/calendar/{feed.token}.ics" in page
    assert client.get(f"/calendar/{feed.token}.ics").status_code == 200
    assert editor_client.get(f"/plans/{plan.pk}/calendars/{feed.pk}/revoke/").status_code == 200
    response = editor_client.post(f"/plans/{plan.pk}/calendars/{feed.pk}/revoke/")
    assert response.status_code == 302
    assert client.get(f"/calendar/{feed.token}.ics").status_code == 404
    assert feed.token not in editor_client.get(f"/plans/{plan.pk}/calendars/").content.decode()


def test_only_the_plans_people_can_have_a_feed(ekby: dict[str, Any], editor_client: Any) -> None:
    plan = ekby["plan"]
    response = editor_client.post(
        f"/plans/{plan.pk}/calendars/new/", {"responsible": "Okänd person"}
    )
    assert response.status_code == 200 and not CalendarFeed.objects.exists()


def test_a_viewer_sees_the_addresses_but_cannot_make_or_revoke(
    ekby: dict[str, Any], viewer_client: Any
) -> None:
    plan = ekby["plan"]
    feed = CalendarFeed.objects.create(plan=plan)
    page = viewer_client.get(f"/plans/{plan.pk}/calendars/").content.decode()
    assert feed.token in page and "/calendars/new/" not in page and "/revoke/" not in page
    assert viewer_client.post(f"/plans/{plan.pk}/calendars/new/").status_code == 403
    assert viewer_client.post(f"/plans/{plan.pk}/calendars/{feed.pk}/revoke/").status_code == 403


def test_another_plans_feed_cannot_be_revoked_through_this_plan(
    ekby: dict[str, Any], editor_client: Any
) -> None:
    plan, other = ekby["plan"], ekby["other"]
    foreign = CalendarFeed.objects.create(plan=other)
    assert editor_client.post(f"/plans/{plan.pk}/calendars/{foreign.pk}/revoke/").status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None
