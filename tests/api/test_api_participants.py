"""A forum's members and a meeting's participants through the API, as on the forum's page and
the participants page: the screens' forms and messages, their locking (412, 428), the lock on
submitted minutes (409), and the audit trail naming the token's owner."""

from __future__ import annotations

import json
from typing import Any

import pytest

from komplan.audit.models import Action, AuditEvent
from komplan.meetings.models import Forum, ForumMember, Meeting, MinutesStatus, Participant
from tests.api.helpers import bearer, make_token
from tests.meetings.factories import make_forum, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(editor: Any, organization: Any) -> Any:
    return bearer(make_token(editor, organization))


@pytest.fixture
def forum(organization: Any) -> Forum:
    return make_forum(organization, members=3)


@pytest.fixture
def meeting(forum: Forum, plan: Any) -> Meeting:
    return make_meeting(forum, plans=(plan,))


def send(client: Any, method: str, url: str, body: Any = None, **headers: Any) -> Any:
    return getattr(client, method)(
        url, data=json.dumps(body or {}), content_type="application/json", **headers
    )


def test_a_forums_members_are_listed_added_changed_and_removed(
    api: Any, forum: Forum, editor: Any
) -> None:
    url = f"/api/v1/forums/{forum.pk}/members"
    listed = api.get(url).json()
    assert [m["name"] for m in listed["items"]] == ["Sara Holm", "Jörn Hagberg", "Tove Andrén"]
    wrong = send(api, "post", url, {"name": "Karin Berg", "email": "inte en adress"})
    assert wrong.status_code == 422
    assert wrong.json()["errors"] == {"email": ["Enter a valid email address."]}
    body = {"name": "Karin Berg", "role": "chair", "user": editor.pk}
    created = send(api, "post", url, body)
    assert created.status_code == 201, created.content
    member = created.json()
    assert (member["role"], member["user"], member["email"]) == ("chair", editor.pk, "")
    chairs = api.get(f"{url}?role=chair").json()
    assert [m["name"] for m in chairs["items"]] == ["Karin Berg"]
    one = f"{url}/{member['id']}"
    etag = created["ETag"]
    assert send(api, "patch", one, {"role": "secretary"}).status_code == 428
    changed = send(api, "patch", one, {"role": "secretary"}, HTTP_IF_MATCH=etag)
    assert changed.status_code == 200, changed.content
    assert (changed.json()["role"], changed.json()["name"]) == ("secretary", "Karin Berg")
    assert send(api, "patch", one, {"role": "chair"}, HTTP_IF_MATCH=etag).status_code == 412
    assert send(api, "delete", one).status_code == 204
    assert not ForumMember.objects.filter(pk=member["id"]).exists()
    other = make_forum(forum.organization, "Nätverket")
    assert api.get(f"/api/v1/forums/{other.pk}/members/{listed['items'][0]['id']}").status_code == (
        404
    )


def test_a_member_outside_the_organisation_cannot_be_the_user(
    api: Any, forum: Forum, outsider: Any
) -> None:
    url = f"/api/v1/forums/{forum.pk}/members"
    refused = send(api, "post", url, {"name": "Olle", "user": outsider.pk})
    assert refused.status_code == 422
    assert list(refused.json()["errors"]) == ["user"]


def test_the_forums_members_are_brought_in_and_each_participant_changed(
    api: Any, meeting: Meeting, editor: Any
) -> None:
    base = f"/api/v1/meetings/{meeting.pk}/participants"
    members = list(meeting.forum.members.order_by("pk"))
    added = send(api, "post", f"{base}/members", {"members": [m.pk for m in members[:2]]})
    assert added.status_code == 201, added.content
    assert [(p["name"], p["member"], p["attendance"]) for p in added.json()["items"]] == [
        ("Sara Holm", members[0].pk, "present"),
        ("Jörn Hagberg", members[1].pk, "present"),
    ]
    # A member who already takes part: the screen's form says so.
    again = send(api, "post", f"{base}/members", {"members": [members[0].pk]})
    assert again.status_code == 422
    assert list(again.json()["errors"]) == ["members"]
    guest = send(api, "post", base, {"name": "Erik Holm", "attendance": "guest"})
    assert guest.status_code == 201, guest.content
    assert (guest.json()["member"], guest.json()["adjuster"]) == (None, False)
    one = f"{base}/{guest.json()['id']}"
    # An adjuster needs a user account, in the form's words.
    refused = send(api, "patch", one, {"adjuster": True}, HTTP_IF_MATCH=guest["ETag"])
    assert refused.status_code == 422
    assert refused.json()["errors"] == {
        "user": ["An adjuster needs a user account to approve the minutes with."]
    }
    body = {"adjuster": True, "user": editor.pk, "attendance": "absent"}
    changed = send(api, "patch", one, body, HTTP_IF_MATCH=guest["ETag"])
    assert changed.status_code == 200, changed.content
    assert api.get(f"{base}?adjuster=true").json()["count"] == 1
    assert [p["name"] for p in api.get(f"{base}?attendance=present").json()["items"]] == [
        "Sara Holm",
        "Jörn Hagberg",
    ]
    assert send(api, "delete", one, HTTP_IF_MATCH=guest["ETag"]).status_code == 412
    assert send(api, "delete", one, HTTP_IF_MATCH=changed["ETag"]).status_code == 204
    assert Participant.objects.filter(meeting=meeting).count() == 2


def test_participants_are_locked_with_the_minutes(api: Any, meeting: Meeting) -> None:
    base = f"/api/v1/meetings/{meeting.pk}/participants"
    guest = send(api, "post", base, {"name": "Erik Holm"}).json()
    Meeting.objects.filter(pk=meeting.pk).update(minutes_status=MinutesStatus.SUBMITTED)
    member = meeting.forum.members.first()
    for method, url, body in [
        ("post", base, {"name": "Eva"}),
        ("post", f"{base}/members", {"members": [member.pk]}),
        ("patch", f"{base}/{guest['id']}", {"attendance": "absent"}),
        ("delete", f"{base}/{guest['id']}", None),
    ]:
        refused = send(api, method, url, body, HTTP_IF_MATCH="*")
        assert refused.status_code == 409, (method, url)
        assert "submitted for approval" in refused.json()["detail"]
    assert api.get(base).json()["count"] == 1  # reading goes on


def test_an_api_change_is_audited_as_the_tokens_owner_and_shown_on_the_meeting_history(
    api: Any, meeting: Meeting, editor: Any, editor_client: Any
) -> None:
    editor.first_name, editor.last_name = "Bertil", "Ek"
    editor.save()
    created = send(api, "post", f"/api/v1/meetings/{meeting.pk}/participants", {"name": "Eva"})
    send(
        api,
        "patch",
        f"/api/v1/meetings/{meeting.pk}/participants/{created.json()['id']}",
        {"attendance": "absent"},
        HTTP_IF_MATCH=created["ETag"],
    )
    events = AuditEvent.objects.filter(register="participants").order_by("pk")
    assert [(e.action, e.user, e.user_name) for e in events] == [
        (Action.CREATE, editor, "Bertil Ek"),
        (Action.UPDATE, editor, "Bertil Ek"),
    ]
    assert events[1].changes[0]["new_value"] == "absent"
    page = editor_client.get(f"/meetings/{meeting.pk}/history/").content.decode()
    assert "Bertil Ek" in page
    assert "Förhindrad (har anmält förhinder)" in page  # the reader's language, not the API's


def test_a_member_brought_in_is_audited_for_each_participant(api: Any, meeting: Meeting) -> None:
    members = list(meeting.forum.members.values_list("pk", flat=True))
    send(api, "post", f"/api/v1/meetings/{meeting.pk}/participants/members", {"members": members})
    created = AuditEvent.objects.filter(register="participants", action=Action.CREATE)
    assert created.count() == len(members)
    assert {e.scope for e in created} == {f"forum:{meeting.forum_id}/meeting:{meeting.pk}"}
