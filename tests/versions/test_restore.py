"""Restoring a frozen version of a plan as its next draft: Norrviks kommun's approved plan
comes back after an afternoon of changes, through the one writer, with its history kept."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from komplan.accounts.models import Membership, Role, User
from komplan.audit.models import AuditEvent
from komplan.plans.models import Activity, Message, Plan, TargetGroup
from komplan.plans.planjson import plan_to_json
from komplan.versions import services
from komplan.versions.models import Revision, RevisionKind, Snapshot
from tests.plans.plancontent import content, enrich

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def erik(demo_plan: Plan) -> User:
    """The demo organisation's editor."""
    return User.objects.get(username="erik")


@pytest.fixture
def approved(demo_plan: Plan, erik: User) -> Snapshot:
    """The demo plan, richer still, submitted and approved as version 1.0."""
    enrich(demo_plan)
    anna = User.objects.get(username="anna")
    Membership.objects.filter(user=anna).update(can_approve=True)
    services.submit(demo_plan, user=erik)
    services.approve(demo_plan, user=anna)
    return demo_plan.snapshots.get(version="1.0", status="approved")


def an_afternoon_of_changes(plan: Plan) -> dict[str, Any]:
    """Facts and every register changed: renamed, relinked, deleted, added."""
    plan.refresh_from_db()
    plan.purpose = "Ett helt nytt syfte."
    plan.save()
    group = plan.groups.order_by("position").first()
    group.name = "Kommunfullmäktige"
    group.save()
    message = plan.messages.order_by("position").first()
    message.groups.add(plan.groups.order_by("position").last())
    deleted = plan.activities.order_by("position")[1]
    deleted_id = deleted.pk
    deleted.delete()
    Activity.objects.create(plan=plan, title="Pressmeddelande", time_text="Juni 2026")
    TargetGroup.objects.create(plan=plan, name="Pensionärsrådet")
    plan.activities.order_by("position").first().move(+1)
    return {"group": group, "deleted_id": deleted_id}


def test_restoring_gives_back_the_versions_content_as_the_next_draft(
    demo_plan: Plan, approved: Snapshot, erik: User
) -> None:
    changed = an_afternoon_of_changes(demo_plan)
    assert content(plan_to_json(demo_plan)) != content(approved.data)

    revision = services.restore(demo_plan, approved, user=erik, comment="Fel spår.")

    demo_plan.refresh_from_db()
    assert (demo_plan.status, demo_plan.version) == ("draft", "1.1")
    restored = plan_to_json(demo_plan)
    assert content(restored) == content(approved.data)
    # Entries the version holds are the same entries again: updated in place, not re-made.
    group = changed["group"]
    group.refresh_from_db()
    assert group.name == approved.data["groups"][0]["name"]
    kept = {e["id"] for e in restored["activities"]} & {
        e["id"] for e in approved.data["activities"]
    }
    assert len(kept) == len(approved.data["activities"]) - 1  # the deleted one came back anew
    assert (revision.kind, revision.version) == (RevisionKind.RESTORED, "1.1")
    assert revision.comment == "Återställd från version 1.0. Fel spår."  # the plan's language
    rows = [(r.kind, r.version) for r in Revision.objects.filter(plan=demo_plan).order_by("pk")]
    assert rows[-2:] == [(RevisionKind.NEW_DRAFT, "1.1"), (RevisionKind.RESTORED, "1.1")]


def test_the_history_shows_what_the_restore_did(
    demo_plan: Plan,
    approved: Snapshot,
    erik: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    changed = an_afternoon_of_changes(demo_plan)
    added = demo_plan.groups.get(name="Pensionärsrådet")
    start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    # The audit trail of model saves and deletes is written on commit.
    with django_capture_on_commit_callbacks(execute=True):
        services.restore(demo_plan, approved, user=erik)
    made = AuditEvent.objects.filter(pk__gt=start, plan=demo_plan)
    renamed = made.get(register="groups", object_id=changed["group"].pk)
    assert renamed.action == "update" and renamed.user == erik
    name = next(c for c in renamed.changes if c["field"] == "name")
    assert (name["old"], name["new"]) == ("Kommunfullmäktige", approved.data["groups"][0]["name"])
    assert made.get(register="groups", object_id=added.pk).action == "delete"
    back = made.get(register="activities", action="create")
    assert back.object_repr == approved.data["activities"][1]["title"]
    facts = made.get(register="plan")
    assert [c["field"] for c in facts.changes] == ["purpose"]


def test_a_meetings_action_item_lets_go_of_a_deleted_activity_and_the_page_says_so(
    demo_plan: Plan, approved: Snapshot, erik: User
) -> None:
    from tests.meetings.factories import make_forum, make_meeting

    late = Activity.objects.create(plan=demo_plan, title="Uppföljningsmöte")
    meeting = make_meeting(make_forum(demo_plan.organization), plans=(demo_plan,))
    action = meeting.actions.create(text="Boka lokal", activity=late)
    page = login(erik).get(reverse("versions:restore", args=[demo_plan.pk, approved.pk]))
    assert "1 action item from a meeting points to an activity that is deleted" in (
        page.content.decode()
    )
    services.restore(demo_plan, approved, user=erik)
    action.refresh_from_db()
    assert action.activity is None and action.text == "Boka lokal"


def test_the_confirmation_page_says_what_is_replaced_then_the_post_restores(
    demo_plan: Plan, approved: Snapshot, erik: User, django_assert_max_num_queries: Any
) -> None:
    an_afternoon_of_changes(demo_plan)
    client = login(erik)
    url = reverse("versions:restore", args=[demo_plan.pk, approved.pk])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Restore version 1.0?" in html
    assert "Kept as frozen version" not in html  # the plan is a draft since the changes
    assert "has no frozen version of its own" in html
    row = html[html.index('<th scope="row">Target groups</th>') :].split("</tr>")[0]
    groups = len(approved.data["groups"])
    assert row.count("<td>") == 4 and f"<td>{groups + 1}</td><td>{groups}</td><td>1</td>" in row

    response = client.post(url, {"comment": ""})
    assert (
        response.status_code == 302 and response["Location"] == f"/plans/{demo_plan.pk}/versions/"
    )
    demo_plan.refresh_from_db()
    assert content(plan_to_json(demo_plan)) == content(approved.data)
    assert (demo_plan.status, demo_plan.version) == ("draft", "1.1")


def test_the_confirmation_page_takes_the_same_queries_for_a_larger_plan(
    demo_plan: Plan, approved: Snapshot, erik: User, django_assert_num_queries: Any
) -> None:
    client = login(erik)
    url = reverse("versions:restore", args=[demo_plan.pk, approved.pk])
    client.get(url)  # sessions, caches
    # The plan's JSON reads one query a register: 15 with the spokespersons and risks.
    with django_assert_num_queries(15):
        client.get(url)
    for n in range(30):
        Activity.objects.create(plan=demo_plan, title=f"Extra {n}")
    with django_assert_num_queries(15):
        client.get(url)


def test_an_approved_plan_with_the_versions_content_still_becomes_the_next_draft(
    demo_plan: Plan, approved: Snapshot, erik: User
) -> None:
    services.restore(demo_plan, approved, user=erik)
    demo_plan.refresh_from_db()
    assert (demo_plan.status, demo_plan.version) == ("draft", "1.1")
    assert content(plan_to_json(demo_plan)) == content(approved.data)
    assert not AuditEvent.objects.filter(plan=demo_plan, action="delete").exists()


def test_the_confirmation_page_names_the_frozen_version_that_keeps_the_plan_as_it_is(
    demo_plan: Plan, approved: Snapshot, erik: User
) -> None:
    page = login(erik).get(reverse("versions:restore", args=[demo_plan.pk, approved.pk]))
    assert "Kept as frozen version 1.0 (Approved)" in page.content.decode()


def test_a_version_without_ids_is_restored_over_the_entries_of_the_same_name(
    demo_plan: Plan, approved: Snapshot, erik: User
) -> None:
    an_afternoon_of_changes(demo_plan)
    data = content(approved.data)  # no ids, as the public page's JSON and old versions
    data["plan"].update(approved.data["plan"])
    data["revisions"] = approved.data["revisions"]
    old = Snapshot.objects.create(plan=demo_plan, version="0.9", status="approved", data=data)
    before = set(Message.objects.filter(plan=demo_plan).values_list("pk", flat=True))
    services.restore(demo_plan, old, user=erik)
    demo_plan.refresh_from_db()
    assert content(plan_to_json(demo_plan)) == content(approved.data)
    assert set(Message.objects.filter(plan=demo_plan).values_list("pk", flat=True)) == before
    # The renamed group had no name in the version: a new one stands in its place.
    assert not TargetGroup.objects.filter(plan=demo_plan, name="Kommunfullmäktige").exists()


def test_a_version_that_cannot_be_read_is_not_restored_and_nothing_changes(
    demo_plan: Plan, approved: Snapshot, erik: User
) -> None:
    data = dict(approved.data)
    data["activities"] = [{**approved.data["activities"][0], "groups": ["group-99"]}]
    broken = Snapshot.objects.create(plan=demo_plan, version="0.8", status="approved", data=data)
    before = plan_to_json(demo_plan)
    client = login(erik)
    response = client.post(reverse("versions:restore", args=[demo_plan.pk, broken.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("versions:snapshot", args=[demo_plan.pk, broken.pk])
    assert plan_to_json(demo_plan) == before
    page = client.get(response["Location"]).content.decode()
    assert "Version 0.8 cannot be restored" in page and "$.activities[0].groups[0]" in page


def test_only_editors_restore_and_the_link_is_theirs(
    demo_plan: Plan, approved: Snapshot, erik: User
) -> None:
    viewer = User.objects.get(username="sofia")
    assert Membership.objects.get(user=viewer).role == Role.VIEWER
    url = reverse("versions:restore", args=[demo_plan.pk, approved.pk])
    assert login(viewer).post(url).status_code == 403
    snapshot_url = reverse("versions:snapshot", args=[demo_plan.pk, approved.pk])
    assert url not in login(viewer).get(snapshot_url).content.decode()
    assert url in login(erik).get(snapshot_url).content.decode()
    other = Plan.objects.create(organization=demo_plan.organization, name="Annan plan")
    wrong = reverse("versions:restore", args=[other.pk, approved.pk])
    assert login(erik).get(wrong).status_code == 404
