"""The meeting pages' SQL queries, pinned: the same for a meeting of 3 items and 5
participants as for one of 40 items and 60 participants with decisions, action items and
attachments on every item. A count that grows with the meeting (an N+1) fails here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from komplan.accounts.models import Role
from komplan.meetings.models import ActionItem, Decision
from tests.conftest import login
from tests.factories import make_member, make_organization, make_plan
from tests.meetings.factories import (
    fill_meeting,
    justera,
    make_adjuster,
    make_attachment,
    make_forum,
    make_meeting,
)

pytestmark = pytest.mark.django_db

SIZES = {"small": (3, 5), "large": (40, 60)}  # agenda items, participants

# page → number of queries (session, user, the meeting with its forum, and the user's
# memberships, read once for the gate and the header, included). Change a number when a page
# needs one more; never let it depend on the meeting's size.
PAGES: dict[str, tuple[Callable[[Any], str], int]] = {
    "meeting": (lambda m: f"/meetings/{m.pk}/", 9),
    "participants": (lambda m: f"/meetings/{m.pk}/participants/", 7),
    "agenda": (lambda m: f"/meetings/{m.pk}/agenda/", 5),
    "minutes": (lambda m: f"/meetings/{m.pk}/minutes/", 14),
    "agenda order": (lambda m: f"/meetings/{m.pk}/agenda/order/", 5),
    "notice email": (lambda m: f"/meetings/{m.pk}/notice/send/", 5),
    "justered version": (lambda m: f"/meetings/{m.pk}/minutes/versions/1/", 6),
    "forum": (lambda m: f"/forums/{m.forum_id}/", 6),
    # The audit trail of the meeting (its many participants, items, decisions: 50 a page),
    # and of the forum with its meetings: the count (1) and the page (1).
    "meeting history": (lambda m: f"/meetings/{m.pk}/history/", 5),
    "forum history": (lambda m: f"/forums/{m.forum_id}/history/", 5),
}


def build(size: str) -> tuple[Any, Any]:
    items, participants = SIZES[size]
    organization = make_organization(f"Kommun {size}", f"kommun-{size}")
    user = make_member(organization, f"admin-{size}", Role.ADMIN)
    plan = make_plan(organization)
    forum = make_forum(organization, members=participants - 1)  # and a guest
    previous = make_meeting(forum, date=dt.date(2026, 1, 10))
    fill_meeting(previous, items=items, plan=plan)
    for n in range(items):
        ActionItem.objects.create(meeting=previous, text=f"Öppen åtgärd {n}")
    meeting = make_meeting(forum, plans=(plan,))  # starts with the review item
    filled = fill_meeting(meeting, items=items, plan=plan, absent=participants // 5)
    for item in filled["items"]:
        Decision.objects.create(meeting=meeting, item=item, text="Beslut", plan=plan)
        ActionItem.objects.create(meeting=meeting, item=item, text="Åtgärd", owner="Sara")
    for n in range(items // 3):
        make_attachment(meeting, f"Bilaga {n}.pdf")
    assert meeting.participants.count() == participants
    justera(meeting, make_adjuster(meeting, f"justerare-{size}"))
    from komplan.meetings import services

    services.minutes_correct(meeting, user=None, reason="Rättelse")
    return user, meeting


@pytest.mark.parametrize("page", PAGES)
def test_a_meeting_page_takes_the_same_queries_for_any_size(page: str) -> None:
    url_of, expected = PAGES[page]
    counts = {}
    for size in SIZES:
        user, meeting = build(size)
        client = login(user)
        client.get(url_of(meeting))  # warm up: sessions, content types
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url_of(meeting))
        assert response.status_code == 200
        counts[size] = len(captured.captured_queries)
    assert counts == {"small": expected, "large": expected}, counts
