"""`komplan generate`: Ekby kommun's developer makes a plan of any size from a script, as
`PLAN=$(komplan generate …)`, and the benchmarks build their plans with the same generator."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from komplan.accounts.models import Membership, Organization
from komplan.demo.services import demo_organization_create
from komplan.plans.coverage import coverage
from komplan.plans.graph import plan_graph
from komplan.plans.models import Plan

pytestmark = pytest.mark.django_db

SIZE = {"groups": 12, "messages": 20, "channels": 6, "activities": 150}


def generate(*args: str, **options: Any) -> str:
    """Run the command; what it printed on stdout (its report goes to stderr)."""
    out, err = StringIO(), StringIO()
    call_command("generate", *args, stdout=out, stderr=err, **options)
    assert "Plan " in err.getvalue() or options.get("verbosity") == 0
    return out.getvalue()


def test_it_prints_the_new_plan_id_alone() -> None:
    out = generate(**SIZE)
    assert out.strip().isdigit() and out == f"{out.strip()}\n"
    assert Plan.objects.filter(pk=int(out)).exists()


def test_the_plan_has_exactly_the_numbers_asked_for() -> None:
    plan = Plan.objects.get(pk=int(generate(goals=3, **SIZE)))
    counts = {**SIZE, "goals": 3, "tiers": 3, "spokespersons": 0, "risks": 0}
    assert plan.register_counts() == counts
    assert list(plan.tiers.values_list("position", flat=True)) == [1, 2, 3]
    assert list(plan.activities.values_list("position", flat=True)) == list(range(1, 151))


def test_its_entries_are_linked_so_coverage_has_something_to_say() -> None:
    plan = Plan.objects.get(pk=int(generate(**SIZE)))
    report = coverage(plan_graph(plan))
    assert report.owed_count > 0 and 0 < report.carried_count < report.owed_count
    assert report.done_count > 0
    assert plan.activities.filter(starts_on__isnull=False).exists()


def test_a_second_run_makes_a_second_plan_in_the_same_organisation() -> None:
    first = int(generate("--org", "ekby", **SIZE))
    second = int(generate("--org", "ekby", **SIZE))
    assert first != second
    organization = Organization.objects.get(slug="ekby")
    assert organization.name == "Ekby"
    assert sorted(organization.plans.values_list("pk", flat=True)) == [first, second]


def test_the_seed_decides_the_content() -> None:
    def titles(seed: int) -> list[str]:
        plan = Plan.objects.get(pk=int(generate(seed=seed, **SIZE)))
        return list(plan.activities.values_list("title", flat=True))

    assert titles(7) == titles(7) != titles(8)


def test_without_an_organisation_it_makes_one_the_demo_login_opens() -> None:
    demo_organization_create()
    plan = Plan.objects.get(pk=int(generate(verbosity=0, **SIZE)))
    assert (plan.organization.slug, plan.organization.name) == ("storvik", "Storviks kommun")
    roles = Membership.objects.filter(organization=plan.organization)
    assert sorted(roles.values_list("user__username", "role", "can_approve")) == [
        ("anna", "admin", True),
        ("erik", "editor", False),
        ("sofia", "viewer", False),
    ]


def test_an_existing_organisation_keeps_its_members(organization: Any, editor: Any) -> None:
    plan = Plan.objects.get(pk=int(generate("--org", organization.slug, **SIZE)))
    assert plan.organization == organization
    assert list(Membership.objects.filter(organization=organization)) == [editor.memberships.get()]


def test_empty_registers_are_allowed() -> None:
    plan = Plan.objects.get(pk=int(generate(groups=0, messages=0, channels=0, activities=3)))
    assert plan.register_counts() == {
        "groups": 0,
        "messages": 0,
        "channels": 0,
        "activities": 3,
        "goals": 6,
        "tiers": 3,
        "spokespersons": 0,
        "risks": 0,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--groups", "-1"], "--groups: expected a whole number, 0 or more, not '-1'"),
        (["--activities", "many"], "--activities: expected a whole number, 0 or more"),
        (["--org", "Ekby kommun"], "--org: 'Ekby kommun' is not a short name"),
    ],
)
def test_bad_arguments_are_refused_naming_the_option(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        generate(*args)
    assert not Plan.objects.exists() and not Organization.objects.exists()
