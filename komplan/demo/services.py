"""Load the demo organisation into the database, entry by entry, as a person would write it.

Every entry goes through `save()`, so positions, periods and the audit history (written in
Anna's name) are exactly what the app itself makes.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from komplan.accounts.models import Membership, Organization, Role, User
from komplan.audit.actor import acting_as
from komplan.demo.cascade import demo_cascade_create
from komplan.demo.content import (
    ANNAS_WEEK,
    BOOKING,
    DEMO_PASSWORD,
    DEMO_USERS,
    FOOD_WASTE,
    PlanContent,
)
from komplan.demo.engagement import demo_engagement_create
from komplan.demo.followup import demo_followup_create
from komplan.meetings import services as meetings
from komplan.meetings.models import AgendaItem, Forum, ForumMember, ItemKind, Meeting, MeetingRole
from komplan.plans import services as plan_services
from komplan.plans.models import (
    Activity,
    ActivityStatus,
    Channel,
    Follow,
    Goal,
    Message,
    Plan,
    Risk,
    Spokesperson,
    TargetGroup,
)
from komplan.versions import services as versions
from komplan.versions.models import Revision

DEMO_SLUG = "norrvik"


@transaction.atomic
def demo_organization_create(*, cascade: bool = False) -> Plan:
    """Create Norrviks kommun, its three users (admin and approver, editor, viewer), its two
    plans and the steering group that decides the first; return the first (the rich) plan."""
    organization = Organization.objects.create(name="Norrviks kommun", slug=DEMO_SLUG)
    for username, first, last, role in DEMO_USERS:
        user = User.objects.create_user(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@norrvik.example",
            password=DEMO_PASSWORD,
        )
        Membership.objects.create(
            user=user,
            organization=organization,
            role=role,
            can_approve=role == Role.ADMIN,  # Anna approves plans for the steering group
        )
    # Anna writes the demo plans: their history names her, not "unknown person".
    anna, erik = User.objects.get(username="anna"), User.objects.get(username="erik")
    with acting_as(anna):
        plan = demo_plan_create(organization, BOOKING)
        small = demo_plan_create(organization, FOOD_WASTE)
        meeting = _steering_group(plan)
        demo_engagement_create(plan, anna)
        demo_followup_create(plan, anna)
        _annas_week(small, meeting, anna)
    with acting_as(erik):
        _eriks_part(small, meeting, erik)
    if cascade:  # the dissemination cascade (komplan loaddemo and the page crawl have it)
        with acting_as(anna):
            demo_cascade_create(plan, meeting.forum, anna)
    return plan


def demo_plan_create(organization: Organization, content: PlanContent) -> Plan:
    """`content` as a new draft plan of `organization`, with its revision table."""
    plan = Plan.objects.create(
        organization=organization,
        name=content.name,
        diary_number=content.diary_number,
        client=content.client,
        funder=content.funder,
        project_lead=content.project_lead,
        start_date=content.start_date,
        end_date=content.end_date,
        language="sv",
        background=content.background,
        purpose=content.purpose,
    )
    plan.create_default_tiers()
    tiers = list(plan.tiers.order_by("position"))
    groups: dict[str, TargetGroup] = {}
    for g in content.groups:
        groups[g.name] = TargetGroup.objects.create(
            plan=plan, name=g.name, reach=g.reach, tier=tiers[g.tier], description=g.description
        )
        if g.inherits_from:
            groups[g.name].inherits_from.add(groups[g.inherits_from])
    messages = []
    for m in content.messages:
        message = Message.objects.create(plan=plan, text=m.text, clarification=m.clarification)
        message.tiers.set([tiers[i] for i in m.tiers])
        message.groups.set([groups[name] for name in m.groups])
        messages.append(message)
    channels: dict[str, Channel] = {}
    for c in content.channels:
        channels[c.name] = Channel.objects.create(
            plan=plan,
            name=c.name,
            description=c.description,
            responsible=c.responsible,
            reach=c.reach,
            cadence=c.cadence,
        )
        channels[c.name].groups.set([groups[name] for name in c.groups])
    goals = [
        Goal.objects.create(
            plan=plan, text=g.text, target_value=g.target_value, unit=g.unit, deadline=g.deadline
        )
        for g in content.goals
    ]
    for a in content.activities:
        activity = Activity.objects.create(
            plan=plan,
            title=a.title,
            description=a.purpose,
            time_text=a.time,
            status=a.status,
            responsible=a.responsible,
            recurrence=a.recurrence,
            follow_up=a.follow_up,
        )
        activity.groups.set([groups[name] for name in a.groups])
        activity.messages.set([messages[n - 1] for n in a.messages])
        activity.channels.set([channels[name] for name in a.channels])
        activity.goals.set([goals[n - 1] for n in a.goals])
    for p in content.spokespersons:
        Spokesperson.objects.create(
            plan=plan, subject=p.subject, name=p.name, role=p.role, contact=p.contact
        )
    for k in content.risks:
        Risk.objects.create(
            plan=plan,
            text=k.text,
            likelihood=k.likelihood,
            consequence=k.consequence,
            mitigation=k.mitigation,
            owner=k.owner,
            status=k.status,
        )
    for r in content.revisions:
        Revision.objects.create(
            plan=plan, version=r.version, date=r.date, comment=r.comment, changed_by=r.changed_by
        )
    return plan


def _steering_group(plan: Plan) -> Meeting:
    """The steering group that decides the plan, with a meeting that has it on the agenda."""
    forum = Forum.objects.create(
        organization=plan.organization, name="Styrgruppen för digital bokning", language="sv"
    )
    members = [
        ("Anna Lindqvist", "Kommunledningskontoret", MeetingRole.CHAIR, "anna"),
        ("Erik Holm", "Kommunledningskontoret", MeetingRole.SECRETARY, "erik"),
        ("Sofia Berg", "Kultur- och fritidsförvaltningen", MeetingRole.NONE, "sofia"),
        ("Lars Nyström", "IT-enheten", MeetingRole.NONE, ""),
    ]
    ForumMember.objects.bulk_create(
        ForumMember(
            forum=forum,
            name=name,
            organization=org,
            role=role,
            email=f"{username or 'lars'}@norrvik.example",
            user=User.objects.filter(username=username).first() if username else None,
        )
        for name, org, role, username in members
    )
    meeting = forum.meetings.create(
        date=dt.date(2026, 3, 5),
        start_time=dt.time(9, 0),
        end_time=dt.time(10, 30),
        place="Kommunhuset, sal Norrvik",
    )
    meeting.plans.add(plan)
    meetings.meeting_started(meeting)
    meetings.members_add(meeting, forum.members.all(), user=None)
    agenda = [
        (ItemKind.INFORMATION, "Lägesrapport från projektet", "Anna Lindqvist", 15),
        (ItemKind.DISCUSSION, "Synpunkter på kommunikationsplanen", "Erik Holm", 30),
        (ItemKind.DECISION, "Beslut om kommunikationsplanen", "Anna Lindqvist", 15),
    ]
    for kind, description, responsible, minutes in agenda:
        AgendaItem.objects.create(
            meeting=meeting,
            kind=kind,
            description=description,
            responsible=responsible,
            duration=minutes,
        )
    return meeting


def _annas_week(small: Plan, meeting: Meeting, anna: User) -> None:
    """What Anna's home page lists, dated from today: her activities (one overdue, one due
    today), her action item from the steering group, and both plans followed."""
    today = timezone.localdate()
    template = small.activities.order_by("position").first()
    assert template is not None
    for work in ANNAS_WEEK["activities"]:
        due = today + dt.timedelta(days=work.days_from_load)
        activity = Activity.objects.create(
            plan=small,
            title=work.title,
            time_text=due.isoformat(),
            responsible=anna.get_full_name(),
        )
        activity.groups.set(template.groups.all())
        activity.messages.set(template.messages.all())
        activity.channels.set(template.channels.all())
    action = ANNAS_WEEK["action"]
    meeting.actions.create(
        text=action.title,
        owner=anna.get_full_name(),
        due_date=today + dt.timedelta(days=action.days_from_load),
    )
    Follow.objects.bulk_create(Follow(user=anna, plan=p) for p in small.organization.plans.all())


def _eriks_part(small: Plan, meeting: Meeting, erik: User) -> None:
    """Erik starts an activity of the small plan and submits it for approval, and submits the
    steering group's minutes with Anna as adjuster: Anna has a plan to approve, minutes to
    justera and a recent change in a plan she follows."""
    started = small.activities.filter(status=ActivityStatus.PLANNED).order_by("position")[0]
    plan_services.activities_status_set(
        plan=small, activity_ids=[started.pk], status=ActivityStatus.IN_PROGRESS, user=erik
    )
    versions.submit(small, user=erik, comment="Klar för godkännande")
    participants = meeting.participants
    participants.filter(user__username="anna").update(adjuster=True)
    Meeting.objects.filter(pk=meeting.pk).update(note_taker=participants.get(user=erik))
    meeting.refresh_from_db()
    meetings.minutes_submit(meeting, user=erik)
