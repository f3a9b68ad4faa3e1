"""The demo plan's dissemination cascade (invented names): the steering group approves; the
administrations' management meets monthly; the central cooperation group is briefed in
writing and passes it on to the local cooperation groups; the booking network gets the same
briefing in parallel; the intranet carries it after the management has heard it; the
workplace meetings and social media join from phase 2. One piece of material is released
(approved by the chair on the steering group's behalf the day before), one waits for approval.

The released material's approval and its steps' marks are dated in the demo's own March
2026, not when the demo is loaded: each step reached on its day, the lag from approval a few
days, and one step (the local groups the CSG should have briefed) still overdue, which is
what the cascade is there to show.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from komplan.accounts.models import User
from komplan.cascade import services as cascade
from komplan.cascade.models import (
    CascadeSettings,
    Dispatch,
    DispatchState,
    How,
    Material,
    Step,
)
from komplan.demo.content import INTRANET, MANAGERS, SOCIAL, WORKPLACE
from komplan.meetings import services as meetings
from komplan.meetings.models import Forum, ForumKind, Meeting
from komplan.plans.models import Plan

RELEASED_ON = dt.date(2026, 3, 10)


def demo_cascade_create(plan: Plan, steering: Forum, anna: User) -> list[Material]:
    """The plan's cascade of eight steps and its two pieces of material."""
    organization = plan.organization
    management = Forum.objects.create(
        organization=organization,
        name="Förvaltningsledningen",
        kind=ForumKind.MANAGEMENT_TEAM,
        description="Förvaltningscheferna; möts andra torsdagen varje månad.",
    )
    central = Forum.objects.create(
        organization=organization, name="Centrala samverkansgruppen (CSG)", kind=ForumKind.OTHER
    )
    local = Forum.objects.create(
        organization=organization, name="Lokala samverkansgrupper (LSG)", kind=ForumKind.OTHER
    )
    network = Forum.objects.create(
        organization=organization, name="Nätverket för lokalbokning", kind=ForumKind.NETWORK
    )
    for month in range(3, 13):
        meeting = Meeting.objects.create(
            forum=management,
            date=_second_thursday(2026, month),
            start_time=dt.time(8, 30),
            end_time=dt.time(10, 0),
            place="Kommunhuset, rum Tallen",
        )
        meetings.meeting_started(meeting)
    CascadeSettings.objects.create(plan=plan, approving_forum=steering, approval_required=True)
    channels = {c.name: c for c in plan.channels.all()}
    first = Step.objects.create(
        plan=plan, forum=management, how=How.MEETING, responsible="Anna Lindqvist"
    )
    csg = Step.objects.create(
        plan=plan, forum=central, how=How.WRITTEN, lead_days=2, responsible="Erik Holm"
    )
    lsg = Step.objects.create(
        plan=plan,
        forum=local,
        how=How.WRITTEN,
        after=csg,
        delegated=True,
        lead_days=7,
        responsible="CSG:s ordförande",
    )
    Step.objects.create(
        plan=plan, forum=network, how=How.WRITTEN, lead_days=2, responsible="Erik Holm"
    )
    Step.objects.create(
        plan=plan,
        group=plan.groups.get(name=MANAGERS),
        how=How.WRITTEN,
        after=first,
        delegated=True,
        lead_days=3,
        responsible="Förvaltningscheferna",
    )
    Step.objects.create(
        plan=plan,
        channel=channels[INTRANET],
        how=How.INTRANET,
        after=first,
        lead_days=1,
        responsible="Kommunikatör",
    )
    Step.objects.create(
        plan=plan,
        channel=channels[WORKPLACE],
        how=How.WRITTEN,
        after=first,
        delegated=True,
        lead_days=14,
        from_phase=2,
        responsible="Enhetschef",
    )
    Step.objects.create(
        plan=plan,
        channel=channels[SOCIAL],
        how=How.INTRANET,
        from_phase=2,
        responsible="Kommunikatör",
    )
    released = Material.objects.create(
        plan=plan,
        title="Lägesrapport: upphandlingen av bokningssystemet",
        text=(
            "Upphandlingen av det nya bokningssystemet är avslutad och avtal tecknat. "
            "Införandet börjar med idrottshallarna i augusti."
        ),
        updated_by=anna,
    )
    released.messages.add(plan.messages.get(position=1))
    cascade.material_approve(released, user=anna, kind="chair", name="Anna Lindqvist")
    approved_at = _at(RELEASED_ON - dt.timedelta(days=1), 15)
    Material.objects.filter(pk=released.pk).update(approved_at=approved_at)
    dispatches = cascade.material_release(released, user=anna, today=RELEASED_ON)
    for dispatch in dispatches:
        if dispatch.reason == "skipped" or dispatch.step_id == lsg.pk or dispatch.day is None:
            continue  # not in phase 1, or not passed on yet: the overdue step
        state = DispatchState.CONFIRMED if dispatch.step_id == first.pk else DispatchState.SENT
        cascade.dispatch_mark(dispatch, state=state, user=anna)
        Dispatch.objects.filter(pk=dispatch.pk).update(marked_at=_at(dispatch.day, 11))
    waiting = Material.objects.create(
        plan=plan,
        title="Nyhet: så bokar du lokaler från augusti",
        text="Från den 1 augusti bokas kommunens lokaler på norrvik.se/boka.",
        phase=2,
        updated_by=anna,
    )
    return [released, waiting]


def _at(day: dt.date, hour: int) -> dt.datetime:
    """`hour` o'clock on `day`, in the installation's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _second_thursday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 1)
    day += dt.timedelta(days=(3 - day.weekday()) % 7)
    return day + dt.timedelta(days=7)
