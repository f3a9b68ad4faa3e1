"""The home page, "My work": Alice of Ekby kommun sees her own work and nobody else's, from
her organisation only, dated from the day she opens the page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format
from hypothesis import given
from hypothesis import strategies as st

from komplan.accounts.models import Membership
from komplan.audit.models import AuditEvent
from komplan.home.work import Week
from komplan.meetings import services as meeting_services
from komplan.meetings.models import ActionItem, ActionStatus, Meeting, Participant
from komplan.plans.models import Activity, ActivityStatus, Follow, Plan, PlanStatus
from tests.conftest import login, morning_of
from tests.factories import make_plan
from tests.meetings.factories import make_forum, make_meeting

pytestmark = pytest.mark.django_db

ALICE = "Alice Ek"


@pytest.fixture
def alice(admin_user: Any) -> Any:
    admin_user.first_name, admin_user.last_name = "Alice", "Ek"
    admin_user.save()
    return admin_user


@pytest.fixture
def client(alice: Any) -> Client:
    return login(alice)


@pytest.fixture
def other_plan(outsider: Any) -> Plan:
    """A plan of Västby kommun, where Alice is no member."""
    return make_plan(outsider.memberships.get().organization, name="Västbys plan")


def activity(
    plan: Plan, title: str, due: dt.date | None, responsible: str = ALICE, **kw: Any
) -> Activity:
    return Activity.objects.create(
        plan=plan, title=title, responsible=responsible, start_override=due, end_override=due, **kw
    )


def section(html: str, name: str) -> str:
    """The part of the page under the section heading `name` (work-activities, …)."""
    start = html.index(f'id="{name}"')
    end = html.find("<section", start)
    return html[start : end if end > 0 else None]


def home(client: Client) -> str:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


# --- the page after login ------------------------------------------------------------------------


def test_home_is_the_first_page_after_login(alice: Any) -> None:
    visitor = Client()
    assert visitor.get("/")["Location"].startswith("/accounts/login/")
    response = visitor.post(
        "/accounts/login/", {"username": "alice", "password": "test-password-1"}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    page = visitor.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>My work</h1>" in page
    assert 'href="/" aria-current="page">My work</a>' in page


# --- this week and overdue -----------------------------------------------------------------------


@given(today=st.dates(), due=st.dates())
def test_a_due_date_is_overdue_this_week_or_later(today: dt.date, due: dt.date) -> None:
    week = Week(today)
    assert week.monday.weekday() == 0 and week.sunday.weekday() == 6
    assert week.monday <= today <= week.sunday
    expected = "overdue" if due < today else "week" if due <= week.sunday else "later"
    assert week.bucket(due) == expected


@pytest.mark.parametrize("weekday", [0, 2, 6], ids=["monday", "wednesday", "sunday"])
def test_the_week_edges_on_the_page(
    weekday: int, today: dt.date, time_machine: Any, plan: Plan, client: Client
) -> None:
    monday = today - dt.timedelta(days=today.weekday())
    day, sunday = monday + dt.timedelta(days=weekday), monday + dt.timedelta(days=6)
    time_machine.move_to(morning_of(day), tick=True)
    activity(plan, "Yesterday's", day - dt.timedelta(days=1))
    activity(plan, "Today's", day)
    activity(plan, "Sunday's", sunday)
    activity(plan, "Next Monday's", sunday + dt.timedelta(days=1))
    page = home(client)
    mine = section(page, "work-activities")
    assert "Next Monday&#x27;s" not in mine
    items = mine.split("<li")[1:]
    labels = {
        title: "Overdue" in item
        for item in items
        for title in ["Yesterday", "Today", "Sunday"]
        if title in item
    }
    assert labels == {"Yesterday": True, "Today": False, "Sunday": False}
    with translation.override("en"):
        assert f"This week: {date_format(monday)} – {date_format(sunday)}" in page


# --- each section: mine, not another person's, not another organisation's ------------------------


def test_my_activities_due_this_week_and_overdue(
    today: dt.date, plan: Plan, other_plan: Plan, client: Client
) -> None:
    activity(plan, "Overdue newsletter", today - dt.timedelta(days=9))
    # Later this week, but never past Sunday (on a Sunday, today itself).
    this_week = today + dt.timedelta(days=min(2, 6 - today.weekday()))
    activity(plan, "Intranet news", this_week, status=ActivityStatus.IN_PROGRESS)
    activity(plan, "Bertil's film", today, responsible="Bertil")
    activity(plan, "Already done", today, status=ActivityStatus.DONE)
    activity(plan, "Cancelled", today, status=ActivityStatus.CANCELLED)
    activity(plan, "Next month", today + dt.timedelta(days=30))
    activity(plan, "Undated", None)
    activity(other_plan, "Västby's, named like me", today)
    mine = section(home(client), "work-activities")
    assert mine.index("Overdue newsletter") < mine.index("Intranet news")
    for absent in ["Bertil", "Already done", "Cancelled", "Next month", "Undated", "Västby"]:
        assert absent not in mine
    assert f'<time datetime="{today - dt.timedelta(days=9):%Y-%m-%d}">' in mine
    assert f'href="/plans/{plan.pk}/activities/' in mine  # straight to its form


@pytest.mark.parametrize(
    ("responsible", "mine"),
    [
        ("Alice Ek", True),
        ("alice ek", True),
        ("alice", True),
        ("ALICE@example.org", True),
        ("Ek", False),  # a last (or first) name alone could be anyone's
        ("Alice Ek, Bertil", False),
    ],
)
def test_an_activity_is_mine_by_my_name_username_or_email(
    responsible: str, mine: bool, today: dt.date, plan: Plan, client: Client
) -> None:
    activity(plan, "Pressmeddelande", today, responsible=responsible)
    assert ("Pressmeddelande" in section(home(client), "work-activities")) is mine


@pytest.mark.parametrize("written", ["Åsa Öberg", "åsa öberg", "ÅSA ÖBERG"])
def test_nordic_names_match_whatever_their_case(
    written: str, today: dt.date, plan: Plan, alice: Any, client: Client
) -> None:
    alice.first_name, alice.last_name = "Åsa", "Öberg"
    alice.save()
    activity(plan, "Pressträff", today, responsible=written)
    assert "Pressträff" in section(home(client), "work-activities")


def test_an_ongoing_activity_is_never_overdue(today: dt.date, plan: Plan, client: Client) -> None:
    Activity.objects.create(
        plan=plan, title="Löpande nyheter", time_text="Mars 2026 – pågående", responsible=ALICE
    )
    assert "Löpande nyheter" not in section(home(client), "work-activities")


@pytest.fixture
def meeting(organization: Any, plan: Plan) -> Meeting:
    return make_meeting(make_forum(organization, members=0), plans=(plan,))


def test_my_open_action_items(
    today: dt.date, meeting: Meeting, outsider: Any, client: Client
) -> None:
    actions = [
        ("Skicka planen till styrgruppen", ALICE, today + dt.timedelta(days=3), ActionStatus.OPEN),
        ("Boka lokal", ALICE, today - dt.timedelta(days=1), ActionStatus.OPEN),
        ("Redan gjort", ALICE, today, ActionStatus.DONE),
        ("Bertils uppgift", "Bertil", today, ActionStatus.OPEN),
    ]
    for text, owner, due, status in actions:
        ActionItem.objects.create(
            meeting=meeting, text=text, owner=owner, due_date=due, status=status
        )
    elsewhere = make_meeting(make_forum(outsider.memberships.get().organization, members=0))
    ActionItem.objects.create(
        meeting=elsewhere, text="Västbys uppgift", owner=ALICE, due_date=today
    )
    mine = section(home(client), "work-actions")
    assert mine.index("Boka lokal") < mine.index("Skicka planen")
    assert "Overdue" in mine.split("Boka lokal")[0].rsplit("<li", 1)[1]
    for absent in ["Redan gjort", "Bertils uppgift", "Västbys"]:
        assert absent not in mine
    assert f'href="/meetings/{meeting.pk}/minutes/#action-' in mine


def adjust(meeting: Meeting, user: Any, name: str) -> Participant:
    return Participant.objects.create(meeting=meeting, name=name, user=user, adjuster=True)


def submit(meeting: Meeting, note_taker: Participant) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(note_taker=note_taker)
    meeting.refresh_from_db()
    meeting_services.minutes_submit(meeting, user=None)
    meeting.refresh_from_db()


def test_minutes_waiting_for_my_justering(
    meeting: Meeting, alice: Any, editor: Any, organization: Any, client: Client
) -> None:
    mine = adjust(meeting, alice, ALICE)
    adjust(meeting, editor, "Bertil")
    assert "Styrgruppen" not in section(home(client), "work-minutes")  # still being written
    submit(meeting, mine)
    page = section(home(client), "work-minutes")
    assert f'href="/meetings/{meeting.pk}/minutes/approve/"' in page
    # Bertil's meeting, in which Alice is no adjuster, is not hers.
    other = make_meeting(meeting.forum, date=dt.date(2026, 4, 1))
    submit(other, adjust(other, editor, "Bertil"))
    assert f"/meetings/{other.pk}/" not in section(home(client), "work-minutes")
    meeting_services.minutes_approve(meeting, user=alice)
    assert f"/meetings/{meeting.pk}/" not in section(home(client), "work-minutes")


def test_plans_waiting_for_my_approval(
    plan: Plan, other_plan: Plan, alice: Any, editor: Any, client: Client
) -> None:
    Plan.objects.filter(pk__in=[plan.pk, other_plan.pk]).update(status=PlanStatus.SUBMITTED)
    assert "No plan waits for your approval" in section(home(client), "work-approvals")
    Membership.objects.filter(user=alice).update(can_approve=True)
    page = section(home(client), "work-approvals")
    assert f'href="/plans/{plan.pk}/versions/approve/"' in page
    assert "Västbys plan" not in page
    assert "No plan waits" in section(home(login(editor)), "work-approvals")


def event(plan: Plan, user: Any, what: str, at: dt.datetime | None = None) -> AuditEvent:
    return AuditEvent.objects.create(
        organization=plan.organization,
        plan=plan,
        plan_name=plan.name,
        register="groups",
        object_id=1,
        object_repr=what,
        action="create",
        user=user,
        user_name=str(user),
        at=at or timezone.now(),
    )


def test_recent_changes_to_plans_i_follow(
    today: dt.date, plan: Plan, other_plan: Plan, alice: Any, editor: Any, client: Client
) -> None:
    assert "You follow no plans yet" in section(home(client), "work-changes")
    Follow.objects.create(user=alice, plan=plan)
    assert "Nobody else has changed" in section(home(client), "work-changes")
    unfollowed = make_plan(plan.organization, name="Annan plan")
    event(plan, editor, "Kommunstyrelsen")
    event(plan, alice, "Min egen ändring")
    event(plan, editor, "Gammal ändring", timezone.now() - dt.timedelta(days=15))
    event(unfollowed, editor, "Ofoljd ändring")
    Follow.objects.create(user=alice, plan=other_plan)  # cannot be: she is no member there
    event(other_plan, editor, "Västbys ändring")
    page = section(home(client), "work-changes")
    assert "Kommunstyrelsen" in page and f'href="/plans/{plan.pk}/history/"' in page
    stamps = re.findall(r'<time datetime="([^"]+)"', page)
    assert stamps and all(re.fullmatch(r"[\d-]+T[\d:]+[+-]\d{4}", s) for s in stamps), stamps
    for absent in ["Min egen", "Gammal", "Ofoljd", "Västbys"]:
        assert absent not in page


# --- one click -----------------------------------------------------------------------------------


def test_mark_my_activity_done_with_htmx(today: dt.date, plan: Plan, client: Client) -> None:
    done = activity(plan, "Nyhetsbrev", today)
    page = home(client)
    assert f'data-hx-post="/my-work/activities/{done.pk}/done/"' in page
    response = client.post(
        f"/my-work/activities/{done.pk}/done/", HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "“Nyhetsbrev” is done." in response.content.decode()
    assert response.content.decode().startswith("<li")
    done.refresh_from_db()
    assert done.status == ActivityStatus.DONE
    assert "Nyhetsbrev" not in section(home(client), "work-activities")


def test_a_viewer_sees_their_work_but_no_button_to_change_it(
    today: dt.date, plan: Plan, meeting: Meeting, viewer: Any
) -> None:
    viewer.first_name, viewer.last_name = "Cecilia", "Berg"
    viewer.save()
    mine = activity(plan, "Affisch", today, responsible="Cecilia Berg")
    ActionItem.objects.create(meeting=meeting, text="Läs planen", owner="cecilia")
    page = home(login(viewer))
    assert "Affisch" in page and "Läs planen" in page
    assert "/my-work/" not in page
    assert f'href="/plans/{plan.pk}/activities/"' in section(page, "work-activities")
    assert f"/activities/{mine.pk}/edit/" not in page


def test_mark_my_action_item_done_without_javascript(
    today: dt.date, meeting: Meeting, client: Client
) -> None:
    action = ActionItem.objects.create(
        meeting=meeting, text="Boka lokal", owner=ALICE, due_date=today
    )
    response = client.post(f"/my-work/actions/{action.pk}/done/")
    assert response.status_code == 302 and response["Location"] == "/"
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_only_editors_of_the_organisation_mark_things_done(
    today: dt.date, plan: Plan, meeting: Meeting, viewer: Any, outsider: Any
) -> None:
    done = activity(plan, "Nyhetsbrev", today)
    action = ActionItem.objects.create(meeting=meeting, text="Boka lokal", owner=ALICE)
    urls = [f"/my-work/activities/{done.pk}/done/", f"/my-work/actions/{action.pk}/done/"]
    for url in urls:
        assert login(viewer).post(url).status_code == 403
        assert login(outsider).post(url).status_code == 404
        assert login(viewer).get(url).status_code == 405
    done.refresh_from_db()
    action.refresh_from_db()
    assert (done.status, action.status) == (ActivityStatus.PLANNED, ActionStatus.OPEN)


# --- empty states and query count ----------------------------------------------------------------


def test_empty_states_say_what_to_do(editor: Any) -> None:
    page = home(login(editor))
    assert "Nothing of yours is due this week or overdue." in page
    assert "You have no open action items." in page
    assert "When you are appointed adjuster of a meeting" in page
    assert "No plan waits for your approval." in page
    assert "Open a plan and choose “Follow the plan”" in page


def test_someone_in_no_organisation_is_told_how_to_get_in(db: Any) -> None:
    from tests.factories import make_user

    page = home(login(make_user("ny")))
    assert "You are not a member of any organisation yet" in page


def test_the_query_count_does_not_grow_with_the_work(
    today: dt.date,
    plan: Plan,
    meeting: Meeting,
    alice: Any,
    editor: Any,
    client: Client,
    django_assert_max_num_queries: Any,
) -> None:
    Membership.objects.filter(user=alice).update(can_approve=True)

    def add_work(n: int) -> None:
        for i in range(n):
            activity(plan, f"Aktivitet {i}", today)
            ActionItem.objects.create(meeting=meeting, text=f"Uppgift {i}", owner=ALICE)
            extra = make_plan(plan.organization, name=f"Plan {i}")
            Plan.objects.filter(pk=extra.pk).update(status=PlanStatus.SUBMITTED)
            Follow.objects.get_or_create(user=alice, plan=extra)
            event(extra, editor, f"Grupp {i}")
            held = make_meeting(meeting.forum, date=today + dt.timedelta(days=i))
            submit(held, adjust(held, alice, ALICE))

    add_work(1)
    with django_assert_max_num_queries(20) as few:
        home(client)
    add_work(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = home(client)
    assert page.count('<li id="activity-') == 7 and page.count('<li id="action-') == 7
    assert page.count("/versions/approve/") == 7 and page.count("/minutes/approve/") == 7


# --- a new plan's checklist of next steps --------------------------------------------------------


def test_a_new_plan_shows_its_next_steps_until_they_are_done(
    editor: Any, organization: Any
) -> None:
    client = login(editor)
    response = client.post(
        "/plans/new/",
        {"organization": organization.pk, "name": "Ny skolskjuts", "language": "sv"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = response.content.decode()
    plan = organization.plans.get()
    assert response.redirect_chain[-1][0] == f"/plans/{plan.pk}/"
    assert "Next steps" in page and "0 of 6 done" in page
    for url in [
        "groups/new/",
        "messages/new/",
        "channels/new/",
        "activities/new/",
        "goals/new/",
        "coverage/gaps/",
    ]:
        assert f'href="/plans/{plan.pk}/{url}"' in page
    assert Follow.objects.filter(user=editor, plan=plan).exists()  # its maker follows it
    client.post(f"/plans/{plan.pk}/copy/")
    copy = organization.plans.exclude(pk=plan.pk).get()
    assert Follow.objects.filter(user=editor, plan=copy).exists()  # and so does a copy's

    core = plan.tiers.get(position=1)
    client.post(
        f"/plans/{plan.pk}/groups/new/", {"name": "Rektorer", "reach": "internal", "tier": core.pk}
    )
    overview = client.get(f"/plans/{plan.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 of 6 done" in overview

    from tests.factories import fill_plan

    fill_plan(plan)
    for added in plan.activities.all():
        added.groups.add(plan.groups.get(name="Rektorer"))
    # Every register has entries and every group gets its messages: nothing left to show.
    assert (
        "Next steps"
        not in client.get(f"/plans/{plan.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_the_checklist_counts_coverage_only_when_nothing_is_missing(
    plan: Plan, editor_client: Client
) -> None:
    from tests.factories import fill_plan

    entries = fill_plan(plan)
    Activity.objects.filter(plan=plan).delete()
    Activity.objects.create(plan=plan, title="Utan budskap")
    page = editor_client.get(f"/plans/{plan.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "5 of 6 done" in page  # the message reaches no group yet
    assert entries["groups"].name


def test_hiding_the_checklist_hides_it_for_me_only(
    plan: Plan, editor: Any, admin_user: Any
) -> None:
    mine, theirs = login(editor), login(admin_user)
    assert "checklist-heading" in mine.get(f"/plans/{plan.pk}/").content.decode()
    assert mine.post(f"/plans/{plan.pk}/checklist/hide/").status_code == 302
    assert (
        "Next steps"
        not in mine.get(f"/plans/{plan.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    assert (
        "Next steps" in theirs.get(f"/plans/{plan.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_follow_and_unfollow_from_the_overview(plan: Plan, viewer: Any) -> None:
    client = login(viewer)
    page = client.get(f"/plans/{plan.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Follow the plan</button>" in page
    client.post(f"/plans/{plan.pk}/follow/")
    assert Follow.objects.filter(user=viewer, plan=plan).exists()
    page = client.get(f"/plans/{plan.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Stop following</button>" in page
    client.post(f"/plans/{plan.pk}/follow/", {"follow": "0"})
    assert not Follow.objects.filter(user=viewer, plan=plan).exists()


# --- the demo ------------------------------------------------------------------------------------


def test_the_demo_admin_finds_work_in_every_section(today: dt.date, demo_plan: Plan) -> None:
    anna = demo_plan.organization.memberships.get(user__username="anna").user
    page = home(login_demo(anna))
    for name in [
        "work-activities",
        "work-actions",
        "work-minutes",
        "work-approvals",
        "work-changes",
    ]:
        assert "<li" in section(page, name), name
    assert "Overdue" in section(page, "work-activities")
    assert "This week" in section(page, "work-activities")


def login_demo(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password="komplan-demo")
    return client


def test_checklist_progress_unit(plan: Plan) -> None:
    from komplan.plans.checklist import plan_checklist

    counts = {"groups": 2, "messages": 1, "channels": 0, "activities": 0, "goals": 1}
    checklist = plan_checklist(plan.pk, counts, owed=0, gaps=0)
    assert (checklist.done_count, checklist.complete) == (3, False)
    assert checklist.next_step is not None and checklist.next_step.key == "channels"
    assert plan_checklist(plan.pk, dict.fromkeys(counts, 1), owed=4, gaps=0).complete
    assert not plan_checklist(plan.pk, dict.fromkeys(counts, 1), owed=4, gaps=1).complete
