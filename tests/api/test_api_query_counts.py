"""Every list of the API reads a page in the same number of queries whatever the plan's size."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from komplan.plans import schema
from tests.api.helpers import bearer, make_token
from tests.factories import fill_everything, make_plan

pytestmark = pytest.mark.django_db

# The token with its owner (1), the memberships (1), the plan (1), the count (1), the page (1)
# and one per many-to-many field of the register. (A token's last use is written at most
# every five minutes: not on these reads.)
BASE = 4
LISTS = [
    ("/api/v1/plans", 3),  # the token, the count and the page
    *[
        (f"/api/v1/plans/{{plan}}/{register.slug}", BASE + 1 + len(register.links))
        for register in schema.REGISTERS
    ],
]


def queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.parametrize(("url", "expected"), LISTS)
def test_a_list_takes_the_same_queries_for_a_small_and_a_large_plan(
    organization: Any, editor: Any, url: str, expected: int
) -> None:
    small, large = make_plan(organization), make_plan(organization, name="Stor plan")
    fill_everything(small, activities=1)
    for _ in range(3):
        fill_everything(large, activities=10)
    client = bearer(make_token(editor, organization))
    client.get("/api/v1/plans")  # the token's last use is recorded once
    counts = [queries(client, url.format(plan=plan.pk)) for plan in (small, large)]
    assert counts == [expected, expected]


def _meetings_world(organization: Any, plan: Any, size: int) -> dict[str, int]:
    """A forum with `size` meetings, each with `size` agenda items, decisions and action
    items; a goal with `size` entered measurements; `size` pieces of cascade material."""
    import datetime as dt

    from komplan.cascade.models import Material
    from komplan.followup.models import Indicator, Measurement
    from komplan.meetings.models import ActionItem, AgendaItem, Decision
    from komplan.plans.models import Goal
    from tests.meetings.factories import make_forum, make_meeting

    forum = make_forum(organization, f"Forum {size}", members=1)
    meetings = [
        make_meeting(forum, plans=(plan,), date=dt.date(2026, 1, 1) + dt.timedelta(days=7 * n))
        for n in range(size)
    ]
    meeting = meetings[-1]
    for n in range(size):
        item = AgendaItem.objects.create(meeting=meeting, description=f"Punkt {n}")
        Decision.objects.create(meeting=meeting, item=item, text=f"Beslut {n}", plan=plan)
        ActionItem.objects.create(meeting=meeting, item=item, text=f"Åtgärd {n}")
        Material.objects.create(plan=plan, title=f"Material {n}")
    goal = Goal.objects.create(plan=plan, text="Mål", target_value=100)
    indicator = Indicator.objects.create(goal=goal)
    Measurement.objects.bulk_create(
        Measurement(indicator=indicator, date=dt.date(2026, 1, 1 + n), value=n) for n in range(size)
    )
    return {"forum": forum.pk, "meeting": meeting.pk, "goal": goal.pk, "plan": plan.pk}


# The token (1), the parent with its organisation (1), the membership (1), the count (1), the
# page (1), and one per many-to-many field (a meeting's plans, a material's messages).
NEW_LISTS = [
    ("/api/v1/forums", 3),  # the token, the count and the page: no parent
    ("/api/v1/forums/{forum}/meetings", 6),
    ("/api/v1/meetings/{meeting}/agenda", 5),
    ("/api/v1/meetings/{meeting}/decisions", 5),
    ("/api/v1/meetings/{meeting}/actions", 5),
    ("/api/v1/goals/{goal}/measurements", 5),
    ("/api/v1/plans/{plan}/cascade/materials", 6),
    # The goals with their indicators (1) and the entered measurements (1): no count, no page.
    ("/api/v1/plans/{plan}/followup", 5),
    # The latest released material (1), its dispatches (none: no query), the steps (1).
    ("/api/v1/plans/{plan}/cascade", 5),
]


@pytest.mark.parametrize(("url", "expected"), NEW_LISTS)
def test_the_lists_of_meetings_follow_up_and_cascade_take_the_same_queries(
    organization: Any, editor: Any, url: str, expected: int
) -> None:
    small = _meetings_world(organization, make_plan(organization), 1)
    large = _meetings_world(organization, make_plan(organization, name="Stor plan"), 12)
    client = bearer(make_token(editor, organization))
    client.get("/api/v1/plans")  # the token's last use is recorded once
    counts = [queries(client, url.format(**ids)) for ids in (small, large)]
    assert counts == [expected, expected]


# A forum's members and a meeting's participants.


@pytest.mark.parametrize(
    "url", ["/api/v1/forums/{forum}/members", "/api/v1/meetings/{meeting}/participants"]
)
def test_the_lists_of_members_and_participants_take_the_same_queries(
    organization: Any, editor: Any, url: str
) -> None:
    from komplan.meetings import services
    from tests.meetings.factories import make_forum, make_meeting

    worlds = []
    for size in (1, 12):
        forum = make_forum(organization, f"Forum {size}", members=size)
        meeting = make_meeting(forum)
        services.members_add(meeting, forum.members.all(), user=editor)
        worlds.append({"forum": forum.pk, "meeting": meeting.pk})
    client = bearer(make_token(editor, organization))
    client.get("/api/v1/plans")  # the token's last use is recorded once
    # The token (1), the parent with its organisation (1), the membership (1), the count (1)
    # and the page (1).
    assert [queries(client, url.format(**ids)) for ids in worlds] == [5, 5]
