"""The history pages: the plan's changes newest first, filtered and paged, and one entry's."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from komplan.audit.models import AuditEvent
from tests.conftest import login

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def make_events(plan: Any, count: int, **fields: Any) -> list[AuditEvent]:
    """`count` events of the plan, a minute apart, the last one newest."""
    start = timezone.now() - dt.timedelta(days=1)
    defaults: dict[str, Any] = {
        "organization": plan.organization,
        "plan": plan,
        "plan_name": plan.name,
        "register": "goals",
        "object_id": 1,
        "object_repr": "Ett mål",
        "action": "update",
        "changes": [{"field": "unit", "label": "Unit", "old": "st", "new": "procent"}],
        "user_name": "Någon",
    }
    return AuditEvent.objects.bulk_create(
        AuditEvent(**{**defaults, **fields, "at": start + dt.timedelta(minutes=n)})
        for n in range(count)
    )


def test_the_history_shows_who_when_what_and_each_field(
    plan: Any, entries: dict[str, Any], editor: Any, viewer_client: Any
) -> None:
    goal = entries["goals"]
    make_events(
        plan,
        1,
        register="goals",
        object_id=goal.pk,
        object_repr=str(goal),
        user=editor,
        user_name="Bertil Berg",
        changes=[{"field": "unit", "label": "Enhet", "old": "", "new": "procent"}],
    )
    make_events(plan, 1, register="plan", object_id=plan.pk, object_repr=plan.name, action="create")
    response = viewer_client.get(reverse("audit:plan_history", args=[plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    # A valid HTML datetime: whole seconds and an offset, never Python's microseconds.
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}"', html)
    assert "Bertil Berg" in html
    goal_url = reverse("audit:object_history", args=[plan.pk, "goals", goal.pk])
    plan_url = reverse("audit:plan_facts_history", args=[plan.pk])
    assert html.index(plan_url) < html.index(goal_url)  # newest first
    assert "procent" in html and "(deleted)" not in html
    assert f'href="{reverse("audit:plan_history", args=[plan.pk])}" aria-current="page"' in html
    assert '<label for="id_register">' in html and '<label for="id_person">' in html


def test_words_for_each_action(plan: Any, viewer_client: Any) -> None:
    for action in ["create", "update", "delete", "move"]:
        make_events(plan, 1, action=action)
    response = viewer_client.get(
        reverse("audit:plan_history", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    for word in ["Created", "Changed", "Deleted", "Moved"]:
        assert f"<strong>{word}</strong>" in html


def test_filtering_by_register_and_person(
    plan: Any, editor: Any, viewer: Any, viewer_client: Any
) -> None:
    make_events(plan, 2, register="goals", object_repr="Målet", user=editor, user_name="Bertil")
    make_events(plan, 3, register="tiers", object_repr="Nivån", user=viewer, user_name="Cecilia")
    url = reverse("audit:plan_history", args=[plan.pk])
    by_register = viewer_client.get(url, {"register": "tiers"}).content.decode()
    assert by_register.count('class="audit-event"') == 3 and "Målet" not in by_register
    by_person = viewer_client.get(url, {"person": editor.pk}).content.decode()
    assert by_person.count('class="audit-event"') == 2 and "Nivån" not in by_person
    assert f'<option value="{editor.pk}" selected>Bertil</option>' in by_person
    everything = viewer_client.get(url, {"register": "nonsense"}).content.decode()
    assert everything.count('class="audit-event"') == 5


def test_the_history_is_paged_by_fifty(plan: Any, viewer_client: Any) -> None:
    make_events(plan, 51)
    url = reverse("audit:plan_history", args=[plan.pk])
    first = viewer_client.get(url, {"register": "goals"}).content.decode()
    assert first.count('class="audit-event"') == 50
    assert 'href="?register=goals&amp;page=2"' in first
    second = viewer_client.get(url, {"register": "goals", "page": 2}).content.decode()
    assert second.count('class="audit-event"') == 1


def test_an_entry_that_never_existed_is_not_found(plan: Any, viewer_client: Any) -> None:
    url = reverse("audit:object_history", args=[plan.pk, "goals", 999_999])
    assert viewer_client.get(url).status_code == 404
    make_events(plan, 1, register="goals", object_id=999_999, action="delete")
    response = viewer_client.get(url)
    assert response.status_code == 200 and "(deleted)" in response.content.decode()


def test_an_entry_without_events_has_an_empty_history(
    plan: Any, entries: dict[str, Any], viewer_client: Any
) -> None:
    url = reverse("audit:object_history", args=[plan.pk, "tiers", entries["tiers"].pk])
    response = viewer_client.get(url)
    assert response.status_code == 200
    assert "No changes recorded for this entry yet." in response.content.decode()


def test_another_plans_events_do_not_show(
    plan: Any, entries: dict[str, Any], organization: Any, viewer_client: Any
) -> None:
    from tests.factories import make_plan

    other = make_plan(organization, name="Annan plan")
    make_events(other, 1, register="goals", object_id=entries["goals"].pk, object_repr="Främmande")
    for url in [
        reverse("audit:plan_history", args=[plan.pk]),
        reverse("audit:object_history", args=[plan.pk, "goals", entries["goals"].pk]),
    ]:
        assert "Främmande" not in viewer_client.get(url).content.decode()


def test_outsiders_get_404_and_visitors_are_sent_to_log_in(
    plan: Any, entries: dict[str, Any], outsider: Any, client: Any
) -> None:
    make_events(plan, 1)
    urls = [
        reverse("audit:plan_history", args=[plan.pk]),
        reverse("audit:plan_facts_history", args=[plan.pk]),
        reverse("audit:object_history", args=[plan.pk, "goals", entries["goals"].pk]),
        reverse("audit:object_history", args=[plan.pk, "goals", 1]),
    ]
    outsider_client = login(outsider)
    for url in urls:
        assert outsider_client.get(url).status_code == 404, url
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_edit_form_links_to_the_entrys_history(
    plan: Any, entries: dict[str, Any], editor_client: Any
) -> None:
    goal = entries["goals"]
    history = reverse("audit:object_history", args=[plan.pk, "goals", goal.pk])
    edit = editor_client.get(reverse("plans:register_edit", args=[plan.pk, "goals", goal.pk]))
    assert f'href="{history}"' in edit.content.decode()
    new = editor_client.get(reverse("plans:register_create", args=[plan.pk, "goals"]))
    assert "/history/" not in new.content.decode().split("<main", 1)[1]


def test_recorded_text_is_escaped(plan: Any, viewer_client: Any) -> None:
    hostile = '<script>alert("x")</script>'
    make_events(
        plan,
        1,
        object_repr=hostile,
        user_name=hostile,
        changes=[{"field": "unit", "label": hostile, "old": hostile, "new": hostile}],
    )
    for url in [
        reverse("audit:plan_history", args=[plan.pk]),
        reverse("audit:object_history", args=[plan.pk, "goals", 1]),
    ]:
        html = viewer_client.get(url).content.decode()
        assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_the_access_walk_reaches_the_history_pages(
    plan: Any, entries: dict[str, Any], admin_user: Any
) -> None:
    from tests.test_access import all_urls

    urls = all_urls(plan, entries, admin_user.memberships.get().pk)
    assert f"/plans/{plan.pk}/history/" in urls
    assert f"/plans/{plan.pk}/history/plan/" in urls
    assert f"/plans/{plan.pk}/history/activities/{entries['activities'].pk}/" in urls
