"""Fictional forums and meetings for tests: Ekby's steering group for its new e-archive."""

from __future__ import annotations

import datetime as dt
from typing import Any

from komplan.accounts.models import Membership, Organization, Role
from komplan.meetings import services
from komplan.meetings.models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Attendance,
    Decision,
    Forum,
    ForumMember,
    ItemKind,
    Meeting,
    MeetingRole,
    Participant,
)
from komplan.plans.models import Plan
from tests.factories import make_user

MEMBERS = [
    ("Sara Holm", "Ekby kommunalförbund", MeetingRole.PROCESS_LEADER),
    ("Jörn Hagberg", "Vänersby", MeetingRole.NONE),
    ("Tove Andrén", "Ekby kommunalförbund", MeetingRole.NONE),
    ("Nils Faritz", "Strömby", MeetingRole.VICE_CHAIR),
    ("Hanna Sund", "Munkby", MeetingRole.NONE),
]

TOPICS = ["Nulägesbild", "Kommunikationsplanen", "Beslut om planen", "Arbetsmoment"]

# A PDF small enough to write by hand: what the sniffing looks at is its start.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_forum(
    organization: Organization,
    name: str = "Styrgruppen för e-arkivet",
    *,
    language: str = "sv",
    members: int = len(MEMBERS),
) -> Forum:
    forum = Forum.objects.create(organization=organization, name=name, language=language)
    people = []
    for n in range(members):
        name, org, role = MEMBERS[n % len(MEMBERS)]
        if n >= len(MEMBERS):
            name, role = f"Ledamot {n + 1}", MeetingRole.NONE
        people.append(
            ForumMember(
                forum=forum, name=name, organization=org, role=role, email=f"m{n + 1}@example.org"
            )
        )
    ForumMember.objects.bulk_create(people)
    return forum


def make_meeting(
    forum: Forum,
    *,
    plans: tuple[Plan, ...] = (),
    date: dt.date = dt.date(2026, 3, 5),
    start: dt.time = dt.time(9, 0),
    end: dt.time | None = dt.time(12, 0),
    **fields: Any,
) -> Meeting:
    fields.setdefault("place", "Stadshuset, sal 3")
    meeting = Meeting.objects.create(
        forum=forum, date=date, start_time=start, end_time=end, **fields
    )
    meeting.plans.add(*plans)
    services.meeting_started(meeting)
    return meeting


def make_adjuster(meeting: Meeting, username: str = "justerare", role: str = Role.VIEWER) -> Any:
    """A member of the organisation appointed to justera `meeting`'s minutes."""
    user = make_user(username, first_name="Sara", last_name="Holm")
    Membership.objects.create(user=user, organization=meeting.forum.organization, role=role)
    participant = meeting.participants.filter(name="Sara Holm").first()
    if participant is None:
        participant = Participant.objects.create(meeting=meeting, name="Sara Holm")
    participant.user = user
    participant.adjuster = True
    participant.save()
    return user


def fill_meeting(
    meeting: Meeting, *, items: int = 3, plan: Plan | None = None, absent: int = 1
) -> dict[str, Any]:
    """Participants from the forum (the last `absent` of them absent) and a guest, an agenda
    of `items` items typed I, D, B, … with a break, notes, a decision approving `plan`, an
    action item, and a note-taker."""
    participants = services.members_add(meeting, meeting.forum.members.all(), user=None)
    for participant in participants[len(participants) - absent :]:
        participant.attendance = Attendance.ABSENT
        participant.save()
    guest = Participant.objects.create(
        meeting=meeting, name="Gunnar Gäst", organization="IT-enheten", attendance=Attendance.GUEST
    )
    kinds = [ItemKind.INFORMATION, ItemKind.DISCUSSION, ItemKind.DECISION, ItemKind.WORK]
    made = []
    for n in range(items):
        if n == 2:
            AgendaItem.objects.create(
                meeting=meeting, kind=ItemKind.BREAK, description="Fika", duration=15
            )
        made.append(
            AgendaItem.objects.create(
                meeting=meeting,
                kind=kinds[n % len(kinds)],
                description=f"Punkt {n + 1}: {TOPICS[n % len(TOPICS)]}",
                responsible="Sara",
                duration=15,
                notes=f"Anteckningar till punkt {n + 1}.",
            )
        )
    decision_item = next((i for i in made if i.kind == ItemKind.DECISION), made[-1])
    decision = Decision.objects.create(
        meeting=meeting,
        item=decision_item,
        text="Styrgruppen godkänner kommunikationsplanen med ändringen i mål 1.",
        plan=plan,
        plan_version=plan.version if plan else "",
    )
    action = ActionItem.objects.create(
        meeting=meeting,
        item=made[min(1, len(made) - 1)],
        text="Sammanställ synpunkterna på planen",
        owner="Tove Andrén",
        due_date=dt.date(2026, 4, 15),
    )
    note_taker = next(p for p in participants if p.name == "Tove Andrén")
    Meeting.objects.filter(pk=meeting.pk).update(note_taker=note_taker)
    meeting.note_taker = note_taker
    return {
        "participants": participants,
        "guest": guest,
        "items": made,
        "decision": decision,
        "action": action,
        "note_taker": note_taker,
    }


def make_attachment(meeting: Meeting, name: str = "Presentation.pdf") -> Attachment:
    from django.core.files.base import ContentFile

    return Attachment.objects.create(
        meeting=meeting,
        file=ContentFile(PDF_BYTES, name=name),
        name=name,
        size=len(PDF_BYTES),
        kind="pdf",
    )


def justera(meeting: Meeting, adjuster: Any) -> None:
    """Submit and approve the minutes: version `meeting.minutes_version` becomes justered."""
    services.minutes_submit(meeting, user=None)
    meeting.refresh_from_db()
    services.minutes_approve(meeting, user=adjuster)
    meeting.refresh_from_db()
