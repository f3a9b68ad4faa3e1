"""Faster entry in the plan's registers: "Save and add another", the activity form's
narrowed message picker, and the warnings (not errors) about an activity's time."""

from __future__ import annotations

from typing import Any

import pytest

from komplan.plans.models import Message, TargetGroup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_interface(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


# --- a. Save and add another ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("register", "form", "name"),
    [
        ("groups", {"name": "Enhetschefer", "reach": "internal"}, "Enhetschefer"),
        ("messages", {"text": "Systemet är tryggt."}, "Systemet är tryggt."),
        ("channels", {"name": "Nyhetsbrev", "reach": "external"}, "Nyhetsbrev"),
        ("goals", {"text": "Alla vet"}, "Alla vet"),
        ("tiers", {"name": "Övriga"}, "Övriga"),
        ("activities", {"title": "Träff", "status": "planned"}, "Träff"),
    ],
)
def test_save_and_add_another_returns_to_an_empty_form_naming_what_was_saved(
    editor_client: Any, plan: Any, register: str, form: dict[str, str], name: str
) -> None:
    url = f"/plans/{plan.pk}/{register}/new/"
    page = editor_client.get(url).content.decode()
    assert 'name="add_another"' in page  # the second button is on every create form
    response = editor_client.post(url, {**form, "add_another": "1"}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    html = response.content.decode()
    assert f"{name}” was added. The form is empty for the next one." in html
    assert not response.context["form"].is_bound  # an empty form, not the one just sent
    assert getattr(plan, register).filter(**{next(iter(form)): name}).exists()


def test_plain_save_still_goes_back_to_the_list(editor_client: Any, plan: Any) -> None:
    response = editor_client.post(
        f"/plans/{plan.pk}/groups/new/", {"name": "Enhetschefer", "reach": "internal"}
    )
    assert response["Location"] == f"/plans/{plan.pk}/groups/"


def test_an_edit_form_has_no_add_another(editor_client: Any, entries: dict[str, Any]) -> None:
    group = entries["groups"]
    page = editor_client.get(f"/plans/{group.plan_id}/groups/{group.pk}/edit/").content.decode()
    assert 'name="add_another"' not in page


def test_an_invalid_add_another_shows_the_form_with_the_typed_text(
    editor_client: Any, plan: Any
) -> None:
    response = editor_client.post(
        f"/plans/{plan.pk}/groups/new/", {"name": "", "reach": "internal", "add_another": "1"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not TargetGroup.objects.filter(plan=plan).exists()
    assert not Message.objects.exists()


# --- d. warnings about an activity's time ----------------------------------------------------


def test_an_unreadable_time_is_saved_with_a_warning_and_marked(
    editor_client: Any, plan: Any
) -> None:
    response = editor_client.post(
        f"/plans/{plan.pk}/activities/new/",
        {"title": "Stormöte", "status": "planned", "time_text": "när avtalet är klart"},
        follow=True,
    )
    activity = plan.activities.get(title="Stormöte")  # the save went through
    warnings = [m for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "could not read a date from the time “när avtalet är klart”" in str(warnings[0])
    table = editor_client.get(f"/plans/{plan.pk}/activities/").content.decode()
    assert '<span class="time-mark">Time not read</span>' in table
    overview = editor_client.get(f"/plans/{plan.pk}/").content.decode()
    assert "1 time to check" in overview
    assert f"/plans/{plan.pk}/activities/{activity.pk}/edit/" in overview


def test_a_time_outside_the_plans_dates_is_saved_with_a_warning_and_marked(
    editor_client: Any, plan: Any
) -> None:
    # The plan runs 2026–2027; spring 2029 is after its end.
    response = editor_client.post(
        f"/plans/{plan.pk}/activities/new/",
        {"title": "Utvärdering", "status": "planned", "time_text": "Våren 2029"},
        follow=True,
    )
    assert plan.activities.filter(title="Utvärdering").exists()
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1 and "falls outside the plan's dates" in warnings[0]
    table = editor_client.get(f"/plans/{plan.pk}/activities/").content.decode()
    assert '<span class="time-mark">Outside the plan&#x27;s dates</span>' in table
    assert (
        "Outside the plan&#x27;s dates" in editor_client.get(f"/plans/{plan.pk}/").content.decode()
    )


def test_a_date_set_by_hand_before_the_plan_starts_warns_on_edit(
    editor_client: Any, entries: dict[str, Any]
) -> None:
    activity = entries["activities"]
    url = f"/plans/{activity.plan_id}/activities/{activity.pk}/edit/"
    data = {
        "title": activity.title,
        "status": activity.status,
        "time_text": activity.time_text,
        "start_override": "2025-11-01",
        "lock_version": activity.lock_version,
    }
    response = editor_client.post(url, data, follow=True)
    assert response.redirect_chain
    assert any(
        "outside the plan's dates" in str(m)
        for m in response.context["messages"]
        if m.level_tag == "warning"
    )


def test_a_readable_time_within_the_plan_saves_without_a_warning(
    editor_client: Any, plan: Any
) -> None:
    response = editor_client.post(
        f"/plans/{plan.pk}/activities/new/",
        {"title": "Nyhet", "status": "planned", "time_text": "Hösten 2026"},
        follow=True,
    )
    assert not [m for m in response.context["messages"] if m.level_tag == "warning"]
    table = editor_client.get(f"/plans/{plan.pk}/activities/").content.decode()
    assert "time-mark" not in table
    assert "to check" not in editor_client.get(f"/plans/{plan.pk}/").content.decode()


# --- c. the message picker --------------------------------------------------------------------


@pytest.fixture
def ekby_messages(plan: Any) -> dict[str, Any]:
    """Ekby's messages: one to the core tier (the board), one to the staff alone, one to
    nobody in particular; the staff inherit the board's messages."""
    core, primary, _secondary = plan.tiers.order_by("position")
    board = TargetGroup.objects.create(plan=plan, name="Kommunstyrelsen", tier=core)
    staff = TargetGroup.objects.create(plan=plan, name="Handläggare", tier=primary)
    press = TargetGroup.objects.create(plan=plan, name="Lokalpressen")
    staff.inherits_from.add(board)
    to_core = Message.objects.create(plan=plan, text="Beslutet är fattat.")
    to_core.tiers.add(core)
    to_staff = Message.objects.create(plan=plan, text="Utbildning i maj.")
    to_staff.groups.add(staff)
    loose = Message.objects.create(plan=plan, text="Vi söker synpunkter.")
    return {
        "board": board,
        "staff": staff,
        "press": press,
        "to_core": to_core,
        "to_staff": to_staff,
        "loose": loose,
    }


def picker(html: str) -> tuple[str, str]:
    """The picker's first list and its "show all" part."""
    start = html.index('id="message-picker"')
    part = html[start : html.index("</fieldset>", start)]
    first, _sep, rest = part.partition("<details")
    return first, rest


def test_the_picker_lists_first_the_messages_owed_to_the_chosen_groups(
    editor_client: Any, plan: Any, ekby_messages: dict[str, Any]
) -> None:
    m = ekby_messages
    url = f"/plans/{plan.pk}/activities/messages/?groups={m['staff'].pk}"
    first, rest = picker(editor_client.get(url).content.decode())
    # The staff get their own message and, inherited, the board's; the loose one waits.
    assert "Utbildning i maj." in first and "Beslutet är fattat." in first
    assert "Vi söker synpunkter." not in first and "Vi söker synpunkter." in rest
    assert "Show all messages (1 more)" in rest
    first, rest = picker(editor_client.get(f"{url}&groups={m['press'].pk}").content.decode())
    assert "Vi söker synpunkter." not in first
    assert "<details" in editor_client.get(url).content.decode()
    assert '<details class="picker-others" open>' not in editor_client.get(url).content.decode()
    kept_open = editor_client.get(f"{url}&show_all=1").content.decode()
    assert '<details class="picker-others" open>' in kept_open


def test_a_ticked_message_stays_ticked_and_in_view_when_groups_change(
    editor_client: Any, plan: Any, ekby_messages: dict[str, Any]
) -> None:
    m = ekby_messages
    url = f"/plans/{plan.pk}/activities/messages/?groups={m['board'].pk}&messages={m['loose'].pk}"
    first, rest = picker(editor_client.get(url).content.decode())
    assert f'value="{m["loose"].pk}" id="id_messages_m{m["loose"].pk}" checked' in first
    assert "Utbildning i maj." in rest  # owed to the staff, not to the board


def test_without_groups_the_picker_lists_every_message(
    editor_client: Any, plan: Any, ekby_messages: dict[str, Any]
) -> None:
    html = editor_client.get(f"/plans/{plan.pk}/activities/new/").content.decode()
    first, rest = picker(html)
    assert all(text in first for text in ("Beslutet", "Utbildning", "Vi söker"))
    assert rest == ""
    assert f'data-hx-get="/plans/{plan.pk}/activities/messages/"' in html
    assert 'data-hx-trigger="change from:#id_groups"' in html


def test_the_edit_form_narrows_to_the_activitys_groups_and_saves_any_message(
    editor_client: Any, plan: Any, ekby_messages: dict[str, Any]
) -> None:
    m = ekby_messages
    response = editor_client.post(
        f"/plans/{plan.pk}/activities/new/",
        {
            "title": "Pressträff",
            "status": "planned",
            "groups": [m["press"].pk],
            "messages": [m["to_staff"].pk],  # from "show all": not owed, still allowed
        },
    )
    assert response.status_code == 302
    activity = plan.activities.get(title="Pressträff")
    assert list(activity.messages.all()) == [m["to_staff"]]
    html = editor_client.get(f"/plans/{plan.pk}/activities/{activity.pk}/edit/").content.decode()
    first, rest = picker(html)
    assert "Utbildning i maj." in first  # ticked, so shown first
    assert "Beslutet är fattat." in rest


# --- b. a target group or channel added from the activity form --------------------------------


def test_a_group_added_inline_is_saved_and_comes_back_as_a_ticked_checkbox(
    editor_client: Any, plan: Any
) -> None:
    core = plan.tiers.get(position=1)
    form = editor_client.get(f"/plans/{plan.pk}/activities/new/").content.decode()
    assert f'data-hx-post="/plans/{plan.pk}/groups/new/"' in form
    assert f'data-hx-post="/plans/{plan.pk}/channels/new/"' in form
    assert "data-inline-fallback" in form  # the link shown without a script
    response = editor_client.post(
        f"/plans/{plan.pk}/groups/new/",
        {
            "inline": "new-groups",
            "new-groups-name": "Fackliga företrädare",
            "new-groups-reach": "internal",
            "new-groups-tier": core.pk,
        },
        HTTP_HX_REQUEST="true",
    )
    group = plan.groups.get(name="Fackliga företrädare")
    assert group.tier == core
    html = response.content.decode()
    assert response.status_code == 200 and response["X-Komplan-Added"] == str(group.pk)
    assert "“Fackliga företrädare” was added and ticked." in html
    assert 'data-hx-swap-oob="beforeend:#id_groups"' in html
    assert f'name="groups" value="{group.pk}" id="id_groups_new{group.pk}" checked' in html


def test_a_channel_added_inline_without_a_name_says_what_is_missing(
    editor_client: Any, plan: Any
) -> None:
    response = editor_client.post(
        f"/plans/{plan.pk}/channels/new/",
        {"inline": "new-channels", "new-channels-name": "", "new-channels-reach": "external"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "X-Komplan-Added" not in response
    assert "This field is required." in response.content.decode()
    assert not plan.channels.exists()


def test_the_inline_fields_do_not_disturb_the_activity_form(editor_client: Any, plan: Any) -> None:
    response = editor_client.post(
        f"/plans/{plan.pk}/activities/new/",
        {"title": "Träff", "status": "planned", "new-groups-name": "Halvskriven"},
    )
    assert response.status_code == 302
    assert not plan.groups.exists()
