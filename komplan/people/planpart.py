"""What the people app adds to plans without plans knowing it: the `contacts` part of plan
JSON, and the "Log as interaction" link on a held activity's page.

The `contacts` part carries who belongs to the plan's groups **by reference only**:
`[{"key": "contact-12", "groups": ["group-1"]}]`, the key naming the organisation's contact
by its id. Names, roles, organisations, email addresses and phone numbers are personal data
(docs/gdpr.md) and travel only when the exporter asks for them (`komplan export
--with-contacts`, the download's `?contacts=1` for administrators): then each entry also has
`name`, `role`, `organisation`, `email` and `phone`.

Reading it back (a copy, an import, a restored version) links the contacts of the plan's
organisation that the keys name to the written groups; a key that names no contact of the
organisation (another organisation's, or one deleted since) is skipped, unless the entry
carries a name, in which case the contact is made.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import Count, Max, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from komplan.people.models import Contact
from komplan.plans.extensions import PlanPart
from komplan.plans.models import ActivityStatus

__all__ = ["PART", "activity_links", "check", "dump", "load", "personal"]

Key = Callable[[str, int | None], str | None]
KEY = re.compile(r"^contact-([1-9][0-9]{0,17})$")
DETAILS = {"name": 200, "role": 200, "organisation": 200, "email": 254, "phone": 50}


def _links(plan: Any) -> dict[int, list[int]]:
    """contact id -> ids of the plan's groups it belongs to, in one query."""
    through = Contact.groups.through.objects.filter(targetgroup__plan_id=plan.pk)
    out: dict[int, list[int]] = {}
    for contact_id, group_id in through.order_by("contact_id", "targetgroup_id").values_list(
        "contact_id", "targetgroup_id"
    ):
        out.setdefault(contact_id, []).append(group_id)
    return out


def dump(plan: Any, key: Key) -> list[dict[str, Any]]:
    """The plan's contacts by reference: a key and the groups, nothing about the person."""
    return [
        {"key": f"contact-{pk}", "groups": [k for g in groups if (k := key("groups", g))]}
        for pk, groups in _links(plan).items()
    ]


def personal(plan: Any, key: Key) -> list[dict[str, Any]]:
    """`dump` with each contact's details, for an export that asks for them."""
    entries = dump(plan, key)
    ids = [int(entry["key"].split("-")[1]) for entry in entries]
    contacts = Contact.objects.filter(pk__in=ids).only(
        "pk", "name", "role", "employer", "email", "phone"
    )
    details = {
        f"contact-{c.pk}": {
            "name": c.name,
            "role": c.role,
            "organisation": c.employer,
            "email": c.email,
            "phone": c.phone,
        }
        for c in contacts
    }
    return [{**entry, **details.get(entry["key"], {})} for entry in entries]


def check(value: Any) -> list[tuple[str, str]]:
    """What is wrong with a `contacts` part read from plan JSON (paths relative to it)."""
    if not isinstance(value, list):
        return [("", "not a list")]
    problems: list[tuple[str, str]] = []
    for n, item in enumerate(value):
        where = f"[{n}]"
        if not isinstance(item, dict):
            problems.append((where, "not an object"))
            continue
        if not isinstance(item.get("key"), str) or not KEY.match(item["key"]):
            problems.append((f"{where}.key", "not a contact key (contact-<id>)"))
        groups = item.get("groups", [])
        if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
            problems.append((f"{where}.groups", "not a list of group keys"))
        for name in DETAILS:
            if name in item and not isinstance(item[name], str):
                problems.append((f"{where}.{name}", "not a text"))
        unknown = set(item) - {"key", "groups", *DETAILS}
        if unknown:
            problems.append((where, "unknown names: " + ", ".join(sorted(unknown))))
    return problems


def load(
    *,
    plan: Any,
    value: list[Mapping[str, Any]],
    keys: Mapping[str, Mapping[str, int]],
    user: Any,
    replace: bool,
) -> None:
    """Link the contacts `value` names to the plan's written groups (see the module)."""
    through = Contact.groups.through
    if replace:
        through.objects.filter(targetgroup__plan_id=plan.pk).delete()
    ids = [int(m.group(1)) for item in value if (m := KEY.match(item["key"]))]
    known = set(
        Contact.objects.filter(organization_id=plan.organization_id, pk__in=ids).values_list(
            "pk", flat=True
        )
    )
    groups = keys.get("groups", {})
    rows = set()
    for item in value:
        match = KEY.match(item["key"])
        contact_id = int(match.group(1)) if match else 0
        if contact_id not in known:
            if not str(item.get("name") or "").strip():
                continue  # a reference to nobody this organisation knows
            contact_id = Contact.objects.create(
                organization_id=plan.organization_id,
                name=str(item["name"]).strip()[: DETAILS["name"]],
                role=str(item.get("role") or "")[: DETAILS["role"]],
                employer=str(item.get("organisation") or "")[: DETAILS["organisation"]],
                email=str(item.get("email") or "")[: DETAILS["email"]],
                phone=str(item.get("phone") or "")[: DETAILS["phone"]],
                updated_by=user,
            ).pk
            known.add(contact_id)
        rows.update((contact_id, groups[g]) for g in item.get("groups", []) if g in groups)
    through.objects.bulk_create(
        [through(contact_id=c, targetgroup_id=g) for c, g in sorted(rows)],
        ignore_conflicts=True,
    )


def stamp() -> list[Any]:
    """What changes with the contacts part of a plan (`OuterRef("pk")`): the links of contacts
    to the plan's groups, by number and by their latest id (a removed link and an added one
    leave the number as it was)."""
    links = (
        Contact.groups.through.objects.filter(targetgroup__plan=OuterRef("pk"))
        .order_by()
        .values("targetgroup__plan")
    )
    return [
        Subquery(links.annotate(n=Count("pk")).values("n")),
        Subquery(links.annotate(last=Max("pk")).values("last")),
    ]


PART = PlanPart("contacts", dump, load, check, personal=personal, stamp=stamp)


def activity_links(activity: Any) -> list[tuple[str, str]]:
    """A held (done) activity offers to log it as an interaction, the form filled in."""
    if activity.status != ActivityStatus.DONE:
        return []
    url = reverse("people:activity_log", args=[activity.plan_id, activity.pk])
    return [(_("Log as interaction"), url)]
