"""A meeting's participants, agenda, decisions and action items on the register pages the plan's
registers use: add, edit (never overwriting someone else's save), delete after a confirmation,
move, and every change refused while the minutes are with the adjusters."""

from __future__ import annotations

import re
from typing import Any

import pytest

from komplan.meetings import services
from komplan.meetings.models import ActionItem, Decision, Participant

pytestmark = pytest.mark.django_db

# register → (its URL part, the form of a saved entry, the model)
REGISTERS: dict[str, tuple[str, dict[str, Any], type[Any]]] = {
    "participants": (
        "participants",
        {"name": "Greta Gäst", "organization": "Länsstyrelsen", "attendance": "guest"},
        Participant,
    ),
    "decisions": ("decisions", {"text": "Styrgruppen skjuter upp lanseringen."}, Decision),
    "actions": ("actions", {"text": "Boka lokal till nästa möte", "status": "open"}, ActionItem),
}


def entry_of(filled: dict[str, Any], register: str) -> Any:
    return {
        "participants": filled["guest"],
        "decisions": filled["decision"],
        "actions": filled["action"],
        "agenda": filled["items"][0],
    }[register]


@pytest.mark.parametrize("register", REGISTERS)
def test_a_second_save_of_a_meeting_entry_is_refused_with_what_the_first_changed(
    register: str,
    editor_client: Any,
    admin_client_: Any,
    meeting: Any,
    filled: dict[str, Any],
) -> None:
    part, form, model = REGISTERS[register]
    entry = entry_of(filled, register)
    url = f"/meetings/{meeting.pk}/{part}/{entry.pk}/edit/"
    opened = {**form, "lock_version": entry.lock_version}
    assert editor_client.post(url, {**form, "lock_version": entry.lock_version}).status_code == 302
    response = admin_client_.post(url, {**opened, form_field(form): "Alices version"})
    assert response.status_code == 409
    assert "Someone else saved this while you were editing" in response.content.decode()
    field = form_field(form)
    assert getattr(model.objects.get(pk=entry.pk), field) == form[field]  # the first save
    # The form came back based on the other save: saving again replaces it.
    again = dict(response.context["form"].data.items())
    assert admin_client_.post(url, again).status_code == 302
    assert getattr(model.objects.get(pk=entry.pk), field) == "Alices version"


def form_field(form: dict[str, Any]) -> str:
    return "name" if "name" in form else "text"


@pytest.mark.parametrize("register", REGISTERS)
def test_a_new_meeting_entry_is_shown_at_its_row(
    register: str, editor_client: Any, meeting: Any
) -> None:
    part, form, model = REGISTERS[register]
    response = editor_client.post(f"/meetings/{meeting.pk}/{part}/new/", form)
    entry = model.objects.get(meeting=meeting, **{form_field(form): form[form_field(form)]})
    anchor = {"participants": "participant", "decisions": "decision", "actions": "action"}
    page = "participants" if register == "participants" else "minutes"
    assert response["Location"] == f"/meetings/{meeting.pk}/{page}/#{anchor[register]}-{entry.pk}"
    listing = editor_client.get(response["Location"]).content.decode()
    assert f'id="{anchor[register]}-{entry.pk}"' in listing


def test_a_decision_added_from_an_agenda_item_belongs_to_it(
    editor_client: Any, meeting: Any, filled: dict[str, Any]
) -> None:
    item = filled["items"][1]
    form = editor_client.get(f"/meetings/{meeting.pk}/decisions/new/?item={item.pk}")
    assert form.context["form"]["item"].value() == item.pk
    assert form.context["heading"] == "Record a decision"


@pytest.mark.parametrize("register", [*REGISTERS, "agenda"])
def test_deleting_a_meeting_entry_asks_first_and_says_what_goes_with_it(
    register: str, editor_client: Any, meeting: Any, filled: dict[str, Any]
) -> None:
    entry = entry_of(filled, register)
    part = REGISTERS[register][0] if register in REGISTERS else "agenda"
    url = f"/meetings/{meeting.pk}/{part}/{entry.pk}/delete/"
    page = editor_client.get(url)
    assert page.status_code == 200 and "This cannot be undone." in page.content.decode()
    assert type(entry).objects.filter(pk=entry.pk).exists()
    response = editor_client.post(url, follow=True)
    assert f"“{entry}” was deleted." in response.content.decode()
    assert not type(entry).objects.filter(pk=entry.pk).exists()


def without_tokens(html: str) -> str:
    # Each response masks the CSRF token anew.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_the_agenda_and_a_move_with_htmx_return_the_table_the_page_includes(
    editor_client: Any, meeting: Any, filled: dict[str, Any]
) -> None:
    second = filled["items"][1]
    page = editor_client.get(f"/meetings/{meeting.pk}/agenda/").content.decode()
    fragment = editor_client.get(
        f"/meetings/{meeting.pk}/agenda/", headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in fragment and '<table class="agenda-table"' in fragment
    assert without_tokens(fragment).strip() in without_tokens(page)
    moved = editor_client.post(
        f"/meetings/{meeting.pk}/agenda/{second.pk}/move/",
        {"direction": "up"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "<html" not in moved
    assert moved.index(second.description) < moved.index(filled["items"][0].description)
    # Without a script the move reloads the agenda at the item.
    response = editor_client.post(
        f"/meetings/{meeting.pk}/agenda/{second.pk}/move/", {"direction": "down"}
    )
    assert response["Location"] == f"/meetings/{meeting.pk}/agenda/#item-{second.pk}"


def test_submitted_minutes_refuse_every_change_to_the_registers_but_show_them(
    editor_client: Any, meeting: Any, filled: dict[str, Any], adjuster: Any
) -> None:
    services.minutes_submit(meeting, user=None)
    item, participant = filled["items"][0], filled["guest"]
    decision, action = filled["decision"], filled["action"]
    changes = [
        f"/meetings/{meeting.pk}/participants/{participant.pk}/edit/",
        f"/meetings/{meeting.pk}/participants/{participant.pk}/delete/",
        f"/meetings/{meeting.pk}/agenda/{item.pk}/edit/",
        f"/meetings/{meeting.pk}/agenda/{item.pk}/delete/",
        f"/meetings/{meeting.pk}/agenda/{item.pk}/move/",
        f"/meetings/{meeting.pk}/decisions/{decision.pk}/edit/",
        f"/meetings/{meeting.pk}/decisions/{decision.pk}/delete/",
        f"/meetings/{meeting.pk}/actions/new/",
        f"/meetings/{meeting.pk}/actions/{action.pk}/edit/",
        f"/meetings/{meeting.pk}/actions/{action.pk}/delete/",
    ]
    for url in changes:
        response = editor_client.post(url, {"text": "x", "name": "x", "direction": "down"})
        assert response.status_code == 409, url
        assert "submitted for approval" in response.content.decode(), url
    assert meeting.items.get(position=1) == item
    assert Participant.objects.filter(pk=participant.pk).exists()
    for url in (f"/meetings/{meeting.pk}/participants/", f"/meetings/{meeting.pk}/agenda/"):
        assert editor_client.get(url).status_code == 200, url


def test_save_and_add_another_decision_keeps_the_agenda_item_and_names_the_decision(
    editor_client: Any, meeting: Any, filled: dict[str, Any]
) -> None:
    item = filled["items"][1]
    url = f"/meetings/{meeting.pk}/decisions/new/?item={item.pk}"
    assert 'name="add_another"' in editor_client.get(url).content.decode()
    form = {"item": item.pk, "text": "Att godkänna planen.", "add_another": "1"}
    response = editor_client.post(url, form, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "Decision “Att godkänna planen.” was added." in response.content.decode()
    assert response.context["form"]["item"].value() == item.pk
    assert not response.context["form"].is_bound


@pytest.mark.parametrize(
    ("address", "form", "kind", "name"),
    [
        (
            "participants/new/",
            {"name": "Greta Gäst", "attendance": "guest"},
            "Participant",
            "Greta Gäst",
        ),
        (
            "agenda/new/",
            {"kind": "I", "description": "Läget i projektet", "duration": "20"},
            "Agenda item",
            "Läget i projektet",
        ),
        ("actions/new/", {"text": "Boka lokal", "status": "open"}, "Action item", "Boka lokal"),
    ],
)
def test_every_meeting_register_has_save_and_add_another(
    editor_client: Any, meeting: Any, address: str, form: dict[str, str], kind: str, name: str
) -> None:
    """The meeting's registers share the plan's create view: each form offers the second
    button, and using it comes back to the same empty form naming what was saved."""
    url = f"/meetings/{meeting.pk}/{address}"
    assert 'name="add_another"' in editor_client.get(url).content.decode()
    response = editor_client.post(url, {**form, "add_another": "1"}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert f"{kind} “{name}” was added. The form is empty for the next one." in (
        response.content.decode()
    )
    assert not response.context["form"].is_bound


def test_a_forums_members_are_added_one_after_another(editor_client: Any, forum: Any) -> None:
    url = f"/forums/{forum.pk}/members/new/"
    assert 'name="add_another"' in editor_client.get(url).content.decode()
    before = forum.members.count()
    form = {"name": "Petra Pedersen", "organization": "Region Norr", "add_another": "1"}
    response = editor_client.post(url, form, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "Forum member “Petra Pedersen” was added." in response.content.decode()
    assert not response.context["form"].is_bound
    assert forum.members.count() == before + 1
    # The plain save still goes back to the forum.
    plain = editor_client.post(url, {"name": "Ole Olsen"})
    assert plain["Location"] == f"/forums/{forum.pk}/"
