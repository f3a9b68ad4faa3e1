"""The recording itself, below the web forms: merging, transactions, the actor, the signal."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from komplan.audit.actor import acting_as
from komplan.audit.models import AuditEvent
from komplan.audit.recording import record_bulk
from komplan.plans.models import Activity, Message, Plan, TargetGroup
from komplan.plans.signals import plan_changed
from tests.audit.helpers import changes, events

pytestmark = pytest.mark.django_db


def test_a_create_and_its_links_in_one_transaction_are_one_event(
    plan: Any, entries: dict[str, Any], editor: Any, committed: Any
) -> None:
    staff = entries["groups"]
    with committed(), acting_as(editor):
        activity = Activity.objects.create(plan=plan, title="Mässa", status="planned")
        activity.groups.add(staff)
        activity.channels.set([entries["channels"]])
        activity.title = "Mässan"
        activity.save()
    [event] = events(register="activities")
    assert (event.action, event.object_id, event.user) == ("create", activity.pk, editor)
    assert event.object_repr == "Mässan"
    recorded = changes(event)
    assert recorded["title"] == ("", "Mässan")
    assert recorded["groups"] == ("", "Handläggare")
    assert recorded["channels"] == ("", "Intranätet")
    assert [c["field"] for c in event.changes][:2] == ["title", "groups"]  # the model's order


def test_changes_in_one_transaction_merge_from_first_old_to_last_new(
    entries: dict[str, Any], committed: Any
) -> None:
    channel = entries["channels"]
    board = entries["groups"].plan.groups.get(name="Kommunstyrelsen")
    with committed():
        channel.groups.add(board)
        channel.groups.remove(board)  # as it was: not listed
        channel.cadence = "Varje vecka"
        channel.save()
        channel.cadence = "Varje månad"
        channel.responsible = ""
        channel.save()
        channel.groups.clear()
    [event] = events(register="channels")
    assert changes(event) == {
        "responsible": ("Kommunikatör", ""),
        "cadence": ("", "Varje månad"),
        "groups": ("Handläggare", ""),
    }


def test_a_rolled_back_change_leaves_no_trace(entries: dict[str, Any], committed: Any) -> None:
    goal = entries["goals"]
    with committed():
        try:
            with transaction.atomic():
                goal.unit = "st"
                goal.save()
                raise RuntimeError
        except RuntimeError:
            goal.refresh_from_db()
        goal.text = "Nytt mål"
        goal.save()
    [event] = events(register="goals")
    assert changes(event) == {"text": ("Alla handläggare känner till systemet", "Nytt mål")}


@pytest.mark.django_db(transaction=True)
def test_without_a_transaction_the_event_is_written_at_once(
    plan: Any, entries: dict[str, Any]
) -> None:
    goal = entries["goals"]
    AuditEvent.objects.all().delete()  # the fixtures', written as they were made
    goal.unit = "procent"
    goal.save()
    [event] = events(register="goals")
    assert (event.action, changes(event)) == ("update", {"unit": ("", "procent")})


def test_a_link_changed_from_the_other_side_is_recorded_on_its_owner(
    plan: Any, entries: dict[str, Any], editor: Any, committed: Any
) -> None:
    board = plan.groups.get(name="Kommunstyrelsen")
    message = entries["messages"]
    with committed(), acting_as(editor):
        board.messages.add(message)
    [event] = events(register="messages")
    assert (event.object_id, event.action, event.user) == (message.pk, "update", editor)
    assert changes(event) == {"groups": ("", "Kommunstyrelsen")}
    with committed():
        board.messages.clear()
    assert changes(events(register="messages")[-1]) == {"groups": ("Kommunstyrelsen", "")}


def test_without_an_actor_the_last_editor_is_named(
    entries: dict[str, Any], viewer: Any, committed: Any
) -> None:
    tier = entries["tiers"]
    with committed():
        tier.definition = "Ändrad"
        tier.updated_by = viewer
        tier.save()
    [event] = events(register="tiers")
    assert (event.user, event.user_name) == (viewer, "cecilia")


def test_the_actor_is_named_even_after_the_user_is_deleted(
    entries: dict[str, Any], editor: Any, committed: Any
) -> None:
    editor.first_name, editor.last_name = "Bertil", "Berg"
    editor.save()
    with committed(), acting_as(editor):
        goal = entries["goals"]
        goal.unit = "st"
        goal.save()
    editor.delete()
    [event] = events(register="goals")
    assert (event.user, event.user_name) == (None, "Bertil Berg")


def test_plan_changed_is_sent_at_once_inside_the_transaction(
    plan: Any, entries: dict[str, Any], editor: Any
) -> None:
    received: list[dict[str, Any]] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        received.append({"sender": sender, **kwargs})
        assert transaction.get_connection().in_atomic_block
        # What the versions app may do: update() sends no signals, so nothing comes back.
        Plan.objects.filter(pk=kwargs["plan_id"]).update(version="0.2")

    plan_changed.connect(receiver, dispatch_uid="test.receiver")
    try:
        with transaction.atomic(), acting_as(editor):
            entries["messages"].text = "Kortare"
            entries["messages"].save()
            assert not AuditEvent.objects.exists()  # written on commit, sent before
            assert [(r["sender"], r["plan_id"], r["user"]) for r in received] == [
                (Message, plan.pk, editor)
            ]
            assert (received[0]["register"], received[0]["action"]) == ("messages", "update")
            assert received[0]["object_id"] == entries["messages"].pk
        received.clear()
        record_bulk(plan, "groups", [entries["groups"]], "create", user=editor)
        assert [(r["sender"], r["object_id"]) for r in received] == [(TargetGroup, None)]
        received.clear()
        entries["goals"].save()  # nothing a person sees changed
        plan.delete()
        assert received == []
    finally:
        plan_changed.disconnect(dispatch_uid="test.receiver")


def test_deleting_an_organisation_records_nothing(
    plan: Any, entries: dict[str, Any], committed: Any
) -> None:
    with committed():
        plan.organization.delete()
    assert not AuditEvent.objects.exists()


def test_a_queryset_delete_records_each_entry(
    plan: Any, entries: dict[str, Any], committed: Any
) -> None:
    pks = set(plan.activities.values_list("pk", flat=True))
    with committed():
        plan.activities.all().delete()
    assert {e.object_id for e in events(register="activities", action="delete")} == pks


def test_labels_follow_the_readers_language(entries: dict[str, Any], committed: Any) -> None:
    from django.utils.translation import override

    group = entries["groups"]
    with committed(), override("sv"):
        group.reach = "external"
        group.save()
    [event] = events(register="groups")
    assert event.changes[0]["label"] == "Intern/extern"  # kept, as recorded
    with override("en"):
        assert event.field_changes() == [
            {"field": "reach", "label": "Internal/external", "old": "Internal", "new": "External"}
        ]


def test_a_queryset_delete_reads_the_links_once_for_all_entries(
    plan: Any, entries: dict[str, Any], committed: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import fill_plan

    def deleting(count: int) -> int:
        Activity.objects.all().delete()
        fill_plan(plan, activities=count)
        with CaptureQueriesContext(connection) as captured, committed():
            plan.activities.all().delete()
        return len(captured.captured_queries)

    assert deleting(2) == deleting(12)
    [deleted] = events(register="activities", action="delete", object_repr="Nyhet 12")
    assert changes(deleted)["groups"] == ("Handläggare, Kommunstyrelsen", "")


@pytest.mark.django_db(transaction=True)
def test_an_event_of_a_plan_deleted_meanwhile_keeps_its_name(plan: Any) -> None:
    from komplan.audit.recording import _write

    event = AuditEvent(
        organization=plan.organization,
        plan=plan,
        plan_name=plan.name,
        register="plan",
        object_id=plan.pk,
        action="update",
    )
    Plan.objects.filter(pk=plan.pk).delete()
    _write([event], "default")
    [kept] = events(action="update")
    assert (kept.plan, kept.plan_name) == (None, "Nytt ärendesystem")


def test_a_create_lists_only_what_was_entered(plan: Any, committed: Any) -> None:
    with committed():
        Activity.objects.create(plan=plan, title="Ensam")
    [event] = events(register="activities")
    assert set(changes(event)) == {"title", "status"}  # the status has a default


def test_the_registers_slugs_are_the_audit_trails() -> None:
    from komplan.audit.recording import REGISTER_OF, TRACKED
    from komplan.plans.registers import REGISTERS

    own = {model: slug for model, slug in REGISTER_OF.items() if slug not in {"plan", *TRACKED}}
    assert own == {register.model: slug for slug, register in REGISTERS.items()}
    # What the apps above audit record besides (forums and meetings, measurements), under
    # slugs of their own.
    assert not set(TRACKED) & set(REGISTERS)
