"""Forums, meetings, agenda items, decisions and action items through the API: the screens'
forms and messages, their locking (412, 428), their roles and their lock on submitted
minutes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from komplan.meetings.models import ActionItem, Forum, Meeting, MinutesStatus, MinutesVersion
from komplan.plans.models import PlanStatus
from tests.api.helpers import bearer, make_token
from tests.meetings.factories import make_forum, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(editor: Any, organization: Any) -> Any:
    return bearer(make_token(editor, organization))


@pytest.fixture
def forum(organization: Any) -> Forum:
    return make_forum(organization)


@pytest.fixture
def meeting(forum: Forum, plan: Any) -> Meeting:
    return make_meeting(forum, plans=(plan,))


def send(client: Any, method: str, url: str, body: Any = None, **headers: Any) -> Any:
    return getattr(client, method)(
        url, data=json.dumps(body or {}), content_type="application/json", **headers
    )


def test_a_forum_is_created_changed_and_locked_like_on_the_screens(
    api: Any, organization: Any, editor: Any
) -> None:
    created = send(api, "post", "/api/v1/forums", {"organization": "ekby", "name": "Styrgruppen"})
    assert created.status_code == 201, created.content
    forum = created.json()
    assert (forum["organization"], forum["kind"], forum["language"]) == (
        organization.slug,
        "steering_group",
        "sv",
    )
    url = f"/api/v1/forums/{forum['id']}"
    etag = api.get(url)["ETag"]
    assert send(api, "patch", url, {"name": "Ledningsgruppen"}).status_code == 428
    changed = send(api, "patch", url, {"name": "Ledningsgruppen"}, HTTP_IF_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["description"] == ""  # only what the body names changes
    stale = send(api, "patch", url, {"name": "Styrgruppen"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    saved = Forum.objects.get()
    assert (saved.name, saved.updated_by) == ("Ledningsgruppen", editor)
    listed = api.get("/api/v1/forums?organization=ekby").json()
    assert [f["name"] for f in listed["items"]] == ["Ledningsgruppen"]


def test_only_an_administrator_deletes_a_forum(
    api: Any, forum: Forum, admin_user: Any, organization: Any
) -> None:
    url = f"/api/v1/forums/{forum.pk}"
    assert send(api, "delete", url).status_code == 403  # an editor: as on the screens
    admin = bearer(make_token(admin_user, organization))
    assert send(admin, "delete", url).status_code == 204
    assert not Forum.objects.exists()


def test_a_new_meeting_starts_as_on_the_screen_and_says_what_is_wrong(
    api: Any, forum: Forum, plan: Any, editor: Any
) -> None:
    url = f"/api/v1/forums/{forum.pk}/meetings"
    wrong = send(
        api, "post", url, {"date": "2026-10-14", "start_time": "10:00", "end_time": "09:00"}
    )
    assert wrong.status_code == 422
    assert wrong.json()["errors"] == {"end_time": ["The meeting must end after it starts."]}
    body = {"date": "2026-10-14", "start_time": "09:00", "end_time": "11:30", "plans": [plan.pk]}
    created = send(api, "post", url, body)
    assert created.status_code == 201, created.content
    meeting = created.json()
    assert (meeting["forum"], meeting["plans"], meeting["minutes_status"]) == (
        forum.pk,
        [plan.pk],
        "draft",
    )
    assert meeting["start_time"] == "09:00:00"
    # The service ran: version 1 of the minutes; a second meeting reviews the first.
    assert MinutesVersion.objects.filter(meeting_id=meeting["id"], number=1).exists()
    later = send(api, "post", url, {"date": "2026-11-14", "start_time": "09:00"}).json()
    agenda = api.get(f"/api/v1/meetings/{later['id']}/agenda").json()
    assert agenda["count"] == 1
    assert Meeting.objects.get(pk=meeting["id"]).updated_by == editor
    autumn = api.get(f"{url}?from_date=2026-11-01&to_date=2026-12-31").json()
    assert [m["id"] for m in autumn["items"]] == [later["id"]]


def test_the_agenda_decisions_and_actions_of_a_meeting(
    api: Any, meeting: Meeting, plan: Any, editor: Any
) -> None:
    base = f"/api/v1/meetings/{meeting.pk}"
    item = send(api, "post", f"{base}/agenda", {"kind": "B", "description": "Planen"}).json()
    assert (item["position"], item["duration"]) == (1, 15)
    decision = send(
        api,
        "post",
        f"{base}/decisions",
        {"item": item["id"], "text": "Planen godkänns.", "plan": plan.pk},
    )
    assert decision.status_code == 201, decision.content
    assert decision.json()["plan_version"] == plan.version  # empty: the plan's version now
    again = send(
        api,
        "patch",
        f"{base}/decisions/{decision.json()['id']}",
        {"text": "Planen godkänns med ändringar."},
        HTTP_IF_MATCH=decision["ETag"],
    )
    assert again.status_code == 200, again.content
    assert again.json()["plan_version"] == plan.version
    for text, owner, status in [
        ("Boka lokal", "Karin Berg", "open"),
        ("Skicka kallelse", "Erik Holm", "done"),
        ("Beställa fika", "karin berg", "done"),
    ]:
        body = {"text": text, "owner": owner, "status": status, "due_date": "2026-10-31"}
        assert send(api, "post", f"{base}/actions", body).status_code == 201
    mine = api.get(f"{base}/actions?owner=Karin+Berg&status=done").json()
    assert [a["text"] for a in mine["items"]] == ["Beställa fika"]
    assert ActionItem.objects.filter(updated_by=editor).count() == 3
    other = make_meeting(meeting.forum, date=dt.date(2026, 4, 1))
    assert (
        api.get(f"/api/v1/meetings/{other.pk}/decisions/{decision.json()['id']}").status_code == 404
    )


def test_a_decision_names_a_frozen_version_of_the_plan(
    api: Any, meeting: Meeting, plan: Any, editor: Any
) -> None:
    from komplan.versions import services as versions

    versions.submit(plan, user=editor, comment="")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    url = f"/api/v1/meetings/{meeting.pk}/decisions"
    body = {"text": "Planen godkänns.", "plan": plan.pk, "plan_version": plan.version}
    created = send(api, "post", url, body)
    assert created.status_code == 201, created.content
    assert created.json()["plan_version"] == plan.version
    unknown = send(api, "post", url, {**body, "plan_version": "9.9"})
    assert unknown.status_code == 422
    assert "plan_version" in unknown.json()["errors"]


def test_submitted_minutes_refuse_every_change_with_the_reason(api: Any, meeting: Meeting) -> None:
    item = send(api, "post", f"/api/v1/meetings/{meeting.pk}/agenda", {"description": "Läget"})
    Meeting.objects.filter(pk=meeting.pk).update(minutes_status=MinutesStatus.SUBMITTED)
    url = f"/api/v1/meetings/{meeting.pk}/agenda/{item.json()['id']}"
    for method, body in [("patch", {"description": "Nytt"}), ("delete", None)]:
        refused = send(api, method, url, body, HTTP_IF_MATCH="*")
        assert refused.status_code == 409
        assert "submitted for approval" in refused.json()["detail"]
    meeting_url = f"/api/v1/forums/{meeting.forum_id}/meetings/{meeting.pk}"
    assert send(api, "patch", meeting_url, {"place": "Sal 2"}, HTTP_IF_MATCH="*").status_code == 409
    assert api.get(url).status_code == 200  # reading goes on
