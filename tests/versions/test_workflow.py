"""The plan's approval workflow, its revision table and its frozen versions, through the
screens an editor, an approver and a viewer use."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from komplan.accounts.models import Membership
from komplan.plans.models import Plan, TargetGroup
from komplan.versions import services
from komplan.versions.models import Revision, RevisionKind, Snapshot
from tests.conftest import login
from tests.plans.test_locking import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


@pytest.fixture
def approver(admin_user: Any) -> Any:
    Membership.objects.filter(user=admin_user).update(can_approve=True)
    return admin_user


def url(plan: Plan, step: str = "") -> str:
    return f"/plans/{plan.pk}/versions/" + (f"{step}/" if step else "")


def status(plan: Plan) -> tuple[str, str]:
    plan.refresh_from_db()
    return plan.status, plan.version


def rename_group(client: Client, plan: Plan, group: TargetGroup, name: str) -> None:
    edit = f"/plans/{plan.pk}/groups/{group.pk}/edit/"
    data = form_data(client.get(edit))
    data["name"] = name
    assert client.post(edit, data).status_code == 302


def test_draft_submit_approve_publish_and_the_next_draft(
    plan: Plan, entries: dict[str, Any], editor: Any, approver: Any
) -> None:
    editor_client, approver_client = login(editor), login(approver)
    assert status(plan) == ("draft", "0.1")

    assert (
        editor_client.post(url(plan, "submit"), {"comment": "Till styrgruppen"}).status_code == 302
    )
    assert status(plan) == ("submitted", "0.1")
    response = approver_client.post(url(plan, "approve"), {"on_behalf_of": "Styrgruppen"})
    assert response.status_code == 302
    assert status(plan) == ("approved", "1.0")
    assert editor_client.post(url(plan, "publish"), {}).status_code == 302
    assert status(plan) == ("published", "1.0")

    rename_group(editor_client, plan, entries["groups"], "Handläggare och assistenter")
    assert status(plan) == ("draft", "1.1")
    rename_group(editor_client, plan, entries["groups"], "Handläggare och chefer")
    assert status(plan) == ("draft", "1.1")  # one new draft, not one per change

    editor_client.post(url(plan, "submit"), {})
    approver_client.post(url(plan, "approve"), {})
    assert status(plan) == ("approved", "2.0")

    kinds = list(plan.revisions.values_list("kind", "version"))
    assert kinds == [
        ("submitted", "0.1"),
        ("approved", "1.0"),
        ("published", "1.0"),
        ("new_draft", "1.1"),
        ("submitted", "1.1"),
        ("approved", "2.0"),
    ]
    approval = plan.revisions.get(version="1.0", kind="approved")
    assert approval.changed_by == "alice" or approval.user == approver
    assert "Styrgruppen" in approval.comment  # "Godkänd på uppdrag av Styrgruppen." in sv
    assert [(s.version, s.status) for s in plan.snapshots.all()] == [
        ("0.1", "submitted"),
        ("1.0", "approved"),
        ("1.0", "published"),
        ("1.1", "submitted"),
        ("2.0", "approved"),
    ]


def test_each_step_records_who_when_and_the_comment(
    plan: Plan, editor: Any, approver: Any, today: dt.date
) -> None:
    editor.first_name, editor.last_name = "Bertil", "Berg"
    editor.save()
    login(editor).post(url(plan, "submit"), {"comment": "Skickad till styrgrupp"})
    revision = plan.revisions.get()
    assert revision.kind == RevisionKind.SUBMITTED and revision.user == editor
    assert revision.date == today
    assert revision.changed_by == "Bertil Berg"
    assert revision.comment.endswith("Skickad till styrgrupp")
    assert revision.snapshot is not None and revision.snapshot.created_by == editor


def test_a_viewer_cannot_submit_or_approve(plan: Plan, viewer_client: Client, viewer: Any) -> None:
    for step in ("submit", "approve", "return", "withdraw", "publish"):
        assert viewer_client.get(url(plan, step)).status_code == 403, step
        assert viewer_client.post(url(plan, step), {}).status_code == 403, step
    assert status(plan) == ("draft", "0.1")
    page = viewer_client.get(url(plan)).content.decode()
    assert url(plan, "submit") not in page


def test_an_editor_without_the_approver_role_cannot_approve(
    plan: Plan, editor_client: Client, admin_user: Any
) -> None:
    editor_client.post(url(plan, "submit"), {})
    assert editor_client.post(url(plan, "approve"), {}).status_code == 403
    assert editor_client.post(url(plan, "return"), {}).status_code == 403
    # An administrator is no approver either until marked as one.
    assert login(admin_user).post(url(plan, "approve"), {}).status_code == 403
    assert status(plan) == ("submitted", "0.1")
    page = editor_client.get(url(plan)).content.decode()
    assert "Only members who are approvers can approve" in page or url(plan, "approve") not in page


def test_an_approver_can_be_a_viewer_who_approves_for_a_body(
    plan: Plan, editor_client: Client, viewer: Any
) -> None:
    Membership.objects.filter(user=viewer).update(can_approve=True)
    editor_client.post(url(plan, "submit"), {})
    chair = login(viewer)
    assert chair.post(url(plan, "approve"), {"on_behalf_of": "E-rådet"}).status_code == 302
    assert status(plan) == ("approved", "1.0")
    assert plan.revisions.get(kind="approved").on_behalf_of == "E-rådet"
    assert chair.post(url(plan, "publish"), {}).status_code == 403  # still a viewer


def test_an_approver_returns_the_plan_and_an_editor_withdraws_it(
    plan: Plan, editor_client: Client, approver: Any
) -> None:
    editor_client.post(url(plan, "submit"), {})
    login(approver).post(url(plan, "return"), {"comment": "Målen behöver siffror"})
    assert status(plan) == ("draft", "0.2")
    editor_client.post(url(plan, "submit"), {})
    editor_client.post(url(plan, "withdraw"), {})
    assert status(plan) == ("draft", "0.3")
    returned = plan.revisions.get(kind="returned")
    assert "Målen behöver siffror" in returned.comment


def test_a_step_that_no_longer_applies_changes_nothing(
    plan: Plan, editor_client: Client, approver: Any
) -> None:
    response = login(approver).post(
        url(plan, "approve"), {}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert status(plan) == ("draft", "0.1")
    assert "someone else took a step first. Nothing changed." in response.content.decode()
    assert not plan.revisions.exists()


def test_changing_a_submitted_plan_withdraws_the_submission(
    plan: Plan, entries: dict[str, Any], editor_client: Client, approver: Any
) -> None:
    editor_client.post(url(plan, "submit"), {})
    rename_group(editor_client, plan, entries["groups"], "Alla handläggare")
    assert status(plan) == ("draft", "0.2")
    assert plan.revisions.last().kind == RevisionKind.WITHDRAWN
    assert login(approver).post(url(plan, "approve"), {}).status_code == 302
    assert status(plan) == ("draft", "0.2")  # there was nothing left to approve


def test_a_snapshot_is_unchanged_by_later_edits(
    plan: Plan, entries: dict[str, Any], editor_client: Client
) -> None:
    editor_client.post(url(plan, "submit"), {})
    snapshot = plan.snapshots.get()
    frozen = Snapshot.objects.get(pk=snapshot.pk).data
    rename_group(editor_client, plan, entries["groups"], "Nytt namn")
    entries["activities"].delete()

    again = Snapshot.objects.get(pk=snapshot.pk)
    assert again.data == frozen
    assert "Handläggare" in [g["name"] for g in again.data["groups"]]
    assert "Nytt namn" not in str(again.data)
    page = editor_client.get(url(plan) + f"{snapshot.pk}/").content.decode()
    assert "Handläggare" in page and "Nytt namn" not in page
    with pytest.raises(ValueError):
        again.save()


def test_a_frozen_version_exports_as_it_was(
    plan: Plan, entries: dict[str, Any], editor_client: Client
) -> None:
    import json

    editor_client.post(url(plan, "submit"), {})
    snapshot = plan.snapshots.get()
    rename_group(editor_client, plan, entries["groups"], "Nytt namn")
    exported = editor_client.get(url(plan) + f"{snapshot.pk}/export/json/")
    assert exported.status_code == 200
    data = json.loads(
        b"".join(exported.streaming_content) if exported.streaming else exported.content
    )
    assert data["plan"]["version"] == "0.1" and data["plan"]["status"] == "submitted"
    assert "Handläggare" in [g["name"] for g in data["groups"]]
    for fmt in ("docx", "pdf", "xlsx"):
        assert editor_client.get(url(plan) + f"{snapshot.pk}/export/{fmt}/").status_code == 200


def test_compare_shows_the_edit_since_the_approved_version(
    plan: Plan, entries: dict[str, Any], editor_client: Client, approver: Any
) -> None:
    editor_client.post(url(plan, "submit"), {})
    login(approver).post(url(plan, "approve"), {})
    rename_group(editor_client, plan, entries["groups"], "Handläggare och chefer")
    page = editor_client.get(url(plan, "compare"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Handläggare och chefer" in page and "Handläggare" in page
    approved = plan.snapshots.get(status="approved")
    assert f'value="{approved.pk}" selected' in page
    unknown = editor_client.get(url(plan, "compare"), {"old": "999999"})
    assert unknown.status_code == 404


def test_revoking_the_public_address_makes_it_404(
    plan: Plan, entries: dict[str, Any], editor_client: Client, approver: Any
) -> None:
    editor_client.post(url(plan, "submit"), {})
    login(approver).post(url(plan, "approve"), {})
    editor_client.post(url(plan, "publish"), {})
    publication = services.live_publication(plan)
    assert publication is not None
    public = f"/p/{publication.token}/"
    assert Client().get(public).status_code == 200
    assert editor_client.post(url(plan, "public/revoke"), {}).status_code == 302
    assert Client().get(public).status_code == 404
    assert Client().get(public + "pdf/").status_code == 404
    editor_client.post(url(plan, "public/new"), {})
    fresh = services.live_publication(plan)
    assert fresh is not None and fresh.token != publication.token
    assert Client().get(f"/p/{fresh.token}/").status_code == 200
    assert Client().get(public).status_code == 404


def test_free_revision_entries_are_editable_and_automatic_ones_are_not(
    plan: Plan, editor_client: Client
) -> None:
    response = editor_client.post(
        url(plan, "revisions/new"),
        {
            "version": "0.1",
            "date": "2026-05-27",
            "comment": "Utkast framtaget",
            "changed_by": "Sara",
        },
    )
    assert response.status_code == 302
    entry = plan.revisions.get()
    assert (entry.kind, entry.comment, str(entry.date)) == (
        "manual",
        "Utkast framtaget",
        "2026-05-27",
    )
    edit = url(plan, f"revisions/{entry.pk}/edit")
    assert (
        editor_client.post(
            edit,
            {
                "version": "0.1",
                "date": "2026-05-28",
                "comment": "Utkast klart",
                "changed_by": "Sara",
            },
        ).status_code
        == 302
    )
    entry.refresh_from_db()
    assert entry.comment == "Utkast klart"

    editor_client.post(url(plan, "submit"), {})
    automatic = plan.revisions.get(kind="submitted")
    assert editor_client.get(url(plan, f"revisions/{automatic.pk}/edit")).status_code == 404
    assert editor_client.post(url(plan, f"revisions/{automatic.pk}/delete")).status_code == 404
    assert editor_client.post(url(plan, f"revisions/{entry.pk}/delete")).status_code == 302
    assert list(plan.revisions.values_list("kind", flat=True)) == ["submitted"]


def test_a_revision_entry_needs_a_comment_and_a_valid_date(
    plan: Plan, editor_client: Client
) -> None:
    response = editor_client.post(
        url(plan, "revisions/new"),
        {"version": "0.1", "date": "27 maj", "comment": "", "changed_by": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"date", "comment"}
    assert not Revision.objects.exists()


def test_the_revision_table_reaches_the_documents(
    plan: Plan, editor_client: Client, approver: Any
) -> None:
    from komplan.plans.planjson import plan_to_json

    Revision.objects.create(plan=plan, version="0.1", comment="Utkast framtaget", changed_by="Sara")
    editor_client.post(url(plan, "submit"), {})
    login(approver).post(url(plan, "approve"), {"on_behalf_of": "Styrgruppen"})
    rows = plan_to_json(plan)["revisions"]
    assert [(r["version"], r["status"]) for r in rows] == [
        ("0.1", "draft"),
        ("0.1", "submitted"),
        ("1.0", "approved"),
    ]
    assert rows[0]["comment"] == "Utkast framtaget" and rows[0]["changed_by"] == "Sara"
    # The approved snapshot carries the revision table up to its approval.
    approved = plan.snapshots.get(status="approved")
    assert [r["version"] for r in approved.data["revisions"]] == ["0.1", "0.1", "1.0"]


def test_the_versions_page_lists_revisions_snapshots_and_the_state(
    plan: Plan, editor_client: Client, viewer_client: Client
) -> None:
    editor_client.post(url(plan, "submit"), {"comment": "Till styrgruppen"})
    page = viewer_client.get(url(plan), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Till styrgruppen" in page
    snapshot = plan.snapshots.get()
    assert f"/versions/{snapshot.pk}/export/docx/" in page
    assert "awaits approval" in page


@pytest.mark.parametrize(
    ("version", "minor", "major"),
    [
        ("0.1", "0.2", "1.0"),
        ("0.9", "0.10", "1.0"),
        ("1.0", "1.1", "2.0"),
        ("2.3", "2.4", "3.0"),
        ("3", "3.1", "4.0"),
        ("utkast", "0.1", "1.0"),
    ],
)
def test_version_numbers(version: str, minor: str, major: str) -> None:
    assert services.next_minor(version) == minor
    assert services.next_major(version) == major


def test_a_meeting_decision_approving_the_plan_is_in_its_revision_table(
    plan: Plan, viewer_client: Client
) -> None:
    from komplan.meetings.models import Decision
    from tests.meetings.factories import make_forum, make_meeting

    meeting = make_meeting(make_forum(plan.organization), plans=(plan,))
    Decision.objects.create(
        meeting=meeting,
        text="E-rådet godkänner kommunikationsplanen med ändringen i mål 1.",
        plan=plan,
        plan_version="0.1",
    )
    Decision.objects.create(meeting=meeting, text="Nästa möte i maj.")  # approves nothing
    rows = services.revision_rows(plan)
    assert [(row.version, row.status) for row in rows] == [("0.1", "approved")]
    assert "godkänner kommunikationsplanen" in rows[0].comment
    assert rows[0].changed_by == meeting.forum.name
    page = viewer_client.get(url(plan)).content.decode()
    assert "godkänner kommunikationsplanen med ändringen" in page
    assert f"/meetings/{meeting.pk}/minutes/" in page


def test_editing_the_facts_of_a_published_plan_starts_a_draft_that_stays(
    plan: Plan, editor_client: Client, approver: Any
) -> None:
    editor_client.post(url(plan, "submit"), {})
    login(approver).post(url(plan, "approve"), {})
    editor_client.post(url(plan, "publish"), {})
    stale = Plan.objects.get(pk=plan.pk)  # read while the plan was published
    edit = f"/plans/{plan.pk}/edit/"
    data = form_data(editor_client.get(edit))
    data["purpose"] = "Ett nytt syfte."
    data["start_date"] = "2026-02-01"  # re-reads every activity's period on save
    assert editor_client.post(edit, data).status_code == 302
    assert status(plan) == ("draft", "1.1")
    stale.purpose = "Sparat igen av ett objekt läst före bytet"
    stale.save()  # must not put back "published 1.0"
    assert status(plan) == ("draft", "1.1")
    assert plan.revisions.filter(kind="new_draft").count() == 1


def _approved_and_published(plan: Plan, editor_client: Client, approver: Any) -> None:
    editor_client.post(url(plan, "submit"), {})
    login(approver).post(url(plan, "approve"), {})
    editor_client.post(url(plan, "publish"), {})


def test_the_versions_page_does_not_read_the_frozen_plans(
    plan: Plan, entries: dict[str, Any], editor_client: Client, approver: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _approved_and_published(plan, editor_client, approver)
    for page in (url(plan), f"/plans/{plan.pk}/"):
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(page).status_code == 200
        reads = [q["sql"] for q in captured.captured_queries if "versions_snapshot" in q["sql"]]
        assert not any('"versions_snapshot"."data"' in sql for sql in reads), page


def test_what_is_published_is_what_was_approved(
    plan: Plan, entries: dict[str, Any], editor_client: Client, approver: Any
) -> None:
    _approved_and_published(plan, editor_client, approver)
    approved = plan.snapshots.get(status="approved").data
    published = plan.snapshots.get(status="published").data
    for register in ("tiers", "groups", "messages", "channels", "goals", "activities"):
        assert published[register] == approved[register], register
    assert published["plan"] == {**approved["plan"], "status": "published"}
    assert [r["status"] for r in published["revisions"]][-1] == "published"


def test_a_plan_has_one_live_public_address(
    plan: Plan, entries: dict[str, Any], editor_client: Client, approver: Any
) -> None:
    from django.db import IntegrityError, transaction

    from komplan.versions.models import Publication

    _approved_and_published(plan, editor_client, approver)
    first = services.live_publication(plan, create=True)
    assert services.live_publication(plan, create=True) == first
    with pytest.raises(IntegrityError), transaction.atomic():
        Publication.objects.create(plan=plan)
    assert first is not None
    services.revoke_publication(first)
    assert not plan.publications.filter(revoked_at=None).exists()


def test_a_decision_counts_in_the_documents_once_its_minutes_are_justered(
    plan: Plan, viewer_client: Client
) -> None:
    from komplan.plans.planjson import plan_to_json
    from tests.meetings.factories import (
        fill_meeting,
        justera,
        make_adjuster,
        make_forum,
        make_meeting,
    )

    meeting = make_meeting(make_forum(plan.organization), plans=(plan,))
    decision = fill_meeting(meeting, plan=plan)["decision"]  # approves plan 0.1
    page = viewer_client.get(url(plan), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert decision.text in page and "minutes not yet approved" in page
    assert decision.text not in str(plan_to_json(plan)["revisions"])
    overview = viewer_client.get(f"/plans/{plan.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "minutes not yet approved" in overview.content.decode()  # the same table there

    justera(meeting, make_adjuster(meeting))
    assert decision.text in str(plan_to_json(plan)["revisions"])
    page = viewer_client.get(url(plan), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "minutes not yet approved" not in page


def test_a_version_is_labelled_with_its_local_date() -> None:
    from komplan.versions.views import version_label

    late = Snapshot(version="1.0", status="approved")
    late.created_at = dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC)  # 00:30 in Stockholm
    with translation.override("en"):
        assert "23 Nov 2026" in version_label(late)  # the interface's date style
