"""`komplan loaddemo`: a newcomer's `make run` opens Norrviks kommun with a rich plan that shows
every part of komplan and a small one, and a second start changes nothing."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from komplan.accounts.models import Membership, Organization, Role
from komplan.audit.models import AuditEvent
from komplan.demo.content import BOOKING, FOOD_WASTE
from komplan.demo.services import demo_organization_create
from komplan.meetings.models import Meeting
from komplan.plans.coverage import coverage
from komplan.plans.graph import plan_graph
from komplan.plans.models import ActivityStatus, Plan, Reach, Recurrence
from komplan.plans.periods import parse_period
from komplan.versions.models import Revision, RevisionKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich() -> Plan:
    return demo_organization_create()


@pytest.fixture
def small(rich: Plan) -> Plan:
    return rich.organization.plans.get(name="Matavfallsinsamling i Söderby")


def loaddemo(*args: str) -> str:
    out = StringIO()
    call_command("loaddemo", *args, stdout=out)
    return out.getvalue()


def test_the_demo_organisation_has_its_three_users_and_two_plans(rich: Plan) -> None:
    organization = rich.organization
    assert (organization.name, organization.slug) == ("Norrviks kommun", "norrvik")
    members = Membership.objects.filter(organization=organization).order_by("user__username")
    assert [(m.user.username, m.role, m.can_approve) for m in members] == [
        ("anna", Role.ADMIN, True),
        ("erik", Role.EDITOR, False),
        ("sofia", Role.VIEWER, False),
    ]
    assert members[0].user.check_password("komplan-demo")
    assert sorted(organization.plans.values_list("name", flat=True)) == [
        "Digital bokning av lokaler",
        "Matavfallsinsamling i Söderby",
    ]


def test_the_rich_plan_is_as_large_as_a_real_one(rich: Plan) -> None:
    counts = rich.register_counts()
    assert counts["groups"] >= 12
    assert counts["messages"] >= 8
    assert counts["channels"] >= 10
    assert counts["activities"] >= 25
    assert counts["goals"] >= 3
    assert counts == {
        "groups": len(BOOKING.groups),
        "messages": len(BOOKING.messages),
        "channels": len(BOOKING.channels),
        "activities": len(BOOKING.activities),
        "goals": len(BOOKING.goals),
        "tiers": 3,
        "spokespersons": 2,
        "risks": 5,
    }


def test_its_groups_span_the_three_tiers_inside_and_outside(rich: Plan) -> None:
    by_tier = Counter(rich.groups.values_list("tier__position", "reach"))
    assert {tier for tier, _ in by_tier} == {1, 2, 3}
    assert {reach for _, reach in by_tier} == {Reach.INTERNAL, Reach.EXTERNAL}
    officers = rich.groups.get(name="Bokningshandläggare")
    assert list(officers.inherits_from.values_list("name", flat=True)) == ["Enhetschefer"]


def test_its_messages_are_addressed_to_tiers_and_groups_and_clarified(rich: Plan) -> None:
    messages = list(rich.messages.prefetch_related("tiers", "groups"))
    assert all(m.tiers.all() or m.groups.all() for m in messages)
    assert any(m.tiers.all() and not m.groups.all() for m in messages)
    assert any(m.groups.all() and not m.tiers.all() for m in messages)
    assert any(m.groups.all() and m.tiers.all() for m in messages)
    assert sum(bool(m.clarification) for m in messages) >= len(messages) - 2


def test_its_channels_say_who_runs_them_how_often_and_whom_they_reach(rich: Plan) -> None:
    for channel in rich.channels.prefetch_related("groups"):
        assert channel.responsible and channel.cadence and channel.description, channel
        assert channel.groups.all(), channel
    assert set(rich.channels.values_list("reach", flat=True)) == {"internal", "external"}


def test_its_activities_are_in_every_status_and_linked_to_the_registers(rich: Plan) -> None:
    activities = list(rich.activities.prefetch_related("groups", "messages", "channels"))
    assert {a.status for a in activities} == set(ActivityStatus.values)
    for activity in activities:
        assert activity.groups.all() and activity.messages.all(), activity
        assert activity.channels.all() and activity.responsible, activity
    assert rich.activities.filter(goals__isnull=False).distinct().count() >= 8
    repeats = set(rich.activities.values_list("recurrence", flat=True))
    assert {Recurrence.WEEKLY, Recurrence.MONTHLY} <= repeats


def test_every_activity_time_is_read_as_a_period(rich: Plan) -> None:
    for activity in rich.activities.all():
        assert not activity.period_reason, (activity.time_text, activity.period_reason)
        assert activity.starts_on is not None, activity.time_text
        assert activity.ends_on is not None or activity.open_ended, activity.time_text
    times = dict(rich.activities.values_list("time_text", "preliminary"))
    assert times["Prel. mars 2027 (när avtal är på plats)"] is True
    assert rich.activities.get(time_text="Hösten 2026 – pågående", status="planned").open_ended


def test_the_times_read_the_same_whatever_the_day_the_demo_is_loaded() -> None:
    for activity in BOOKING.activities + FOOD_WASTE.activities:
        readings = {
            parse_period(activity.time, "sv", reference=dt.date(year, 6, 1))
            for year in (2026, 2027, 2028)
        }
        assert len(readings) == 1, activity.time


def test_its_goals_are_measurable(rich: Plan) -> None:
    for goal in rich.goals.all():
        assert goal.target_value and goal.unit and goal.deadline, goal
        assert rich.start_date <= goal.deadline <= rich.end_date


def test_coverage_shows_the_gaps_left_on_purpose_and_nothing_else(rich: Plan) -> None:
    report = coverage(plan_graph(rich))
    groups = dict(rich.groups.values_list("pk", "name"))
    numbers = dict(rich.messages.values_list("pk", "position"))
    gaps = sorted((groups[gap.group_id], numbers[gap.message_id]) for gap in report.gaps)
    assert gaps == [
        ("Bokningshandläggare", 5),  # owed through Enhetschefer, whom they inherit from
        ("Fackliga företrädare", 4),  # the secondary tier's message
        ("Företag och arrangörer", 9),  # the unchanged prices
    ]
    assert report.done_count > 0 and report.carried_count > report.done_count
    # Everything else is coherent: each activity's groups are reached by its channels.
    assert report.channel_mismatches == ()
    assert report.unaddressed_messages == ()
    assert report.groups_without_activity == ()


def test_the_small_plan_is_a_smaller_project_of_the_same_municipality(small: Plan) -> None:
    counts = small.register_counts()
    assert 2 <= counts["groups"] <= 6 and 2 <= counts["messages"] <= 5
    assert 2 <= counts["channels"] <= 5 and 3 <= counts["activities"] <= 8
    assert not small.activities.filter(period_reason__gt="").exists()
    assert coverage(plan_graph(small)).complete


def test_each_plan_has_its_revision_table(rich: Plan, small: Plan) -> None:
    rows = list(Revision.objects.filter(plan=rich).values_list("version", "comment"))
    assert rows[0] == ("0.1", "Utkast framtaget") and len(rows) == 2
    # The small plan's draft, then Erik's submission, which Anna's home page asks her to approve.
    kinds = list(Revision.objects.filter(plan=small).values_list("kind", flat=True))
    assert kinds == [RevisionKind.MANUAL, RevisionKind.SUBMITTED]


def test_the_steering_group_meets_about_the_rich_plan(rich: Plan) -> None:
    meeting = Meeting.objects.get(plans=rich)
    assert meeting.forum.name == "Styrgruppen för digital bokning"
    assert meeting.date == dt.date(2026, 3, 5)
    assert meeting.participants.count() == 4
    assert meeting.items.filter(kind="B").exists()


def test_the_history_says_anna_wrote_the_plans(django_capture_on_commit_callbacks: Any) -> None:
    # The history is written when the transaction commits, which a test's never does.
    with django_capture_on_commit_callbacks(execute=True):
        demo_organization_create()
    for plan in Plan.objects.all():
        events = AuditEvent.objects.filter(plan=plan)
        assert events.filter(register="activities", action="create").count() == (
            plan.activities.count()
        )
        assert set(events.filter(action="create").values_list("user__username", flat=True)) == {
            "anna"
        }
    # Erik's one change since, for Anna's home page: he started an activity of the small plan.
    assert list(AuditEvent.objects.exclude(user__username="anna").values_list("action")) == [
        ("update",)
    ]


def test_loaddemo_loads_once_and_if_empty_leaves_a_used_database_alone() -> None:
    out = loaddemo("--if-empty")
    assert "Digital bokning av lokaler" in out and "Matavfallsinsamling i Söderby" in out
    assert "anna   password komplan-demo  (admin, approver)" in out
    before = (Plan.objects.count(), AuditEvent.objects.count())
    again = loaddemo("--if-empty")
    assert (Plan.objects.count(), AuditEvent.objects.count()) == before
    assert "Loaded" not in again and "anna" in again  # the login, for `make run`
    with pytest.raises(CommandError, match="already holds organisations"):
        loaddemo()
    assert Organization.objects.count() == 1


def test_if_empty_does_nothing_in_a_database_used_by_someone_else(organization: Any) -> None:
    assert loaddemo("--if-empty") == ""
    assert not Organization.objects.filter(slug="norrvik").exists()
