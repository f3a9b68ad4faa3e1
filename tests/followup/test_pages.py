"""The goal page and the plan's follow-up page: each way of measuring a goal, the screens
that enter measurements, and the pages' query counts."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from komplan.audit.models import AuditEvent
from komplan.followup.models import Indicator, Measurement, Method
from komplan.followup.progress import goal_progress
from komplan.followup.status import Status
from komplan.plans.models import Activity, ActivityStatus, Channel, Goal
from komplan.plans.services import plan_copy
from komplan.surveys.models import Answer, Question, Response, Survey
from tests.factories import fill_plan

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 10, 1)


def conference_goal(plan: Any) -> Goal:
    goal = Goal.objects.create(
        plan=plan,
        text="Presenterat på två konferenser",
        target_value=2,
        unit="konferenser",
        deadline=dt.date(2027, 6, 30),
    )
    Indicator.objects.create(goal=goal, method=Method.COUNTED, kind="konferens")
    fair = Channel.objects.create(plan=plan, name="Konferenser och mässor")
    for title, status, channel in [
        ("Konferensen Offentlig IT", ActivityStatus.DONE, None),
        ("Monter på Kommunmässan", ActivityStatus.DONE, fair),
        ("Nyhetsbrev", ActivityStatus.DONE, None),
        ("Konferens i Malmö", ActivityStatus.PLANNED, None),
    ]:
        activity = Activity.objects.create(
            plan=plan, title=title, status=status, time_text="Våren 2026"
        )
        activity.goals.add(goal)
        if channel:
            activity.channels.add(channel)
    return goal


def benefit_goal(plan: Any, answers: list[int]) -> Goal:
    goal = Goal.objects.create(
        plan=plan,
        text="80 % av kärnintressenterna upplever nytta",
        target_value=80,
        unit="%",
        deadline=dt.date(2027, 6, 30),
    )
    survey = Survey.objects.create(
        plan=plan,
        title="Nyttoenkät",
        status="closed",
        closed_at=timezone.make_aware(dt.datetime(2026, 9, 15, 12)),
    )
    question = Question.objects.create(
        survey=survey, kind="likert", text="Har projektet varit till nytta för dig?"
    )
    for value in answers:
        response = Response.objects.create(survey=survey, submitted_at=timezone.now())
        Answer.objects.create(response=response, question=question, value=value)
    Indicator.objects.create(goal=goal, method=Method.SURVEYED, question=question, minimum=4)
    return goal


def visitors_goal(plan: Any) -> Goal:
    goal = Goal.objects.create(
        plan=plan,
        text="100 unika besökare på plattformen",
        target_value=100,
        unit="besökare",
        deadline=dt.date(2027, 12, 31),
    )
    indicator = Indicator.objects.create(goal=goal, method=Method.ENTERED, baseline=0)
    Measurement.objects.create(
        indicator=indicator, date=dt.date(2026, 4, 1), value=20, source="Webbstatistik"
    )
    Measurement.objects.create(
        indicator=indicator, date=dt.date(2026, 8, 1), value=45, source="Webbstatistik"
    )
    return goal


def progress_of(plan: Any, goal: Goal) -> Any:
    return goal_progress(plan, today=TODAY, goal_id=goal.pk)[0]


def test_a_counted_goal_counts_done_activities_of_its_kind_by_title_or_channel(plan: Any) -> None:
    row = progress_of(plan, conference_goal(plan))
    assert row.value == 2  # the conference and the fair's channel; not the newsletter
    assert row.status == Status.ACHIEVED


def test_a_counted_goal_without_a_kind_counts_every_done_activity(plan: Any) -> None:
    goal = conference_goal(plan)
    Indicator.objects.filter(goal=goal).update(kind="")
    assert progress_of(plan, goal).value == 3


def test_a_surveyed_goal_takes_the_share_answering_4_or_5(plan: Any) -> None:
    row = progress_of(plan, benefit_goal(plan, [5, 4, 4, 2, 3]))
    assert row.value == Decimal("60.0")
    assert (row.share.answered, row.share.agreeing) == (5, 3)
    assert row.points[0].day == dt.date(2026, 9, 15)  # the day the survey closed


def test_an_entered_goal_takes_its_latest_measurement(plan: Any) -> None:
    row = progress_of(plan, visitors_goal(plan))
    assert row.value == 45
    assert row.status == Status.ON_TRACK  # 45 % of the way, 38 % of the time


def test_the_goal_page_shows_the_chart_its_table_and_the_status_with_its_rule(
    plan: Any, viewer_client: Any, today: Any
) -> None:
    goal = visitors_goal(plan)
    page = viewer_client.get(f"/plans/{plan.pk}/follow-up/goals/{goal.pk}/").content.decode()
    assert 'role="img"' in page and "<title id=" in page and "<desc id=" in page
    assert "Webbstatistik" in page and "45" in page
    assert "How the status is decided" in page or "Så avgörs status" in page


def test_an_editor_adds_changes_and_deletes_a_measurement(plan: Any, editor_client: Any) -> None:
    goal = Goal.objects.create(plan=plan, text="Pressklipp", target_value=10)
    base = f"/plans/{plan.pk}/follow-up/goals/{goal.pk}/"
    response = editor_client.post(
        base + "measurements/new/",
        {
            "date": "2026-05-04",
            "value": "3",
            "source": "Pressklipp",
            "comment": "Lokaltidningen",
            "lock_version": "0",
        },
    )
    assert response.status_code == 302
    measurement = Measurement.objects.get(indicator__goal=goal)
    assert (measurement.value, measurement.comment) == (3, "Lokaltidningen")
    editor_client.post(
        base + f"measurements/{measurement.pk}/edit/",
        {
            "date": "2026-05-04",
            "value": "4",
            "source": "Pressklipp",
            "comment": "",
            "lock_version": "0",
        },
    )
    measurement.refresh_from_db()
    assert measurement.value == 4
    editor_client.post(base + f"measurements/{measurement.pk}/delete/")
    assert not Measurement.objects.filter(indicator__goal=goal).exists()


def test_opening_the_measurement_form_leaves_the_goal_unmeasured(
    plan: Any, editor_client: Any
) -> None:
    goal = Goal.objects.create(plan=plan, text="Pressklipp", target_value=10)
    base = f"/plans/{plan.pk}/follow-up/goals/{goal.pk}/"
    assert editor_client.get(base + "measurements/new/").status_code == 200
    assert not Indicator.objects.filter(goal=goal).exists()
    assert "Inte angivet än" in editor_client.get(base).content.decode()
    invalid = {"date": "", "value": "tre", "lock_version": "0"}
    assert editor_client.post(base + "measurements/new/", invalid).status_code == 200
    assert not Indicator.objects.filter(goal=goal).exists()


def test_an_editor_sets_how_a_goal_is_measured(plan: Any, editor_client: Any) -> None:
    goal = Goal.objects.create(plan=plan, text="Två konferenser", target_value=2)
    response = editor_client.post(
        f"/plans/{plan.pk}/follow-up/goals/{goal.pk}/indicator/edit/",
        {
            "method": "counted",
            "baseline": "0",
            "kind": "konferens",
            "minimum": "4",
            "lock_version": "0",
        },
    )
    assert response.status_code == 302
    assert Indicator.objects.get(goal=goal).kind == "konferens"


def test_a_measurement_of_another_plans_goal_is_not_found(
    plan: Any, organization: Any, editor_client: Any
) -> None:
    from tests.factories import make_plan

    other = visitors_goal(make_plan(organization, name="Annan plan"))
    measurement = Measurement.objects.filter(indicator__goal=other).first()
    url = f"/plans/{plan.pk}/follow-up/goals/{other.pk}/measurements/{measurement.pk}/edit/"
    assert editor_client.get(url).status_code == 404


def test_the_follow_up_page_shows_goals_months_overdue_and_surveys(
    plan: Any, viewer_client: Any, today: Any
) -> None:
    fill_plan(plan)
    conference_goal(plan)
    benefit_goal(plan, [5, 4, 1])
    page = viewer_client.get(f"/plans/{plan.pk}/follow-up/").content.decode()
    assert "Presenterat på två konferenser" in page
    assert "Nyttoenkät" in page and "66,7 %" in page
    # The months' bars and the coverage reached over time; the goals' charts are on their pages.
    assert page.count('role="img"') == 2


def test_a_slipped_activity_is_one_marked_done_after_its_period(
    plan: Any, editor_client: Any, time_machine: Any
) -> None:
    activity = Activity.objects.create(plan=plan, title="Informationsmöte", time_text="mars 2026")
    assert activity.ends_on == dt.date(2026, 3, 31)
    time_machine.move_to(dt.datetime(2026, 4, 20, 10, tzinfo=dt.UTC))
    Activity.objects.filter(pk=activity.pk).update(status=ActivityStatus.DONE)
    AuditEvent.objects.create(
        organization=plan.organization,
        plan=plan,
        register="activities",
        object_id=activity.pk,
        action="update",
        changes=[
            {
                "field": "status",
                "label": "status",
                "old": "Planerad",
                "new": "Klar",
                "old_value": "planned",
                "new_value": "done",
            }
        ],
    )
    page = editor_client.get(f"/plans/{plan.pk}/follow-up/").content.decode()
    assert "Informationsmöte" in page
    assert '<td data-label="Genomförd den">20 apr. 2026</td>' in page


def test_the_overdue_list_leads_to_the_activity_plans_overdue_view(
    plan: Any, viewer_client: Any, today: Any
) -> None:
    for title, status in [
        ("Informationsmöte", ActivityStatus.PLANNED),
        ("Pressmeddelande", ActivityStatus.DONE),
        ("Inställd mässa", ActivityStatus.CANCELLED),
    ]:
        activity = Activity.objects.create(plan=plan, title=title, status=status)
        Activity.objects.filter(pk=activity.pk).update(ends_on=today - dt.timedelta(days=2))
    page = viewer_client.get(f"/plans/{plan.pk}/follow-up/").content.decode()
    listed = page.split('id="open-heading"')[1].split("</section>")[0]
    assert "Informationsmöte" in listed
    assert "Pressmeddelande" not in listed and "Inställd mässa" not in listed
    link = f"/plans/{plan.pk}/activities/?view=overdue"
    assert f'href="{link}"' in listed
    overdue = viewer_client.get(link).content.decode()
    assert "Informationsmöte" in overdue and "Pressmeddelande" not in overdue


def test_more_than_twenty_slipped_activities_are_counted_and_the_first_listed(
    plan: Any, viewer_client: Any
) -> None:
    done = {"field": "status", "old_value": "planned", "new_value": "done"}
    for n in range(44):
        activity = Activity.objects.create(
            plan=plan,
            title=f"Slip {n:02}",
            status=ActivityStatus.DONE,
            time_text="mars 2026",
        )
        AuditEvent.objects.filter(object_id=activity.pk, register="activities").delete()
        event = AuditEvent.objects.create(
            organization=plan.organization,
            plan=plan,
            register="activities",
            object_id=activity.pk,
            action="update",
            changes=[done],
        )
        at = dt.datetime(2026, 4 if n % 2 else 3, 20, 10, tzinfo=dt.UTC)  # odd ones slipped
        AuditEvent.objects.filter(pk=event.pk).update(at=at)
    page = viewer_client.get(f"/plans/{plan.pk}/follow-up/").content.decode()
    listed = page.split('id="slipped-heading"')[1].split("</section>")[0]
    assert "Slip 01" in listed and "Slip 39" in listed  # the first twenty of the 22 slipped
    assert "Slip 00" not in listed and "Slip 41" not in listed
    assert listed.count("<tr>") == 20 + 1  # and the head row
    assert "första 20 av 22" in listed


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_pages_read_the_same_number_of_queries_for_a_larger_plan(
    plan: Any, viewer_client: Any, today: Any
) -> None:
    fill_plan(plan, activities=3)
    goals = [conference_goal(plan), benefit_goal(plan, [5, 4]), visitors_goal(plan)]
    goal_url = f"/plans/{plan.pk}/follow-up/goals/{goals[0].pk}/"
    small = (
        _queries(viewer_client, f"/plans/{plan.pk}/follow-up/"),
        _queries(viewer_client, goal_url),
    )
    for _ in range(3):
        conference_goal(plan)
        benefit_goal(plan, [5, 3, 4])
        visitors_goal(plan)
    for n in range(30):
        a = Activity.objects.create(
            plan=plan, title=f"Konferens {n}", status=ActivityStatus.DONE, time_text="Hösten 2026"
        )
        a.goals.add(goals[0])
    large = (
        _queries(viewer_client, f"/plans/{plan.pk}/follow-up/"),
        _queries(viewer_client, goal_url),
    )
    assert small == large
    # The follow-up page: 5 of them for the coverage reached over time (the plan's tiers,
    # groups, messages and their links, and the done activities' and interactions' links
    # and days in one).
    assert large == (26, 6)


def test_the_lowest_answer_that_counts_is_on_the_1_to_5_scale(
    plan: Any, editor_client: Any
) -> None:
    goal = Goal.objects.create(plan=plan, text="80 % upplever nytta", target_value=80)
    url = f"/plans/{plan.pk}/follow-up/goals/{goal.pk}/indicator/edit/"
    data = {"method": "surveyed", "baseline": "0", "minimum": "9", "lock_version": "0"}
    page = editor_client.post(url, data)
    assert page.status_code == 200 and not Indicator.objects.filter(goal=goal).exists()
    assert editor_client.post(url, {**data, "minimum": "5"}).status_code == 302


def test_a_goal_without_a_deadline_is_due_at_the_plans_end(plan: Any, viewer_client: Any) -> None:
    plan.end_date = dt.date(2027, 10, 31)
    plan.save()
    goal = Goal.objects.create(plan=plan, text="Fler bokningar", target_value=60)
    for url in (f"/plans/{plan.pk}/follow-up/", f"/plans/{plan.pk}/follow-up/goals/{goal.pk}/"):
        assert "31 okt. 2027" in viewer_client.get(url).content.decode()


def test_a_goal_counting_only_5s_takes_its_own_share_beside_the_surveys_4_or_5(
    plan: Any, viewer_client: Any
) -> None:
    goal = benefit_goal(plan, [5, 4, 1])
    Indicator.objects.filter(goal=goal).update(minimum=5)
    page = viewer_client.get(f"/plans/{plan.pk}/follow-up/").content.decode()
    goals = page.split('id="goals-heading"')[1].split("</section>")[0]
    surveys = page.split('id="surveys-heading"')[1].split("</section>")[0]
    assert '<td data-label="Värde nu">33,30 %</td>' in goals
    assert "66,7 %" in surveys


def test_an_activity_written_already_done_has_not_slipped(
    plan: Any, admin_user: Any, viewer_client: Any, time_machine: Any
) -> None:
    """A copy, an import or a restored version writes done activities as new rows: their
    create events say "done" on the day of writing, which is not when they were done."""
    time_machine.move_to(dt.datetime(2026, 2, 1, 10, tzinfo=dt.UTC))
    Activity.objects.create(
        plan=plan, title="Informationsmöte", status=ActivityStatus.DONE, time_text="januari 2026"
    )
    time_machine.move_to(dt.datetime(2026, 9, 1, 10, tzinfo=dt.UTC))
    copy = plan_copy(plan=plan, user=admin_user)
    for shown in (plan, copy):
        page = viewer_client.get(f"/plans/{shown.pk}/follow-up/").content.decode()
        listed = page.split('id="slipped-heading"')[1].split("</section>")[0]
        assert "Informationsmöte" not in listed


def test_the_month_bars_keep_a_month_without_activities(plan: Any, viewer_client: Any) -> None:
    for title, month in [("Nyhetsbrev", "mars 2026"), ("Mässa", "juni 2026")]:
        Activity.objects.create(plan=plan, title=title, time_text=month)
    page = viewer_client.get(f"/plans/{plan.pk}/follow-up/").content.decode()
    table = page.split('id="months-heading"')[1].split("</section>")[0]
    months = re.findall(r'<th scope="row">([^<]+)</th>', table)
    assert months == ["mars 2026", "april 2026", "maj 2026", "juni 2026"]
