"""The demo organisation: a fictional municipality with one complete plan, used by
`make run` on an empty database, by the benchmarks and by tests that want a real plan."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from komplan.accounts.models import Membership, Organization, Role, User
from komplan.audit.actor import acting_as
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
from komplan.versions.models import Revision

DEMO_PASSWORD = "komplan-demo"
DEMO_USERS = [
    ("anna", "Anna", "Lindqvist", Role.ADMIN),
    ("erik", "Erik", "Holm", Role.EDITOR),
    ("sofia", "Sofia", "Berg", Role.VIEWER),
]

GROUPS = [
    # name, reach, tier index (0 core, 1 primary, 2 secondary), description, inherits from
    ("Kommunstyrelsen", Reach.INTERNAL, 0, "Beslutar om projektets inriktning och budget.", None),
    (
        "Styrgruppen",
        Reach.INTERNAL,
        0,
        "Driver projektet och godkänner kommunikationsplanen.",
        None,
    ),
    ("Enhetschefer", Reach.INTERNAL, 1, "Chefer vars verksamheter bokar lokaler.", None),
    ("Handläggare", Reach.INTERNAL, 1, "Hanterar bokningar och bidrag i dag.", "Enhetschefer"),
    ("Servicecenter", Reach.INTERNAL, 1, "Invånarnas första kontakt med kommunen.", None),
    ("Föreningar", Reach.EXTERNAL, 2, "Idrotts- och kulturföreningar som hyr lokaler.", None),
    ("Invånare", Reach.EXTERNAL, 2, "Alla som bor i Norrvik och vill boka en lokal.", None),
    ("Lokalpressen", Reach.EXTERNAL, 2, "Norrviks Tidning och lokalradion.", None),
]

MESSAGES = [
    # text, clarification, tier indexes, group names
    (
        "Bokningstjänsten gör det enklare att boka kommunens lokaler.",
        "Bokning dygnet runt, utan blanketter.",
        [0, 1, 2],
        [],
    ),
    ("Projektet följer tidplan och budget.", "", [0], []),
    (
        "Förändringen ger handläggarna mer tid för service.",
        "Mindre manuell hantering av bokningar och bidrag.",
        [1],
        [],
    ),
    ("Servicecenter kan hjälpa invånare som behöver stöd att boka.", "", [], ["Servicecenter"]),
    ("Föreningar söker bidrag i samma tjänst som de bokar lokaler.", "", [], ["Föreningar"]),
]

CHANNELS = [
    # name, description, responsible, reach, groups
    (
        "Intranätet",
        "Kommunens interna kommunikationsplattform.",
        "Projektledare",
        Reach.INTERNAL,
        ["Enhetschefer", "Handläggare", "Servicecenter"],
    ),
    (
        "Ledningsgruppsmöten",
        "Månatliga möten med förvaltningsledningen.",
        "Projektledare",
        Reach.INTERNAL,
        ["Styrgruppen", "Enhetschefer"],
    ),
    (
        "Norrvik.se",
        "Kommunens webbplats.",
        "Kommunikatör",
        Reach.EXTERNAL,
        ["Invånare", "Föreningar"],
    ),
    (
        "Nyhetsbrev till föreningar",
        "E-post till föreningsregistret.",
        "Kommunikatör",
        Reach.EXTERNAL,
        ["Föreningar"],
    ),
    (
        "Nämndmöten",
        "Ärenden och informationspunkter i kommunstyrelsen.",
        "Projektägare",
        Reach.INTERNAL,
        ["Kommunstyrelsen"],
    ),
    (
        "Pressmeddelanden",
        "Utskick till lokala medier.",
        "Kommunikatör",
        Reach.EXTERNAL,
        ["Lokalpressen"],
    ),
]

ACTIVITIES = [
    # title, purpose, time, status, groups, message numbers, channels, responsible
    (
        "Presentation på kommunstyrelsens möte",
        "Ge politikerna underlag och tillfälle att fråga.",
        "Våren 2026",
        ActivityStatus.DONE,
        ["Kommunstyrelsen"],
        [1, 2],
        ["Nämndmöten"],
        "Projektledare",
    ),
    (
        "Statusuppdatering till styrgruppen",
        "Löpande lägesbild och avvikelser.",
        "Mars 2026 – löpande",
        ActivityStatus.IN_PROGRESS,
        ["Styrgruppen"],
        [1, 2],
        ["Ledningsgruppsmöten"],
        "Projektledare",
    ),
    (
        "Informationspunkt på ledningsgruppsmöte",
        "Alla chefer får grundläggande information.",
        "September 2026",
        ActivityStatus.PLANNED,
        ["Enhetschefer"],
        [1, 3],
        ["Ledningsgruppsmöten"],
        "Projektledare",
    ),
    (
        "Intranätsgrupp för berörda",
        "Dela dokument och svara på frågor.",
        "Oktober 2026",
        ActivityStatus.PLANNED,
        ["Enhetschefer", "Handläggare"],
        [1, 3],
        ["Intranätet"],
        "Kommunikatör",
    ),
    (
        "Möte med servicecenter",
        "Servicecenter ska kunna hjälpa invånarna att boka.",
        "Prel. mars 2027 (när avtal är på plats)",
        ActivityStatus.PLANNED,
        ["Servicecenter"],
        [1, 4],
        ["Intranätet"],
        "Projektledare",
    ),
    (
        "Nyhet på Norrvik.se",
        "Grundläggande information till invånare och föreningar.",
        "Hösten 2026 – pågående",
        ActivityStatus.PLANNED,
        ["Invånare", "Föreningar"],
        [1],
        ["Norrvik.se"],
        "Kommunikatör",
    ),
    (
        "Pressmeddelande vid lansering",
        "Nå fler invånare via lokala medier.",
        "April 2027",
        ActivityStatus.PLANNED,
        ["Lokalpressen"],
        [1],
        ["Pressmeddelanden"],
        "Kommunikatör",
    ),
]

GOALS = [
    ("Projektet ska ha presenterats på två konferenser", 2, "konferenser", dt.date(2027, 6, 30)),
    ("80 % av kärnintressenterna upplever nytta av projektet", 80, "%", dt.date(2027, 10, 31)),
    (
        "Bokningstjänsten ska ha 1 000 unika besökare innan projektet avslutas",
        1000,
        "besökare",
        dt.date(2027, 10, 31),
    ),
]


@transaction.atomic
def demo_organization_create() -> Plan:
    """Create Norrviks kommun, its three users (admin, editor, viewer) and its plan."""
    organization = Organization.objects.create(name="Norrviks kommun", slug="norrvik")
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
    # Anna writes the demo plan: its history names her, not "unknown person".
    with acting_as(User.objects.get(username="anna")):
        return _demo_plan(organization)


def _demo_plan(organization: Organization) -> Plan:
    plan = Plan.objects.create(
        organization=organization,
        name="Digital bokning av lokaler",
        diary_number="KS 2026/114",
        client="Kommunstyrelsen, Norrviks kommun",
        funder="Norrviks kommun",
        project_lead="Anna Lindqvist, kommunledningskontoret",
        start_date=dt.date(2026, 1, 15),
        end_date=dt.date(2027, 10, 31),
        language="sv",
        background="Föreningar och invånare bokar i dag kommunens lokaler med blanketter och "
        "e-post. Projektet inför en digital bokningstjänst.",
        purpose="Samordna projektets kommunikation så att varje målgrupp får rätt information "
        "vid rätt tidpunkt.",
    )
    plan.create_default_tiers()
    tiers = list(plan.tiers.order_by("position"))
    groups: dict[str, TargetGroup] = {}
    for name, reach, tier, description, parent in GROUPS:
        groups[name] = TargetGroup.objects.create(
            plan=plan, name=name, reach=reach, tier=tiers[tier], description=description
        )
        if parent:
            groups[name].inherits_from.add(groups[parent])
    messages = []
    for text, clarification, tier_indexes, group_names in MESSAGES:
        message = Message.objects.create(plan=plan, text=text, clarification=clarification)
        message.tiers.set([tiers[i] for i in tier_indexes])
        message.groups.set([groups[n] for n in group_names])
        messages.append(message)
    channels = {}
    for name, description, responsible, reach, group_names in CHANNELS:
        channels[name] = Channel.objects.create(
            plan=plan, name=name, description=description, responsible=responsible, reach=reach
        )
        channels[name].groups.set([groups[n] for n in group_names])
    goals = [
        Goal.objects.create(plan=plan, text=text, target_value=value, unit=unit, deadline=deadline)
        for text, value, unit, deadline in GOALS
    ]
    for (
        title,
        purpose,
        time,
        status,
        group_names,
        numbers,
        channel_names,
        responsible,
    ) in ACTIVITIES:
        activity = Activity.objects.create(
            plan=plan,
            title=title,
            description=purpose,
            time_text=time,
            status=status,
            responsible=responsible,
        )
        activity.groups.set([groups[n] for n in group_names])
        activity.messages.set([messages[n - 1] for n in numbers])
        activity.channels.set([channels[n] for n in channel_names])
        activity.goals.set(goals[:1])
    Revision.objects.create(
        plan=plan,
        version="0.1",
        date=dt.date(2026, 2, 2),
        comment="Utkast framtaget",
        changed_by="Anna Lindqvist",
    )
    _demo_steering_group(plan)
    return plan


def _demo_steering_group(plan: Plan) -> None:
    """The steering group that decides the plan, with a meeting that has it on the agenda."""
    from komplan.meetings import services
    from komplan.meetings.models import AgendaItem, Forum, ForumMember, ItemKind, MeetingRole

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
    services.meeting_started(meeting)
    services.members_add(meeting, forum.members.all(), user=None)
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
