"""Every register and the plan, changed through the web forms as an editor: one audit event per
create, update, delete and move, who made it, and each field before and after."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import override

from komplan.audit.models import AuditEvent
from komplan.plans.registers import REGISTERS
from tests.audit.helpers import changes, events, form_data

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Case:
    """How to create an entry of a register and what to change in an existing one."""

    create: Callable[[dict[str, Any]], dict[str, Any]]  # entries -> POST data
    created: Callable[[dict[str, Any]], dict[str, str]]  # entries -> field -> new value
    edit: Callable[[dict[str, Any]], dict[str, Any]]  # entries -> changed POST data
    edited: Callable[[dict[str, Any]], dict[str, tuple[str, str]]]  # field -> (old, new)


def _board(entries: dict[str, Any]) -> Any:
    return entries["groups"].plan.groups.get(name="Kommunstyrelsen")


CASES: dict[str, Case] = {
    "tiers": Case(
        create=lambda e: {"name": "Beslutsfattare", "definition": "De som beslutar."},
        created=lambda e: {"name": "Beslutsfattare", "definition": "De som beslutar."},
        edit=lambda e: {"name": "Kärnan"},
        edited=lambda e: {"name": (e["tiers"].name, "Kärnan")},
    ),
    "groups": Case(
        create=lambda e: {
            "name": "Rektorer",
            "reach": "external",
            "tier": e["tiers"].pk,
            "inherits_from": [e["groups"].pk],
        },
        created=lambda e: {
            "name": "Rektorer",
            "tier": e["tiers"].name,
            "inherits_from": "Handläggare",
        },
        edit=lambda e: {"description": "Alla handläggare", "inherits_from": []},
        edited=lambda e: {
            "description": ("", "Alla handläggare"),
            "inherits_from": ("Kommunstyrelsen", ""),
        },
    ),
    "messages": Case(
        create=lambda e: {
            "text": "Ny e-tjänst",
            "tiers": [e["tiers"].pk],
            "groups": [e["groups"].pk, _board(e).pk],
        },
        created=lambda e: {
            "text": "Ny e-tjänst",
            "tiers": e["tiers"].name,
            "groups": "Handläggare, Kommunstyrelsen",
        },
        edit=lambda e: {"text": "Systemet sparar mycket tid.", "groups": [_board(e).pk]},
        edited=lambda e: {
            "text": ("Systemet sparar tid.", "Systemet sparar mycket tid."),
            "groups": ("", "Kommunstyrelsen"),
        },
    ),
    "channels": Case(
        create=lambda e: {"name": "Podd", "reach": "internal", "groups": [e["groups"].pk]},
        created=lambda e: {"name": "Podd", "groups": "Handläggare"},
        edit=lambda e: {"cadence": "Varje vecka", "groups": [e["groups"].pk, _board(e).pk]},
        edited=lambda e: {
            "cadence": ("", "Varje vecka"),
            "groups": ("Handläggare", "Handläggare, Kommunstyrelsen"),
        },
    ),
    "goals": Case(
        create=lambda e: {"text": "Alla vet", "target_value": "80", "unit": "procent"},
        created=lambda e: {"text": "Alla vet", "target_value": "80.00", "unit": "procent"},
        edit=lambda e: {"unit": "st", "deadline": "2026-06-30"},
        edited=lambda e: {"unit": ("", "st"), "deadline": ("", "2026-06-30")},
    ),
    "activities": Case(
        create=lambda e: {
            "title": "Workshop",
            "status": "planned",
            "time_text": "Våren 2026",
            "groups": [e["groups"].pk],
            "channels": [e["channels"].pk],
        },
        created=lambda e: {
            "title": "Workshop",
            "time_text": "Våren 2026",
            "groups": "Handläggare",
            "channels": "Intranätet",
        },
        edit=lambda e: {"budget": "1500", "channels": []},
        edited=lambda e: {"budget": ("", "1500.00"), "channels": ("Intranätet", "")},
    ),
    "spokespersons": Case(
        create=lambda e: {"subject": "Skolorna", "name": "Per Nyberg", "contact": "0123-4"},
        created=lambda e: {"subject": "Skolorna", "name": "Per Nyberg", "contact": "0123-4"},
        edit=lambda e: {"role": "Skolchef"},
        edited=lambda e: {"role": ("Ordförande", "Skolchef")},
    ),
    "risks": Case(
        create=lambda e: {
            "text": "Föräldrarna hör det först i pressen.",
            "likelihood": "2",
            "consequence": "5",
            "status": "open",
        },
        # Choices are recorded as their labels, as the history shows them.
        created=lambda e: {
            "text": "Föräldrarna hör det först i pressen.",
            "likelihood": "2 Unlikely",
            "consequence": "5 Severe",
            "status": "Open",
        },
        edit=lambda e: {"likelihood": "1", "status": "mitigated"},
        edited=lambda e: {
            "likelihood": ("3 Possible", "1 Very unlikely"),
            "status": ("Open", "Mitigated"),
        },
    ),
}


def test_every_register_has_a_case() -> None:
    assert set(CASES) == set(REGISTERS)


@pytest.mark.parametrize("slug", CASES)
def test_creating_records_one_event_with_the_fields_and_links(
    slug: str, plan: Any, entries: dict[str, Any], editor: Any, editor_client: Any, committed: Any
) -> None:
    case = CASES[slug]
    with committed():
        response = editor_client.post(
            reverse("plans:register_create", args=[plan.pk, slug]), case.create(entries)
        )
    assert response.status_code == 302
    made = REGISTERS[slug].model.objects.filter(plan=plan).order_by("-pk").first()
    [event] = events(register=slug, object_id=made.pk)
    assert (event.action, event.plan, event.user, event.user_name) == (
        "create",
        plan,
        editor,
        "bertil",
    )
    assert event.object_repr == str(made)
    recorded = changes(event)
    for name, value in case.created(entries).items():
        assert recorded[name] == ("", value), name
    assert all(old == "" for old, _new in recorded.values())


@pytest.mark.parametrize("slug", CASES)
def test_an_edit_of_fields_and_links_is_one_event_from_old_to_new(
    slug: str, plan: Any, entries: dict[str, Any], editor: Any, editor_client: Any, committed: Any
) -> None:
    entry = entries[slug]
    url = reverse("plans:register_edit", args=[plan.pk, slug, entry.pk])
    data = {**form_data(editor_client.get(url)), **CASES[slug].edit(entries)}
    before = AuditEvent.objects.count()
    with committed():
        assert editor_client.post(url, data).status_code == 302
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("pk")
    assert (event.register, event.object_id, event.action) == (slug, entry.pk, "update")
    assert (event.user, event.plan_id) == (editor, plan.pk)
    assert changes(event) == CASES[slug].edited(entries)


@pytest.mark.parametrize("slug", CASES)
def test_saving_an_unchanged_form_records_nothing(
    slug: str, plan: Any, entries: dict[str, Any], editor_client: Any, committed: Any
) -> None:
    url = reverse("plans:register_edit", args=[plan.pk, slug, entries[slug].pk])
    data = form_data(editor_client.get(url))
    with committed():
        assert editor_client.post(url, data).status_code == 302
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("slug", CASES)
def test_a_deleted_entry_keeps_its_history(
    slug: str, plan: Any, entries: dict[str, Any], editor: Any, editor_client: Any, committed: Any
) -> None:
    entry = entries[slug]
    history = reverse("audit:object_history", args=[plan.pk, slug, entry.pk])
    edit_url = reverse("plans:register_edit", args=[plan.pk, slug, entry.pk])
    with committed():
        data = {**form_data(editor_client.get(edit_url)), **CASES[slug].edit(entries)}
        editor_client.post(edit_url, data)
    name = str(REGISTERS[slug].model.objects.get(pk=entry.pk))
    with committed():
        response = editor_client.post(
            reverse("plans:register_delete", args=[plan.pk, slug, entry.pk])
        )
    assert response.status_code == 302
    assert not REGISTERS[slug].model.objects.filter(pk=entry.pk).exists()
    update, delete = events(register=slug, object_id=entry.pk)
    assert (update.action, delete.action, delete.user, delete.plan) == (
        "update",
        "delete",
        editor,
        plan,
    )
    assert delete.object_repr == name
    assert all(new == "" for _old, new in changes(delete).values())
    page = editor_client.get(history)
    assert page.status_code == 200
    html = page.content.decode()
    assert "(deleted)" in html and escape(name) in html
    assert html.count('class="audit-event"') == 2
    assert "(deleted)" in editor_client.get(reverse("audit:plan_history", args=[plan.pk])).text


def test_deleted_links_and_fields_are_listed_on_delete(
    plan: Any, entries: dict[str, Any], editor_client: Any, committed: Any
) -> None:
    activity = entries["activities"]
    with committed():
        editor_client.post(
            reverse("plans:register_delete", args=[plan.pk, "activities", activity.pk])
        )
    [event] = events(action="delete")
    recorded = changes(event)
    assert recorded["title"] == ("Nyhet 1", "")
    assert recorded["groups"] == ("Handläggare, Kommunstyrelsen", "")
    assert recorded["channels"] == ("Intranätet", "")
    assert recorded["messages"][0].startswith("1. Systemet sparar tid.")
    assert event.changes[[c["field"] for c in event.changes].index("status")]["old_value"] == "done"


@pytest.mark.parametrize("slug", CASES)
def test_moving_records_the_old_and_new_place(
    slug: str, plan: Any, entries: dict[str, Any], editor: Any, editor_client: Any, committed: Any
) -> None:
    from tests.factories import fill_everything

    fill_everything(plan, activities=1)  # a second entry in every register
    model = REGISTERS[slug].model
    second = model.objects.get(plan=plan, position=2)
    with committed():
        editor_client.post(
            reverse("plans:register_move", args=[plan.pk, slug, second.pk]), {"direction": "up"}
        )
    [event] = events(action="move")
    assert (event.register, event.object_id, event.user) == (slug, second.pk, editor)
    assert changes(event) == {"position": ("2", "1")}
    plan_history = editor_client.get(reverse("audit:plan_history", args=[plan.pk])).text
    assert "Moved" in plan_history or "Flyttad" in plan_history


def test_moving_past_the_end_records_nothing(plan: Any, editor_client: Any, committed: Any) -> None:
    first = plan.tiers.get(position=1)
    with committed():
        editor_client.post(
            reverse("plans:register_move", args=[plan.pk, "tiers", first.pk]), {"direction": "up"}
        )
    assert not AuditEvent.objects.exists()


# --- The plan itself ---------------------------------------------------------------------------


def test_creating_a_plan_records_it_and_its_default_tiers(
    organization: Any, editor: Any, editor_client: Any, committed: Any
) -> None:
    with committed():
        editor_client.post(
            "/plans/new/",
            {"organization": organization.pk, "name": "Ny skolskjuts", "language": "sv"},
        )
    plan = organization.plans.get()
    [created] = events(register="plan")
    assert (created.action, created.object_id, created.plan, created.user) == (
        "create",
        plan.pk,
        plan,
        editor,
    )
    assert changes(created)["name"] == ("", "Ny skolskjuts")
    assert "status" not in changes(created) and "version" not in changes(created)
    tiers = events(register="tiers")
    assert [e.action for e in tiers] == ["create"] * 3
    assert {e.object_id for e in tiers} == set(plan.tiers.values_list("pk", flat=True))
    assert all(e.user == editor for e in tiers)


def test_editing_the_plan_records_the_changed_facts(
    plan: Any, editor: Any, editor_client: Any, committed: Any
) -> None:
    url = reverse("plans:edit", args=[plan.pk])
    data = {**form_data(editor_client.get(url)), "funder": "Region Mitt", "end_date": "2027-06-30"}
    with committed():
        assert editor_client.post(url, data).status_code == 302
    [event] = events(register="plan")
    assert (event.action, event.user) == ("update", editor)
    assert changes(event) == {
        "funder": ("", "Region Mitt"),
        "end_date": ("2027-12-31", "2027-06-30"),
    }
    page = editor_client.get(reverse("audit:plan_facts_history", args=[plan.pk]))
    assert page.status_code == 200 and "Region Mitt" in page.text


def test_deleting_a_plan_keeps_one_event_with_its_name(
    plan: Any,
    entries: dict[str, Any],
    admin_user: Any,
    admin_client_: Any,
    editor_client: Any,
    committed: Any,
) -> None:
    url = reverse("plans:register_edit", args=[plan.pk, "tiers", entries["tiers"].pk])
    with committed():
        editor_client.post(url, {**form_data(editor_client.get(url)), "name": "Kärnan"})
    plan_id = plan.pk
    with committed():
        response = admin_client_.post(reverse("plans:delete", args=[plan_id]))
    assert response.status_code == 302
    update, deleted = events()
    assert (deleted.register, deleted.action, deleted.object_id) == ("plan", "delete", plan_id)
    assert (deleted.plan, deleted.plan_name, deleted.user) == (
        None,
        "Nytt ärendesystem",
        admin_user,
    )
    assert deleted.organization == plan.organization
    assert changes(deleted)["name"] == ("Nytt ärendesystem", "")
    # The earlier events stay, with the plan's name; no event per deleted entry.
    assert (update.action, update.plan, update.plan_name) == ("update", None, "Nytt ärendesystem")


def test_copying_a_plan_records_one_event_that_its_entries_history_shows(
    plan: Any, entries: dict[str, Any], editor: Any, editor_client: Any, committed: Any
) -> None:
    # A copy is one event, the plan's creation with where it came from and what it holds (it
    # was one per entry until #12: see docs/audit.md); an entry's history shows it.
    with committed():
        editor_client.post(reverse("plans:copy", args=[plan.pk]))
    copy = plan.organization.plans.exclude(pk=plan.pk).get()
    [created] = events(plan=copy)
    assert (created.register, created.object_id, created.action, created.user) == (
        "plan",
        copy.pk,
        "create",
        editor,
    )
    assert not events(plan=plan)
    with override("en"):
        shown = {c["label"]: c["new"] for c in created.field_changes()}
        assert shown["Copied from"] == plan.name
        assert shown["Activities"] == str(copy.activities.count())
        assert shown["Target groups"] == str(copy.groups.count())
    activity = copy.activities.order_by("position").first()
    url = reverse("audit:object_history", args=[copy.pk, "activities", activity.pk])
    with override("en"):
        page = editor_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No changes recorded for this entry yet." not in page
    assert "The entry came with the plan" in page
    assert escape(plan.name) in page
    # Once edited, the entry's page lists its own change and still where it came from.
    with committed():
        edit_url = reverse("plans:register_edit", args=[copy.pk, "activities", activity.pk])
        editor_client.post(edit_url, {**form_data(editor_client.get(edit_url)), "title": "Nytt"})
    page = editor_client.get(url).content.decode()
    assert [e.action for e in events(register="activities", object_id=activity.pk)] == ["update"]
    assert "Nytt" in page and escape(plan.name) in page
    # An entry the copy never had has no history, although the plan's event names the register.
    missing = reverse("audit:object_history", args=[copy.pk, "activities", activity.pk + 10_000])
    assert editor_client.get(missing).status_code == 404


# --- Bulk paths --------------------------------------------------------------------------------


def test_the_bulk_status_change_records_one_event_per_changed_activity(
    plan: Any, entries: dict[str, Any], editor: Any, editor_client: Any, committed: Any
) -> None:
    first, second, third = plan.activities.order_by("position")  # done, planned, planned
    with committed():
        editor_client.post(
            reverse("plans:activity_status", args=[plan.pk]),
            {"status": "in_progress", "activity": [first.pk, second.pk]},
        )
    recorded = events(register="activities")
    assert [(e.object_id, e.action, e.user) for e in recorded] == [
        (first.pk, "update", editor),
        (second.pk, "update", editor),
    ]
    assert [e.changes[0]["old_value"] for e in recorded] == ["done", "planned"]
    assert {e.changes[0]["new_value"] for e in recorded} == {"in_progress"}
    with override("en"):
        assert recorded[1].field_changes()[0] == {
            "field": "status",
            "label": "Status",
            "old": "Planned",
            "new": "In progress",
        }
    del third


def test_an_import_records_every_created_entry_with_its_links(
    plan: Any, editor: Any, editor_client: Any, committed: Any, settings: Any, tmp_path: Any
) -> None:
    from tests.imports.import_files import workbook
    from tests.imports.test_import_views import commit_fields, preview, upload, upload_url

    settings.MEDIA_ROOT = tmp_path
    rows = [["Aktivitet 1", "", "Våren 2026", "Kanal A", "Kim", ""]]
    page, _url = preview(
        editor_client, upload(editor_client, upload_url(plan=plan), workbook(rows), "p.xlsx")
    )
    with committed():
        response = editor_client.post(
            reverse("imports:import_plan_commit", args=[plan.pk]), commit_fields(page)
        )
    assert response.status_code == 302
    activity = plan.activities.get(title="Aktivitet 1")
    [event] = events(register="activities", object_id=activity.pk)
    assert (event.action, event.user) == ("create", editor)
    recorded = changes(event)
    assert recorded["title"] == ("", "Aktivitet 1")
    assert recorded["channels"] == ("", "Kanal A")
    channel = plan.channels.get(name="Kanal A")
    assert [e.action for e in events(register="channels", object_id=channel.pk)] == ["create"]
