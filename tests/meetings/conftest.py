"""Fixtures for the meeting tests: Ekby's steering group, a meeting about the plan, filled
in like the seed minutes (participants, one absent, a guest, an I/D/B agenda with a break,
notes, a decision approving the plan, an action item, a note-taker)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.meetings.factories import fill_meeting, make_adjuster, make_forum, make_meeting


@pytest.fixture(autouse=True)
def _english_interface(settings: Any) -> None:
    # These tests read the screens' English source text; the default UI language is Swedish.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def forum(organization: Any) -> Any:
    return make_forum(organization)


@pytest.fixture
def meeting(forum: Any, plan: Any) -> Any:
    return make_meeting(forum, plans=(plan,))


@pytest.fixture
def filled(meeting: Any, plan: Any) -> dict[str, Any]:
    return fill_meeting(meeting, plan=plan)


@pytest.fixture
def adjuster(meeting: Any, filled: dict[str, Any]) -> Any:
    """Sara Holm, a viewer in the organisation, appointed to justera the minutes."""
    return make_adjuster(meeting)
