"""A plan's activities as an iCalendar file (RFC 5545), for calendar apps: pure, no ORM.

`calendar_ics()` takes plain `CalendarActivity` rows and returns the file's bytes, one VEVENT
per activity, written by the icalendar library. Choices the standard leaves open:

- Periods are all-day DATE values; DTEND is exclusive, the day after the last day.
- A recurring activity ("monthly status update") happens on single days: DTSTART is its first
  day, DTEND the day after, and the RRULE repeats that day weekly, monthly or every third month
  UNTIL its last day, the same days as `komplan.plans.timeline.occurrences`. A month without
  the start's day of the month gets its last day (BYMONTHDAY=28,…,31;BYSETPOS=-1).
- An ongoing activity ends with the plan, and so does a recurring one without an end ("every
  quarter" repeats until the plan's end, not once). When the plan has no end either, a
  recurring one repeats without UNTIL and a single one is shown on its first day, described
  as ongoing.
- STATUS: cancelled → CANCELLED, done → CONFIRMED, preliminary → TENTATIVE, else CONFIRMED.
- UID `activity-<id>@<domain>` stays the same across downloads, so calendar apps update the
  event instead of adding it twice; the domain is the installation's host name
  (KOMPLAN_CALENDAR_DOMAIN), so two installations' activity 7 are two events.
- SEQUENCE is the activity's revision number, given by the caller (how many times it was
  changed), so calendar apps that compare it take the changed event over their copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, vDuration

from komplan.plans.timeline import RECURRENCES, effective_end

__all__ = ["PRODID", "CalendarActivity", "Labels", "calendar_ics", "event_uid"]

PRODID = "-//komplan//Communication plan//EN"
REFRESH = timedelta(hours=1)  # how often subscribed calendar apps should fetch the feed again
_RRULE = {
    "weekly": {"FREQ": "WEEKLY"},
    "monthly": {"FREQ": "MONTHLY"},
    "quarterly": {"FREQ": "MONTHLY", "INTERVAL": 3},
}
_STATUS = {"cancelled": "CANCELLED", "done": "CONFIRMED"}


@dataclass(frozen=True, slots=True)
class CalendarActivity:
    """One activity with a start date, and what its event describes."""

    id: int
    title: str
    start: date
    end: date | None = None
    open_ended: bool = False
    preliminary: bool = False
    status: str = "planned"
    recurrence: str = ""
    purpose: str = ""
    groups: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    messages: tuple[int, ...] = ()
    responsible: str = ""
    time_text: str = ""
    updated_at: datetime | None = None
    sequence: int = 0  # how many times the activity was changed since it was made


@dataclass(frozen=True, slots=True)
class Labels:
    """The words of an event's description, in the plan's language."""

    groups: str = "Target groups"
    channels: str = "Channels"
    messages: str = "Messages"
    responsible: str = "Responsible"
    time: str = "Time"
    ongoing: str = "Ongoing from this day; the plan has no end date."


def calendar_ics(
    activities: Iterable[CalendarActivity],
    *,
    name: str,
    plan_end: date | None,
    stamp: datetime,
    domain: str,
    labels: Labels | None = None,
) -> bytes:
    """The iCalendar file named `name` (X-WR-CALNAME) with one event per activity.

    `plan_end` is where ongoing activities end; `stamp` (aware) is the DTSTAMP of every event;
    `domain` (the installation's host name) ends every UID.
    """
    labels = labels or Labels()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-published-ttl", vDuration(REFRESH))
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    stamp = stamp.astimezone(UTC)
    for activity in activities:
        calendar.add_component(_event(activity, plan_end, stamp, domain, labels))
    return bytes(calendar.to_ical())


def event_uid(activity_id: int, domain: str) -> str:
    """The UID of an activity's event: the same in every download from this installation."""
    return f"activity-{activity_id}@{domain}"


def _event(
    activity: CalendarActivity, plan_end: date | None, stamp: datetime, domain: str, labels: Labels
) -> Event:
    event = Event()
    event.add("uid", event_uid(activity.id, domain))
    event.add("dtstamp", stamp)
    event.add("sequence", activity.sequence)
    if activity.updated_at is not None:
        event.add("last-modified", activity.updated_at.astimezone(UTC))
    event.add("summary", activity.title)
    recurring = activity.recurrence in RECURRENCES
    # A recurring activity without an end repeats for as long as the plan runs.
    ongoing = activity.open_ended or recurring
    last = effective_end(activity.start, activity.end, ongoing, plan_end)
    event.add("dtstart", activity.start)
    if recurring:
        event.add("dtend", activity.start + timedelta(days=1))
        event.add("rrule", _rrule(activity.start, activity.recurrence, last))
    else:
        event.add("dtend", (last or activity.start) + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a plan's activity does not make anyone busy
    event.add("status", _status(activity))
    description = _description(activity, labels, ongoing=last is None)
    if description:
        event.add("description", description)
    return event


def _rrule(start: date, recurrence: str, until: date | None) -> dict[str, object]:
    rule: dict[str, object] = dict(_RRULE[recurrence])
    if recurrence != "weekly" and start.day > 28:
        # Clamp to the month's last day instead of skipping short months (RFC 5545 skips).
        rule["BYMONTHDAY"] = list(range(28, start.day + 1))
        rule["BYSETPOS"] = -1
    if until is not None:
        rule["UNTIL"] = until
    return rule


def _status(activity: CalendarActivity) -> str:
    if activity.status in _STATUS:
        return _STATUS[activity.status]
    return "TENTATIVE" if activity.preliminary else "CONFIRMED"


def _description(activity: CalendarActivity, labels: Labels, *, ongoing: bool) -> str:
    """The purpose, then one line each for groups, channels, messages, responsible and time."""
    facts = [
        (labels.groups, ", ".join(activity.groups)),
        (labels.channels, ", ".join(activity.channels)),
        (labels.messages, ", ".join(str(number) for number in activity.messages)),
        (labels.responsible, activity.responsible),
        (labels.time, activity.time_text),
    ]
    lines = [f"{label}: {value}" for label, value in facts if value]
    if ongoing:
        lines.append(labels.ongoing)
    paragraphs = [activity.purpose.strip(), "\n".join(lines)]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
