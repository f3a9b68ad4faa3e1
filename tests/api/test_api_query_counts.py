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
