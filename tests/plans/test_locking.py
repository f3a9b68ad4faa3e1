"""Two people open the same activity and both save: the second save is refused."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import login

pytestmark = pytest.mark.django_db


def form_data(response: Any) -> dict[str, Any]:
    """What the browser would post back: the form's initial values, unchanged."""
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v.pk if hasattr(v, "pk") else v) for v in value]
        else:
            data[name] = value
        del field
    return data


def test_the_second_save_is_refused_and_shows_what_the_first_changed(
    plan: Any, entries: dict[str, Any], editor: Any, admin_user: Any
) -> None:
    activity = entries["activities"]
    url = f"/plans/{plan.pk}/activities/{activity.pk}/edit/"
    first, second = login(admin_user), login(editor)
    first_data = form_data(first.get(url))
    second_data = form_data(second.get(url))

    first_data.update(status="cancelled", responsible="Projektledare")
    assert first.post(url, first_data).status_code == 302

    second_data.update(title="Nyhet om lanseringen")
    response = second.post(url, second_data)
    page = response.content.decode()
    assert response.status_code == 409
    activity.refresh_from_db()
    assert (activity.title, activity.status) == ("Nyhet 1", "cancelled")
    changes = [(c.before, c.after) for c in response.context["conflict"].changes]
    assert len(changes) == 2  # status and responsible, nothing else
    assert ("", "Projektledare") in changes
    assert "Projektledare" in page
    assert "Nyhet om lanseringen" in page  # the second person's text is kept in the form
    assert str(admin_user) in page

    # Saving again after seeing the conflict is a deliberate overwrite.
    retry = {**form_data(response), "title": "Nyhet om lanseringen"}
    assert second.post(url, retry).status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Nyhet om lanseringen"


def test_the_plan_facts_are_locked_too(plan: Any, admin_user: Any, editor: Any) -> None:
    url = f"/plans/{plan.pk}/edit/"
    first, second = login(admin_user), login(editor)
    a, b = form_data(first.get(url)), form_data(second.get(url))
    assert first.post(url, {**a, "funder": "Region Mitt"}).status_code == 302
    response = second.post(url, {**b, "client": "Kommunstyrelsen"})
    assert response.status_code == 409
    plan.refresh_from_db()
    assert (plan.funder, plan.client) == ("Region Mitt", "")


def test_a_save_without_anyone_in_between_just_saves(
    plan: Any, entries: dict[str, Any], editor_client: Any
) -> None:
    url = f"/plans/{plan.pk}/channels/{entries['channels'].pk}/edit/"
    data = form_data(editor_client.get(url))
    assert editor_client.post(url, {**data, "cadence": "Varje månad"}).status_code == 302
    data = form_data(editor_client.get(url))
    assert editor_client.post(url, {**data, "cadence": "Varje vecka"}).status_code == 302
    entries["channels"].refresh_from_db()
    assert (entries["channels"].cadence, entries["channels"].lock_version) == ("Varje vecka", 2)
