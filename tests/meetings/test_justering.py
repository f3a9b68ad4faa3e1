"""Justering: the note-taker submits, the appointed adjusters approve with name and time, the
minutes lock, and a correction opens a new version while the justered one stays readable."""

from __future__ import annotations

from typing import Any

import pytest

from komplan.accounts.models import Role
from komplan.meetings.models import MinutesStatus, Participant
from tests.meetings.factories import make_adjuster

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def status(meeting: Any) -> tuple[int, str]:
    meeting.refresh_from_db()
    return meeting.minutes_version, meeting.minutes_status


def test_minutes_go_to_the_adjusters_only_with_a_note_taker_and_an_adjuster(
    editor_client: Any, meeting: Any
) -> None:
    page = editor_client.get(f"/meetings/{meeting.pk}/minutes/submit/")
    assert not page.context["allowed"]
    explanation = page.context["explanation"]
    assert "note-taker" in explanation and "adjuster" in explanation
    editor_client.post(f"/meetings/{meeting.pk}/minutes/submit/")
    assert status(meeting) == (1, MinutesStatus.DRAFT)


def test_submitted_minutes_cannot_be_submitted_again(
    editor_client: Any, meeting: Any, filled: dict[str, Any], adjuster: Any
) -> None:
    url = f"/meetings/{meeting.pk}/minutes/submit/"
    page = editor_client.get(url)
    assert page.context["allowed"]
    assert 'type="submit">Submit for minutes approval<' in page.content.decode()
    editor_client.post(url)
    page = editor_client.get(url)
    assert not page.context["allowed"]
    assert page.context["explanation"] == "These minutes have already been submitted."
    assert 'type="submit">Submit for minutes approval<' not in page.content.decode()
    response = editor_client.post(url, follow=True)
    assert "These minutes have already been submitted." in response.content.decode()
    assert status(meeting) == (1, MinutesStatus.SUBMITTED)


def test_the_whole_justering(
    editor_client: Any, meeting: Any, filled: dict[str, Any], adjuster: Any
) -> None:
    from tests.conftest import login

    item = filled["items"][0]
    minutes = f"/meetings/{meeting.pk}/minutes/"
    response = editor_client.post(f"/meetings/{meeting.pk}/minutes/submit/")
    assert response.status_code == 302 and response["Location"] == minutes + "#justering"
    assert status(meeting) == (1, MinutesStatus.SUBMITTED)

    # Submitted minutes are locked, with the reason.
    response = editor_client.get(f"/meetings/{meeting.pk}/minutes/{item.pk}/notes/edit/")
    assert response.status_code == 409
    assert "submitted for approval" in response.content.decode()

    # Only the appointed adjuster approves; the editor is not one.
    assert editor_client.post(f"/meetings/{meeting.pk}/minutes/approve/").status_code == 403
    adjuster_client = login(adjuster)  # a viewer: justering is not an edit
    page = adjuster_client.get(minutes)
    assert page.context["may_approve"]
    adjuster_client.post(f"/meetings/{meeting.pk}/minutes/approve/")
    assert status(meeting) == (1, MinutesStatus.JUSTERED)
    version = meeting.versions.get(number=1)
    approval = version.approvals.get()
    assert approval.name == "Sara Holm" and approval.user == adjuster
    assert version.justered_at is not None
    assert version.snapshot["status"] == "justered"
    assert version.snapshot["adjusters"][0]["approved_at"]

    # Justered minutes are locked: every change is refused with a clear message.
    for url in (
        f"/meetings/{meeting.pk}/minutes/{item.pk}/notes/edit/",
        f"/meetings/{meeting.pk}/agenda/new/",
        f"/meetings/{meeting.pk}/participants/new/",
        f"/meetings/{meeting.pk}/decisions/new/",
        f"/meetings/{meeting.pk}/edit/",
    ):
        response = editor_client.post(url, {"notes": "Ändrat i efterhand", "text": "x"})
        assert response.status_code == 409, url
        assert "approved (version 1)" in response.content.decode()
    item.refresh_from_db()
    assert item.notes == "Anteckningar till punkt 1."
    page = editor_client.get(minutes).content.decode()
    assert "Write notes" not in page

    # A correction makes version 2; version 1 stays readable as approved.
    response = editor_client.post(
        f"/meetings/{meeting.pk}/minutes/correct/", {"reason": "Fel datum i punkt 1"}
    )
    assert response.status_code == 302
    assert status(meeting) == (2, MinutesStatus.DRAFT)
    response = editor_client.post(
        f"/meetings/{meeting.pk}/minutes/{item.pk}/notes/edit/",
        {"notes": "Rättad anteckning.", "lock_version": item.lock_version},
    )
    assert response.status_code == 302
    old = editor_client.get(f"/meetings/{meeting.pk}/minutes/versions/1/")
    assert old.status_code == 200
    text = old.content.decode()
    assert "Anteckningar till punkt 1." in text and "Rättad anteckning." not in text
    assert "Sara Holm" in text
    current = editor_client.get(minutes).content.decode()
    assert "Rättad anteckning." in current and "Fel datum i punkt 1" in current
    assert editor_client.get(f"/meetings/{meeting.pk}/minutes/versions/2/").status_code == 404


def test_every_adjuster_must_approve_and_withdrawing_cancels_their_approvals(
    editor_client: Any, meeting: Any, filled: dict[str, Any], adjuster: Any, admin_user: Any
) -> None:
    from tests.conftest import login

    second = Participant.objects.get(meeting=meeting, name="Jörn Hagberg")
    second.user, second.adjuster = admin_user, True
    second.save()
    editor_client.post(f"/meetings/{meeting.pk}/minutes/submit/")
    login(adjuster).post(f"/meetings/{meeting.pk}/minutes/approve/")
    assert status(meeting) == (1, MinutesStatus.SUBMITTED)  # one of two
    page = editor_client.get(f"/meetings/{meeting.pk}/minutes/").content.decode()
    assert "not yet approved" in page

    editor_client.post(f"/meetings/{meeting.pk}/minutes/withdraw/")
    assert status(meeting) == (1, MinutesStatus.DRAFT)
    assert not meeting.versions.get(number=1).approvals.exists()

    editor_client.post(f"/meetings/{meeting.pk}/minutes/submit/")
    login(adjuster).post(f"/meetings/{meeting.pk}/minutes/approve/")
    login(admin_user).post(f"/meetings/{meeting.pk}/minutes/approve/")
    assert status(meeting) == (1, MinutesStatus.JUSTERED)
    names = sorted(meeting.versions.get(number=1).approvals.values_list("name", flat=True))
    assert names == ["Jörn Hagberg", "Sara Holm"]


def test_an_adjuster_approves_once(
    editor_client: Any, meeting: Any, filled: dict[str, Any], adjuster: Any, admin_user: Any
) -> None:
    from tests.conftest import login

    second = Participant.objects.get(meeting=meeting, name="Jörn Hagberg")
    second.user, second.adjuster = admin_user, True
    second.save()
    editor_client.post(f"/meetings/{meeting.pk}/minutes/submit/")
    client = login(adjuster)
    client.post(f"/meetings/{meeting.pk}/minutes/approve/")
    client.post(f"/meetings/{meeting.pk}/minutes/approve/")
    assert meeting.versions.get(number=1).approvals.count() == 1


def test_a_member_who_is_not_an_adjuster_cannot_approve(
    editor_client: Any, viewer_client: Any, meeting: Any, filled: dict[str, Any], adjuster: Any
) -> None:
    editor_client.post(f"/meetings/{meeting.pk}/minutes/submit/")
    assert viewer_client.get(f"/meetings/{meeting.pk}/minutes/approve/").status_code == 200
    assert viewer_client.post(f"/meetings/{meeting.pk}/minutes/approve/").status_code == 403
    assert status(meeting) == (1, MinutesStatus.SUBMITTED)


def test_a_viewer_cannot_submit_withdraw_or_correct(
    viewer_client: Any, meeting: Any, filled: dict[str, Any]
) -> None:
    for step in ("submit", "withdraw", "correct"):
        assert viewer_client.post(f"/meetings/{meeting.pk}/minutes/{step}/").status_code == 403


def test_action_items_are_followed_up_after_justering(
    editor_client: Any, meeting: Any, filled: dict[str, Any], adjuster: Any, plan: Any
) -> None:
    from tests.meetings.factories import justera

    justera(meeting, adjuster)
    action = filled["action"]
    response = editor_client.post(
        f"/meetings/{meeting.pk}/actions/{action.pk}/status/", {"status": "done"}
    )
    assert response.status_code == 302
    response = editor_client.post(
        f"/meetings/{meeting.pk}/actions/{action.pk}/activity/new/", {"plan": plan.pk}
    )
    assert response.status_code == 302
    assert editor_client.get(f"/meetings/{meeting.pk}/actions/{action.pk}/edit/").status_code == 409


def test_the_adjuster_of_another_role_sees_the_approve_button(
    meeting: Any, filled: dict[str, Any], editor_client: Any
) -> None:
    from tests.conftest import login

    user = make_adjuster(meeting, "redaktor", Role.EDITOR)
    editor_client.post(f"/meetings/{meeting.pk}/minutes/submit/")
    page = login(user).get(f"/meetings/{meeting.pk}/minutes/").content.decode()
    assert 'id="approve-minutes"' in page
