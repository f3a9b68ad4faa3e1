"""The audit trail of forums and meetings: a change made on the screens is an event naming
the logged-in person, listed on the meeting's and the forum's history pages, and in the
history of the plan the meeting is about; a meeting's events start no new draft of the plan."""

from __future__ import annotations

from typing import Any

import pytest

from komplan.audit.models import Action, AuditEvent
from komplan.meetings.models import ForumMember, Meeting
from komplan.plans.models import PlanStatus
from tests.conftest import login
from tests.meetings.factories import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def bertil(editor: Any) -> Any:
    editor.first_name, editor.last_name = "Bertil", "Ek"
    editor.save()
    return editor


def test_a_forum_member_changed_on_the_screen_names_the_person_on_the_forums_history(
    forum: Any, bertil: Any, viewer: Any
) -> None:
    member = forum.members.get(name="Jörn Hagberg")
    response = login(bertil).post(
        f"/forums/{forum.pk}/members/{member.pk}/edit/",
        {
            "name": "Jörn Hagberg",
            "organization": "Vänersby",
            "role": "chair",
            "email": member.email,
            "lock_version": member.lock_version,
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(register="forum_members", action=Action.UPDATE)
    assert (event.user, event.user_name, event.object_repr) == (bertil, "Bertil Ek", "Jörn Hagberg")
    assert [(c["field"], c["old"], c["new"]) for c in event.field_changes()] == [
        ("role", "No particular role", "Chair")
    ]
    page = login(viewer).get(f"/forums/{forum.pk}/history/").content.decode()
    assert "Bertil Ek" in page and "Jörn Hagberg" in page and "Chair" in page


def test_a_meetings_change_shows_on_its_history_and_on_the_plans(
    meeting: Meeting, plan: Any, bertil: Any, viewer: Any
) -> None:
    client = login(bertil)
    response = client.post(
        f"/meetings/{meeting.pk}/agenda/new/",
        {"kind": "B", "description": "Beslut om planen", "duration": 20},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(register="agenda_items", action=Action.CREATE)
    assert (event.user_name, event.plan_id) == ("Bertil Ek", None)  # the organisation's
    reader = login(viewer)
    meeting_page = reader.get(f"/meetings/{meeting.pk}/history/").content.decode()
    assert "Beslut om planen" in meeting_page and "Bertil Ek" in meeting_page
    plan_page = reader.get(f"/plans/{plan.pk}/history/").content.decode()
    assert "Beslut om planen" in plan_page
    assert f'href="/meetings/{meeting.pk}/history/"' in plan_page
    # The filter of the plan's history offers what the meetings hold.
    only = reader.get(f"/plans/{plan.pk}/history/?register=agenda_items").content.decode()
    assert "Beslut om planen" in only


def test_a_meeting_of_another_plan_stays_out_of_the_plans_history(
    forum: Any, plan: Any, bertil: Any, viewer: Any
) -> None:
    other = make_meeting(forum)  # about no plan
    login(bertil).post(
        f"/meetings/{other.pk}/agenda/new/", {"kind": "I", "description": "Övrigt", "duration": 5}
    )
    assert AuditEvent.objects.filter(register="agenda_items").count() == 1
    plan_page = login(viewer).get(f"/plans/{plan.pk}/history/").content.decode()
    assert "Övrigt" not in plan_page


def test_participants_brought_in_on_the_screen_are_each_recorded(
    meeting: Meeting, bertil: Any
) -> None:
    members = list(meeting.forum.members.values_list("pk", flat=True))
    response = login(bertil).post(f"/meetings/{meeting.pk}/participants/add/", {"members": members})
    assert response.status_code == 302
    events = AuditEvent.objects.filter(register="participants", action=Action.CREATE)
    assert events.count() == len(members)
    assert {e.user_name for e in events} == {"Bertil Ek"}


def test_a_deleted_forum_is_one_event_and_its_meetings_go_with_it(
    forum: Any, meeting: Meeting, admin_user: Any
) -> None:
    AuditEvent.objects.all().delete()
    response = login(admin_user).post(f"/forums/{forum.pk}/delete/")
    assert response.status_code == 302
    assert list(AuditEvent.objects.values_list("register", "action")) == [("forums", Action.DELETE)]
    assert not ForumMember.objects.exists()


def test_a_meetings_change_starts_no_new_draft_of_an_approved_plan(
    meeting: Meeting, plan: Any, bertil: Any
) -> None:
    from komplan.plans.models import Plan

    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)
    login(bertil).post(
        f"/meetings/{meeting.pk}/agenda/new/", {"kind": "I", "description": "Läget", "duration": 5}
    )
    assert AuditEvent.objects.filter(register="agenda_items").exists()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_an_outsider_finds_no_history(meeting: Meeting, outsider: Any) -> None:
    client = login(outsider)
    assert client.get(f"/meetings/{meeting.pk}/history/").status_code == 404
    assert client.get(f"/forums/{meeting.forum_id}/history/").status_code == 404


def test_reordering_the_agenda_records_each_move_without_a_query_per_item(
    forum: Any, bertil: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from komplan.meetings.models import AgendaItem

    counts = []
    for size in (3, 12):
        meeting = make_meeting(forum)
        items = [
            AgendaItem.objects.create(meeting=meeting, description=f"Punkt {n}")
            for n in range(size)
        ]
        client = login(bertil)
        order = ",".join(str(item.pk) for item in reversed(items))
        with CaptureQueriesContext(connection) as captured:
            response = client.post(f"/meetings/{meeting.pk}/agenda/order/", {"order": order})
        assert response.status_code == 302
        moved = AuditEvent.objects.filter(register="agenda_items", action=Action.MOVE)
        assert moved.filter(object_id__in=[i.pk for i in items]).count() == size - (size % 2)
        counts.append(len(captured))
    assert counts[0] == counts[1]
