"""A person's data under the GDPR (docs/gdpr.md): what komplan holds about one contact or
member of an organisation (`contact_data`, `member_data`: the export, Art. 15 and 20), erasing
them (`contact_erase`, `member_erase`: Art. 17) and the organisation's retention period
(`retention_clean_up`).

The rules of erasure:
- The person's name, and their email, phone or user name, are replaced by a pseudonym
  ("Person 3F2A") wherever komplan copied them as text in the organisation: audit history
  (who, what, each value before and after), meeting participants and forum members, the
  responsible of activities, channels, agenda items, action items and cascade steps, the
  revision table, frozen versions (plan JSON), interactions' subjects and notes (`PLACES`).
  A whole word is replaced, in any case; a text only mentioning the name stays otherwise as
  it was.
- A contact keeps its row under the pseudonym, with no details and in no group, so that the
  interactions it took part in still count; a member's account keeps its row (what they did
  still points at it) under the pseudonym, without email or password, and cannot log in.
- The erasure is itself an audit event of the organisation (register "people"), naming the
  pseudonym and never the name; the plans' kept documents are thrown away, so that no
  download made before still carries the name.
"""

from __future__ import annotations

import json
import re
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from komplan.accounts.models import Membership, Organization, User
from komplan.accounts.services import member_remove
from komplan.audit.models import Action, AuditEvent
from komplan.audit.recording import user_name
from komplan.exports import documents
from komplan.meetings.models import Participant
from komplan.people.models import Contact, Interaction
from komplan.people.services import timeline
from komplan.plans.models import Plan
from komplan.versions.public import forget_public_files

__all__ = [
    "CONTACT_PARTS",
    "PLACES",
    "REGISTER",
    "ContactPart",
    "NotErasable",
    "Place",
    "contact_data",
    "contact_erase",
    "member_data",
    "member_erase",
    "pseudonym",
    "register_contact_part",
    "retention_clean_up",
]

# The audit events of people's data (erasures, clean-ups) are of the organisation, in this
# register, with no plan.
REGISTER = "people"
SHORTEST = 3  # a shorter detail ("Al") is not searched for in free text


@dataclass(frozen=True)
class Place:
    """Where a name may be copied as text: a model ("app.Model"), the lookup from it to its
    organisation, its text fields and its JSON fields."""

    model: str
    organization: str
    texts: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()


# Models are named, not imported: some belong to apps above people (the cascade), which the
# layers forbid importing; the app registry gives them without an import.
PLACES: tuple[Place, ...] = (
    Place("audit.AuditEvent", "organization", ("user_name", "object_repr"), ("changes",)),
    Place("versions.Revision", "plan__organization", ("changed_by", "on_behalf_of", "comment")),
    Place("versions.Snapshot", "plan__organization", (), ("data",)),
    Place("plans.Plan", "organization", ("project_lead",)),
    Place("plans.Activity", "plan__organization", ("responsible",)),
    Place("plans.Channel", "plan__organization", ("responsible",)),
    Place("plans.CalendarFeed", "plan__organization", ("responsible",)),
    Place("plans.Spokesperson", "plan__organization", ("name", "contact")),
    Place("plans.Risk", "plan__organization", ("owner", "mitigation")),
    Place("meetings.ForumMember", "forum__organization", ("name", "email")),
    Place("meetings.Participant", "meeting__forum__organization", ("name", "email")),
    Place("meetings.AgendaItem", "meeting__forum__organization", ("responsible", "notes")),
    Place("meetings.ActionItem", "meeting__forum__organization", ("owner", "text")),
    Place("meetings.Decision", "meeting__forum__organization", ("text",)),
    Place("cascade.Step", "plan__organization", ("responsible",)),
    Place("cascade.Material", "plan__organization", ("approved_by_name",)),
    Place("people.Interaction", "organization", ("subject", "notes")),
    Place("people.EngagementChange", "group__plan__organization", ("note",)),
    Place("surveys.Answer", "response__survey__plan__organization", ("text",)),
    # What was sent to webhooks, and the start of the receivers' answers (they may echo it).
    Place("webhooks.Delivery", "webhook__organization", (), ("payload",)),
    Place("webhooks.Attempt", "delivery__webhook__organization", ("response_start",)),
)


@dataclass(frozen=True)
class ContactPart:
    """What an app above people holds about a contact by reference (a survey's invitations):
    `export(contact)` gives it as JSON-ready data, under `name` in the contact's export, and
    `print_template` shows that data (as `part`) in the readable PDF when there is any;
    `erase(contact)` unlinks or deletes it inside the erasure's transaction."""

    name: str
    export: Callable[[Contact], Any]
    erase: Callable[[Contact], None]
    print_template: str


CONTACT_PARTS: dict[str, ContactPart] = {}


def register_contact_part(part: ContactPart) -> None:
    """Export and erase `part` with every contact from now on (idempotent by name)."""
    CONTACT_PARTS[part.name] = part


class NotErasable(Exception):
    """The person cannot be erased by this organisation (the message says why)."""


def pseudonym() -> str:
    """A name that tells people apart without saying who they were: "Person 3F2A"."""
    return f"Person {secrets.token_hex(2).upper()}"


# --- export ---------------------------------------------------------------------------------


def _day(value: date | datetime | None) -> str | None:
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return value.isoformat() if value else None


def _interactions(interactions: Iterable[Interaction]) -> list[dict[str, Any]]:
    return [
        {
            "date": _day(i.day),
            "kind": i.kind,
            "subject": i.subject,
            "notes": i.notes,
            "follow_up": _day(i.follow_up),
            "contacts": [c.name for c in i.contacts.all()],
            "members": [u.get_full_name() or u.username for u in i.members.all()],
            "groups": [g.name for g in i.groups.all()],
            "messages": [m.text for m in i.messages.all()],
        }
        for i in interactions
    ]


def _participations(participants: Iterable[Participant]) -> list[dict[str, Any]]:
    return [
        {
            "meeting": str(p.meeting),
            "date": _day(p.meeting.date),
            "forum": p.meeting.forum.name,
            "name": p.name,
            "organisation": p.organization,
            "email": p.email,
            "role": p.role,
            "attendance": p.attendance,
        }
        for p in participants
    ]


def contact_data(contact: Contact) -> dict[str, Any]:
    """Everything komplan holds about the contact, as JSON-ready data."""
    participants = Participant.objects.filter(contact_link__contact=contact).select_related(
        "meeting__forum"
    )
    return {
        "format": "komplan-person",
        "version": 1,
        "kind": "contact",
        "organisation": contact.organization.name,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "person": {
            "name": contact.name,
            "role": contact.role,
            "organisation": contact.employer,
            "email": contact.email,
            "phone": contact.phone,
            "added": _day(contact.created_at),
            "changed": _day(contact.updated_at),
        },
        "target_groups": [
            {"plan": g.plan.name, "group": g.name}
            for g in contact.groups.select_related("plan").order_by("plan__name", "position")
        ],
        "interactions": _interactions(timeline(contact.interactions.all())),
        "meetings": _participations(participants.order_by("meeting__date", "pk")),
        **{name: part.export(contact) for name, part in CONTACT_PARTS.items()},
    }


def member_data(user: User, organization: Organization) -> dict[str, Any]:
    """Everything the organisation holds about one of its (former) members."""
    membership = Membership.objects.filter(user=user, organization=organization).first()
    participants = Participant.objects.filter(
        Q(user=user) | Q(member__user=user), meeting__forum__organization=organization
    ).select_related("meeting__forum")
    events = AuditEvent.objects.filter(organization=organization, user=user).order_by("at", "pk")
    interactions = Interaction.objects.filter(organization=organization, members=user)
    return {
        "format": "komplan-person",
        "version": 1,
        "kind": "member",
        "organisation": organization.name,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "person": {
            "name": user.get_full_name(),
            "username": user.username,
            "email": user.email,
            "role": membership.role if membership else None,
            "member_since": _day(membership.created_at) if membership else None,
            "last_login": _day(user.last_login),
            "can_log_in": user.is_active,
        },
        "interactions": _interactions(timeline(interactions)),
        "meetings": _participations(participants.order_by("meeting__date", "pk")),
        "changes": [
            {
                "at": e.at.isoformat(timespec="seconds"),
                "plan": e.plan_name,
                "register": e.register,
                "object": e.object_repr,
                "action": e.action,
            }
            for e in events.only("at", "plan_name", "register", "object_repr", "action")
        ],
    }


def members_of(organization: Organization) -> list[User]:
    """The organisation's members and the former members its audit history still names."""
    here = Membership.objects.filter(organization=organization, user=OuterRef("pk"))
    acted = AuditEvent.objects.filter(organization=organization, user=OuterRef("pk"))
    return list(
        User.objects.annotate(member=Exists(here))
        .filter(Q(member=True) | Exists(acted))
        .order_by("first_name", "last_name", "username")
    )


# --- erasure --------------------------------------------------------------------------------


class _Replacer:
    """Replaces whole-word occurrences of any of `details`, in any case, by `pseudonym`."""

    def __init__(self, details: Iterable[str], pseudonym: str) -> None:
        words = sorted({d.strip() for d in details if len(d.strip()) >= SHORTEST}, key=len)
        self.details = words[::-1]  # the longest first: "Karin Ek" before "Karin"
        self.pseudonym = pseudonym
        self.pattern = (
            re.compile(
                r"(?<!\w)(?:" + "|".join(re.escape(d) for d in self.details) + r")(?!\w)",
                re.IGNORECASE,
            )
            if self.details
            else None
        )

    def text(self, value: str) -> str:
        if not value or self.pattern is None:
            return value
        return self.pattern.sub(self.pseudonym, value)

    def document(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.document(v) for v in value]
        if isinstance(value, dict):
            return {k: self.document(v) for k, v in value.items()}
        return value

    def candidates(self, place: Place) -> Q:
        """Rows of `place` that may hold a detail (the database narrows, Python decides)."""
        q = Q()
        for detail in self.details:
            # JSON is kept as text with \\u escapes by some databases, without by others.
            escaped = json.dumps(detail)[1:-1]
            for name in place.texts:
                q |= Q(**{f"{name}__icontains": detail})
            for name in place.documents:
                q |= Q(**{f"_text_{name}__icontains": detail})
                if escaped != detail:
                    q |= Q(**{f"_text_{name}__icontains": escaped})
        return q


def _pseudonymise(organization: Organization, replacer: _Replacer) -> set[int]:
    """Replace the details everywhere in `PLACES` of the organisation; the ids of the plans
    whose documents changed. The public files of rewritten frozen versions are forgotten."""
    plans: set[int] = set()
    if replacer.pattern is None:
        return plans
    for place in PLACES:
        model = apps.get_model(place.model)
        rows = model._default_manager.filter(**{place.organization: organization})
        if place.documents:
            rows = rows.annotate(
                **{f"_text_{n}": Cast(n, output_field=TextField()) for n in place.documents}
            )
        fields = [*place.texts, *place.documents]
        changed = []
        for row in rows.filter(replacer.candidates(place)).only("pk", *fields):
            for name in place.texts:
                setattr(row, name, replacer.text(getattr(row, name)))
            for name in place.documents:
                setattr(row, name, replacer.document(getattr(row, name)))
            changed.append(row)
        # Rows that now read the same are updated in one statement (an erased person's
        # interactions often share a subject); `bulk_update`'s CASE per row is far slower.
        same: dict[str, list[int]] = defaultdict(list)
        for row in changed:
            values = {name: getattr(row, name) for name in fields}
            same[json.dumps(values, sort_keys=True, default=str)].append(row.pk)
        for text, pks in same.items():
            values = json.loads(text)
            for start in range(0, len(pks), 500):
                model._default_manager.filter(pk__in=pks[start : start + 500]).update(**values)
        if changed and place.model == "versions.Snapshot":
            forget_public_files([row.pk for row in changed])
        if place.organization.startswith("plan__"):
            plans.update(
                model._default_manager.filter(pk__in=[r.pk for r in changed]).values_list(
                    "plan_id", flat=True
                )
            )
        elif model is Plan:
            plans.update(r.pk for r in changed)
    return plans


def _forget_documents(organization: Organization, plans: set[int]) -> None:
    """The plans' documents change: throw away the files made before (they hold the name)."""
    Plan.objects.filter(pk__in=plans).update(updated_at=timezone.now())
    documents.forget(
        list(Plan.objects.filter(organization=organization).values_list("pk", flat=True))
    )


class Reason:
    """Why a person's data left, as kept in the audit event's `changes`."""

    ERASED = "erased"
    RETENTION = "retention"


def _event(
    organization: Organization, *, object_id: int, text: str, reason: str, by: Any
) -> AuditEvent:
    return AuditEvent(
        organization=organization,
        plan=None,
        register=REGISTER,
        object_id=object_id,
        object_repr=text,
        action=Action.DELETE,
        changes=[{"field": "reason", "label": "reason", "old": "", "new": reason}],
        user=by,
        user_name=user_name(by) if by else "",
    )


@transaction.atomic
def contact_erase(*, contact: Contact, by: Any = None) -> str:
    """Erase the contact (see the module's rules); returns their pseudonym."""
    contact = Contact.objects.select_for_update().select_related("organization").get(pk=contact.pk)
    organization = contact.organization
    name = pseudonym()
    replacer = _Replacer([contact.name, contact.email, contact.phone], name)
    Participant.objects.filter(contact_link__contact=contact).update(
        name=name, email="", organization=""
    )
    plans = _pseudonymise(organization, replacer)
    for part in CONTACT_PARTS.values():
        part.erase(contact)
    Contact.objects.filter(pk=contact.pk).update(
        name=name, role="", employer="", email="", phone="", updated_at=timezone.now()
    )
    contact.groups.clear()
    _forget_documents(organization, plans)
    _event(organization, object_id=contact.pk, text=name, reason=Reason.ERASED, by=by).save()
    return name


@transaction.atomic
def member_erase(*, user: User, organization: Organization, by: Any = None) -> str:
    """Erase a member or former member of `organization` who belongs to no other one:
    their membership ends (not the last admin's), their account keeps its row under a
    pseudonym with no email, user name or password, and cannot log in."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_superuser or (
        Membership.objects.filter(user=user).exclude(organization=organization).exists()
    ):
        raise NotErasable("member of another organisation")
    membership = Membership.objects.filter(user=user, organization=organization).first()
    if membership is not None:
        member_remove(membership=membership)  # LastAdminError for the last admin
    name = pseudonym()
    details = [user.get_full_name(), user.username, user.email, user.first_name]
    if user.last_name:
        details.append(f"{user.first_name} {user.last_name}".strip())
    replacer = _Replacer(details, name)
    plans = _pseudonymise(organization, replacer)
    Participant.objects.filter(Q(user=user) | Q(member__user=user)).update(name=name, email="")
    first, last = name.split(" ", 1)
    user.first_name, user.last_name, user.email = first, last, ""
    user.username = f"erased-{user.pk}-{secrets.token_hex(4)}"
    user.is_active = False
    user.set_unusable_password()
    user.save()
    _forget_documents(organization, plans)
    _event(organization, object_id=user.pk, text=name, reason=Reason.ERASED, by=by).save()
    return name


# --- retention ------------------------------------------------------------------------------


def _months_before(today: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day if shorter)."""
    month = today.month - 1 - months
    year, month = today.year + month // 12, month % 12 + 1
    for day in range(today.day, 0, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@transaction.atomic
def retention_clean_up(*, organization: Organization, today: date) -> tuple[int, int]:
    """Delete the organisation's interactions dated, and last changed, before its retention
    period, then its contacts with no later interaction nor change; each removal is audited
    by number, never by name. Returns (contacts, interactions) deleted."""
    months = organization.retention_months
    if not months:
        return 0, 0
    cutoff = _months_before(today, months)
    start = timezone.make_aware(datetime.combine(cutoff, datetime.min.time()))
    old = Interaction.objects.filter(
        organization=organization, day__lt=cutoff, updated_at__lt=start
    )
    interaction_ids = list(old.values_list("pk", flat=True))
    Interaction.objects.filter(pk__in=interaction_ids).delete()
    # What is left of a contact's interactions is recent (dated or changed in the period).
    contacts = Contact.objects.filter(organization=organization, updated_at__lt=start).exclude(
        Exists(Interaction.contacts.through.objects.filter(contact_id=OuterRef("pk")))
    )
    contact_ids = list(contacts.values_list("pk", flat=True))
    Contact.objects.filter(pk__in=contact_ids).delete()
    events = [
        _event(organization, object_id=pk, text="", reason=Reason.RETENTION, by=None)
        for pk in contact_ids
    ]
    if interaction_ids:
        events.append(
            _event(
                organization,
                object_id=0,
                text=str(len(interaction_ids)),
                reason=Reason.RETENTION,
                by=None,
            )
        )
    AuditEvent.objects.bulk_create(events, batch_size=500)
    return len(contact_ids), len(interaction_ids)
