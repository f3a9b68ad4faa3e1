"""The OpenAPI document: version 3.1, every field described with a Swedish example, served
without a login."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.test import Client

DOCUMENT = Client().get("/api/v1/openapi.json").json()


def properties() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for name, component in DOCUMENT["components"]["schemas"].items():
        for field, described in component.get("properties", {}).items():
            yield name, field, described


def test_it_is_openapi_3_1() -> None:
    assert DOCUMENT["openapi"].startswith("3.1")


def test_no_object_of_the_document_names_a_key_twice() -> None:
    # Reported by the browsable page ("Parser error: duplicated mapping key"): the download's
    # own 200 answer was added as "200" beside django-ninja's 200; Python's JSON reader keeps
    # the last of two keys and so never saw it.
    twice: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        names = [name for name, _value in items]
        twice.extend(name for name in set(names) if names.count(name) > 1)
        return dict(items)

    json.loads(Client().get("/api/v1/openapi.json").content, object_pairs_hook=pairs)
    assert twice == []


def test_every_field_and_parameter_is_described() -> None:
    bare = [f"{name}.{field}" for name, field, d in properties() if not d.get("description")]
    for path, operations in DOCUMENT["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), (method, path)
            bare += [
                f"{method} {path} {p['name']}"
                for p in operation.get("parameters", [])
                if not p.get("description")
            ]
    assert bare == []


def test_every_field_sent_or_read_has_an_example() -> None:
    lists = {"items", "revisions", "snapshots", "steps"}  # their entries' fields have examples
    missing = [
        f"{name}.{field}"
        for name, field, described in properties()
        if field not in lists and not described.get("examples")
    ]
    assert missing == []


def test_the_examples_are_swedish() -> None:
    activity = DOCUMENT["components"]["schemas"]["ActivityNew"]["properties"]
    assert activity["title"]["examples"] == ["Informationsmöte för enhetschefer"]
    assert activity["time_text"]["examples"] == ["Hösten 2026"]


def test_only_a_change_requires_if_match() -> None:
    """A delete may send If-Match, a change (PATCH) must: the document says which."""
    for operations in DOCUMENT["paths"].values():
        for method, operation in operations.items():
            if_match = [p for p in operation.get("parameters", []) if p["name"] == "If-Match"]
            if method == "patch":
                assert "428" in operation["responses"]
                assert if_match[0]["description"].startswith("Required")
            elif method == "delete":
                assert "428" not in operation["responses"]
                assert if_match[0]["description"].startswith("Optional")


def test_what_komplan_computes_is_described_as_read_only() -> None:
    """A description added to a field once made (read only, the workflow's) was lost when
    pydantic merged the field with its annotation's: derived fields said nothing."""
    schemas = DOCUMENT["components"]["schemas"]
    assert schemas["ActivityOut"]["properties"]["parsed_start"]["description"].endswith(
        "Read only: komplan computes it."
    )
    assert schemas["PlanOut"]["properties"]["status"]["description"].endswith(
        "Changed by the versions workflow alone."
    )
    assert schemas["MeetingOut"]["properties"]["minutes_status"]["description"].startswith(
        "The minutes' state"
    )


def test_the_examples_of_meetings_and_follow_up_are_swedish() -> None:
    schemas = DOCUMENT["components"]["schemas"]
    assert schemas["ActionItemNew"]["properties"]["text"]["examples"] == [
        "Boka lokal för informationsmötet"
    ]
    assert schemas["MeasurementNew"]["properties"]["source"]["examples"] == [
        "Inkomna synpunkter i e-tjänsten"
    ]


# A forum's members and a meeting's participants.


def test_members_and_participants_are_described_with_swedish_examples_and_linked() -> None:
    schemas = DOCUMENT["components"]["schemas"]
    participant = schemas["ParticipantOut"]["properties"]
    assert participant["attendance"]["examples"] == ["present"]
    assert "Absent (sent apologies)" in participant["attendance"]["description"]
    assert "read only" in participant["member"]["description"].lower()
    assert schemas["ForumMemberNew"]["properties"]["organization"]["examples"] == [
        "Samhällsbyggnadsförvaltningen"
    ]
    assert schemas["MembersIn"]["properties"]["members"]["description"]
    paths = DOCUMENT["paths"]
    for create, resource in [
        (paths["/api/v1/forums/{forum_id}/members"]["post"], "members"),
        (paths["/api/v1/meetings/{meeting_id}/participants"]["post"], "participants"),
    ]:
        links = create["responses"]["201"]["links"]
        assert {name: link["operationId"] for name, link in links.items()} == {
            "ReadIt": f"{resource}_read",
            "ChangeIt": f"{resource}_update",
            "DeleteIt": f"{resource}_delete",
        }
        assert links["ChangeIt"]["parameters"]["entry_id"] == "$response.body#/id"
