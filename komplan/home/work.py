"""What "My work" lists: each section one query, filtered to the person's organisations.

Who is "me" in free text. An activity's `responsible` and an action item's `owner` are free
text (the seed plans write "Kommunikatör" or "Anna L."), not links to a user. They count as
mine when they equal, ignoring case and surrounding spaces, my full name, my username or my
email address; nothing else (a first name alone could be anyone's). A cascade step's
`responsible` (who passes the material on there) is matched the same way. Justering and
approval are linked to users (`Participant.user`, `Membership.can_approve`) and matched on them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from komplan.accounts.models import Membership
from komplan.audit.display import register_label
from komplan.audit.models import AuditEvent
from komplan.cascade.models import Dispatch, DispatchState
from komplan.meetings.models import (
    ActionItem,
    ActionStatus,
    Approval,
    Meeting,
    MinutesStatus,
    Participant,
)
from komplan.plans.models import Activity, ActivityStatus, Plan, PlanStatus

# A page, not a report: each section shows this many and says how many more there are.
SECTION_LIMIT = 20
# "Recent" changes to followed plans.
RECENT_DAYS = 14


@dataclass(frozen=True)
class Week:
    """The calendar week (Monday to Sunday) that holds `today`."""

    today: dt.date

    @property
    def monday(self) -> dt.date:
        return self.today - dt.timedelta(days=self.today.weekday())

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    def bucket(self, due: dt.date | None) -> str:
        """ "overdue" before today, "week" from today to Sunday, "later" after, "" undated."""
        if due is None:
            return ""
        if due < self.today:
            return "overdue"
        return "week" if due <= self.sunday else "later"


def names_of(user: Any) -> list[str]:
    """The texts that mean `user` in a free-text responsible or owner field."""
    names = [user.get_full_name(), user.username, user.email]
    return [n.strip() for n in names if n and n.strip()]


def named(field: str, names: list[str]) -> Q:
    """`field` equals one of `names`, ignoring case. SQLite folds the case of ASCII letters
    only, so each name is also tried in lower, upper and title case: "åsa öberg" finds
    "Åsa Öberg" on SQLite as on PostgreSQL."""
    query = Q(pk__in=[])  # no names: nothing
    variants = {v for name in names for v in (name, name.lower(), name.upper(), name.title())}
    for variant in sorted(variants):
        query |= Q(**{f"{field}__iexact": variant})
    return query


@dataclass
class Section:
    items: list[Any]
    more: int = 0  # how many more than shown

    @classmethod
    def of(cls, rows: QuerySet[Any]) -> Section:
        # One more than shown tells whether there are more, without counting them all.
        items = list(rows[: SECTION_LIMIT + 1])
        return cls(items[:SECTION_LIMIT], max(0, len(items) - SECTION_LIMIT))


def my_activities(
    user: Any, organization_ids: list[int], week: Week, until: dt.date | None = None
) -> Section:
    """Activities I am responsible for, not done or cancelled, due by Sunday (or by `until`:
    the digests look a week ahead): overdue first.

    An activity is due on its end date, or on its start date when it has no end; an ongoing
    activity ("from March – ongoing") has no due date and is not listed."""
    due = Coalesce("ends_on", "starts_on")
    rows = (
        Activity.objects.filter(named("responsible", names_of(user)))
        .filter(plan__organization_id__in=organization_ids)
        .filter(status__in=[ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS])
        .exclude(open_ended=True, ends_on=None)
        .annotate(due=due)
        .filter(due__lte=until or week.sunday)
        .select_related("plan")
        .order_by("due", "plan__name", "position")
    )
    section = Section.of(rows)
    for activity in section.items:
        activity.bucket = week.bucket(activity.due)
    return section


def my_actions(user: Any, organization_ids: list[int], week: Week) -> Section:
    """Open action items of meetings I own, by due date (undated last)."""
    rows = (
        ActionItem.objects.filter(named("owner", names_of(user)))
        .filter(meeting__forum__organization_id__in=organization_ids, status=ActionStatus.OPEN)
        .select_related("meeting__forum")
        .order_by(Coalesce("due_date", dt.date.max), "meeting__date", "pk")
    )
    section = Section.of(rows)
    for action in section.items:
        action.bucket = week.bucket(action.due_date)
    return section


def my_cascade_steps(
    user: Any, organization_ids: list[int], week: Week, until: dt.date | None = None
) -> Section:
    """Released material waiting at a cascade step I am responsible for: not yet sent on, its
    day by Sunday (or by `until`), overdue first."""
    rows = (
        Dispatch.objects.filter(named("step__responsible", names_of(user)))
        .filter(material__plan__organization_id__in=organization_ids, state=DispatchState.PLANNED)
        .filter(day__lte=until or week.sunday)
        .select_related("material__plan", "step__forum", "step__group", "step__channel")
        .order_by("day", "material__plan__name", "pk")
    )
    section = Section.of(rows)
    for dispatch in section.items:
        dispatch.bucket = week.bucket(dispatch.day)
    return section


def minutes_to_justera(user: Any, organization_ids: list[int]) -> Section:
    """Meetings whose submitted minutes wait for my approval as an appointed adjuster."""
    approved = Approval.objects.filter(
        version__meeting=OuterRef("pk"), version__number=OuterRef("minutes_version"), user=user
    )
    adjuster = Participant.objects.filter(meeting=OuterRef("pk"), adjuster=True, user=user)
    rows = (
        Meeting.objects.filter(
            forum__organization_id__in=organization_ids, minutes_status=MinutesStatus.SUBMITTED
        )
        .filter(Exists(adjuster))
        .exclude(Exists(approved))
        .select_related("forum")
        .order_by("date", "pk")
    )
    return Section.of(rows)


def plans_to_approve(memberships: dict[int, Membership]) -> Section:
    """Submitted plans of the organisations in which I am an approver."""
    approver_of = [org for org, m in memberships.items() if m.can_approve]
    rows = (
        Plan.objects.filter(organization_id__in=approver_of, status=PlanStatus.SUBMITTED)
        .select_related("organization", "updated_by")
        .order_by("updated_at", "pk")
    )
    return Section.of(rows)


def followed_changes(user: Any, organization_ids: list[int]) -> Section:
    """What others changed in the last two weeks in the plans I follow, newest first."""
    since = timezone.now() - dt.timedelta(days=RECENT_DAYS)
    rows = (
        AuditEvent.objects.filter(
            organization_id__in=organization_ids,
            plan__follows__user=user,
            at__gte=since,
        )
        .exclude(user=user)
        .order_by("-at", "-pk")
    )
    section = Section.of(rows)
    for event in section.items:
        event.what = register_label(event.register)
    return section


def follows_any(user: Any, organization_ids: list[int]) -> bool:
    return Plan.objects.filter(organization_id__in=organization_ids, follows__user=user).exists()
