"""The screens' gate, walked over every operation of the served OpenAPI document (not a
hand-kept list): an outsider's token finds nothing (404), a viewer's reads but changes
nothing (403), a read token changes nothing (403) and a revoked token opens nothing (401)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from komplan.accounts.models import Role
from komplan.api.models import ApiToken, Scope
from komplan.followup.models import Indicator, Measurement
from komplan.meetings.models import ActionItem, AgendaItem, Decision, Participant
from tests.api.helpers import bearer, make_token
from tests.cascade.factories import make_cascade, make_material, make_material_attachment
from tests.factories import fill_everything, make_member, make_organization, make_plan
from tests.meetings.factories import make_forum, make_meeting
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db

SAFE = {"get"}


DOCUMENT = Client().get("/api/v1/openapi.json").json()


def example_body(operation: dict[str, Any]) -> str:
    """The request body the document's examples make: a well-formed request, so that the
    answer is the gate's, not the body's."""
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content is None:
        return "{}"
    name = content["schema"]["$ref"].rsplit("/", 1)[1]
    properties = DOCUMENT["components"]["schemas"][name]["properties"]
    return json.dumps({key: value["examples"][0] for key, value in properties.items()})


OPERATIONS = [
    (method, path, example_body(operation))
    for path, operations in DOCUMENT["paths"].items()
    for method, operation in operations.items()
]


def test_the_walk_sees_every_register_and_step() -> None:
    paths = {path for _method, path, _body in OPERATIONS}
    assert "/api/v1/plans/{plan_id}/risks/{entry_id}" in paths
    assert "/api/v1/plans/{plan_id}/versions/approve" in paths
    for path in [
        "/api/v1/forums/{forum_id}",
        "/api/v1/forums/{forum_id}/meetings/{entry_id}",
        "/api/v1/meetings/{meeting_id}/agenda/{entry_id}",
        "/api/v1/meetings/{meeting_id}/decisions/{entry_id}",
        "/api/v1/meetings/{meeting_id}/actions/{entry_id}",
        "/api/v1/goals/{goal_id}/measurements/{entry_id}",
        "/api/v1/plans/{plan_id}/followup/{goal_id}",
        "/api/v1/plans/{plan_id}/cascade",
        "/api/v1/plans/{plan_id}/cascade/materials/{material_id}",
    ]:
        assert path in paths, path
    assert len(OPERATIONS) > 80


def test_the_walk_sees_the_members_and_participants() -> None:
    paths = {path for _method, path, _body in OPERATIONS}
    for path in [
        "/api/v1/forums/{forum_id}/members/{entry_id}",
        "/api/v1/meetings/{meeting_id}/participants/{entry_id}",
        "/api/v1/meetings/{meeting_id}/participants/members",
    ]:
        assert path in paths, path


def test_the_walk_sees_the_surveys() -> None:
    walked = {(method, path) for method, path, _body in OPERATIONS}
    survey = "/api/v1/surveys/{survey_id}"
    for operation in [
        ("get", "/api/v1/plans/{plan_id}/surveys"),
        ("post", "/api/v1/plans/{plan_id}/surveys"),
        ("get", "/api/v1/plans/{plan_id}/surveys/{entry_id}"),
        ("patch", "/api/v1/plans/{plan_id}/surveys/{entry_id}"),
        ("delete", "/api/v1/plans/{plan_id}/surveys/{entry_id}"),
        ("post", survey + "/open"),
        ("post", survey + "/close"),
        ("get", survey + "/results"),
        ("get", survey + "/questions"),
        ("post", survey + "/questions"),
        ("get", survey + "/questions/{entry_id}"),
        ("patch", survey + "/questions/{entry_id}"),
        ("delete", survey + "/questions/{entry_id}"),
    ]:
        assert operation in walked, operation


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    organization = make_organization()
    plan = make_plan(organization)
    fill_everything(plan)
    forum = make_forum(organization)
    meeting = make_meeting(forum, plans=(plan,))
    item = AgendaItem.objects.create(meeting=meeting, description="Planen")
    goal = plan.goals.first()
    indicator = Indicator.objects.create(goal=goal)
    other = make_organization("Norrby kommun", "norrby")
    outsider = make_member(other, "olle", Role.ADMIN)
    viewer = make_member(organization, "vera", Role.VIEWER)
    editor = make_member(organization, "erik", Role.EDITOR)
    make_cascade(plan)
    # A forum member and a participant.
    member = forum.members.first()
    participant = Participant.objects.create(meeting=meeting, name="Gäst")
    survey = make_survey(plan)
    return {
        "plan": plan,
        "ids": {
            "plan_id": plan.pk,
            "forum_id": forum.pk,
            "meeting_id": meeting.pk,
            "goal_id": goal.pk,
            "survey_id": survey.pk,
            "material_id": make_material(plan).pk,
            "step_id": plan.cascade_steps.order_by("pk").first().pk,
            "attachment_id": make_material_attachment(plan.cascade_materials.get()).pk,
        },
        # The entry of each register that is not the plan's, by the path's word before it.
        "entries": {
            "meetings": meeting.pk,
            "agenda": item.pk,
            "decisions": Decision.objects.create(meeting=meeting, item=item, text="Ja.").pk,
            "actions": ActionItem.objects.create(meeting=meeting, text="Boka lokal").pk,
            "measurements": Measurement.objects.create(
                indicator=indicator, date="2026-10-01", value=3
            ).pk,
            "members": member.pk,
            "participants": participant.pk,
            "surveys": survey.pk,
            "questions": survey.questions.first().pk,
        },
        "outsider": make_token(outsider, other),
        "viewer": make_token(viewer, organization),
        "reader": make_token(editor, organization, Scope.READ),
    }


def requests(world: dict[str, Any]) -> Iterator[tuple[str, str, str, bool]]:
    """Every operation as (method, url, body, scoped: names an object), with real ids."""
    plan = world["plan"]
    for method, path, body in OPERATIONS:
        url = path
        for name, pk in world["ids"].items():
            url = url.replace(f"{{{name}}}", str(pk))
        if "{entry_id}" in url:
            register = path.split("/")[-2]
            pk = world["entries"].get(register) or getattr(plan, register).first().pk
            url = url.replace("{entry_id}", str(pk))
        yield method, url, body, "{" in path


def call(client: Client, method: str, url: str, body: str) -> Any:
    if method in SAFE:
        return client.get(url)
    headers = {"HTTP_IF_MATCH": "*"}
    return getattr(client, method)(url, data=body, content_type="application/json", **headers)


def test_an_outsider_finds_nothing(world: dict[str, Any]) -> None:
    client = bearer(world["outsider"])
    for method, url, body, scoped in requests(world):
        response = call(client, method, url, body)
        if scoped or method != "get":
            assert response.status_code == 404, (method, url, response.status_code)
        else:
            assert response.json()["count"] == 0  # the lists of plans, forums: none of theirs


@pytest.mark.parametrize("who", ["viewer", "reader"])
def test_a_viewer_and_a_read_token_read_but_change_nothing(world: dict[str, Any], who: str) -> None:
    client = bearer(world[who])
    for method, url, body, _scoped in requests(world):
        response = call(client, method, url, body)
        expected = 200 if method in SAFE else 403
        assert response.status_code == expected, (who, method, url, response.status_code)


def test_a_revoked_token_opens_nothing(world: dict[str, Any]) -> None:
    from django.utils import timezone

    ApiToken.objects.update(revoked_at=timezone.now())
    client = bearer(world["viewer"])
    for method, url, body, _scoped in requests(world):
        assert call(client, method, url, body).status_code == 401, (method, url)


# --- the cascade's writes -----------------------------------------------------------------------


def test_the_walk_sees_the_cascades_writes() -> None:
    walked = {(method, path) for method, path, _body in OPERATIONS}
    cascade = "/api/v1/plans/{plan_id}/cascade"
    material = cascade + "/materials/{material_id}"
    for operation in [
        ("post", cascade + "/steps"),
        ("get", cascade + "/steps/{step_id}"),
        ("patch", cascade + "/steps/{step_id}"),
        ("delete", cascade + "/steps/{step_id}"),
        ("post", cascade + "/materials"),
        ("patch", material),
        ("delete", material),
        ("post", material + "/approve"),
        ("post", material + "/release"),
        ("post", material + "/steps/{step_id}/mark"),
        ("post", material + "/steps/{step_id}/override"),
        ("get", cascade + "/settings"),
        ("patch", cascade + "/settings"),
        ("get", material + "/attachments"),
        ("post", material + "/attachments"),
        ("get", material + "/attachments/{attachment_id}"),
        ("get", material + "/attachments/{attachment_id}/file"),
        ("delete", material + "/attachments/{attachment_id}"),
    ]:
        assert operation in walked, operation
