"""What happens to meetings beyond saving a form: creating a meeting with its review item,
bringing in the forum's members, reordering the agenda, the justering of the minutes, action
items becoming plan activities, the notice email, and reading the minutes as plain data for
documents and snapshots. Views call these; nothing here knows about requests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from komplan.audit.recording import record_created
from komplan.meetings.agenda import AgendaEntry, Schedule, clock, minute_of, schedule
from komplan.meetings.labels import labels_for
from komplan.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Approval,
    Attendance,
    Decision,
    Forum,
    ForumMember,
    ItemKind,
    Meeting,
    MinutesStatus,
    MinutesVersion,
    Participant,
)
from komplan.plans.models import Activity, Plan

__all__ = [
    "MinutesError",
    "action_to_activity",
    "agenda_reorder",
    "agenda_schedule",
    "approvals_for_plan",
    "current_version",
    "meeting_create",
    "meeting_started",
    "members_add",
    "minutes_approve",
    "minutes_correct",
    "minutes_data",
    "minutes_submit",
    "minutes_withdraw",
    "notice_send",
    "previous_meeting",
]

# The review item of a new meeting: as long as the seed minutes give it (09.00–09.15).
REVIEW_MINUTES = 15


class MinutesError(Exception):
    """A justering step that the minutes' state does not allow; the message says why."""


# --- meetings and their agenda ----------------------------------------------------------------


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The forum's meeting just before `meeting` (by date and start time)."""
    earlier = Q(date__lt=meeting.date) | Q(date=meeting.date, start_time__lt=meeting.start_time)
    return (
        Meeting.objects.filter(earlier, forum_id=meeting.forum_id)
        .exclude(pk=meeting.pk)
        .order_by("-date", "-start_time", "-pk")
        .first()
    )


@transaction.atomic
def meeting_create(*, form: Any, forum: Forum, user: Any) -> Meeting:
    """Save a new meeting from its form; it starts with version 1 of its minutes and, when the
    forum met before, with an item reviewing the previous minutes and their open actions."""
    form.instance.forum = forum
    meeting = form.save_locked(user=user)
    meeting_started(meeting, user=user)
    return meeting


def meeting_started(meeting: Meeting, *, user: Any = None) -> None:
    """What a newly saved meeting starts with: version 1 of its minutes and, when the forum
    met before, the item reviewing the previous minutes."""
    forum = meeting.forum
    MinutesVersion.objects.create(meeting=meeting, number=1, created_by=_user(user))
    if previous_meeting(meeting) is not None:
        AgendaItem.objects.create(
            meeting=meeting,
            kind=ItemKind.INFORMATION,
            description=labels_for(forum.language)["previous_minutes_item"],
            duration=REVIEW_MINUTES,
            reviews_previous=True,
            updated_by=_user(user),
        )


def members_add(
    meeting: Meeting, members: Iterable[ForumMember], *, user: Any
) -> list[Participant]:
    """The forum's `members` as participants of `meeting`, present unless changed later."""
    already = set(
        meeting.participants.filter(member__isnull=False).values_list("member", flat=True)
    )
    new = [
        Participant(
            meeting=meeting,
            member=member,
            name=member.name,
            organization=member.organization,
            role=member.role,
            email=member.email,
            user_id=member.user_id,
            attendance=Attendance.PRESENT,
            updated_by=_user(user),
        )
        for member in members
        if member.pk not in already
    ]
    created = Participant.objects.bulk_create(new)
    record_created(created, user=user)  # no save, no signal: each is audited as a save is
    return created


def agenda_reorder(meeting: Meeting, ordered_ids: Sequence[int]) -> None:
    """Put the agenda in the order of `ordered_ids`, which must name every item once."""
    AgendaItem.reorder(meeting.pk, ordered_ids)


def agenda_schedule(meeting: Meeting, items: Sequence[AgendaItem]) -> Schedule:
    entries = [AgendaEntry(item.duration, item.is_break) for item in items]
    return schedule(meeting.start_time, entries, meeting.end_time)


# --- justering --------------------------------------------------------------------------------


def current_version(meeting: Meeting) -> MinutesVersion | None:
    """The version of the minutes being written or justered now, its approvals in order."""
    return (
        MinutesVersion.objects.filter(meeting=meeting, number=meeting.minutes_version)
        .prefetch_related(Prefetch("approvals", queryset=Approval.objects.order_by("pk")))
        .first()
    )


def _version_to_write(meeting: Meeting) -> MinutesVersion:
    """The current version for a justering step to change (made if missing)."""
    version, _created = MinutesVersion.objects.get_or_create(
        meeting=meeting, number=meeting.minutes_version
    )
    return version


def _locked_meeting(meeting: Meeting) -> Meeting:
    """`meeting` re-read under a row lock: two justering steps never interleave."""
    fresh = (
        Meeting.objects.select_for_update().select_related("forum__organization").get(pk=meeting.pk)
    )
    fresh.membership = getattr(meeting, "membership", None)
    return fresh


def submission_problems(meeting: Meeting, participants: Sequence[Participant]) -> list[str]:
    """Why the minutes cannot go to the adjusters yet; empty when they can."""
    problems = []
    if meeting.note_taker_id is None:
        problems.append(_("Choose who took the notes (the note-taker) in the meeting's facts."))
    adjusters = [p for p in participants if p.adjuster]
    if not adjusters:
        problems.append(_("Appoint at least one participant as adjuster."))
    for participant in adjusters:
        if participant.user_id is None:
            problems.append(
                _("%(name)s is an adjuster but has no user account to approve with.")
                % {"name": participant.name}
            )
    return problems


@transaction.atomic
def minutes_submit(meeting: Meeting, *, user: Any) -> None:
    meeting = _locked_meeting(meeting)
    if meeting.minutes_status != MinutesStatus.DRAFT:
        raise MinutesError(_("These minutes have already been submitted."))
    problems = submission_problems(meeting, list(meeting.participants.all()))
    if problems:
        raise MinutesError(" ".join(problems))
    version = _version_to_write(meeting)
    version.status = MinutesStatus.SUBMITTED
    version.submitted_by = _user(user)
    version.submitted_at = timezone.now()
    version.save()
    Meeting.objects.filter(pk=meeting.pk).update(minutes_status=MinutesStatus.SUBMITTED)


@transaction.atomic
def minutes_withdraw(meeting: Meeting, *, user: Any) -> None:
    """Take submitted minutes back to write on; approvals given so far no longer count."""
    meeting = _locked_meeting(meeting)
    if meeting.minutes_status != MinutesStatus.SUBMITTED:
        raise MinutesError(_("Only minutes waiting for approval can be withdrawn."))
    version = _version_to_write(meeting)
    version.approvals.all().delete()
    version.status = MinutesStatus.DRAFT
    version.submitted_at = None
    version.save()
    Meeting.objects.filter(pk=meeting.pk).update(minutes_status=MinutesStatus.DRAFT)


@transaction.atomic
def minutes_approve(meeting: Meeting, *, user: Any) -> bool:
    """Record `user`'s approval as an appointed adjuster; True when that completes the
    justering, which freezes the version's content as its snapshot."""
    meeting = _locked_meeting(meeting)
    if meeting.minutes_status != MinutesStatus.SUBMITTED:
        raise MinutesError(_("The minutes are not waiting for approval."))
    adjusters = list(meeting.participants.filter(adjuster=True, user__isnull=False))
    mine = [p for p in adjusters if p.user_id == user.pk]
    if not mine:
        raise PermissionDenied
    version = _version_to_write(meeting)
    approved = set(version.approvals.values_list("participant_id", flat=True))
    fresh = [p for p in mine if p.pk not in approved]
    if not fresh:
        raise MinutesError(_("You have already approved these minutes."))
    Approval.objects.bulk_create(
        Approval(version=version, participant=p, user=user, name=p.name) for p in fresh
    )
    if {p.pk for p in adjusters} - approved - {p.pk for p in fresh}:
        return False
    version.status = MinutesStatus.JUSTERED
    version.justered_at = timezone.now()
    version.save()
    Meeting.objects.filter(pk=meeting.pk).update(minutes_status=MinutesStatus.JUSTERED)
    meeting.minutes_status = MinutesStatus.JUSTERED
    version.snapshot = minutes_data(meeting)
    version.save(update_fields=["snapshot"])
    return True


@transaction.atomic
def minutes_correct(meeting: Meeting, *, user: Any, reason: str) -> MinutesVersion:
    """Open version n + 1 of justered minutes for a correction; version n stays as it was."""
    meeting = _locked_meeting(meeting)
    if meeting.minutes_status != MinutesStatus.JUSTERED:
        raise MinutesError(_("Only approved minutes are corrected in a new version."))
    number = meeting.minutes_version + 1
    version = MinutesVersion.objects.create(
        meeting=meeting, number=number, reason=reason, created_by=_user(user)
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes_version=number, minutes_status=MinutesStatus.DRAFT
    )
    return version


# --- decisions and action items ---------------------------------------------------------------


def approvals_for_plan(plan: Plan) -> QuerySet[Decision]:
    """The decisions recorded in meetings that approve `plan` (some version of it), oldest
    first, with their meeting, forum and agenda item: for the plan's revision history."""
    return (
        Decision.objects.filter(plan=plan)
        .select_related("meeting__forum", "item", "plan")
        .order_by("meeting__date", "meeting__start_time", "pk")
    )


@transaction.atomic
def action_to_activity(action: ActionItem, plan: Plan, *, user: Any) -> Activity:
    """A plan activity made from the action item: its text, owner and due date ("by …" in
    the plan's language), with a line naming the meeting; the action item links to it."""
    meeting = action.meeting
    labels = labels_for(plan.language)
    items = list(meeting.items.order_by("position", "pk"))
    slots = agenda_schedule(meeting, items).slots  # the agenda's own numbers: breaks skipped
    numbers = {item.pk: slot.number for item, slot in zip(items, slots, strict=True)}
    number = numbers.get(action.item_id or 0)
    url = reverse("meetings:minutes", args=[meeting.pk]) + f"#action-{action.pk}"
    description = labels["from_meeting"].format(
        meeting=meeting.display_title,
        date=meeting.date.isoformat(),
        item=number if number is not None else labels["none"],
        url=url,
    )
    time_text = f"{labels['due_prefix']} {action.due_date.isoformat()}" if action.due_date else ""
    activity = Activity(
        plan=plan,
        title=action.text,
        responsible=action.owner[:200],
        time_text=time_text,
        description=description,
        updated_by=_user(user),
    )
    activity.save()
    action.activity = activity
    action.save(update_fields=["activity", "updated_at"])
    return activity


# --- the minutes as plain data ----------------------------------------------------------------


def _hhmm(time: dt.time | None) -> str:
    return clock(minute_of(time)) if time else ""


def _decision_data(decision: Decision) -> dict[str, str]:
    return {
        "text": decision.text,
        "plan": decision.plan.name if decision.plan else "",
        "plan_version": decision.plan_version if decision.plan else "",
    }


def _action_data(action: ActionItem) -> dict[str, str]:
    return {
        "text": action.text,
        "owner": action.owner,
        "due": action.due_date.isoformat() if action.due_date else "",
        "status": action.status,
    }


def _local(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def minutes_data(meeting: Meeting) -> dict[str, Any]:
    """The meeting's notice and minutes as JSON-ready data, read now in a fixed number of
    queries: what the Word and PDF builders lay out and what a justered version keeps."""
    forum = meeting.forum
    participants = list(meeting.participants.all())
    items = list(meeting.items.order_by("position", "pk"))
    decisions = list(meeting.decisions.select_related("plan").order_by("pk"))
    actions = list(meeting.actions.order_by("pk"))
    version = current_version(meeting)
    approvals = {a.participant_id: a for a in version.approvals.all()} if version else {}
    previous = _previous_open_actions(meeting, items)
    plan_of = {}
    for decision in decisions:
        plan_of.setdefault(decision.item_id, []).append(_decision_data(decision))
    actions_of = {}
    for action in actions:
        actions_of.setdefault(action.item_id, []).append(_action_data(action))
    timing = agenda_schedule(meeting, items)
    agenda = []
    for item, slot in zip(items, timing.slots, strict=True):
        agenda.append(
            {
                "number": slot.number,
                "kind": item.kind,
                "description": item.description,
                "responsible": item.responsible,
                "duration": item.duration,
                "start": clock(slot.start),
                "end": clock(slot.end),
                "notes": item.notes,
                "decisions": plan_of.get(item.pk, []),
                "actions": actions_of.get(item.pk, []),
                "previous_actions": previous if item.reviews_previous else [],
            }
        )
    note_taker = next((p for p in participants if p.pk == meeting.note_taker_id), None)
    return {
        "format": 1,
        "language": forum.language,
        "organization": forum.organization.name,
        "forum": forum.name,
        "title": meeting.display_title,
        "date": meeting.date.isoformat(),
        "start": _hhmm(meeting.start_time),
        "end": _hhmm(meeting.end_time),
        "place": meeting.place,
        "online_link": meeting.online_link,
        "version": meeting.minutes_version,
        "status": meeting.minutes_status,
        "justered_at": _local(version.justered_at) if version else "",
        "participants": [
            {
                "name": p.name,
                "organization": p.organization,
                "role": p.role,
                "attendance": p.attendance,
            }
            for p in participants
        ],
        "agenda": agenda,
        "agenda_end": clock(timing.end),
        "overrun_minutes": timing.overrun_minutes,
        "other_decisions": plan_of.get(None, []),
        "other_actions": actions_of.get(None, []),
        "note_taker": note_taker.name if note_taker else "",
        "adjusters": [
            {
                "name": p.name,
                "approved_at": _local(getattr(approvals.get(p.pk), "approved_at", None)),
            }
            for p in participants
            if p.adjuster
        ],
        "attachments": [
            {"name": a.name, "size": a.size} for a in meeting.attachments.order_by("pk")
        ],
    }


def _previous_open_actions(meeting: Meeting, items: Sequence[AgendaItem]) -> list[dict[str, str]]:
    if not any(item.reviews_previous for item in items):
        return []
    previous = previous_meeting(meeting)
    if previous is None:
        return []
    return [_action_data(a) for a in open_actions(previous)]


def open_actions(meeting: Meeting) -> QuerySet[ActionItem]:
    return meeting.actions.filter(status=ActionStatus.OPEN).order_by("pk")


# --- the notice -------------------------------------------------------------------------------


def notice_recipients(participants: Iterable[Participant]) -> tuple[list[Participant], list[Any]]:
    """(participants with an address, participants without one)."""
    with_address, without = [], []
    for participant in participants:
        (with_address if participant.notice_address else without).append(participant)
    return with_address, without


def notice_send(meeting: Meeting, *, user: Any) -> list[Participant]:
    """Email the notice with its agenda to every participant with an address, one message
    each (participants do not see each other's addresses), the PDF attached."""
    from komplan.meetings import documents

    participants = list(meeting.participants.select_related("user"))
    recipients, _without = notice_recipients(participants)
    if not recipients:
        return []
    data = minutes_data(meeting)
    subject = documents.notice_subject(data)
    body = documents.notice_text(data)
    pdf = documents.notice_pdf(data)
    pdf_name = documents.filename(data, "notice", "pdf")
    messages = []
    for participant in recipients:
        message = EmailMessage(subject, body, to=[participant.notice_address])
        message.attach(pdf_name, pdf, "application/pdf")
        messages.append(message)
    get_connection().send_messages(messages)
    Meeting.objects.filter(pk=meeting.pk).update(notice_sent_at=timezone.now())
    return recipients


def _user(user: Any) -> Any:
    return user if user is not None and user.is_authenticated else None
