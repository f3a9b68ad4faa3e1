"""What a list's filters take: `updated_since` any moment ISO 8601 allows, an id any number
(refused beyond the database's integers), on both databases."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.helpers import bearer, make_token

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "since", ["0225-05-31T18:30:55-20:56", "0001-01-01T00:00:00+20:00", "9999-12-31T23:00-20:00"]
)
def test_a_list_changed_since_a_moment_with_any_offset_answers(
    editor: Any, organization: Any, plan: Any, since: str
) -> None:
    api = bearer(make_token(editor, organization))
    # Schemathesis found it on PostgreSQL: an offset beyond ±15:59 was a server error.
    from urllib.parse import quote

    response = api.get(f"/api/v1/plans/{plan.pk}/messages?updated_since={quote(since)}")
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["item", "plan"])
def test_an_id_filter_beyond_the_databases_integers_is_refused(
    editor: Any, organization: Any, name: str
) -> None:
    # Schemathesis found it on SQLite: `?item=75757739357352493056000` was a server error.
    from tests.meetings.factories import make_forum, make_meeting

    meeting = make_meeting(make_forum(organization))
    api = bearer(make_token(editor, organization))
    url = f"/api/v1/meetings/{meeting.pk}/decisions?{name}=75757739357352493056000"
    assert api.get(url).status_code == 422
