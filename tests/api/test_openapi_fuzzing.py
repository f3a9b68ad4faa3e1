"""Schemathesis against the served OpenAPI document, through WSGI: every operation, a few
examples each, as an editor whose token writes, on a plan with one of everything. No answer may
be a server error or stray from the document (status, content type, body)."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from komplan.wsgi import application
from tests.api.helpers import make_token
from tests.factories import fill_everything, make_member, make_organization, make_plan

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# Read from the app itself (no database needed for the document).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_tests_connection() -> Any:
    """Schemathesis calls the WSGI application itself, not through Django's test client, so
    each request ends with `close_old_connections`: inside the test's transaction that
    closes the connection (on PostgreSQL; SQLite's in-memory one is never closed). The test
    client takes the same handler off for the same reason."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    organization = make_organization()
    editor = make_member(organization, "bertil", "editor")
    editor.memberships.update(can_approve=True)
    plan = make_plan(organization)
    entries = fill_everything(plan)
    return {"plan": plan, "entries": entries, "token": make_token(editor, organization)}


@schema.parametrize()
@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_every_operation_answers_as_documented(case: Any, world: dict[str, Any]) -> None:
    plan = world["plan"]
    # Mostly the real plan and entries, so that operations get past the gate; sometimes
    # what hypothesis made up.
    given = (case.path_parameters or {}).get("plan_id")
    if isinstance(given, int) and given % 4:
        case.path_parameters["plan_id"] = plan.pk
        register = case.operation.path.split("/")[5] if case.operation.path.count("/") > 5 else ""
        if "entry_id" in case.path_parameters:
            found = getattr(plan, register).order_by("pk").first()
            if found is not None:
                case.path_parameters["entry_id"] = found.pk
                case.headers = {**(case.headers or {}), "If-Match": f'"{found.lock_version}"'}
    case.call_and_validate(headers={"Authorization": f"Bearer {world['token']}"}, checks=CHECKS)
