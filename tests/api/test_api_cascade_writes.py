"""The cascade's writes through the API, as a client makes them: steps, material, approval,
release, marking and sending a step now, and the approval settings, through the screens'
forms and services (the same messages, the same refusals), then what the cascade page shows
and what the services computed."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from komplan.audit.models import AuditEvent
from komplan.cascade import services as cascade_services
from komplan.cascade.models import CascadeSettings, Dispatch, How, Material, Step
from komplan.meetings.models import AgendaItem, Decision, ItemKind
from komplan.plans.models import Activity, ActivityStatus, Message
from tests.api.helpers import bearer, make_token
from tests.cascade.factories import make_cascade, make_material, make_material_attachment
from tests.meetings.factories import PDF_BYTES

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


@pytest.fixture
def api(editor: Any, organization: Any) -> Any:
    return bearer(make_token(editor, organization))


def send(client: Any, method: str, url: str, body: Any = None, **headers: Any) -> Any:
    return getattr(client, method)(
        url, data=json.dumps(body or {}), content_type="application/json", **headers
    )


def test_a_step_is_added_changed_and_removed_as_on_the_screen(
    api: Any, plan: Any, editor: Any, editor_client: Any, today: dt.date
) -> None:
    cascade = make_cascade(plan)
    hmu, circle, lmu = cascade["steps"]["hmu"], cascade["circle"], cascade["groups"][0]
    url = f"/api/v1/plans/{plan.pk}/cascade/steps"
    # The screen's form's checks and messages, with what it reaches named as the read does.
    wrong = send(api, "post", url, {"target_kind": "group", "target": lmu.pk, "how": "meeting"})
    assert wrong.status_code == 422
    assert wrong.json()["errors"] == {
        "how": ["Only a forum has meetings: choose a forum, or another way."]
    }
    elsewhere = send(api, "post", url, {"target_kind": "forum", "target": 999999, "how": "post"})
    assert list(elsewhere.json()["errors"]) == ["target"]
    created = send(
        api,
        "post",
        url,
        {
            "target_kind": "forum",
            "target": circle.pk,
            "after": hmu.pk,
            "how": "meeting",
            "delegated": True,
            "responsible": "HMU's formand",
        },
    )
    assert created.status_code == 201, created.content
    step = Step.objects.get(pk=created.json()["id"])
    assert (step.forum, step.after, step.delegated, step.updated_by) == (circle, hmu, True, editor)
    assert created.json()["target_name"] == "Ledelseskredsen"
    assert created["ETag"] == '"0"'
    page = editor_client.get(f"/plans/{plan.pk}/cascade/").content.decode()
    assert f'id="step-{step.pk}"' in page
    read = api.get(f"{url}/{step.pk}").json()
    assert (read["after"], read["how"], read["lock_version"]) == (hmu.pk, "meeting", 0)
    # A change names the version it read: none is 428, an older one 412.
    entry = f"{url}/{step.pk}"
    assert send(api, "patch", entry, {"lead_days": 3}).status_code == 428
    assert send(api, "patch", entry, {"lead_days": 3}, HTTP_IF_MATCH='"5"').status_code == 412
    changed = send(
        api,
        "patch",
        entry,
        {"target_kind": "group", "target": lmu.pk, "how": "written"},
        HTTP_IF_MATCH=created["ETag"],
    )
    assert changed.status_code == 200, changed.content
    step.refresh_from_db()
    assert (step.group, step.forum, step.how, step.delegated) == (lmu, None, How.WRITTEN, True)
    # Not after itself or a step below it: the screen's choices.
    below = send(api, "patch", f"{url}/{hmu.pk}", {"after": step.pk}, HTTP_IF_MATCH="*")
    assert list(below.json()["errors"]) == ["after"]
    # Removing a step takes the steps after it, as on the screen.
    assert send(api, "delete", f"{url}/{hmu.pk}").status_code == 204
    assert not Step.objects.filter(pk__in=[hmu.pk, step.pk]).exists()
    assert api.get(entry).status_code == 404


def test_material_is_written_approved_released_and_tracked(
    api: Any, plan: Any, editor: Any, editor_client: Any, today: dt.date
) -> None:
    cascade = make_cascade(plan, meetings_from=today + dt.timedelta(days=5))
    message = Message.objects.create(plan=plan, text="Samrådet pågår")
    base = f"/api/v1/plans/{plan.pk}/cascade"
    created = send(
        api, "post", f"{base}/materials", {"title": "Lägesrapport", "messages": [message.pk]}
    )
    assert created.status_code == 201, created.content
    assert (created.json()["status"], created.json()["messages"]) == ("waiting", [message.pk])
    material = f"{base}/materials/{created.json()['id']}"
    # Released before it is approved: refused with the screen's reason, nothing released.
    refused = send(api, "post", f"{material}/release")
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "The material is not approved yet: the approving body must approve it first."
    )
    assert not Dispatch.objects.exists()
    # Approved by a decision in the approving body's meeting, the screen's way.
    assert send(api, "post", f"{material}/approve", {"kind": "decision"}).json()["errors"] == {
        "meeting": ["Choose the meeting whose decision approves it."]
    }
    stale = send(
        api,
        "post",
        f"{material}/approve",
        {"kind": "chair", "name": "Mette Lund"},
        HTTP_IF_MATCH='"7"',
    )
    assert stale.status_code == 412
    meeting = cascade["steering_meeting"]
    approved = send(
        api,
        "post",
        f"{material}/approve",
        {"kind": "decision", "meeting": meeting.pk},
        HTTP_IF_MATCH=created["ETag"],
    )
    assert approved.status_code == 200, approved.content
    decision = Decision.objects.get(meeting=meeting)
    assert "Lägesrapport" in decision.text
    assert (approved.json()["status"], approved.json()["decision"]) == ("approved", decision.pk)
    assert approved.json()["approved_by_name"] == "Styregruppen"
    again = send(api, "post", f"{material}/approve", {"kind": "chair", "name": "Mette Lund"})
    assert (again.status_code, again.json()["detail"]) == (
        409,
        "This material is already approved.",
    )
    changed = send(
        api, "patch", f"{material}", {"title": "Lägesrapport oktober"}, HTTP_IF_MATCH="*"
    )
    assert changed.status_code == 200
    # Released on the day sent: every step dated from it, the meetings' agendas, an activity.
    released = send(api, "post", f"{material}/release", {"day": today.isoformat()})
    assert released.status_code == 200, released.content
    assert (released.json()["status"], released.json()["released_on"]) == (
        "released",
        today.isoformat(),
    )
    stored = Material.objects.get(pk=created.json()["id"])
    assert stored.dispatches.count() == 6
    circle = cascade["steps"]["circle"]
    assert stored.dispatches.get(step=circle).day == today + dt.timedelta(days=5)
    assert AgendaItem.objects.filter(
        meeting=cascade["meetings"][0], kind=ItemKind.INFORMATION
    ).exists()
    activity = Activity.objects.get(pk=released.json()["activity"])
    assert list(activity.messages.all()) == [message]
    # The audit trail names the token's owner for the activity the release wrote.
    event = AuditEvent.objects.filter(register="activities", object_id=activity.pk).get()
    assert event.user == editor
    again = send(api, "post", f"{material}/release")
    assert again.json()["detail"] == "This material has already been released."
    assert send(api, "patch", material, {"title": "Ny"}, HTTP_IF_MATCH="*").status_code == 409
    # Marking a step sent: the cascade as the page computes it comes back.
    hmu, facebook = cascade["steps"]["hmu"], cascade["steps"]["facebook"]
    marked = send(api, "post", f"{material}/steps/{hmu.pk}/mark", {"state": "sent"})
    assert marked.status_code == 200, marked.content
    states = {s["id"]: s["state"] for s in marked.json()["steps"]}
    assert states[hmu.pk] == "sent"
    assert (
        send(api, "post", f"{material}/steps/{hmu.pk}/mark", {"state": "lost"}).status_code == 422
    )
    skipped = send(api, "post", f"{material}/steps/{facebook.pk}/mark", {"state": "sent"})
    assert skipped.status_code == 409
    # Sending a planned step now: dated today, recorded with who and why.
    why = "Rådet kan inte vänta till mötet."
    sent_now = send(api, "post", f"{material}/steps/{circle.pk}/override", {"why": why})
    assert sent_now.status_code == 200, sent_now.content
    days = {s["id"]: s["day"] for s in sent_now.json()["steps"]}
    assert days[circle.pk] == today.isoformat()
    dispatch = stored.dispatches.get(step=circle)
    assert (dispatch.override_reason, dispatch.override_by) == (
        why,
        editor.get_full_name() or editor.username,
    )
    page = editor_client.get(f"/plans/{plan.pk}/cascade/?material={stored.pk}").content.decode()
    assert why in page
    blank = send(api, "post", f"{material}/steps/{circle.pk}/override", {"why": "  "})
    assert list(blank.json()["errors"]) == ["why"]
    not_planned = send(api, "post", f"{material}/steps/{hmu.pk}/override", {"why": why})
    assert not_planned.status_code == 409
    assert not_planned.json()["detail"] == (
        "Only a planned step is sent now, out of its turn; this one is sent."
    )
    # Every step it reaches sent or confirmed: its activity is done, as on the screen.
    for dispatch in stored.dispatches.exclude(reason="skipped").filter(state="planned"):
        send(api, "post", f"{material}/steps/{dispatch.step_id}/mark", {"state": "confirmed"})
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE
    done = AuditEvent.objects.filter(register="activities", object_id=activity.pk).latest("pk")
    assert (done.action, done.user) == ("update", editor)
    assert send(api, "delete", material).status_code == 204
    assert not Material.objects.filter(pk=stored.pk).exists()


def test_a_step_of_unreleased_material_is_not_found(api: Any, plan: Any, today: dt.date) -> None:
    cascade = make_cascade(plan)
    material = make_material(plan)
    url = f"/api/v1/plans/{plan.pk}/cascade/materials/{material.pk}/steps/"
    step = cascade["steps"]["hmu"].pk
    assert send(api, "post", f"{url}{step}/mark", {"state": "sent"}).status_code == 404


def test_the_approval_settings_switch_the_gate_off(api: Any, plan: Any, today: dt.date) -> None:
    cascade = make_cascade(plan)
    url = f"/api/v1/plans/{plan.pk}/cascade/settings"
    read = api.get(url)
    assert read.json()["approving_forum"] == cascade["steering"].pk
    assert read.json()["approval_required"] is True
    elsewhere = send(api, "patch", url, {"approving_forum": 999999}, HTTP_IF_MATCH=read["ETag"])
    assert list(elsewhere.json()["errors"]) == ["approving_forum"]
    off = send(api, "patch", url, {"approval_required": False}, HTTP_IF_MATCH=read["ETag"])
    assert off.status_code == 200, off.content
    assert off.json()["approving_forum"] == cascade["steering"].pk
    assert (
        send(api, "patch", url, {"approval_required": True}, HTTP_IF_MATCH=read["ETag"]).status_code
        == 412
    )
    material = make_material(plan)
    released = send(api, "post", f"/api/v1/plans/{plan.pk}/cascade/materials/{material.pk}/release")
    assert released.status_code == 200
    assert released.json()["status"] == "released" and released.json()["approved_at"] is None


def test_a_plan_without_settings_has_the_defaults_until_saved(
    api: Any, plan: Any, today: dt.date
) -> None:
    url = f"/api/v1/plans/{plan.pk}/cascade/settings"
    read = api.get(url)
    assert read.json() == {
        "approving_forum": None,
        "approval_required": True,
        "lock_version": 0,
        "updated_at": None,
    }
    saved = send(api, "patch", url, {"approval_required": False}, HTTP_IF_MATCH=read["ETag"])
    assert saved.status_code == 200, saved.content
    assert CascadeSettings.objects.get(plan=plan).approval_required is False


def test_a_refusal_is_in_the_callers_language(
    plan: Any, editor: Any, organization: Any, today: dt.date
) -> None:
    make_cascade(plan)
    material = make_material(plan)
    swedish = Client(
        HTTP_AUTHORIZATION=f"Bearer {make_token(editor, organization)}", HTTP_ACCEPT_LANGUAGE="sv"
    )
    url = f"/api/v1/plans/{plan.pk}/cascade/materials/{material.pk}/release"
    refused = send(swedish, "post", url)
    assert refused.status_code == 409
    assert "inte godkänt ännu" in refused.json()["detail"]  # the screen's words


@pytest.mark.parametrize("more_steps", [0, 20])
def test_marking_a_step_takes_the_same_queries_whatever_the_cascades_size(
    api: Any, plan: Any, admin_user: Any, today: dt.date, more_steps: int
) -> None:
    """The answer is the whole cascade, read as its page reads it: not a query per step."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cascade = make_cascade(plan)
    for n in range(more_steps):
        Step.objects.create(
            plan=plan,
            group=cascade["groups"][1],
            how=How.WRITTEN,
            after=cascade["steps"]["hmu"],
            delegated=True,
            lead_days=n,
        )
    material = make_material(plan)
    cascade_services.material_approve(material, user=admin_user, kind="chair", name="Mette Lund")
    cascade_services.material_release(material, user=admin_user, today=today)
    hmu = cascade["steps"]["hmu"].pk
    url = f"/api/v1/plans/{plan.pk}/cascade/materials/{material.pk}/steps/{hmu}/mark"
    with CaptureQueriesContext(connection) as queries:
        marked = send(api, "post", url, {"state": "sent"})
    assert marked.status_code == 200
    assert len(marked.json()["steps"]) == 6 + more_steps
    assert len(queries) == MARK_QUERIES, [q["sql"] for q in queries]


MARK_QUERIES = 19  # the token, the gate, the dispatch, its marking and activity, the cascade


def test_a_file_is_attached_read_and_removed_as_on_the_material_page(
    api: Any, plan: Any, editor: Any, editor_client: Any, today: dt.date
) -> None:
    material = make_material(plan)
    url = f"/api/v1/plans/{plan.pk}/cascade/materials/{material.pk}/attachments"
    # The screen's checks and messages: the content must match the name.
    fake = api.post(url, {"file": SimpleUploadedFile("status.pdf", b"<script>alert(1)</script>")})
    assert fake.status_code == 422
    assert fake.json()["errors"] == {
        "file": [
            "Only PDF, Word (.docx), Excel (.xlsx), PNG and JPEG files are accepted, and the "
            "file's content must match its name."
        ]
    }
    assert api.post(url).json()["errors"] == {"file": ["This field is required."]}
    created = api.post(url, {"file": SimpleUploadedFile("Lägesrapport.pdf", PDF_BYTES)})
    assert created.status_code == 201, created.content
    assert (created.json()["name"], created.json()["kind"]) == ("Lägesrapport.pdf", "pdf")
    attachment = material.attachments.get()
    assert attachment.uploaded_by == editor
    page = editor_client.get(f"/plans/{plan.pk}/cascade/materials/{material.pk}/")
    assert "Lägesrapport.pdf" in page.content.decode()
    listed = api.get(url).json()
    assert [a["id"] for a in listed["items"]] == [attachment.pk]
    one = f"{url}/{attachment.pk}"
    assert api.get(one).json()["size"] == len(PDF_BYTES)
    download = api.get(f"{one}/file")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert send(api, "delete", one, HTTP_IF_MATCH='"3"').status_code == 412
    assert send(api, "delete", one, HTTP_IF_MATCH=created["ETag"]).status_code == 204
    assert not material.attachments.exists()


@pytest.mark.parametrize("size", [1, 12])
def test_the_list_of_attachments_takes_the_same_queries_whatever_its_length(
    api: Any, plan: Any, size: int, django_assert_num_queries: Any
) -> None:
    material = make_material(plan)
    for n in range(size):
        make_material_attachment(material, name=f"Bilaga {n}.pdf")
    url = f"/api/v1/plans/{plan.pk}/cascade/materials/{material.pk}/attachments"
    with django_assert_num_queries(ATTACHMENT_LIST_QUERIES):
        listed = api.get(url)
    assert listed.json()["count"] == size


ATTACHMENT_LIST_QUERIES = 8  # the token, the gate, the material, the count and the page
