"""Writing the minutes: notes per item, decisions (one approving the plan), action items that
become plan activities, and attachments."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from komplan.meetings import uploads
from komplan.meetings.models import ActionItem, ActionStatus, Attachment, Decision
from komplan.meetings.services import approvals_for_plan
from komplan.plans.models import Activity
from komplan.versions import services
from tests.factories import make_plan
from tests.meetings.factories import PDF_BYTES, make_forum, make_meeting

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_the_note_taker_writes_notes_per_item(
    editor_client: Any, meeting: Any, filled: dict[str, Any]
) -> None:
    item = filled["items"][1]
    url = f"/meetings/{meeting.pk}/minutes/{item.pk}/notes/edit/"
    text = "Vi diskuterar målen.\n\nVi enas om att 80 % av kärnintressenterna ska uppleva nytta."
    response = editor_client.post(url, {"notes": text, "lock_version": item.lock_version})
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{meeting.pk}/minutes/#item-{item.pk}"
    item.refresh_from_db()
    assert item.notes == text
    page = editor_client.get(f"/meetings/{meeting.pk}/minutes/").content.decode()
    assert "80 % av kärnintressenterna" in page


def test_notes_are_not_written_on_a_break(
    editor_client: Any, meeting: Any, filled: dict[str, Any]
) -> None:
    coffee = meeting.items.get(kind="break")
    assert (
        editor_client.get(f"/meetings/{meeting.pk}/minutes/{coffee.pk}/notes/edit/").status_code
        == 404
    )


def test_a_decision_approves_a_version_of_the_plan(
    editor_client: Any, meeting: Any, filled: dict[str, Any], plan: Any
) -> None:
    item = filled["items"][2]
    response = editor_client.post(
        f"/meetings/{meeting.pk}/decisions/new/",
        {"item": item.pk, "text": "Styrgruppen godkänner planen.", "plan": plan.pk},
    )
    assert response.status_code == 302
    decision = Decision.objects.get(text="Styrgruppen godkänner planen.")
    assert (decision.plan, decision.plan_version, decision.item) == (plan, plan.version, item)
    assert decision in approvals_for_plan(plan)
    page = editor_client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert f'id="approval-{decision.pk}"' in page
    assert f"Approves {plan.name}, version {plan.version}" in page


def test_approvals_for_plan_lists_only_that_plans_approvals_oldest_first(
    meeting: Any, filled: dict[str, Any], plan: Any, organization: Any, forum: Any
) -> None:
    later = make_meeting(forum, date=dt.date(2026, 9, 1), plans=(plan,))
    newer = Decision.objects.create(
        meeting=later, text="Version 2.0", plan=plan, plan_version="2.0"
    )
    other_plan = make_plan(organization, name="Annan plan")
    Decision.objects.create(meeting=later, text="Annan", plan=other_plan, plan_version="1.0")
    Decision.objects.create(meeting=later, text="Inget planbeslut")
    approvals = list(approvals_for_plan(plan))
    assert approvals == [filled["decision"], newer]
    assert approvals[0].meeting.forum.name == forum.name  # with what the history shows


def test_a_decision_can_only_name_a_plan_of_the_organisation(
    editor_client: Any, meeting: Any, outsider: Any
) -> None:
    foreign = make_plan(outsider.memberships.get().organization, name="Västbys plan")
    response = editor_client.post(
        f"/meetings/{meeting.pk}/decisions/new/", {"text": "Smygande", "plan": foreign.pk}
    )
    assert response.status_code == 200
    assert "plan" in response.context["form"].errors
    plan = meeting.plans.get()
    services.submit(plan, user=None)  # frozen as 0.1
    response = editor_client.post(
        f"/meetings/{meeting.pk}/decisions/new/",
        {"text": "Utan plan", "plan_version": f"{plan.pk}:0.1"},
    )
    assert "plan" in response.context["form"].errors


def test_a_decision_picks_the_version_from_the_plans_frozen_versions(
    editor_client: Any, meeting: Any, filled: dict[str, Any], plan: Any, organization: Any
) -> None:
    services.submit(plan, user=None)  # 0.1, submitted
    services.approve(plan, user=None)  # 1.0, approved
    other = make_plan(organization, name="Annan plan")
    services.submit(other, user=None)
    url = f"/meetings/{meeting.pk}/decisions/new/"
    field = editor_client.get(url).context["form"]["plan_version"]
    choices = dict(field.field.choices)
    assert choices[plan.name] == [
        (f"{plan.pk}:0.1", "0.1 (Submitted for approval)"),
        (f"{plan.pk}:1.0", "1.0 (Approved)"),
    ]
    assert choices["Annan plan"] == [(f"{other.pk}:0.1", "0.1 (Submitted for approval)")]
    html = str(field)
    assert f'<optgroup label="{plan.name}">' in html
    form = {"item": filled["items"][2].pk, "text": "Godkänd", "plan": plan.pk}
    editor_client.post(url, {**form, "plan_version": f"{plan.pk}:0.1"})
    assert Decision.objects.get(text="Godkänd").plan_version == "0.1"
    # A version that was never frozen, or another plan's, is refused.
    for wrong in (f"{plan.pk}:0.7", f"{other.pk}:0.1"):
        response = editor_client.post(url, {**form, "text": "Fel", "plan_version": wrong})
        assert "plan_version" in response.context["form"].errors
    assert not Decision.objects.filter(text="Fel").exists()


def test_editing_an_old_decision_keeps_its_version_choosable(
    editor_client: Any, meeting: Any, filled: dict[str, Any], plan: Any
) -> None:
    decision = filled["decision"]  # recorded as free text, before versions were picked
    url = f"/meetings/{meeting.pk}/decisions/{decision.pk}/edit/"
    form = editor_client.get(url).context["form"]
    assert form["plan_version"].value() == f"{plan.pk}:{decision.plan_version}"


def test_an_action_item_becomes_a_plan_activity_in_one_step(
    editor_client: Any, meeting: Any, filled: dict[str, Any], plan: Any
) -> None:
    action = filled["action"]
    url = f"/meetings/{meeting.pk}/actions/{action.pk}/activity/new/"
    form = editor_client.get(url).context["form"]
    assert form.fields["plan"].initial == plan.pk  # the meeting's only plan, chosen already
    response = editor_client.post(url, {"plan": plan.pk})
    assert response.status_code == 302
    activity = Activity.objects.get(plan=plan)
    assert activity.title == "Sammanställ synpunkterna på planen"
    assert activity.responsible == "Tove Andrén"
    assert activity.time_text == "senast 2026-04-15"  # the plan is in Swedish
    assert activity.ends_on == dt.date(2026, 4, 15)  # and komplan reads it
    assert f"/meetings/{meeting.pk}/minutes/#action-{action.pk}" in activity.description
    action.refresh_from_db()
    assert action.activity == activity
    page = editor_client.get(f"/meetings/{meeting.pk}/minutes/").content.decode()
    assert f'id="activity-of-{action.pk}"' in page
    # Once only.
    editor_client.post(url, {"plan": plan.pk})
    assert Activity.objects.filter(plan=plan).count() == 1


def test_the_activity_names_the_item_by_its_number_on_the_agenda(
    editor_client: Any, meeting: Any, filled: dict[str, Any], plan: Any
) -> None:
    after_the_break = filled["items"][2]  # the break before it has no number
    action = ActionItem.objects.create(meeting=meeting, item=after_the_break, text="Boka lokal")
    loose = ActionItem.objects.create(meeting=meeting, text="Skicka ut planen")
    for each in (action, loose):
        url = f"/meetings/{meeting.pk}/actions/{each.pk}/activity/new/"
        assert editor_client.post(url, {"plan": plan.pk}).status_code == 302
    assert ", punkt 3: " in Activity.objects.get(title="Boka lokal").description
    assert ", punkt –: " in Activity.objects.get(title="Skicka ut planen").description


def test_the_activity_goes_only_to_a_plan_of_the_meeting(
    editor_client: Any, meeting: Any, filled: dict[str, Any], organization: Any
) -> None:
    elsewhere = make_plan(organization, name="Plan utan möte")
    action = filled["action"]
    response = editor_client.post(
        f"/meetings/{meeting.pk}/actions/{action.pk}/activity/new/", {"plan": elsewhere.pk}
    )
    assert response.status_code == 200
    assert not Activity.objects.exists()


def test_a_meeting_without_a_plan_says_how_to_tie_one(
    editor_client: Any, forum: Any, plan: Any
) -> None:
    from tests.meetings.factories import fill_meeting

    bare = make_meeting(forum, date=dt.date(2026, 5, 1))
    action = fill_meeting(bare)["action"]
    page = editor_client.get(f"/meetings/{bare.pk}/actions/{action.pk}/activity/new/")
    assert page.status_code == 200
    assert "not tied to a communication plan" in page.content.decode()


def test_an_action_items_status_is_followed_up(
    editor_client: Any, meeting: Any, filled: dict[str, Any]
) -> None:
    action = filled["action"]
    response = editor_client.post(
        f"/meetings/{meeting.pk}/actions/{action.pk}/status/", {"status": "done"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


# --- attachments ----------------------------------------------------------------------------


def upload(client: Any, meeting: Any, name: str, content: bytes) -> Any:
    return client.post(
        f"/meetings/{meeting.pk}/attachments/new/",
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


def test_an_attachment_is_stored_under_a_random_name_and_served_to_members_only(
    editor_client: Any, viewer_client: Any, outsider_client: Any, meeting: Any, filled: Any
) -> None:
    response = upload(editor_client, meeting, "Presentation av möte.pdf", PDF_BYTES)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.name == "Presentation av möte.pdf" and attachment.kind == "pdf"
    assert (
        attachment.file.name.startswith("meetings/") and "Presentation" not in attachment.file.name
    )
    url = f"/meetings/{meeting.pk}/attachments/{attachment.pk}/"
    response = viewer_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert outsider_client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("skript.pdf", b"<script>alert(1)</script>"),  # the name lies
        ("program.exe", b"MZ\x90\x00"),
        ("bild.svg", b"<svg onload=alert(1)>"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused(
    editor_client: Any, meeting: Any, name: str, content: bytes
) -> None:
    response = upload(editor_client, meeting, name, content)
    assert response.status_code == 400
    assert "file" in response.context["form"].errors
    assert not Attachment.objects.exists()


def test_a_file_over_the_limit_is_refused(
    editor_client: Any, meeting: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "MAX_BYTES", 100)
    response = upload(editor_client, meeting, "stor.pdf", PDF_BYTES + b"0" * 100)
    assert response.status_code == 400
    assert "10 MB" in str(response.context["form"].errors["file"])


def test_deleting_an_attachment_or_its_meeting_removes_the_file(
    editor_client: Any, meeting: Any, filled: Any, django_capture_on_commit_callbacks: Any
) -> None:
    for name in ("bilaga.pdf", "bilaga-2.pdf"):
        upload(editor_client, meeting, name, PDF_BYTES)
    first, second = Attachment.objects.order_by("pk")
    storage = first.file.storage
    assert storage.exists(first.file.name) and storage.exists(second.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"/meetings/{meeting.pk}/attachments/{first.pk}/delete/")
    assert not storage.exists(first.file.name) and storage.exists(second.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"/meetings/{meeting.pk}/delete/")
    assert not Attachment.objects.exists()
    assert not storage.exists(second.file.name)


def test_the_docx_check_reads_the_package(editor_client: Any, meeting: Any) -> None:
    from docx import Document

    out = io.BytesIO()
    Document().save(out)
    assert upload(editor_client, meeting, "Underlag.docx", out.getvalue()).status_code == 302
    assert Attachment.objects.get().kind == "docx"


def test_an_attachment_of_another_meeting_is_not_served_through_this_one(
    editor_client: Any, meeting: Any, organization: Any
) -> None:
    from tests.meetings.factories import make_attachment

    other = make_meeting(make_forum(organization, "Nätverket"))
    attachment = make_attachment(other)
    url = f"/meetings/{meeting.pk}/attachments/{attachment.pk}/"
    assert editor_client.get(url).status_code == 404


# Outside a test transaction, as in production: a refused INSERT inside one would spoil it.
@pytest.mark.django_db(transaction=True)
def test_an_attachment_the_database_refuses_leaves_no_file(
    editor_client: Any, meeting: Any, filled: Any, settings: Any
) -> None:
    from pathlib import Path

    from tests.test_errors import database_refusing

    with database_refusing(lambda sql: sql.startswith('INSERT INTO "meetings_attachment"')):
        response = upload(editor_client, meeting, "Presentation.pdf", PDF_BYTES)
    assert response.status_code == 503
    assert not Attachment.objects.exists()
    assert [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()] == []
