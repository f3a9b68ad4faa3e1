"""A plan built through the API alone is the plan built through the screens: the same plan
JSON (komplan/plans/planjson.py), ids apart."""

from __future__ import annotations

import json
from typing import Any

import pytest
import time_machine
from django.test import Client

from komplan.plans.models import Plan
from komplan.plans.planjson import plan_to_json
from tests.api.helpers import bearer, make_token

pytestmark = pytest.mark.django_db

FACTS = {
    "name": "Ny översiktsplan",
    "diary_number": "KS 2026/123",
    "client": "Kommunstyrelsen",
    "start_date": "2026-01-15",
    "end_date": "2027-06-30",
    "language": "sv",
    "purpose": "Att invånarna känner till samrådet.",
}
# (register, fields; references name earlier entries by their place: ("groups", 1))
ENTRIES: list[tuple[str, dict[str, Any]]] = [
    ("groups", {"name": "Kommunstyrelsen", "reach": "internal", "tier": ("tiers", 1)}),
    ("groups", {"name": "Invånare", "reach": "external", "tier": ("tiers", 2)}),
    (
        "groups",
        {"name": "Enhetschefer", "reach": "internal", "inherits_from": [("groups", 1)]},
    ),
    ("messages", {"text": "Samrådet pågår hela hösten.", "tiers": [("tiers", 1)]}),
    (
        "messages",
        {
            "text": "Alla kan lämna synpunkter.",
            "clarification": "Digitalt.",
            "groups": [("groups", 2)],
        },
    ),
    (
        "channels",
        {"name": "Intranätet", "reach": "internal", "groups": [("groups", 1), ("groups", 3)]},
    ),
    ("channels", {"name": "Lokaltidningen", "reach": "external", "groups": [("groups", 2)]}),
    (
        "activities",
        {
            "title": "Informationsmöte för enhetschefer",
            "time_text": "September 2026",
            "status": "planned",
            "groups": [("groups", 3)],
            "messages": [("messages", 1)],
            "channels": [("channels", 1)],
            "budget": "15000.00",
        },
    ),
    (
        "activities",
        {
            "title": "Annons om samrådet",
            "time_text": "Hösten 2026",
            "status": "in_progress",
            "groups": [("groups", 2)],
            "messages": [("messages", 1), ("messages", 2)],
            "channels": [("channels", 2)],
        },
    ),
]


def _resolve(plan: Plan, value: Any) -> Any:
    if isinstance(value, tuple):
        slug, position = value
        return getattr(plan, slug).get(position=position).pk
    if isinstance(value, list):
        return [_resolve(plan, item) for item in value]
    return value


def _through_the_api(client: Client) -> Plan:
    made = client.post(
        "/api/v1/plans",
        json.dumps({"organization": "ekby", **FACTS}),
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    plan = Plan.objects.get(pk=made.json()["id"])
    for slug, fields in ENTRIES:
        body = {name: _resolve(plan, value) for name, value in fields.items()}
        response = client.post(
            f"/api/v1/plans/{plan.pk}/{slug}", json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 201, response.content
    return plan


def _through_the_screens(client: Client, organization: Any) -> Plan:
    response = client.post("/plans/new/", {"organization": organization.pk, **FACTS})
    assert response.status_code == 302
    plan = Plan.objects.exclude(pk__in=[]).latest("pk")
    for slug, fields in ENTRIES:
        data = {"reach": "internal", "status": "planned", "recurrence": ""}
        data |= {name: _resolve(plan, value) for name, value in fields.items()}
        response = client.post(f"/plans/{plan.pk}/{slug}/new/", data)
        assert response.status_code == 302, response.content.decode()[:3000]
    return plan


def _without_ids(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _without_ids(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [_without_ids(item) for item in data]
    return data


@time_machine.travel("2026-10-14 09:00 +02:00", tick=False)
def test_a_plan_made_through_the_api_exports_as_one_made_on_the_screens(
    organization: Any, editor: Any
) -> None:
    api_plan = _through_the_api(bearer(make_token(editor, organization)))
    screens = Client()
    screens.force_login(editor)
    screen_plan = _through_the_screens(screens, organization)
    assert screen_plan.pk != api_plan.pk
    made_by_api = _without_ids(json.loads(json.dumps(plan_to_json(api_plan), default=str)))
    made_on_screens = _without_ids(json.loads(json.dumps(plan_to_json(screen_plan), default=str)))
    assert made_by_api == made_on_screens
    assert len(made_by_api["activities"]) == 2
    assert made_by_api["activities"][1]["messages"] == ["message-1", "message-2"]
