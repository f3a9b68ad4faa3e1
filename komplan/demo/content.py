"""What the demo organisation holds: Norrviks kommun, its three users and its two plans.

Plain data, written for komplan (fictional people and places). The rich plan shows every part
of the product: three priority tiers, internal and external groups, one group inheriting
another's messages, messages addressed to tiers and to groups, channels with cadences,
activities in every status with free-text times, measurable goals, and three gaps left on
purpose for the coverage pages (the unit managers' message no activity gives the booking
officers who inherit it; the unchanged prices nobody tells the companies; the secondary
tier's message the unions never get). The small plan is a second, smaller project of the same
municipality. Every date is fixed, so the demo reads the same in 2026, 2027 or 2028, except
Anna's work this week (ANNAS_WEEK): what her home page lists is dated from the day the demo is
loaded, so that a newcomer sees every section of it filled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from komplan.accounts.models import Role
from komplan.plans.models import ActivityStatus, Reach, Recurrence, RiskStatus

DEMO_PASSWORD = "komplan-demo"
DEMO_USERS = [
    # username, first name, last name, role; the administrator also approves plans
    ("anna", "Anna", "Lindqvist", Role.ADMIN),
    ("erik", "Erik", "Holm", Role.EDITOR),
    ("sofia", "Sofia", "Berg", Role.VIEWER),
]

CORE, PRIMARY, SECONDARY = 0, 1, 2  # positions of the plan's default tiers
INTERNAL, EXTERNAL = Reach.INTERNAL, Reach.EXTERNAL
PLANNED, IN_PROGRESS = ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS
DONE, CANCELLED = ActivityStatus.DONE, ActivityStatus.CANCELLED


class Group(NamedTuple):
    name: str
    reach: str
    tier: int  # CORE, PRIMARY or SECONDARY
    description: str
    inherits_from: str = ""  # the name of an earlier group


class Message(NamedTuple):
    text: str
    clarification: str
    tiers: tuple[int, ...]
    groups: tuple[str, ...] = ()


class Channel(NamedTuple):
    name: str
    description: str
    responsible: str
    reach: str
    cadence: str
    groups: tuple[str, ...]


class Goal(NamedTuple):
    text: str
    target_value: Decimal
    unit: str
    deadline: dt.date


class Activity(NamedTuple):
    title: str
    purpose: str
    time: str  # as a communicator writes it; komplan reads the period from it
    status: str
    groups: tuple[str, ...]
    messages: tuple[int, ...]  # message numbers
    channels: tuple[str, ...]
    responsible: str
    goals: tuple[int, ...] = ()  # goal numbers
    recurrence: str = Recurrence.NONE
    follow_up: str = ""


class Spokesperson(NamedTuple):
    subject: str
    name: str
    role: str
    contact: str


class Risk(NamedTuple):
    text: str
    likelihood: int  # 1–5
    consequence: int  # 1–5
    mitigation: str
    owner: str
    status: str = RiskStatus.OPEN


class Revision(NamedTuple):
    version: str
    date: dt.date
    comment: str
    changed_by: str


@dataclass(frozen=True)
class PlanContent:
    """One plan's facts and registers; entries refer to each other by name or number."""

    name: str
    diary_number: str
    client: str
    funder: str
    project_lead: str
    start_date: dt.date
    end_date: dt.date
    background: str
    purpose: str
    groups: tuple[Group, ...]
    messages: tuple[Message, ...]
    channels: tuple[Channel, ...]
    goals: tuple[Goal, ...]
    activities: tuple[Activity, ...]
    revisions: tuple[Revision, ...]
    spokespersons: tuple[Spokesperson, ...] = ()
    risks: tuple[Risk, ...] = ()


# --- the rich plan: digital booking of the municipality's premises ----------------------------

KS = "Kommunstyrelsen"
STEERING = "Styrgruppen"
PROJECT = "Projektgruppen"
MANAGERS = "Enhetschefer"
OFFICERS = "Bokningshandläggare"
SERVICE = "Servicecenter"
CARETAKERS = "Vaktmästare och fastighetsskötare"
HEADS = "Rektorer"
CLUBS = "Idrotts- och kulturföreningar"
RESIDENTS = "Invånare"
COMPANIES = "Företag och arrangörer"
PRESS = "Lokalpressen"
COUNCILS = "Pensionärsrådet och funktionsrättsrådet"
UNIONS = "Fackliga företrädare"

BOOKING_GROUPS = (
    Group(KS, INTERNAL, CORE, "Beställer projektet och beslutar om budget och taxor."),
    Group(
        STEERING,
        INTERNAL,
        CORE,
        "Förvaltningscheferna för kultur och fritid, utbildning och samhällsbyggnad med "
        "kommunledningskontoret; driver projektet och godkänner kommunikationsplanen.",
    ),
    Group(
        PROJECT,
        INTERNAL,
        CORE,
        "Projektledare, systemförvaltare och en representant för varje förvaltning som "
        "hyr ut lokaler.",
    ),
    Group(
        MANAGERS,
        INTERNAL,
        PRIMARY,
        "Chefer för fritidsgårdar, bibliotek, idrottsanläggningar och samlingslokaler som hyrs ut.",
    ),
    Group(
        OFFICERS,
        INTERNAL,
        PRIMARY,
        "Tar i dag emot bokningar per telefon och e-post, lämnar ut nycklar och fakturerar. "
        "Behöver samma information som enhetscheferna.",
        inherits_from=MANAGERS,
    ),
    Group(
        SERVICE,
        INTERNAL,
        PRIMARY,
        "Invånarnas första kontakt med kommunen; ska kunna hjälpa den som inte bokar själv.",
    ),
    Group(
        CARETAKERS,
        INTERNAL,
        PRIMARY,
        "Öppnar, stänger och ser till lokalerna; får nya rutiner när låsen blir digitala.",
    ),
    Group(
        HEADS,
        INTERNAL,
        PRIMARY,
        "Skolornas idrottssalar och aulor hyrs ut på kvällar och helger.",
    ),
    Group(
        CLUBS,
        EXTERNAL,
        PRIMARY,
        "Omkring 240 föreningar som hyr hallar och samlingslokaler varje vecka och söker "
        "föreningsbidrag.",
    ),
    Group(
        RESIDENTS,
        EXTERNAL,
        SECONDARY,
        "Alla som bor i Norrvik och vill hyra en lokal för ett kalas, ett möte eller en kurs.",
    ),
    Group(
        COMPANIES,
        EXTERNAL,
        SECONDARY,
        "Hyr lokaler för konferenser, mässor och evenemang; betalar full taxa.",
    ),
    Group(
        PRESS, EXTERNAL, SECONDARY, "Norrviks Tidning, Radio Norrvik och nyhetssajten Norrvik Nu."
    ),
    Group(
        COUNCILS,
        EXTERNAL,
        SECONDARY,
        "Kommunens råd för äldre och för personer med funktionsnedsättning; bevakar att "
        "tjänsten går att använda för alla.",
    ),
    Group(
        UNIONS,
        INTERNAL,
        SECONDARY,
        "Kommunal och Vision företräder de medarbetare vars arbetsuppgifter ändras.",
    ),
)

BOOKING_MESSAGES = (
    Message(  # 1
        "I den digitala bokningstjänsten hittar och bokar alla kommunens lokaler på ett "
        "ställe, dygnet runt.",
        "Tjänsten ersätter blanketter, telefonbokning och bokningar per e-post. Den som inte "
        "kan eller vill boka digitalt får fortfarande hjälp.",
        (CORE, PRIMARY, SECONDARY),
    ),
    Message(  # 2
        "Projektet håller tidplan och budget, och avvikelser lyfts till styrgruppen direkt.",
        "Lägesrapport varje månad; en försening på mer än en månad eller en avvikelse på mer "
        "än tio procent av budgeten rapporteras samma vecka.",
        (CORE,),
    ),
    Message(  # 3
        "Det nya arbetssättet flyttar tid från pappershantering till service och uthyrning.",
        "Bokningsbekräftelser, nyckelkoder och fakturor skapas av tjänsten. Handläggarna "
        "arbetar i stället med frågor, prioriteringar och att fler lokaler hyrs ut.",
        (CORE,),
        (MANAGERS, OFFICERS, SERVICE, CARETAKERS),
    ),
    Message(  # 4
        "Kommunens lokaler ska användas mer och av fler, och digital bokning är ett steg dit.",
        "Många lokaler står tomma kvällar och helger för att ingen vet att de går att hyra.",
        (SECONDARY,),
    ),
    Message(  # 5
        "Som chef ansvarar du för att dina lokaler och deras regler är rätt beskrivna i "
        "tjänsten före lanseringen.",
        "Projektgruppen skickar en mall i augusti 2026. Beskrivningar, bilder och "
        "bokningsregler behövs senast vecka 42.",
        (),
        (MANAGERS, HEADS),
    ),
    Message(  # 6
        "Den som behöver hjälp att boka får det av servicecenter, i telefon eller på plats.",
        "",
        (),
        (SERVICE, RESIDENTS),
    ),
    Message(  # 7
        "Föreningar bokar lokaler och söker föreningsbidrag på samma ställe, med samma inloggning.",
        "Föreningens firmatecknare loggar in med e-legitimation och ger sina ledare behörighet "
        "att boka.",
        (),
        (CLUBS,),
    ),
    Message(  # 8
        "Med digitala lås öppnas lokalen med mobilen, och nyckelkvitteringen försvinner.",
        "Låsen byts hall för hall under våren 2027. Fysiska nycklar finns kvar som reserv året ut.",
        (),
        (CARETAKERS, CLUBS),
    ),
    Message(  # 9
        "Priserna för att hyra kommunens lokaler ändras inte med den nya tjänsten.",
        "Taxorna beslutas av kommunfullmäktige i särskild ordning; tjänsten visar samma "
        "priser som i dag.",
        (),
        (CLUBS, RESIDENTS, COMPANIES),
    ),
    Message(  # 10
        "Tjänsten prövas med användarna och ska gå att använda för alla, också med skärmläsare.",
        "Användartester med föreningar, seniorer och personer med funktionsnedsättning våren "
        "2027; tjänsten granskas mot kraven på digital tillgänglighet före lanseringen.",
        (),
        (COUNCILS,),
    ),
    Message(  # 11
        "Förändringen av arbetsuppgifterna görs i dialog med medarbetarna och deras fackliga "
        "företrädare.",
        "Förhandling enligt medbestämmandelagen före beslut om ändrad organisation.",
        (),
        (UNIONS, OFFICERS),
    ),
)

KS_MEETINGS = "Kommunstyrelsens sammanträden"
STEERING_MEETINGS = "Styrgruppsmöten"
WEEKLY = "Projektgruppens veckomöte"
MANAGEMENT = "Förvaltningarnas ledningsgrupper"
INTRANET = "Intranätet Insidan"
WORKPLACE = "Arbetsplatsträffar"
WEBSITE = "Norrvik.se"
NEWSLETTER = "Föreningsnytt"
CLUB_EVENINGS = "Föreningsträffar"
SOCIAL = "Kommunens sociala medier"
PRESS_RELEASES = "Pressmeddelanden"
COUNCIL_MEETINGS = "Rådens sammanträden"
JOINT_COMMITTEE = "Förvaltningens samverkansgrupp"

BOOKING_CHANNELS = (
    Channel(
        KS_MEETINGS,
        "Ärenden och informationspunkter på kommunstyrelsens möten.",
        "Projektägare",
        INTERNAL,
        "Varje månad utom juli",
        (KS,),
    ),
    Channel(
        STEERING_MEETINGS,
        "Styrgruppen för digital bokning.",
        "Projektledare",
        INTERNAL,
        "Var sjätte vecka",
        (STEERING,),
    ),
    Channel(
        WEEKLY,
        "Avstämning i projektgruppen, på plats eller digitalt.",
        "Projektledare",
        INTERNAL,
        "Varje vecka",
        (PROJECT,),
    ),
    Channel(
        MANAGEMENT,
        "Ledningsgrupperna för kultur och fritid, utbildning och samhällsbyggnad.",
        "Förvaltningschef",
        INTERNAL,
        "Varje månad",
        (MANAGERS, HEADS),
    ),
    Channel(
        INTRANET,
        "Kommunens intranät: nyheter och projektets egen sida med frågor och svar.",
        "Kommunikatör",
        INTERNAL,
        "Löpande",
        (PROJECT, MANAGERS, OFFICERS, SERVICE, CARETAKERS, HEADS, UNIONS),
    ),
    Channel(
        WORKPLACE,
        "Enheternas arbetsplatsträffar, med material från projektet.",
        "Enhetschef",
        INTERNAL,
        "Varje månad",
        (OFFICERS, SERVICE, CARETAKERS),
    ),
    Channel(
        WEBSITE,
        "Kommunens webbplats, där tjänsten också öppnas.",
        "Webbredaktör",
        EXTERNAL,
        "Löpande",
        (RESIDENTS, CLUBS, COMPANIES),
    ),
    Channel(
        NEWSLETTER,
        "Nyhetsbrev med e-post till föreningsregistret.",
        "Föreningskonsulent",
        EXTERNAL,
        "Varje månad",
        (CLUBS,),
    ),
    Channel(
        CLUB_EVENINGS,
        "Kvällsträffar för föreningarnas ordförande och kassörer.",
        "Föreningskonsulent",
        EXTERNAL,
        "Två gånger per år",
        (CLUBS,),
    ),
    Channel(
        SOCIAL,
        "Kommunens konton på Facebook och Instagram.",
        "Kommunikatör",
        EXTERNAL,
        "Vid behov",
        (RESIDENTS, CLUBS, COMPANIES),
    ),
    Channel(
        PRESS_RELEASES,
        "Pressmeddelanden och pressträffar för de lokala medierna.",
        "Pressansvarig",
        EXTERNAL,
        "Vid behov",
        (PRESS,),
    ),
    Channel(
        COUNCIL_MEETINGS,
        "Pensionärsrådets och funktionsrättsrådets möten.",
        "Projektledare",
        EXTERNAL,
        "Fyra gånger per år",
        (COUNCILS,),
    ),
    Channel(
        JOINT_COMMITTEE,
        "Samverkan med de fackliga organisationerna enligt samverkansavtalet.",
        "HR-specialist",
        INTERNAL,
        "Varje månad",
        (UNIONS,),
    ),
)

BOOKING_GOALS = (
    Goal(
        "Minst 60 procent av alla bokningar av kommunens lokaler görs i den digitala tjänsten",
        Decimal(60),
        "procent",
        dt.date(2027, 10, 31),
    ),
    Goal(
        "Alla bokningshandläggare och medarbetare i servicecenter har gått utbildningen före "
        "lanseringen",
        Decimal(100),
        "procent",
        dt.date(2027, 3, 31),
    ),
    Goal(
        "Minst 150 föreningar har aktiverat sitt konto i tjänsten",
        Decimal(150),
        "föreningar",
        dt.date(2027, 6, 30),
    ),
    Goal(
        "Samtalen till servicecenter om lokalbokning har minskat med en tredjedel jämfört med 2025",
        Decimal(33),
        "procent",
        dt.date(2027, 10, 31),
    ),
)

BOOKING_ACTIVITIES = (
    Activity(
        "Startmöte för projektgruppen",
        "En gemensam bild av uppdraget, rollerna och hur projektet kommunicerar.",
        "Januari 2026",
        DONE,
        (PROJECT,),
        (1, 2),
        (WEEKLY,),
        "Projektledare",
    ),
    Activity(
        "Presentation på kommunstyrelsens sammanträde",
        "Ge politikerna underlag om projektets mål, tidplan och kostnader och tillfälle att "
        "ställa frågor.",
        "Februari 2026",
        DONE,
        (KS,),
        (1, 2),
        (KS_MEETINGS,),
        "Projektägare",
    ),
    Activity(
        "Kommunikationsplanen beslutas i styrgruppen",
        "Förankra planen och utse ansvariga för aktiviteterna.",
        "5 mars 2026",
        DONE,
        (STEERING,),
        (1, 2),
        (STEERING_MEETINGS,),
        "Projektledare",
    ),
    Activity(
        "Lägesrapport till styrgruppen",
        "Löpande lägesbild med risker, avvikelser och beslut som behövs.",
        "Mars 2026 – löpande",
        IN_PROGRESS,
        (STEERING,),
        (2, 3),
        (STEERING_MEETINGS,),
        "Projektledare",
        recurrence=Recurrence.MONTHLY,
    ),
    Activity(
        "Avstämning i projektgruppen",
        "Stämma av arbetet och fånga frågor från förvaltningarna.",
        "Vecka 6, 2026 – pågående",
        IN_PROGRESS,
        (PROJECT,),
        (1, 2, 3),
        (WEEKLY,),
        "Projektledare",
        recurrence=Recurrence.WEEKLY,
    ),
    Activity(
        "Enkät till föreningarna om deras bokningsbehov",
        "Samla in föreningarnas behov och önskemål inför upphandlingen av tjänsten.",
        "Vecka 15–17, 2026",
        DONE,
        (CLUBS,),
        (1, 7),
        (NEWSLETTER,),
        "Föreningskonsulent",
        goals=(3,),
        follow_up="Svarsfrekvens; 112 av 240 föreningar svarade.",
    ),
    Activity(
        "Informationspunkt i förvaltningarnas ledningsgrupper",
        "Alla chefer får grundläggande information, tillfälle att fråga och vet vem de vänder "
        "sig till.",
        "April–maj 2026",
        DONE,
        (MANAGERS, HEADS),
        (1, 3, 5),
        (MANAGEMENT,),
        "Projektledare",
    ),
    Activity(
        "Projektsida på intranätet",
        "En plats för tidplan, frågor och svar och material att visa på arbetsplatsträffar.",
        "Våren 2026 – pågående",
        IN_PROGRESS,
        (MANAGERS, OFFICERS, SERVICE, CARETAKERS, HEADS),
        (1, 3),
        (INTRANET,),
        "Kommunikatör",
    ),
    Activity(
        "Månadens nyhet om bokningstjänsten på intranätet",
        "Berätta vad som hänt och vad som händer härnäst.",
        "Maj 2026 – pågående",
        IN_PROGRESS,
        (MANAGERS, OFFICERS, SERVICE),
        (1, 3),
        (INTRANET,),
        "Kommunikatör",
        recurrence=Recurrence.MONTHLY,
    ),
    Activity(
        "Information i förvaltningens samverkansgrupp",
        "De fackliga företrädarna får veta hur arbetsuppgifterna ändras innan något beslutas.",
        "Juni 2026",
        DONE,
        (UNIONS,),
        (1, 11),
        (JOINT_COMMITTEE,),
        "HR-specialist",
    ),
    Activity(
        "Pressträff med kommunstyrelsens ordförande",
        "Ge lokalpressen en bild av projektet före upphandlingen. Ställs in: ersätts av ett "
        "pressmeddelande när tjänsten lanseras.",
        "Juni 2026",
        CANCELLED,
        (PRESS,),
        (1, 2),
        (PRESS_RELEASES,),
        "Pressansvarig",
    ),
    Activity(
        "Mall för lokalbeskrivningar till cheferna",
        "Cheferna beskriver sina lokaler, bilder och bokningsregler inför lanseringen.",
        "Augusti 2026",
        PLANNED,
        (MANAGERS, HEADS),
        (5,),
        (INTRANET,),
        "Projektledare",
    ),
    Activity(
        "Workshop med bokningshandläggarna om nya rutiner",
        "Ta fram de nya rutinerna tillsammans med dem som ska arbeta i tjänsten.",
        "Hösten 2026",
        IN_PROGRESS,
        (OFFICERS,),
        (3, 11),
        (WORKPLACE,),
        "Projektledare",
    ),
    Activity(
        "Frågestund på arbetsplatsträffarna",
        "Svara på medarbetarnas frågor om förändringen, enhet för enhet.",
        "Hösten 2026 – pågående",
        IN_PROGRESS,
        (OFFICERS, SERVICE, CARETAKERS),
        (3, 11),
        (WORKPLACE,),
        "Enhetschef",
        recurrence=Recurrence.MONTHLY,
    ),
    Activity(
        "Nyhet i Föreningsnytt",
        "Hålla föreningarna informerade fram till lanseringen.",
        "Hösten 2026 – pågående",
        PLANNED,
        (CLUBS,),
        (1, 7),
        (NEWSLETTER,),
        "Föreningskonsulent",
        goals=(3,),
        recurrence=Recurrence.MONTHLY,
    ),
    Activity(
        "Informationsbrev till alla hushåll",
        "Nå invånare som inte följer kommunens digitala kanaler. Ställs in: kostnaden ryms inte "
        "i budgeten; kampanjen i sociala medier och servicecenter tar över.",
        "Hösten 2026",
        CANCELLED,
        (RESIDENTS,),
        (1, 6),
        (WEBSITE,),
        "Kommunikatör",
    ),
    Activity(
        "Föreningsträff om den nya tjänsten",
        "Visa tjänsten, svara på frågor och samla synpunkter.",
        "Oktober 2026",
        PLANNED,
        (CLUBS,),
        (1, 7, 8),
        (CLUB_EVENINGS,),
        "Föreningskonsulent",
        goals=(3,),
        follow_up="Antal deltagande föreningar och frågor som kom in.",
    ),
    Activity(
        "Dragning för pensionärsrådet och funktionsrättsrådet",
        "Visa hur tjänsten möter kraven på tillgänglighet och bjuda in till användartester.",
        "Kvartal 4 2026",
        PLANNED,
        (COUNCILS,),
        (1, 4, 10),
        (COUNCIL_MEETINGS,),
        "Projektledare",
    ),
    Activity(
        "Filmad introduktion för cheferna",
        "Ställs in: cheferna ville hellre ha dragningarna i ledningsgrupperna.",
        "Mitten av november 2026",
        CANCELLED,
        (MANAGERS,),
        (1, 5),
        (INTRANET,),
        "Kommunikatör",
    ),
    Activity(
        "Digitala lås: genomgång med vaktmästarna",
        "Nya rutiner för tillsyn, larm och reservnycklar.",
        "Januari 2027",
        PLANNED,
        (CARETAKERS,),
        (8,),
        (WORKPLACE,),
        "Fastighetschef",
    ),
    Activity(
        "Utbildning för bokningshandläggare",
        "Alla handläggare kan tjänsten och de nya rutinerna före lanseringen.",
        "Februari 2027",
        PLANNED,
        (OFFICERS,),
        (1, 3),
        (WORKPLACE,),
        "Systemförvaltare",
        goals=(2,),
    ),
    Activity(
        "Utbildning för servicecenter",
        "Servicecenter kan hjälpa invånare att boka och svara på de vanligaste frågorna.",
        "Prel. mars 2027 (när avtal är på plats)",
        PLANNED,
        (SERVICE,),
        (1, 6),
        (WORKPLACE,),
        "Systemförvaltare",
        goals=(2, 4),
    ),
    Activity(
        "Användartester med föreningar och seniorer",
        "Pröva tjänsten med verkliga användare och rätta det som inte fungerar före lanseringen.",
        "Våren 2027",
        PLANNED,
        (CLUBS, COUNCILS),
        (10,),
        (CLUB_EVENINGS, COUNCIL_MEETINGS),
        "Projektledare",
    ),
    Activity(
        "Lanseringsnyhet på Norrvik.se",
        "Berätta att tjänsten öppnar, hur man bokar och var man får hjälp.",
        "April 2027",
        PLANNED,
        (RESIDENTS, CLUBS),
        (1, 6, 9),
        (WEBSITE,),
        "Webbredaktör",
        goals=(1,),
    ),
    Activity(
        "Pressmeddelande vid lanseringen",
        "Nå fler invånare via de lokala medierna.",
        "April 2027",
        PLANNED,
        (PRESS,),
        (1, 4),
        (PRESS_RELEASES,),
        "Pressansvarig",
    ),
    Activity(
        "Kampanj i sociala medier",
        "Korta filmer som visar hur man bokar en lokal med mobilen.",
        "April–maj 2027",
        PLANNED,
        (RESIDENTS, CLUBS, COMPANIES),
        (1, 4),
        (SOCIAL,),
        "Kommunikatör",
        goals=(1,),
        follow_up="Visningar och klick till tjänsten.",
    ),
    Activity(
        "Reportage om föreningarna som prövade tjänsten först",
        "Visa nyttan genom föreningarnas egna berättelser.",
        "Prel. maj 2027",
        PLANNED,
        (PRESS,),
        (1, 7),
        (PRESS_RELEASES,),
        "Pressansvarig",
    ),
    Activity(
        "Rapport till kommunstyrelsen efter lanseringen",
        "Redovisa utfallet mot målen och föreslå nästa steg.",
        "Juni 2027",
        PLANNED,
        (KS,),
        (2, 3),
        (KS_MEETINGS,),
        "Projektägare",
        goals=(1, 4),
    ),
    Activity(
        "Uppföljningsenkät till föreningar och invånare",
        "Mäta hur nöjda användarna är och hur många som bokar digitalt.",
        "September 2027",
        PLANNED,
        (CLUBS, RESIDENTS),
        (1,),
        (NEWSLETTER, WEBSITE),
        "Projektledare",
        goals=(1, 3),
    ),
    Activity(
        "Slutrapport och erfarenhetsseminarium",
        "Dela erfarenheterna med styrgruppen och de andra förvaltningarna.",
        "Oktober 2027",
        PLANNED,
        (STEERING, MANAGERS),
        (2, 3),
        (STEERING_MEETINGS, MANAGEMENT),
        "Projektledare",
        goals=(1, 2, 3, 4),
    ),
)

BOOKING = PlanContent(
    name="Digital bokning av lokaler",
    diary_number="KS 2026/114",
    client="Kommunstyrelsen, Norrviks kommun",
    funder="Norrviks kommun",
    project_lead="Anna Lindqvist, kommunledningskontoret",
    start_date=dt.date(2026, 1, 15),
    end_date=dt.date(2027, 10, 31),
    background="Föreningar, företag och invånare bokar i dag kommunens idrottshallar, "
    "samlingslokaler och skolsalar med blanketter, telefonsamtal och e-post till fyra olika "
    "förvaltningar. Nycklar kvitteras ut på plats och fakturor skrivs för hand. Många lokaler "
    "står tomma kvällar och helger för att det är svårt att se vad som går att hyra.\n\n"
    "Kommunstyrelsen beslutade i december 2025 att införa en gemensam digital "
    "bokningstjänst med digitala lås. Tjänsten ska lanseras våren 2027.",
    purpose="Samordna projektets kommunikation så att varje målgrupp får veta det den behöver, "
    "i rätt tid och i en kanal den redan använder. Planen är också underlag för att förankra "
    "förändringen hos chefer och medarbetare vars arbete ändras.",
    groups=BOOKING_GROUPS,
    messages=BOOKING_MESSAGES,
    channels=BOOKING_CHANNELS,
    goals=BOOKING_GOALS,
    activities=BOOKING_ACTIVITIES,
    spokespersons=(
        Spokesperson(
            "Projektet, tidplanen och lanseringen",
            "Anna Lindqvist",
            "Kommunikatör, projektets kommunikationsansvarige",
            "Kommunens presstelefon 0123-456 00",
        ),
        Spokesperson(
            "Taxor, budget och beslut i kommunstyrelsen",
            "Karin Ekström",
            "Kommunstyrelsens ordförande",
            "Via kommunledningskontoret, 0123-456 10",
        ),
    ),
    risks=(
        Risk(
            "Föreningarna uppfattar tjänsten som ett sätt att höja taxorna.",
            4,
            4,
            "Budskap 3 (taxorna är oförändrade) i varje kanal till föreningarna; "
            "ordföranden svarar på frågor om taxor.",
            "Anna Lindqvist",
        ),
        Risk(
            "De digitala låsen levereras sent och lanseringen skjuts upp.",
            3,
            5,
            "Ingen lanseringsdag kommuniceras utåt förrän leveransen är bekräftad.",
            "Erik Holm",
        ),
        Risk(
            "Bokningshandläggarna känner sig överkörda och sprider oro internt.",
            3,
            3,
            "Workshop med handläggarna innan enhetscheferna informeras brett.",
            "Erik Holm",
            RiskStatus.MITIGATED,
        ),
        Risk(
            "Äldre invånare utan BankID kan inte boka.",
            2,
            4,
            "Servicecenter bokar åt den som ringer; sägs i all information till invånare.",
            "Anna Lindqvist",
        ),
        Risk(
            "Lokalpressen skriver om ett driftstopp under testperioden.",
            2,
            2,
            "Pressmeddelande om testperioden innan den börjar.",
            "Anna Lindqvist",
            RiskStatus.CLOSED,
        ),
    ),
    revisions=(
        Revision("0.1", dt.date(2026, 2, 2), "Utkast framtaget", "Anna Lindqvist"),
        Revision(
            "0.1",
            dt.date(2026, 2, 23),
            "Synpunkter från projektgruppen inarbetade",
            "Anna Lindqvist, Erik Holm",
        ),
    ),
)

# --- the small plan: food waste collection in one district ------------------------------------

NAMND = "Tekniska nämnden"
HOUSES = "Villahushåll i Söderby"
LANDLORDS = "Hyresvärdar och bostadsrättsföreningar"
COLLECTOR = "Söderby Återvinning AB"

FOOD_WASTE = PlanContent(
    name="Matavfallsinsamling i Söderby",
    diary_number="TN 2026/57",
    client="Tekniska nämnden, Norrviks kommun",
    funder="Avfallstaxan",
    project_lead="Erik Holm, tekniska förvaltningen",
    start_date=dt.date(2026, 9, 1),
    end_date=dt.date(2027, 6, 30),
    background="Söderby är den sista kommundelen där matavfall ännu slängs med restavfallet. "
    "Från mars 2027 får alla hushåll ett brunt kärl och papperspåsar för matavfall.",
    purpose="Se till att hushållen vet vad som ändras, när och varför, innan det första kärlet "
    "töms.",
    groups=(
        Group(NAMND, INTERNAL, CORE, "Beslutar om insamlingen och avfallstaxan."),
        Group(HOUSES, EXTERNAL, PRIMARY, "Omkring 1 800 hushåll med egna kärl."),
        Group(
            LANDLORDS,
            EXTERNAL,
            PRIMARY,
            "Ansvarar för soprummen i flerbostadshusen och informerar sina hyresgäster.",
        ),
        Group(COLLECTOR, EXTERNAL, SECONDARY, "Entreprenören som hämtar avfallet."),
    ),
    messages=(
        Message(
            "Från mars 2027 sorteras matavfallet i Söderby i bruna papperspåsar.",
            "Påsar och en påshållare delas ut till varje hushåll i februari.",
            (CORE, PRIMARY, SECONDARY),
        ),
        Message(
            "Det bruna kärlet töms varannan vecka och ingår i avfallstaxan.",
            "",
            (),
            (HOUSES, LANDLORDS),
        ),
        Message(
            "Matavfallet blir biogas som driver kommunens bussar.",
            "",
            (CORE,),
            (HOUSES,),
        ),
    ),
    channels=(
        Channel(
            "Tekniska nämndens sammanträden",
            "Ärenden och informationspunkter.",
            "Avfallschef",
            INTERNAL,
            "Varje månad",
            (NAMND,),
        ),
        Channel(
            "Brev med posten",
            "Brev med posten till varje adress i Söderby.",
            "Kommunikatör",
            EXTERNAL,
            "Vid behov",
            (HOUSES, LANDLORDS),
        ),
        Channel(
            "Entreprenörsmöten",
            "Avstämning med insamlingsentreprenören.",
            "Avfallschef",
            EXTERNAL,
            "Varannan vecka",
            (COLLECTOR,),
        ),
    ),
    goals=(
        Goal(
            "Minst 70 procent av hushållen i Söderby sorterar ut sitt matavfall",
            Decimal(70),
            "procent",
            dt.date(2027, 6, 30),
        ),
    ),
    activities=(
        Activity(
            "Beslut om insamlingen i tekniska nämnden",
            "Nämnden beslutar om start, kärl och tömningsintervall.",
            "September 2026",
            DONE,
            (NAMND,),
            (1, 3),
            ("Tekniska nämndens sammanträden",),
            "Avfallschef",
        ),
        Activity(
            "Planering av utdelningen med entreprenören",
            "Kärl, påsar och körscheman klara före utdelningen.",
            "Hösten 2026 – pågående",
            IN_PROGRESS,
            (COLLECTOR,),
            (1,),
            ("Entreprenörsmöten",),
            "Avfallschef",
            recurrence=Recurrence.MONTHLY,
        ),
        Activity(
            "Brev till fastighetsägarna",
            "Hyresvärdar och föreningar hinner förbereda soprummen.",
            "December 2026",
            PLANNED,
            (LANDLORDS,),
            (1, 2),
            ("Brev med posten",),
            "Kommunikatör",
        ),
        Activity(
            "Brev och påsar till hushållen",
            "Varje hushåll vet vad som ändras och har det som behövs.",
            "Februari 2027",
            PLANNED,
            (HOUSES,),
            (1, 2, 3),
            ("Brev med posten",),
            "Kommunikatör",
            goals=(1,),
        ),
        Activity(
            "Plockanalys av restavfallet",
            "Mäta hur mycket matavfall som fortfarande hamnar i restavfallet.",
            "Prel. maj 2027",
            PLANNED,
            (NAMND,),
            (3,),
            ("Tekniska nämndens sammanträden",),
            "Avfallschef",
            goals=(1,),
        ),
    ),
    revisions=(Revision("0.1", dt.date(2026, 8, 24), "Utkast framtaget", "Erik Holm"),),
)


class WorkItem(NamedTuple):
    title: str
    days_from_load: int  # the due date, counted from the day the demo is loaded


# Anna's part of the small plan and of the steering group, due around the day of loading.
ANNAS_WEEK = {
    "activities": (
        WorkItem("Beställ annons om matavfallsinsamlingen i lokaltidningen", -3),
        WorkItem("Granska texten till fastighetsägarbrevet", 0),
    ),
    "action": WorkItem("Skicka den reviderade planen till styrgruppens ledamöter", 2),
}
