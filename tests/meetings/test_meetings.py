"""Forums, meetings, participants and the agenda, through the views."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from komplan.meetings.models import (
    ActionStatus,
    AgendaItem,
    Attendance,
    Forum,
    ItemKind,
    Meeting,
    MinutesStatus,
)
from tests.meetings.factories import fill_meeting, justera, make_forum, make_meeting

pytestmark = pytest.mark.django_db


def test_an_editor_creates_a_forum_and_adds_its_members(
    editor_client: Any, organization: Any
) -> None:
    response = editor_client.post(
        f"/orgs/{organization.slug}/forums/new/",
        {"name": "E-rådet", "kind": "steering_group", "language": "da"},
    )
    forum = Forum.objects.get(name="E-rådet")
    assert response.status_code == 302 and response["Location"] == f"/forums/{forum.pk}/"
    assert forum.organization == organization and forum.language == "da"
    response = editor_client.post(
        f"/forums/{forum.pk}/members/new/",
        {"name": "Sara Holm", "organization": "Ekby", "role": "chair", "email": "s@example.org"},
    )
    assert response.status_code == 302
    page = editor_client.get(f"/forums/{forum.pk}/").content.decode()
    assert "Sara Holm" in page
    listing = editor_client.get(f"/orgs/{organization.slug}/forums/").content.decode()
    assert "E-rådet" in listing


def test_a_member_can_only_be_linked_to_a_user_of_the_organisation(
    editor_client: Any, forum: Any, outsider: Any
) -> None:
    response = editor_client.post(
        f"/forums/{forum.pk}/members/new/", {"name": "Olle", "user": outsider.pk}
    )
    assert response.status_code == 200
    assert "user" in response.context["form"].errors


def test_a_new_meeting_starts_with_version_1_of_its_minutes(
    editor_client: Any, forum: Any, plan: Any
) -> None:
    response = editor_client.post(
        f"/forums/{forum.pk}/meetings/new/",
        {
            "date": "2026-03-05",
            "start_time": "09:00",
            "end_time": "12:00",
            "place": "Onlinemöte",
            "online_link": "https://meet.example.org/styrgrupp",
            "plans": [plan.pk],
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/meetings/{meeting.pk}/"
    assert list(meeting.plans.all()) == [plan]
    assert (meeting.minutes_version, meeting.minutes_status) == (1, MinutesStatus.DRAFT)
    assert meeting.versions.get().number == 1
    assert not meeting.items.exists()  # the forum never met before: nothing to review


def test_a_meeting_must_end_after_it_starts(editor_client: Any, forum: Any) -> None:
    response = editor_client.post(
        f"/forums/{forum.pk}/meetings/new/",
        {"date": "2026-03-05", "start_time": "12:00", "end_time": "09:00"},
    )
    assert response.status_code == 200
    assert "end_time" in response.context["form"].errors


def test_the_next_meeting_starts_by_reviewing_the_previous_minutes_and_open_actions(
    editor_client: Any, forum: Any, plan: Any
) -> None:
    first = make_meeting(forum, date=dt.date(2026, 1, 15))
    filled = fill_meeting(first, plan=plan)
    done = filled["action"]
    done.pk = None
    done.text, done.status = "Boka lokal", ActionStatus.DONE
    done.save()
    editor_client.post(
        f"/forums/{forum.pk}/meetings/new/",
        {"date": "2026-03-05", "start_time": "09:00", "end_time": "12:00"},
    )
    second = Meeting.objects.exclude(pk=first.pk).get()
    review = second.items.get()
    assert review.reviews_previous and review.kind == ItemKind.INFORMATION
    assert review.description == "Genomgång av föregående minnesanteckningar"  # forum in sv
    page = editor_client.get(f"/meetings/{second.pk}/minutes/").content.decode()
    assert "Sammanställ synpunkterna på planen" in page  # open: listed
    assert "Boka lokal" not in page  # done: not listed


def test_the_forums_members_become_participants_in_one_step(
    editor_client: Any, meeting: Any, forum: Any
) -> None:
    page = editor_client.get(f"/meetings/{meeting.pk}/participants/")
    form = page.context["add_form"]
    assert set(form.fields["members"].initial) == set(forum.members.values_list("pk", flat=True))
    members = list(forum.members.values_list("pk", flat=True))
    response = editor_client.post(f"/meetings/{meeting.pk}/participants/add/", {"members": members})
    assert response.status_code == 302
    participants = list(meeting.participants.order_by("pk"))
    assert [p.name for p in participants] == list(forum.members.values_list("name", flat=True))
    assert participants[0].role == "process_leader"
    assert all(p.attendance == Attendance.PRESENT for p in participants)
    # Adding again adds nobody twice.
    editor_client.post(f"/meetings/{meeting.pk}/participants/add/", {"members": members})
    assert meeting.participants.count() == len(members)


def test_adding_one_member_says_one_participant(
    editor_client: Any, meeting: Any, forum: Any
) -> None:
    first = forum.members.values_list("pk", flat=True).first()
    response = editor_client.post(
        f"/meetings/{meeting.pk}/participants/add/", {"members": [first]}, follow=True
    )
    assert "1 participant was added." in response.content.decode()


def test_a_guest_and_an_absentee(editor_client: Any, meeting: Any, filled: dict[str, Any]) -> None:
    response = editor_client.get(f"/meetings/{meeting.pk}/participants/new/?guest=1")
    assert response.context["form"]["attendance"].value() == Attendance.GUEST
    editor_client.post(
        f"/meetings/{meeting.pk}/participants/new/",
        {"name": "Greta Gäst", "organization": "Länsstyrelsen", "attendance": "guest"},
    )
    someone = filled["participants"][1]
    response = editor_client.post(
        f"/meetings/{meeting.pk}/participants/{someone.pk}/edit/",
        {
            "name": someone.name,
            "organization": someone.organization,
            "attendance": "absent",
            "lock_version": someone.lock_version,
        },
    )
    assert response.status_code == 302
    page = editor_client.get(f"/meetings/{meeting.pk}/").content.decode()
    absent = page.split("Absent:", 1)[1].split("</p>", 1)[0]
    assert someone.name in absent and "Greta Gäst" not in absent


def test_a_justerare_needs_a_user_account(editor_client: Any, meeting: Any) -> None:
    response = editor_client.post(
        f"/meetings/{meeting.pk}/participants/new/",
        {"name": "Utan konto", "attendance": "present", "adjuster": "on"},
    )
    assert response.status_code == 200
    assert "user" in response.context["form"].errors


def test_the_note_taker_is_chosen_among_the_participants(
    editor_client: Any, meeting: Any, filled: dict[str, Any], organization: Any
) -> None:
    other = make_meeting(make_forum(organization, "Ledningsgruppen"))
    stranger = fill_meeting(other)["participants"][0]
    form = editor_client.get(f"/meetings/{meeting.pk}/edit/").context["form"]
    assert set(form.fields["note_taker"].queryset) == set(meeting.participants.all())
    assert stranger not in form.fields["note_taker"].queryset


def add_item(client: Any, meeting: Any, kind: str, description: str, minutes: int) -> None:
    response = client.post(
        f"/meetings/{meeting.pk}/agenda/new/",
        {"kind": kind, "description": description, "responsible": "Sara", "duration": minutes},
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_the_agenda_shows_numbers_and_approximate_times(editor_client: Any, meeting: Any) -> None:
    add_item(editor_client, meeting, "I", "Nulägesbild och status", 30)
    add_item(editor_client, meeting, "D", "Vad kan vi förbättra?", 45)
    add_item(editor_client, meeting, "break", "Fika", 15)
    add_item(editor_client, meeting, "B", "Beslut om kommunikationsplanen", 20)
    response = editor_client.get(f"/meetings/{meeting.pk}/agenda/")
    rows = response.context["rows"]
    assert [(slot.number, slot.start_time) for _item, slot in rows] == [
        (1, dt.time(9, 0)),
        (2, dt.time(9, 30)),
        (None, dt.time(10, 15)),
        (3, dt.time(10, 30)),
    ]
    assert "overrun-warning" not in response.content.decode()


def test_an_agenda_running_past_the_end_warns(editor_client: Any, meeting: Any) -> None:
    add_item(editor_client, meeting, "I", "Lång genomgång", 150)
    add_item(editor_client, meeting, "D", "Diskussion", 45)
    page = editor_client.get(f"/meetings/{meeting.pk}/agenda/").content.decode()
    assert 'id="overrun-warning"' in page
    assert "runs 15 minutes past the meeting's end (12:00)" in page
    assert "after the end" in page  # the late item says so, not only in colour


def test_items_move_up_and_down_and_are_reordered_at_once(
    editor_client: Any, meeting: Any, filled: dict[str, Any]
) -> None:
    def order() -> list[str]:
        return list(meeting.items.order_by("position").values_list("description", flat=True))

    second = filled["items"][1]
    before = order()
    editor_client.post(f"/meetings/{meeting.pk}/agenda/{second.pk}/move/", {"direction": "up"})
    assert order()[:2] == [before[1], before[0]]
    ids = list(meeting.items.order_by("-position").values_list("pk", flat=True))
    response = editor_client.post(
        f"/meetings/{meeting.pk}/agenda/order/", {"order": ",".join(map(str, ids))}
    )
    assert response.status_code == 302
    assert list(meeting.items.order_by("position").values_list("pk", flat=True)) == ids
    # Without a script: a number per item.
    numbers = {f"position-{pk}": n for n, pk in enumerate(reversed(ids), start=1)}
    editor_client.post(f"/meetings/{meeting.pk}/agenda/order/", numbers)
    assert list(meeting.items.order_by("position").values_list("pk", flat=True)) == ids[::-1]
    positions = list(meeting.items.order_by("position").values_list("position", flat=True))
    assert positions == list(range(1, len(ids) + 1))


def test_deleting_an_item_closes_the_gap_and_keeps_its_decisions(
    editor_client: Any, meeting: Any, filled: dict[str, Any]
) -> None:
    first, decided = filled["items"][0], filled["decision"].item
    url = f"/meetings/{meeting.pk}/agenda/{first.pk}/delete/"
    page = editor_client.get(url).content.decode()
    assert "its decisions and action items stay in the minutes" in page
    response = editor_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{meeting.pk}/agenda/"
    positions = list(meeting.items.order_by("position").values_list("position", flat=True))
    assert positions == [1, 2, 3]  # the item, the break and the decided item moved up
    editor_client.post(f"/meetings/{meeting.pk}/agenda/{decided.pk}/delete/")
    filled["decision"].refresh_from_db()
    assert filled["decision"].item is None
    minutes = editor_client.get(f"/meetings/{meeting.pk}/minutes/")
    assert minutes.context["other_decisions"] == [filled["decision"]]


def test_an_order_that_leaves_out_or_invents_items_is_refused(
    editor_client: Any, meeting: Any, filled: dict[str, Any], organization: Any
) -> None:
    ids = list(meeting.items.values_list("pk", flat=True))
    other = make_meeting(make_forum(organization, "Nätverket"))
    foreign = AgendaItem.objects.create(meeting=other, description="Främmande punkt")
    for order in (ids[:-1], [*ids[:-1], foreign.pk], [*ids, ids[0]], ["x"]):
        response = editor_client.post(
            f"/meetings/{meeting.pk}/agenda/order/",
            {"order": ",".join(map(str, order))},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 400
    assert foreign.meeting_id == other.pk


def test_an_item_of_another_meeting_is_not_found_through_this_one(
    editor_client: Any, meeting: Any, organization: Any
) -> None:
    other = make_meeting(make_forum(organization, "Nätverket"))
    item = AgendaItem.objects.create(meeting=other, description="Annan punkt")
    for url in (
        f"/meetings/{meeting.pk}/agenda/{item.pk}/edit/",
        f"/meetings/{meeting.pk}/minutes/{item.pk}/notes/edit/",
    ):
        assert editor_client.get(url).status_code == 404


def test_two_people_editing_one_item_never_overwrite_each_other(
    editor_client: Any, admin_client_: Any, meeting: Any, filled: dict[str, Any]
) -> None:
    item = filled["items"][0]
    url = f"/meetings/{meeting.pk}/agenda/{item.pk}/edit/"
    form = {"kind": "I", "description": "Bertils text", "duration": 15, "lock_version": 0}
    assert editor_client.post(url, form).status_code == 302
    response = admin_client_.post(url, {**form, "description": "Alices text"})
    assert response.status_code == 409
    item.refresh_from_db()
    assert item.description == "Bertils text"


@pytest.mark.parametrize(("language", "day"), [("en", "5 Mar 2026"), ("sv", "5 mars 2026")])
def test_a_meetings_pages_show_dates_in_one_style(
    editor_client: Any,
    meeting: Any,
    filled: dict[str, Any],
    adjuster: Any,
    language: str,
    day: str,
) -> None:
    """The meeting, its agenda and its justered minutes: every date in the language's style,
    times on the 24-hour clock, no ISO dates beside them (only in <time datetime>)."""
    justera(meeting, adjuster)
    for page in ("", "agenda/", "minutes/"):
        html = editor_client.get(
            f"/meetings/{meeting.pk}/{page}", HTTP_ACCEPT_LANGUAGE=language
        ).content.decode()
        shown = re.sub(r'datetime="[^"]*"', "", html)
        assert day in shown, page
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b", shown), page
        assert not re.search(r"\b[ap]\.m\.", shown), page
