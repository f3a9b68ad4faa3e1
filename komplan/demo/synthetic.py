"""A large, realistic-looking plan built in a few bulk inserts, for `komplan generate`, the
benchmarks and tests.

`synthetic_plan_create` skips `save()`: every row goes in through `bulk_create`, and the
many-to-many links through multi-row inserts into the through tables. What `save()` would
add is done here instead: positions consecutive 1..n per register, and each activity's
period read from its time text. The same arguments and seed always give the same plan.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connections, models, router, transaction

from komplan.plans.models import (
    Activity,
    ActivityStatus,
    Channel,
    Goal,
    Message,
    Plan,
    Reach,
    Risk,
    RiskStatus,
    Spokesperson,
    TargetGroup,
)

# Word lists, kept dense: the formatter would put each word on a line of its own.
# fmt: off
GROUP_NAMES = [
    "Kommunstyrelsen", "Styrgruppen", "Enhetschefer", "Handläggare", "Servicecenter",
    "Föreningar", "Invånare", "Lokalpressen", "Fackliga företrädare", "Skolledare",
    "Vårdnadshavare", "Näringsidkare", "Förtroendevalda", "IT-avdelningen", "Ekonomer",
    "Bygglovshandläggare", "Socialsekreterare", "Pensionärsrådet", "Ungdomsrådet",
    "Funktionsrättsrådet", "Lokalvårdare", "Fastighetsförvaltare", "Bibliotekarier",
    "Kulturskolan", "Räddningstjänsten",
]
AREAS = [
    "Norrvik", "Söderby", "Västra distriktet", "Östra distriktet", "Centrum", "Hamnen",
    "Ekby", "Bruksorten", "Skärgården", "Norra landsbygden", "Södra landsbygden", "Kyrkbyn",
]
EXTERNAL_HINTS = ("Föreningar", "Invånare", "Lokalpressen", "Vårdnadshavare", "Näringsidkare")

MESSAGE_SUBJECTS = [
    "Den nya bokningstjänsten", "E-tjänsten för bygglov", "Det nya ärendesystemet",
    "Projektet", "Införandet", "Utbildningen", "Den nya rutinen för delegering",
    "Samverkan med föreningarna", "Servicecenter", "Omorganisationen",
    "Den digitala brevlådan", "Tidplanen", "Budgeten", "Pilotverksamheten",
    "Den nya webbplatsen", "Medborgardialogen", "Lokalförsörjningen", "Upphandlingen",
]
MESSAGE_PREDICATES = [
    "gör det enklare att boka kommunens lokaler", "sparar tid för handläggarna",
    "följer tidplan och budget", "ger invånarna svar snabbare",
    "kräver att alla chefer avsätter tid i höst", "införs stegvis under året",
    "bygger på synpunkter från användarna", "minskar pappershanteringen",
    "ger bättre överblick över ärendena", "beslutas av kommunstyrelsen i juni",
    "påverkar inte öppettiderna", "genomförs tillsammans med grannkommunerna",
    "följs upp varje kvartal", "är tillgänglig dygnet runt", "ersätter de gamla blanketterna",
    "ger föreningarna ett enda ställe att söka bidrag", "kostar inget för invånarna",
    "har stöd av de fackliga organisationerna", "kräver ny behörighet i systemet",
    "öppnar för fler digitala tjänster", "ger chefer bättre underlag", "har testats i en pilot",
    "är frivilligt att använda första året", "gäller alla förvaltningar från januari",
    "bygger på öppna standarder", "skyddar personuppgifterna bättre",
    "ger kortare handläggningstider", "har ett eget stödnummer", "kan användas på mobilen",
    "ersätter tre äldre system", "ger bättre statistik",
    "kommer att utvärderas efter ett år", "följer den nya lagstiftningen",
    "presenteras på nästa arbetsplatsträff",
]
CLARIFICATIONS = [
    "Bokning dygnet runt, utan blanketter.", "Mindre manuell hantering av bokningar och bidrag.",
    "Beslutet fattas på kommunstyrelsens sammanträde.", "Se projektets tidplan på intranätet.",
    "Gäller från och med den första mars.", "Stöd finns hos servicecenter.",
    "Mer information kommer efter sommaren.",
]

CHANNEL_NAMES = [
    "Intranätet", "Norrvik.se", "Nyhetsbrev", "Ledningsgruppsmöten", "Nämndmöten",
    "Pressmeddelanden", "Facebook", "LinkedIn", "Instagram", "Lokalradion", "Affischer",
    "Arbetsplatsträffar", "Informationsmöten", "E-post", "SMS-utskick", "Lokaltidningen",
    "Medborgarkontoret", "Digitala skärmar", "Föreningsträffar", "Webbinarier",
]
CADENCES = ["", "", "Varje vecka", "Varje månad", "Vid behov", "Kvartalsvis", "Två gånger per år"]
RESPONSIBLE = [
    "Projektledare", "Kommunikatör", "Projektägare", "Webbredaktör", "Förvaltningschef",
    "HR-specialist", "Enhetschef", "Pressansvarig", "Utbildningssamordnare",
]

ACTIVITY_KINDS = [
    "Informationsmöte", "Nyhetsbrev", "Webbnyhet", "Workshop", "Dragning", "Pressmeddelande",
    "Film", "Frukostseminarium", "Enkät", "Intranätsartikel", "Utbildning", "Annons",
    "Öppet hus", "Statusrapport", "Webbinarium", "Affischkampanj", "Studiebesök",
    "Frågestund", "Informationspunkt", "Inlägg i sociala medier",
]
ACTIVITY_TOPICS = [
    "den nya bokningstjänsten", "e-tjänsten för bygglov", "ärendesystemet", "införandet",
    "tidplanen", "budgeten", "nya rutiner", "utbildningsinsatserna", "lanseringen",
    "uppföljningen", "piloten", "medborgardialogen", "omorganisationen", "den nya webbplatsen",
    "digital brevlåda", "delegeringsordningen",
]
TIME_TEXTS = [
    "Våren 2026", "Hösten 2026", "Sommaren 2026", "Våren 2027", "Hösten 2027",
    "Januari 2026", "Februari 2026", "Mars 2026", "April 2026", "Maj 2026", "Juni 2026",
    "Augusti 2026", "September 2026", "Oktober 2026", "November 2026", "December 2026",
    "September 2026 – löpande", "Mars 2026 – löpande", "Löpande", "Vecka 12, 2026",
    "Vecka 38, 2026", "Kvartal 3 2026", "Inför beslut i juni", "Efter lansering",
]
DESCRIPTIONS = [
    "", "", "Ge målgruppen tillfälle att ställa frågor.", "Löpande lägesbild och avvikelser.",
    "Alla berörda får grundläggande information.", "Samla in synpunkter inför nästa steg.",
    "Förankra beslutet och förklara varför.", "Visa hur tjänsten fungerar i praktiken.",
]
FOLLOW_UPS = [
    "", "", "", "Antal deltagare", "Enkät efter mötet", "Antal besök på sidan",
    "Frågor till servicecenter", "Öppningsgrad för nyhetsbrevet",
]
GOAL_TEXTS = [
    "Alla handläggare känner till det nya systemet före lansering",
    "Minst hälften av bokningarna görs digitalt",
    "Föreningarna vet var de söker bidrag",
    "Kommunstyrelsen får en lägesrapport varje kvartal",
    "Färre samtal till servicecenter om bokningar",
    "Invånarna känner till e-tjänsten",
    "Cheferna upplever att de får information i tid",
    "Lokalpressen rapporterar korrekt om projektet",
]
STATUSES = [
    ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS, ActivityStatus.DONE,
    ActivityStatus.CANCELLED,
]
STATUS_WEIGHTS = [45, 20, 30, 5]
# fmt: on
# Two parameters a row, within the 999 that SQLite allows by default.
LINKS_PER_INSERT = 450


def synthetic_plan_create(
    *,
    organization: Any,
    activities: int,
    groups: int,
    messages: int,
    channels: int,
    goals: int = 6,
    seed: int = 1,
    name: str | None = None,
    spokespersons: int = 0,
    risks: int = 0,
) -> Plan:
    """A plan with the given number of entries, linked like a real one but far larger.

    Tiers: the three default ones. Groups: spread over the tiers (a few without one), every
    twelfth or so inheriting the messages of an earlier group. Messages: most addressed
    to one or two tiers, the rest to one to three single groups. Channels: each reaching a
    few groups. Activities: 1–4 groups, 1–5 messages, 1–2 channels and at most one goal each,
    mixed statuses and time texts. Spokespersons and risks: none unless asked for (drawn
    last, so that asking for them leaves the rest of the plan as it was).
    """
    if min(activities, groups, messages, channels, goals, spokespersons, risks) < 0:
        raise ValueError("a synthetic plan cannot have a negative number of entries")
    rng = random.Random(seed)
    with transaction.atomic():
        plan = Plan.objects.create(
            organization=organization,
            name=name or f"Syntetisk plan: {activities} aktiviteter",
            diary_number=f"KS 2026/{rng.randint(100, 999)}",
            client="Kommunstyrelsen",
            funder="Kommunstyrelsen",
            project_lead="Projektledare",
            start_date=dt.date(2026, 1, 1),
            end_date=dt.date(2027, 12, 31),
            background="En syntetisk plan för prestandamätning.",
            purpose="Att visa att komplan klarar mycket stora planer.",
        )
        plan.create_default_tiers()
        tier_ids = list(plan.tiers.order_by("position").values_list("pk", flat=True))

        group_ids = _bulk(plan, TargetGroup, (_group(rng, i, tier_ids) for i in range(groups)))
        inherits = [
            (group_ids[i], group_ids[rng.randrange(i)])
            for i in range(1, groups)
            if rng.random() < 0.08
        ]
        _link(TargetGroup.inherits_from, inherits)

        message_ids = _bulk(plan, Message, (_message(rng, i) for i in range(messages)))
        message_tiers, message_groups = [], []
        for message_id in message_ids:
            if rng.random() < 0.85:
                for tier_id in rng.sample(tier_ids, rng.choice((1, 1, 1, 2))):
                    message_tiers.append((message_id, tier_id))
            else:
                for group_id in rng.sample(group_ids, min(len(group_ids), rng.randint(1, 3))):
                    message_groups.append((message_id, group_id))
        _link(Message.tiers, message_tiers)
        _link(Message.groups, message_groups)

        channel_ids = _bulk(plan, Channel, (_channel(rng, i) for i in range(channels)))
        _link(Channel.groups, _pairs(rng, channel_ids, group_ids, 2, 6))

        goal_ids = _bulk(plan, Goal, (_goal(rng, i) for i in range(goals)))

        # What Activity.save() would do: read the period from the time text.
        activity_ids = _bulk(
            plan,
            Activity,
            (_activity(rng) for _ in range(activities)),
            prepare=lambda activity: activity.refresh_period(plan),
        )
        _link(Activity.groups, _pairs(rng, activity_ids, group_ids, 1, 4))
        _link(Activity.messages, _pairs(rng, activity_ids, message_ids, 1, 5))
        _link(Activity.channels, _pairs(rng, activity_ids, channel_ids, 1, 2))
        if goal_ids:
            _link(
                Activity.goals,
                [(a, rng.choice(goal_ids)) for a in activity_ids if rng.random() < 0.4],
            )
        _bulk(plan, Spokesperson, (_spokesperson(rng, i) for i in range(spokespersons)))
        _bulk(plan, Risk, (_risk(rng, i) for i in range(risks)))
    return plan


def _bulk(
    plan: Plan,
    model: type[models.Model],
    rows: Iterable[dict[str, Any]],
    prepare: Callable[[Any], None] | None = None,
) -> list[int]:
    """Insert `rows` as the plan's entries at positions 1..n; their primary keys in order.

    `prepare` does to each entry what its `save()` would do besides numbering it.
    """
    objects = [
        model(plan=plan, position=position, **fields)
        for position, fields in enumerate(rows, start=1)
    ]
    if prepare is not None:
        for obj in objects:
            prepare(obj)
    model._default_manager.bulk_create(objects, batch_size=2000)
    if objects and objects[0].pk is None:  # a database that cannot return inserted keys
        return list(
            model._default_manager.filter(plan=plan)
            .order_by("position")
            .values_list("pk", flat=True)
        )
    return [obj.pk for obj in objects]


def _link(relation: Any, pairs: Iterable[tuple[int, int]]) -> None:
    """Bulk insert links (pairs of primary keys) into a many-to-many `relation`'s table.

    `relation` is the model attribute, e.g. `Activity.groups`. Multi-row INSERTs of
    `LINKS_PER_INSERT` rows: a model instance for each of tens of thousands of links would
    take most of the time, and `executemany` costs a round trip per row on some drivers.
    """
    field, through = relation.field, relation.through
    rows = list(pairs)
    connection = connections[router.db_for_write(through)]
    quote = connection.ops.quote_name
    table = quote(through._meta.db_table)
    columns = f"{quote(field.m2m_column_name())}, {quote(field.m2m_reverse_name())}"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), LINKS_PER_INSERT):
            chunk = rows[start : start + LINKS_PER_INSERT]
            values = ", ".join(["(%s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values}",
                [key for pair in chunk for key in pair],
            )


def _pairs(
    rng: random.Random, sources: Sequence[int], targets: Sequence[int], low: int, high: int
) -> list[tuple[int, int]]:
    """Link each source to `low`..`high` distinct targets."""
    return [
        (source, target)
        for source in sources
        for target in rng.sample(targets, min(len(targets), rng.randint(low, high)))
    ]


def _group(rng: random.Random, i: int, tier_ids: Sequence[int]) -> dict[str, Any]:
    base = GROUP_NAMES[i % len(GROUP_NAMES)]
    round_, area = divmod(i // len(GROUP_NAMES), len(AREAS))
    name = base if i < len(GROUP_NAMES) else f"{base}, {AREAS[area]}"
    if round_:
        name = f"{name} {round_ + 1}"
    external = base in EXTERNAL_HINTS or rng.random() < 0.15
    return {
        "name": name,
        "reach": Reach.EXTERNAL if external else Reach.INTERNAL,
        "tier_id": None if rng.random() < 0.05 else rng.choices(tier_ids, (2, 4, 5))[0],
        "description": rng.choice(["", f"Berörs av förändringen i {rng.choice(AREAS)}."]),
    }


def _message(rng: random.Random, i: int) -> dict[str, Any]:
    subject = MESSAGE_SUBJECTS[i % len(MESSAGE_SUBJECTS)]
    predicate = MESSAGE_PREDICATES[(i // len(MESSAGE_SUBJECTS) + i) % len(MESSAGE_PREDICATES)]
    return {
        "text": f"{subject} {predicate}.",
        "clarification": rng.choice(["", "", *CLARIFICATIONS]),
    }


def _channel(rng: random.Random, i: int) -> dict[str, Any]:
    base = CHANNEL_NAMES[i % len(CHANNEL_NAMES)]
    round_ = i // len(CHANNEL_NAMES)
    return {
        "name": base if not round_ else f"{base} – {AREAS[(round_ - 1) % len(AREAS)]}",
        "description": f"{base} som kanal för projektets kommunikation.",
        "responsible": rng.choice(RESPONSIBLE),
        "reach": rng.choice((Reach.INTERNAL, Reach.EXTERNAL)),
        "cadence": rng.choice(CADENCES),
    }


def _goal(rng: random.Random, i: int) -> dict[str, Any]:
    measured = rng.random() < 0.6
    return {
        "text": GOAL_TEXTS[i % len(GOAL_TEXTS)],
        "target_value": Decimal(rng.choice((50, 75, 80, 90, 100))) if measured else None,
        "unit": "procent" if measured else "",
        "deadline": dt.date(2026, rng.randint(3, 12), 1) if measured else None,
    }


def _spokesperson(rng: random.Random, i: int) -> dict[str, Any]:
    return {
        "subject": f"{MESSAGE_SUBJECTS[i % len(MESSAGE_SUBJECTS)]} ({i + 1})",
        "name": rng.choice(RESPONSIBLE),
        "role": rng.choice(["Kommunikatör", "Projektledare", "Förvaltningschef", ""]),
        "contact": f"0123-456 {i % 100:02d}",
    }


def _risk(rng: random.Random, i: int) -> dict[str, Any]:
    return {
        "text": f"{MESSAGE_SUBJECTS[i % len(MESSAGE_SUBJECTS)]} missförstås.",
        "likelihood": rng.randint(1, 5),
        "consequence": rng.randint(1, 5),
        "mitigation": rng.choice(["", *CLARIFICATIONS]),
        "owner": rng.choice(RESPONSIBLE),
        "status": rng.choice(list(RiskStatus)),
    }


def _activity(rng: random.Random) -> dict[str, Any]:
    kind, topic = rng.choice(ACTIVITY_KINDS), rng.choice(ACTIVITY_TOPICS)
    budget = rng.choice((None, None, None, 5000, 12000, 25000, 80000))
    return {
        "title": f"{kind} om {topic}",
        "description": rng.choice(DESCRIPTIONS),
        "responsible": rng.choice(RESPONSIBLE),
        "time_text": rng.choice(TIME_TEXTS),
        "status": rng.choices(STATUSES, STATUS_WEIGHTS)[0],
        "budget": None if budget is None else Decimal(budget),
        "follow_up": rng.choice(FOLLOW_UPS),
    }
