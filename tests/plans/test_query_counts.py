"""Every page's SQL queries, pinned: the same number for a plan of 10 and of 1,000 activities.

A page whose count grows with the plan (an N+1) fails here long before it is slow. The form
pages list every group, message and channel of the plan as checkboxes, so the large plan also
has many more of those. When a page legitimately needs one query more or less, change its
number in PAGES; never let it depend on the size of the plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from komplan.accounts.models import Role
from komplan.demo.synthetic import synthetic_plan_create
from komplan.plans.models import Plan
from komplan.plans.registers import REGISTERS
from tests.conftest import login
from tests.factories import make_member, make_organization

SIZES = {
    "small": {
        "activities": 10,
        "groups": 5,
        "messages": 8,
        "channels": 4,
        "spokespersons": 3,
        "risks": 4,
    },
    "large": {
        "activities": 1_000,
        "groups": 120,
        "messages": 200,
        "channels": 50,
        "spokespersons": 40,
        "risks": 300,
    },
}


@dataclass(frozen=True)
class Site:
    """One organisation with one plan and an administrator, who sees every link and button."""

    user: Any
    plan: Plan
    entry_ids: dict[str, int]  # register slug → the pk of an entry to edit


@pytest.fixture(scope="module")
def sites(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Site]]:
    """Both plans, built once for the module inside a transaction rolled back at its end.

    Each test runs in a savepoint inside it (pytest-django's `db`), so the tests only read.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        made = {}
        for number, (size, counts) in enumerate(SIZES.items(), start=1):
            organization = make_organization(f"Kommun {number}", f"kommun-{number}")
            user = make_member(organization, f"admin-{size}", Role.ADMIN)
            plan = synthetic_plan_create(organization=organization, seed=number, **counts)
            # As after a save through the app: the overview names who changed the plan last.
            Plan.objects.filter(pk=plan.pk).update(updated_by=user)
            plan.refresh_from_db()
            entry_ids = {
                slug: register.model._default_manager.filter(plan=plan)
                .order_by("position")
                .values_list("pk", flat=True)[1]
                for slug, register in REGISTERS.items()
            }
            made[size] = Site(user, plan, entry_ids)
        yield made
        transaction.set_rollback(True)


def _register(slug: str) -> Callable[[Site], str]:
    return lambda site: reverse("plans:register", args=[site.plan.pk, slug])


def _create(slug: str) -> Callable[[Site], str]:
    return lambda site: reverse("plans:register_create", args=[site.plan.pk, slug])


def _edit(slug: str) -> Callable[[Site], str]:
    return lambda site: reverse(
        "plans:register_edit", args=[site.plan.pk, slug, site.entry_ids[slug]]
    )


# Most pages: session, user, plan and membership (the permission gate), then the
# organisations in the header (one query), then the page's own.
PAGES: dict[str, tuple[Callable[[Site], str], int]] = {
    "plan list": (lambda site: reverse("plans:list"), 5),
    # Served again (the first request is not counted): the gate's plan query also reads the
    # plan's content stamp, its revision table's and apps' sections' stamps and whether the
    # reader follows it and hid its checklist, and the page is kept until one of those
    # changes (komplan.plans.overview; tests/plans/test_overview_kept.py for the first).
    "plan overview": (lambda site: reverse("plans:overview", args=[site.plan.pk]), 4),
    "plan edit form": (lambda site: reverse("plans:edit", args=[site.plan.pk]), 4),
    "tiers list": (_register("tiers"), 6),
    "groups list": (_register("groups"), 7),
    "messages list": (_register("messages"), 8),
    "channels list": (_register("channels"), 7),
    # + the responsible names offered as a filter, the shown registers' stamp and the table
    # from the cache (read first, the table asks the count, the page, and its rows' groups,
    # messages and channels, one query each, and is written to the cache).
    "activities list": (_register("activities"), 6),
    "goals list": (_register("goals"), 6),
    "tiers create form": (_create("tiers"), 4),
    "groups create form": (_create("groups"), 6),
    "messages create form": (_create("messages"), 6),
    "channels create form": (_create("channels"), 5),
    # The message picker reads who must know what (tiers, groups, messages, links): +3.
    "activities create form": (_create("activities"), 11),
    "goals create form": (_create("goals"), 4),
    "tiers edit form": (_edit("tiers"), 5),
    "groups edit form": (_edit("groups"), 8),
    "messages edit form": (_edit("messages"), 9),
    "channels edit form": (_edit("channels"), 7),
    "activities edit form": (_edit("activities"), 16),
    "goals edit form": (_edit("goals"), 5),
    "spokespersons list": (_register("spokespersons"), 6),
    "risks list": (_register("risks"), 6),
    "risks list, highest score first": (
        lambda site: reverse("plans:register", args=[site.plan.pk, "risks"]) + "?sort=score",
        6,
    ),
    # + the organisation's members' names, offered for the name (one query).
    "spokespersons create form": (_create("spokespersons"), 5),
    "risks create form": (_create("risks"), 4),
    "spokespersons edit form": (_edit("spokespersons"), 6),
    "risks edit form": (_edit("risks"), 5),
    "activity message picker": (
        lambda site: reverse("plans:activity_messages", args=[site.plan.pk]) + "?groups=1",
        8,
    ),
}


def _queries(site: Site, url: str) -> list[dict[str, Any]]:
    client = login(site.user)
    response = client.get(url)  # once first: nothing a first request may cache is counted
    assert response.status_code == 200, f"GET {url}: {response.status_code}"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"GET {url}: {response.status_code}"
    return captured.captured_queries


def test_the_plans_differ_in_size(db: Any, sites: dict[str, Site]) -> None:
    small, large = (sites[size].plan.register_counts() for size in ("small", "large"))
    assert (small["activities"], large["activities"]) == (10, 1_000)
    for register in ("groups", "messages", "channels", "spokespersons", "risks"):
        assert large[register] > 10 * small[register]


@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_pinned_and_independent_of_plan_size(
    db: Any, sites: dict[str, Site], page: str
) -> None:
    url_for, expected = PAGES[page]
    queries = {size: _queries(site, url_for(site)) for size, site in sites.items()}
    counts = {size: len(captured) for size, captured in queries.items()}
    listing = "\n".join(f"  {q['sql'][:300]}" for q in queries["large"])
    assert counts == {"small": expected, "large": expected}, (
        f"{page}: {counts['small']} queries for 10 activities, {counts['large']} for 1,000; "
        f"pinned at {expected}. The large plan's queries:\n{listing}"
    )
