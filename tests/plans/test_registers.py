"""Creating, editing, reordering and deleting the plan's register entries."""

from __future__ import annotations

from typing import Any

import pytest

from komplan.plans.models import Activity, Channel, Message, TargetGroup

pytestmark = pytest.mark.django_db


def test_a_new_plan_has_three_tiers_defined_in_its_own_language(
    editor_client: Any, organization: Any
) -> None:
    response = editor_client.post(
        "/plans/new/",
        {"organization": organization.pk, "name": "Ny skolskjuts", "language": "da"},
    )
    assert response.status_code == 302
    plan = organization.plans.get()
    assert [t.name for t in plan.tiers.order_by("position")] == [
        "Kerneinteressenter",
        "Primære interessenter",
        "Sekundære interessenter",
    ]
    assert "beslutte" in plan.tiers.get(position=1).definition


def test_an_editor_adds_a_target_group_to_a_tier(editor_client: Any, plan: Any) -> None:
    core = plan.tiers.get(position=1)
    response = editor_client.post(
        f"/plans/{plan.pk}/groups/new/",
        {"name": "Enhetschefer", "reach": "internal", "tier": core.pk, "description": "Chefer"},
    )
    assert response.status_code == 302
    group = plan.groups.get()
    assert (group.name, group.tier, group.position) == ("Enhetschefer", core, 1)
    page = editor_client.get(f"/plans/{plan.pk}/groups/").content.decode()
    assert "Enhetschefer" in page and core.name in page


def test_a_form_offers_only_this_plans_objects(
    editor_client: Any, plan: Any, entries: dict[str, Any], organization: Any
) -> None:
    from tests.factories import fill_plan, make_plan

    other = fill_plan(make_plan(organization, name="Annan plan"))
    response = editor_client.post(
        f"/plans/{plan.pk}/activities/new/",
        {"title": "Smygande", "status": "planned", "groups": [other["groups"].pk]},
    )
    assert response.status_code == 200
    assert "groups" in response.context["form"].errors
    assert not plan.activities.filter(title="Smygande").exists()


def test_a_missing_required_field_is_named_and_nothing_is_lost(
    editor_client: Any, plan: Any
) -> None:
    response = editor_client.post(
        f"/plans/{plan.pk}/activities/new/",
        {
            "title": "",
            "description": "Lång beskrivning som inte får försvinna",
            "status": "planned",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_title"' in page
    assert "Lång beskrivning som inte får försvinna" in page


def test_message_numbers_stay_consecutive_when_moved_and_deleted(
    editor_client: Any, plan: Any
) -> None:
    for text in ["Ett", "Två", "Tre"]:
        editor_client.post(f"/plans/{plan.pk}/messages/new/", {"text": text})
    one, _two, three = plan.messages.order_by("position")
    editor_client.post(f"/plans/{plan.pk}/messages/{three.pk}/move/", {"direction": "up"})
    assert [(m.number, m.text) for m in plan.messages.order_by("position")] == [
        (1, "Ett"),
        (2, "Tre"),
        (3, "Två"),
    ]
    editor_client.post(f"/plans/{plan.pk}/messages/{one.pk}/delete/")
    assert [(m.number, m.text) for m in plan.messages.order_by("position")] == [
        (1, "Tre"),
        (2, "Två"),
    ]


def test_moving_the_first_entry_up_changes_nothing(editor_client: Any, plan: Any) -> None:
    first = plan.tiers.get(position=1)
    editor_client.post(f"/plans/{plan.pk}/tiers/{first.pk}/move/", {"direction": "up"})
    first.refresh_from_db()
    assert first.position == 1


def test_moving_with_htmx_returns_the_table_only(editor_client: Any, plan: Any) -> None:
    second = plan.tiers.get(position=2)
    response = editor_client.post(
        f"/plans/{plan.pk}/tiers/{second.pk}/move/", {"direction": "up"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith("<table") and "<html" not in page
    assert page.index(second.name) < page.index(plan.tiers.get(position=2).name)


def test_moving_an_activity_returns_to_the_activity_plan_even_with_htmx(
    settings: Any, editor_client: Any, plan: Any
) -> None:
    """The activity plan has no table fragment: a move reloads its page, at the row."""
    from tests.factories import fill_plan

    settings.KOMPLAN_PAGE_SIZE = 2
    fill_plan(plan, activities=3)
    third = plan.activities.get(position=3)
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = editor_client.post(
            f"/plans/{plan.pk}/activities/{third.pk}/move/",
            {"direction": "up", "page": "2"},
            **headers,
        )
        assert response.status_code == 302
        assert response["Location"] == f"/plans/{plan.pk}/activities/?page=2#entry-{third.pk}"
    third.refresh_from_db()
    assert third.position == 1
    page = editor_client.get(f"/plans/{plan.pk}/activities/").content.decode()
    assert f'id="entry-{third.pk}"' in page


def test_delete_asks_for_confirmation_first(
    editor_client: Any, plan: Any, entries: dict[str, Any]
) -> None:
    channel = entries["channels"]
    page = editor_client.get(f"/plans/{plan.pk}/channels/{channel.pk}/delete/").content.decode()
    assert "Intranätet" in page and Channel.objects.filter(pk=channel.pk).exists()
    editor_client.post(f"/plans/{plan.pk}/channels/{channel.pk}/delete/")
    assert not Channel.objects.filter(pk=channel.pk).exists()
    assert entries["activities"].channels.count() == 0


def test_an_activity_holds_the_eu_template_columns(
    editor_client: Any, plan: Any, entries: dict[str, Any]
) -> None:
    response = editor_client.post(
        f"/plans/{plan.pk}/activities/new/",
        {
            "title": "Informationsmöte för föreningar",
            "description": "Föreningarna ska känna till bokningstjänsten.",
            "groups": [entries["groups"].pk],
            "messages": [entries["messages"].pk],
            "channels": [entries["channels"].pk],
            "goals": [entries["goals"].pk],
            "responsible": "Kommunikatör",
            "time_text": "Prel. mars 2027 (när avtal är på plats)",
            "status": "in_progress",
            "budget": "12500.50",
            "follow_up": "Enkät efter mötet",
        },
    )
    assert response.status_code == 302
    activity = plan.activities.get(title="Informationsmöte för föreningar")
    assert activity.time_text == "Prel. mars 2027 (när avtal är på plats)"
    assert str(activity.budget) == "12500.50"
    assert list(activity.goals.all()) == [entries["goals"]]
    assert activity.position == 4


def test_a_group_cannot_inherit_from_itself(
    editor_client: Any, plan: Any, entries: dict[str, Any]
) -> None:
    group = entries["groups"]
    form = editor_client.get(f"/plans/{plan.pk}/groups/{group.pk}/edit/").context["form"]
    assert group not in form.fields["inherits_from"].queryset


def test_done_activities_are_red_and_say_done(
    viewer_client: Any, plan: Any, entries: dict[str, Any]
) -> None:
    page = viewer_client.get(f"/plans/{plan.pk}/activities/").content.decode()
    done_row = page[page.index(f'id="entry-{entries["activities"].pk}"') - 10 :]
    done_row = done_row[: done_row.index("</tr>")]
    assert 'class="done"' in done_row
    assert "Genomförd" in done_row or "Done" in done_row


def test_moving_on_a_later_page_with_htmx_returns_that_page(
    settings: Any, editor_client: Any, plan: Any
) -> None:
    """The table htmx swaps in is the page the move was made on, so the moved tier's buttons
    are still there to keep the keyboard focus."""
    settings.KOMPLAN_PAGE_SIZE = 2
    third = plan.tiers.get(position=3)
    response = editor_client.post(
        f"/plans/{plan.pk}/tiers/{third.pk}/move/",
        {"direction": "up", "page": "2"},
        HTTP_HX_REQUEST="true",
    )
    third.refresh_from_db()
    assert third.position == 2  # now on page 1, with the tier it swapped places with
    assert f'id="up-{plan.tiers.get(position=3).pk}"' in response.content.decode()


def test_the_activity_list_is_paginated(settings: Any, viewer_client: Any, plan: Any) -> None:
    from tests.factories import fill_plan

    settings.KOMPLAN_PAGE_SIZE = 2
    fill_plan(plan, activities=5)
    first = viewer_client.get(f"/plans/{plan.pk}/activities/").content.decode()
    third = viewer_client.get(f"/plans/{plan.pk}/activities/?page=3").content.decode()
    assert "Nyhet 1" in first and "Nyhet 5" not in first
    assert "Nyhet 5" in third and "Nyhet 1<" not in third


def test_the_overview_reads_in_the_documents_order(
    viewer_client: Any, plan: Any, entries: dict[str, Any]
) -> None:
    page = viewer_client.get(f"/plans/{plan.pk}/").content.decode()
    positions = [page.index(f'id="s{n}"') for n in range(1, 7)]
    assert positions == sorted(positions)
    for text in [
        "Kommunstyrelsen",
        "Handläggare",
        "Systemet sparar tid.",
        "Intranätet",
        "Nyhet 1",
        "Alla handläggare känner till systemet",
    ]:
        assert text in page


def test_copying_a_plan_copies_every_register_and_link(
    editor_client: Any, plan: Any, entries: dict[str, Any]
) -> None:
    response = editor_client.post(f"/plans/{plan.pk}/copy/")
    copy = plan.organization.plans.exclude(pk=plan.pk).get()
    assert response["Location"] == f"/plans/{copy.pk}/"
    assert (copy.status, copy.version, copy.copied_from) == ("draft", "0.1", plan)
    assert copy.name.startswith(plan.name)
    staff = copy.groups.get(name="Handläggare")
    assert [g.name for g in staff.inherits_from.all()] == ["Kommunstyrelsen"]
    assert staff.tier.plan == copy
    message = copy.messages.get()
    assert message.tiers.get().plan == copy
    assert copy.channels.get().groups.get() == staff
    copied = copy.activities.order_by("position")
    assert [a.title for a in copied] == ["Nyhet 1", "Nyhet 2", "Nyhet 3"]
    assert all(a.groups.count() == 2 and a.messages.get() == message for a in copied)
    assert copied[0].goals.get().plan == copy
    # the original keeps its own objects
    assert TargetGroup.objects.filter(plan=plan).count() == 2
    assert Message.objects.filter(plan=plan).get().pk == entries["messages"].pk
    assert Activity.objects.filter(plan=plan, groups__plan=copy).count() == 0


def test_the_overview_shows_each_tiers_first_messages_and_counts_the_rest(
    viewer_client: Any, plan: Any
) -> None:
    core = plan.tiers.get(position=1)
    for number in range(1, 16):
        Message.objects.create(plan=plan, text=f"Budskap nummer {number}.").tiers.add(core)
    page = viewer_client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Budskap nummer 12." in page and "Budskap nummer 13." not in page
    assert "15" in page[page.index('id="s4"') :]
