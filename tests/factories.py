"""Plain helpers that build fictional organisations and plans for tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from komplan.accounts.models import Membership, Organization, Role, User
from komplan.plans.models import (
    Activity,
    ActivityStatus,
    Channel,
    Goal,
    Message,
    Plan,
    Reach,
    TargetGroup,
)

PASSWORD = "test-password-1"


def make_user(username: str, **extra: Any) -> User:
    extra.setdefault("email", f"{username}@example.org")
    return User.objects.create_user(username=username, password=PASSWORD, **extra)


def make_member(organization: Organization, username: str, role: str = Role.EDITOR) -> User:
    user = make_user(username)
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


def make_organization(name: str = "Ekby kommun", slug: str = "ekby") -> Organization:
    return Organization.objects.create(name=name, slug=slug)


def make_plan(organization: Organization, **fields: Any) -> Plan:
    fields.setdefault("name", "Nytt ärendesystem")
    fields.setdefault("start_date", dt.date(2026, 1, 1))
    fields.setdefault("end_date", dt.date(2027, 12, 31))
    plan = Plan.objects.create(organization=organization, **fields)
    plan.create_default_tiers()
    return plan


def fill_plan(plan: Plan, activities: int = 3) -> dict[str, Any]:
    """One of every register entry of the plan document's sections 1-6, linked the way a
    real plan links them (`fill_everything` adds the spokespersons and risks too)."""
    core, primary, _secondary = plan.tiers.order_by("position")
    board = TargetGroup.objects.create(plan=plan, name="Kommunstyrelsen", tier=core)
    staff = TargetGroup.objects.create(
        plan=plan, name="Handläggare", tier=primary, reach=Reach.INTERNAL
    )
    staff.inherits_from.add(board)
    message = Message.objects.create(plan=plan, text="Systemet sparar tid.")
    message.tiers.add(core)
    channel = Channel.objects.create(plan=plan, name="Intranätet", responsible="Kommunikatör")
    channel.groups.add(staff)
    goal = Goal.objects.create(plan=plan, text="Alla handläggare känner till systemet")
    made = []
    for number in range(activities):
        activity = Activity.objects.create(
            plan=plan,
            title=f"Nyhet {number + 1}",
            time_text="Hösten 2026",
            status=ActivityStatus.DONE if number == 0 else ActivityStatus.PLANNED,
        )
        activity.groups.add(staff, board)
        activity.messages.add(message)
        activity.channels.add(channel)
        activity.goals.add(goal)
        made.append(activity)
    return {
        "tiers": core,
        "groups": staff,
        "messages": message,
        "channels": channel,
        "goals": goal,
        "activities": made[0] if made else None,
    }


def fill_everything(plan: Plan, activities: int = 3) -> dict[str, Any]:
    """`fill_plan`, and one spokesperson and one risk: an entry of every register. (Apart,
    so that the documents of `fill_plan`'s plans keep their section numbers.)"""
    from komplan.plans.models import Risk, Spokesperson

    found = fill_plan(plan, activities)
    found["spokespersons"] = Spokesperson.objects.create(
        plan=plan, subject="Budgeten", name="Sara Lindqvist", role="Ordförande"
    )
    found["risks"] = Risk.objects.create(
        plan=plan, text="Taxorna missförstås.", likelihood=3, consequence=4, owner="Erik Holm"
    )
    return found
