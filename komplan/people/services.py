"""What the people's records mean for the rest of komplan: the messages they conveyed, for
coverage, and adding a contact to a meeting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from komplan.meetings.models import Meeting, Participant
from komplan.people.models import Contact, Interaction, Invitee
from komplan.plans.models import TargetGroup


def conveyed_sql(quote: Callable[[str], str]) -> str:
    """One SELECT of the (group, message) pairs of a plan (%s) that an interaction conveyed:
    a group concerned and a message conveyed by the same interaction. Messages of other plans
    are read too and ignored by coverage, which knows only the plan's own."""
    groups = Interaction.groups.through._meta
    messages = Interaction.messages.through._meta
    group_table = Interaction.groups.field.related_model._meta.db_table
    return (
        f"SELECT DISTINCT g.{quote('targetgroup_id')}, m.{quote('message_id')}"
        f" FROM {quote(groups.db_table)} g"
        f" JOIN {quote(messages.db_table)} m"
        f" ON m.{quote('interaction_id')} = g.{quote('interaction_id')}"
        f" JOIN {quote(group_table)} t ON t.{quote('id')} = g.{quote('targetgroup_id')}"
        f" WHERE t.{quote('plan_id')} = %s"
    )


def conveyed_stamp() -> list[Any]:
    """The part of a plan's content stamp (`OuterRef("pk")`) for `conveyed_sql`: the number
    of links of interactions to the plan's groups and the latest change of those
    interactions. Logging, editing (which saves the interaction) or deleting one changes it."""
    links = (
        Interaction.groups.through.objects.filter(targetgroup__plan=OuterRef("pk"))
        .order_by()
        .values("targetgroup__plan")
    )
    return [
        Coalesce(Subquery(links.annotate(n=Count("pk")).values("n")), 0),
        Subquery(links.annotate(t=Max("interaction__updated_at")).values("t")),
    ]


@transaction.atomic
def invite(contact: Contact, meeting: Meeting, *, user: Any = None) -> Participant:
    """Add `contact` to `meeting` as a participant, remembering that it is them."""
    participant = Participant.objects.create(
        meeting=meeting,
        name=contact.name,
        organization=contact.employer,
        email=contact.email,
        updated_by=user,
    )
    Invitee.objects.create(contact=contact, participant=participant)
    return participant


def timeline(interactions: QuerySet[Interaction]) -> QuerySet[Interaction]:
    """Interactions with everything a timeline (a page, or a person's data export) shows, in
    a fixed number of queries, newest first."""
    return interactions.prefetch_related(
        Prefetch("contacts", queryset=Contact.objects.only("pk", "name", "organization_id")),
        "members",
        Prefetch("groups", queryset=TargetGroup.objects.only("pk", "name", "plan_id")),
        "messages",
    ).order_by("-day", "-pk")
