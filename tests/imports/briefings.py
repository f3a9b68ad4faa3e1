"""Four briefings per target group, written for komplan's tests (#15 items 1 and 2): the same
fictional project — Lövsta kommun's new e-service for building permits — briefed in Swedish,
Danish, Norwegian bokmål and English, as communicators write such documents in Word.

Each has a title, introductory sentences, a section of internal and one of external groups,
21 groups, priorities as "Prioritet N" headings (internal) and as "1."/"2."/"3." before the
group (external), bulleted points, and a suggested-channels sentence per group with list
separators, parentheses, a hyphenated first word, filler, qualifiers, synonyms of one channel
and "same as" forms. `BRIEFINGS[language]` says what a reader must find; `briefing_docx`
builds the document; `score` counts the fields read right (`python -m tests.imports.briefings`
prints them for the issue's closing note).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ("sv", "da", "nb", "en")

# The channels, by a name of this file's own; each language's name as the reader should keep
# it (compared by `channel_words.channel_key`, so any of its forms counts).
CHANNELS: dict[str, tuple[str, str, str, str]] = {
    "ledning": ("Ledningsgruppsmöten", "Ledelsesmøder", "Ledermøter", "Management team meetings"),
    "rapport": ("Månadsrapport", "Månedsrapport", "Månedsrapport", "Monthly report"),
    "dragning": ("Muntlig dragning", "Mundtlig orientering", "Muntlig orientering",
                 "Oral briefing"),
    "chefer": ("Chefsträffar", "Chefmøder", "Ledersamlinger", "Manager forums"),
    "intranet": ("Intranätet", "Intranettet", "Intranettet", "Intranet"),
    "email": ("E-post", "E-mail", "E-post", "Email"),
    "apt": ("APT", "Personalemøder", "Personalmøter", "Staff meetings"),
    "utbildning": ("Utbildning i systemet", "Undervisning i systemet", "Opplæring i systemet",
                   "Training in the system"),
    "stod": ("Metod- och kommunikationsstöd", "Metode- og kommunikationsstøtte",
             "Metode- og kommunikasjonsstøtte", "Pre- and post-launch briefings"),
    "projekt": ("Projektmöten", "Projektmøder", "Prosjektmøter", "Project meetings"),
    "teams": ("Teams-kanalen", "Teams-kanalen", "Teams-kanalen", "Teams channel"),
    "natverk": ("Kommunikatörsnätverket", "Kommunikatørnetværket", "Kommunikatørnettverket",
                "Communicators' network"),
    "tidning": ("Personaltidningen", "Personalebladet", "Personalavisen", "Staff magazine"),
    "samverkan": ("Samverkansgruppen", "Samarbejdsudvalget", "Samarbeidsutvalget",
                  "Joint consultation committee"),
    "namnd": ("Nämndsammanträden", "Udvalgsmøder", "Utvalgsmøter", "Committee meetings"),
    "webb": ("Hemsidan", "Hjemmesiden", "Nettsiden", "Website"),
    "sociala": ("Sociala medier", "Sociale medier", "Sosiale medier", "Social media"),
    "press": ("Lokalpressen", "Lokalpressen", "Lokalpressen", "Local press"),
    "nyhetsbrev": ("Nyhetsbrevet", "Nyhedsbrevet", "Nyhetsbrevet", "Newsletter"),
    "infomote": ("Informationsmöten", "Informationsmøder", "Informasjonsmøter",
                 "Information meetings"),
    "annons": ("Annonser i lokaltidningen", "Annoncer i lokalavisen", "Annonser i lokalavisen",
               "Adverts in the local paper"),
    "brev": ("Brev", "Breve", "Brev", "Letters"),
    "pressmed": ("Pressmeddelanden", "Pressemeddelelser", "Pressemeldinger", "Press releases"),
    "presskonf": ("Presskonferens", "Pressemøde", "Pressekonferanse", "Press conference"),
    "natverkstraff": ("Nätverksträffar", "Netværksmøder", "Nettverkssamlinger",
                      "Network meetings"),
    "linkedin": ("LinkedIn", "LinkedIn", "LinkedIn", "LinkedIn"),
    "medlemsbrev": ("Medlemsbrevet", "Medlemsbrevet", "Medlemsbrevet", "Members' letter"),
}  # fmt: skip


@dataclass
class Group:
    """A group as the document writes it and as a reader must understand it."""

    name: str
    points: list[str]
    channels_text: str  # after the "suggested channels" label
    reach: str  # "internal" / "external"
    tier: str  # "core" / "primary" / "secondary"
    marker: int = 0  # "2." before the name; 0 when a "Prioritet 2" heading says it
    own: list[str] = field(default_factory=list)  # CHANNELS keys the sentence names itself
    copies: list[int] = field(default_factory=list)  # groups (0-based) whose channels it gets
    inherits: list[int] = field(default_factory=list)  # groups whose messages it inherits
    notes: dict[str, str] = field(default_factory=dict)  # CHANNELS key -> qualifier kept


@dataclass
class Briefing:
    language: str
    title: str
    intro: list[str]
    label: str  # "Förslag på kanaler"
    internal: str  # "Interna målgrupper"
    external: str
    priority: str  # "Prioritet"
    groups: list[Group]

    def channel_name(self, key: str) -> str:
        return CHANNELS[key][LANGUAGES.index(self.language)]

    def expected_channels(self) -> list[list[str]]:
        """Each group's channels (CHANNELS keys): its own and those it copies, in order."""
        found: list[list[str]] = []
        for group in self.groups:
            keys = list(group.own)
            for source in group.copies:
                keys += [k for k in found[source] if k not in keys]
            found.append(keys)
        return found


def _g(name: str, points: list[str], text: str, reach: str, tier: str, **kw: Any) -> Group:
    return Group(name, points, text, reach, tier, **kw)


INTERNAL, EXTERNAL = "internal", "external"
C, P, S = "core", "primary", "secondary"

# The structure every language shares: (reach, tier, marker, own, copies, inherits, notes).
_SHAPE: list[dict[str, Any]] = [
    {"own": ["ledning", "rapport", "dragning"], "notes": {"rapport": 0}},  # 0
    {"own": ["chefer", "intranet", "email"]},  # 1
    {"own": ["apt"], "copies": [1], "inherits": [1]},  # 2
    {"own": ["utbildning", "stod", "intranet", "email"], "notes": {"stod": 0}},  # 3
    {"copies": [3], "inherits": [3]},  # 4 "same as above"
    {"own": ["apt"]},  # 5 synonyms of one channel
    {"own": ["projekt", "teams", "email"], "notes": {"teams": 0}},  # 6
    {"own": ["natverk", "intranet"], "notes": {"intranet": 0}},  # 7
    {"own": ["intranet", "tidning", "apt"]},  # 8
    {"own": ["samverkan", "email"], "notes": {"samverkan": 0}},  # 9
    {"own": ["namnd", "email"]},  # 10
    {"copies": [3], "inherits": [3, 5]},  # 11
    {"own": ["webb", "sociala", "press"], "notes": {"sociala": 0}},  # 12
    {"own": ["webb", "nyhetsbrev", "infomote"], "notes": {"nyhetsbrev": 0}},  # 13
    {"copies": [13, 12], "inherits": [13]},  # 14
    {"own": ["webb", "annons"]},  # 15
    {"own": ["brev", "webb"]},  # 16
    {"own": ["pressmed", "presskonf"], "notes": {"presskonf": 0}},  # 17
    {"own": ["natverkstraff", "email"]},  # 18
    {"copies": [18], "inherits": [12]},  # 19
    {"own": ["linkedin", "medlemsbrev"], "notes": {"medlemsbrev": 0}},  # 20
]
_TIERS = [C, C, C, P, P, P, P, P, S, S, S, S, C, C, P, P, P, S, S, S, S]
_MARKERS = [0] * 12 + [1, 1, 2, 2, 2, 3, 3, 3, 3]

# Per language: (name, points, channels sentence, the qualifiers in the order of `notes`).
_TEXTS: dict[str, list[tuple[str, list[str], str, list[str]]]] = {
    "sv": [
        ("Kommunledningen", ["E-tjänsten kortar handläggningstiden för bygglov",
                             "Beslut om driftbudget behövs före sommaren"],
         "Ledningsgruppsmöten, månadsrapport (skickas som PDF) samt muntlig dragning vid behov",
         ["skickas som PDF"]),
        ("Förvaltningschefer", ["Införandet sker i tre steg under hösten",
                                "Varje förvaltning utser en kontaktperson"],
         "Chefsträffar, intranätet och e-post", []),
        ("Enhetschefer", ["Samma sak som förvaltningschefer",
                          "Medarbetarna behöver tid för utbildning i oktober"],
         "Samma som ovan samt APT", []),
        ("Handläggare", ["Ärendena kommer in digitalt och kompletta",
                         "Det gamla systemet stängs den 1 december"],
         "Utbildning i systemet, metod- och kommunikationsstöd (från projektgruppen), intranät "
         "och mejl, löpande", ["från projektgruppen"]),
        ("Administratörer", ["Samma som ovan"], "Samma som ovan", []),
        ("Registratorer", ["Diarieföringen sker automatiskt i det nya systemet"],
         "Exempelvis APT, arbetsplatsträffar eller liknande", []),
        ("IT-avdelningen", ["Inloggningen sker med e-legitimation",
                            "Support dygnet runt den första veckan"],
         "Projektmöten, Teams-kanalen (för frågor) och e-post", ["för frågor"]),
        ("Kommunikatörer", ["Texterna på webben skrivs om i klarspråk"],
         "Kommunikatörsnätverket och intranätet (via redaktörsgruppen)",
         ["via redaktörsgruppen"]),
        ("Övriga medarbetare", ["Kommunen erbjuder bygglov som e-tjänst"],
         "Intranätet, personaltidningen och APT", []),
        ("Fackliga företrädare", ["Arbetssätten ändras men inga tjänster försvinner"],
         "Samverkansgruppen (FSG), e-post", ["FSG"]),
        ("Politiker i byggnadsnämnden", ["Nämnden får statistik över handläggningstider"],
         "Nämndsammanträden och mejl vid behov", []),
        ("Kundtjänst", ["Samma sak som handläggare och registratorer"],
         "Samma som handläggare", []),
        ("Privatpersoner som söker bygglov", ["Du kan söka bygglov digitalt dygnet runt",
                                              "Du ser hela tiden var ditt ärende är"],
         "Hemsidan, sociala medier (Facebook och Instagram) samt lokalpressen",
         ["Facebook och Instagram"]),
        ("Byggföretag", ["Ritningar laddas upp direkt i e-tjänsten"],
         "Webbplatsen, nyhetsbrevet (till byggföretagen) och informationsmöten",
         ["till byggföretagen"]),
        ("Arkitekter och konsulter", ["Samma som byggföretag"],
         "Samma sak som byggföretag och privatpersoner", []),
        ("Fastighetsägare", ["Ansökan om rivningslov görs också digitalt"],
         "Kommunens webb, eventuellt annonser i lokaltidningen", []),
        ("Grannar och sakägare", ["Grannhörandet sker med e-post när det går"],
         "Brev och hemsidan", []),
        ("Journalister", ["Lanseringen sker den 15 november"],
         "Pressmeddelanden och presskonferens (vid lanseringen)", ["vid lanseringen"]),
        ("Andra kommuner i länet", ["Vi delar gärna erfarenheter av upphandlingen"],
         "Nätverksträffar, mejl", []),
        ("Allmänheten", ["Samma som privatpersoner"], "Samma som ovan", []),
        ("Företagarföreningen", ["Företag får snabbare besked om bygglov"],
         "LinkedIn och medlemsbrevet (två gånger per termin)", ["två gånger per termin"]),
    ],
    "da": [
        ("Kommunens direktion", ["Selvbetjeningen forkorter sagsbehandlingen af byggetilladelser",
                                 "Der skal træffes beslutning om driftsbudgettet før sommer"],
         "Ledelsesmøder, månedsrapport (sendes som PDF) samt mundtlig orientering ved behov",
         ["sendes som PDF"]),
        ("Forvaltningschefer", ["Indførelsen sker i tre trin i løbet af efteråret",
                                "Hver forvaltning udpeger en kontaktperson"],
         "Chefmøder, intranettet og e-mail", []),
        ("Afdelingsledere", ["Det samme som forvaltningscheferne",
                             "Medarbejderne skal have tid til undervisning i oktober"],
         "Samme som ovenfor samt personalemøder", []),
        ("Sagsbehandlere", ["Sagerne kommer digitalt og komplette ind",
                            "Det gamle system lukker den 1. december"],
         "Undervisning i systemet, metode- og kommunikationsstøtte (fra projektgruppen), "
         "intranet og mail, løbende", ["fra projektgruppen"]),
        ("Administrative medarbejdere", ["Samme som ovenfor"], "Samme som ovenfor", []),
        ("Journalmedarbejdere", ["Journaliseringen sker automatisk i det nye system"],
         "F.eks. personalemøder, personalemøde eller lignende", []),
        ("IT-afdelingen", ["Log-in sker med MitID", "Support døgnet rundt den første uge"],
         "Projektmøder, Teams-kanalen (til spørgsmål) og e-mail", ["til spørgsmål"]),
        ("Kommunikationsmedarbejdere", ["Teksterne på hjemmesiden skrives om i klarsprog"],
         "Kommunikatørnetværket og intranettet (via redaktørgruppen)", ["via redaktørgruppen"]),
        ("Øvrige medarbejdere", ["Kommunen tilbyder byggetilladelser som selvbetjening"],
         "Intranettet, personalebladet og personalemøder", []),
        ("Tillidsrepræsentanter", ["Arbejdsgangene ændres, men ingen stillinger nedlægges"],
         "Samarbejdsudvalget (MED), e-mail", ["MED"]),
        ("Politikere i teknisk udvalg", ["Udvalget får statistik over sagsbehandlingstider"],
         "Udvalgsmøder og mail ved behov", []),
        ("Borgerservice", ["Det samme som sagsbehandlere og journalmedarbejdere"],
         "Samme som sagsbehandlere", []),
        ("Borgere der søger byggetilladelse", ["Du kan søge byggetilladelse digitalt døgnet rundt",
                                                "Du kan hele tiden se, hvor din sag er"],
         "Hjemmesiden, sociale medier (Facebook og Instagram) samt lokalpressen",
         ["Facebook og Instagram"]),
        ("Byggefirmaer", ["Tegninger uploades direkte i selvbetjeningen"],
         "Kommunens hjemmeside, nyhedsbrevet (til byggefirmaerne) og informationsmøder",
         ["til byggefirmaerne"]),
        ("Arkitekter og rådgivere", ["Samme som byggefirmaer"],
         "Det samme som byggefirmaer og borgere", []),
        ("Grundejere", ["Ansøgning om nedrivning sker også digitalt"],
         "Hjemmesiden, evt. annoncer i lokalavisen", []),
        ("Naboer og parter", ["Partshøring sker så vidt muligt via e-mail"],
         "Breve og kommunens hjemmeside", []),
        ("Journalister", ["Lanceringen sker den 15. november"],
         "Pressemeddelelser og pressemøde (ved lanceringen)", ["ved lanceringen"]),
        ("Andre kommuner i regionen", ["Vi deler gerne erfaringer fra udbuddet"],
         "Netværksmøder, mail", []),
        ("Offentligheden", ["Samme som borgere"], "Samme som ovenfor", []),
        ("Erhvervsforeningen", ["Virksomheder får hurtigere svar på byggetilladelser"],
         "LinkedIn og medlemsbrevet (to gange per semester)", ["to gange per semester"]),
    ],
    "nb": [
        ("Kommunedirektørens ledergruppe", ["Selvbetjeningen korter ned saksbehandlingen av "
                                            "byggesøknader",
                                            "Det må tas beslutning om driftsbudsjettet før "
                                            "sommeren"],
         "Ledermøter, månedsrapport (sendes som PDF) samt muntlig orientering ved behov",
         ["sendes som PDF"]),
        ("Kommunalsjefer", ["Innføringen skjer i tre trinn i løpet av høsten",
                            "Hvert kommunalområde utpeker en kontaktperson"],
         "Ledersamlinger, intranettet og e-post", []),
        ("Enhetsledere", ["Det samme som kommunalsjefene",
                          "Medarbeiderne trenger tid til opplæring i oktober"],
         "Samme som ovenfor samt personalmøter", []),
        ("Saksbehandlere", ["Sakene kommer inn digitalt og komplette",
                            "Det gamle systemet stenges 1. desember"],
         "Opplæring i systemet, metode- og kommunikasjonsstøtte (fra prosjektgruppen), "
         "intranett og epost, løpende", ["fra prosjektgruppen"]),
        ("Merkantilt ansatte", ["Samme som ovenfor"], "Samme som ovenfor", []),
        ("Arkivmedarbeidere", ["Journalføringen skjer automatisk i det nye systemet"],
         "For eksempel personalmøter, personalmøte eller lignende", []),
        ("IT-avdelingen", ["Innlogging skjer med BankID", "Brukerstøtte døgnet rundt første uke"],
         "Prosjektmøter, Teams-kanalen (for spørsmål) og e-post", ["for spørsmål"]),
        ("Kommunikasjonsrådgivere", ["Tekstene på nettsiden skrives om i klarspråk"],
         "Kommunikatørnettverket og intranettet (via redaktørgruppen)", ["via redaktørgruppen"]),
        ("Øvrige ansatte", ["Kommunen tilbyr byggesøknad som selvbetjening"],
         "Intranettet, personalavisen og personalmøter", []),
        ("Tillitsvalgte", ["Arbeidsmåtene endres, men ingen stillinger forsvinner"],
         "Samarbeidsutvalget (AMU), e-post", ["AMU"]),
        ("Politikere i planutvalget", ["Utvalget får statistikk over saksbehandlingstider"],
         "Utvalgsmøter og epost ved behov", []),
        ("Servicetorget", ["Det samme som saksbehandlere og arkivmedarbeidere"],
         "Samme som saksbehandlere", []),
        ("Privatpersoner som søker byggetillatelse", ["Du kan søke digitalt døgnet rundt",
                                                      "Du ser hele tiden hvor saken din er"],
         "Nettsiden, sosiale medier (Facebook og Instagram) samt lokalpressen",
         ["Facebook og Instagram"]),
        ("Byggefirmaer", ["Tegninger lastes opp direkte i selvbetjeningen"],
         "Kommunens nettsider, nyhetsbrevet (til byggefirmaene) og informasjonsmøter",
         ["til byggefirmaene"]),
        ("Arkitekter og konsulenter", ["Samme som byggefirmaer"],
         "Det samme som byggefirmaer og privatpersoner", []),
        ("Grunneiere", ["Søknad om riving gjøres også digitalt"],
         "Nettsiden, eventuelt annonser i lokalavisen", []),
        ("Naboer og parter", ["Nabovarsel sendes digitalt når det er mulig"],
         "Brev og nettsiden", []),
        ("Journalister", ["Lanseringen skjer 15. november"],
         "Pressemeldinger og pressekonferanse (ved lanseringen)", ["ved lanseringen"]),
        ("Andre kommuner i fylket", ["Vi deler gjerne erfaringer fra anskaffelsen"],
         "Nettverkssamlinger, e-post", []),
        ("Allmennheten", ["Samme som privatpersoner"], "Samme som ovenfor", []),
        ("Næringsforeningen", ["Bedrifter får raskere svar på byggesøknader"],
         "LinkedIn og medlemsbrevet (to ganger per semester)", ["to ganger per semester"]),
    ],
    "en": [
        ("Council leadership", ["The e-service shortens the handling of planning applications",
                                "A decision on the running budget is needed before summer"],
         "Management team meetings, monthly report (sent as a PDF) and an oral briefing as "
         "needed", ["sent as a PDF"]),
        ("Directors", ["The roll-out comes in three steps over the autumn",
                       "Each directorate names a contact person"],
         "Manager forums, the intranet and email", []),
        ("Team managers", ["The same as directors",
                           "Staff will need time for training in October"],
         "Same as above and staff meetings", []),
        ("Case officers", ["Applications arrive digitally and complete",
                           "The old system closes on 1 December"],
         "Training in the system, pre- and post-launch briefings (from the project team), "
         "intranet and e-mail, ongoing", ["from the project team"]),
        ("Administrators", ["Same as above"], "Same as above", []),
        ("Records officers", ["Records are filed automatically in the new system"],
         "E.g. staff meetings, staff meeting or similar", []),
        ("IT department", ["Sign-in uses the national e-ID",
                           "Support around the clock in the first week"],
         "Project meetings, Teams channel (for questions) and email", ["for questions"]),
        ("Communications officers", ["The web pages are rewritten in plain language"],
         "Communicators' network and the intranet (through the editors' group)",
         ["through the editors' group"]),
        ("Other staff", ["The council offers planning applications online"],
         "Intranet, staff magazine and staff meetings", []),
        ("Union representatives", ["Ways of working change, but no posts are cut"],
         "Joint consultation committee (JCC), email", ["JCC"]),
        ("Planning committee members", ["The committee gets figures on handling times"],
         "Committee meetings and e-mail as needed", []),
        ("Customer service", ["The same as case officers and records officers"],
         "Same as case officers", []),
        ("Residents applying for permission", ["You can apply online at any time",
                                               "You can always see where your case is"],
         "Website, social media (Facebook and Instagram) and the local press",
         ["Facebook and Instagram"]),
        ("Builders", ["Drawings are uploaded straight into the e-service"],
         "Council website, the newsletter (to builders) and information meetings",
         ["to builders"]),
        ("Architects and consultants", ["Same as builders"],
         "The same as builders and residents", []),
        ("Landowners", ["Applications for demolition are online too"],
         "Website, possibly adverts in the local paper", []),
        ("Neighbours and parties", ["Neighbours are consulted by email where possible"],
         "Letters and the website", []),
        ("Journalists", ["The launch is on 15 November"],
         "Press releases and a press conference (at the launch)", ["at the launch"]),
        ("Other councils in the county", ["We are glad to share what we learnt from the "
                                          "procurement"],
         "Network meetings, email", []),
        ("The public", ["Same as residents"], "Same as above", []),
        ("Chamber of commerce", ["Businesses get faster answers on planning applications"],
         "LinkedIn and the members' letter (twice a term)", ["twice a term"]),
    ],
}  # fmt: skip

_FRAME: dict[str, tuple[str, list[str], str, str, str, str]] = {
    "sv": (
        "Budskap och kanaler per målgrupp – e-tjänst för bygglov, Lövsta kommun",
        ["Dokumentet är ett underlag till kommunikationsplanen för den nya e-tjänsten.",
         "Nedan följer målgrupperna, vad var och en behöver veta och förslag på kanaler:"],
        "Förslag på kanaler", "Interna målgrupper", "Externa målgrupper", "Prioritet",
    ),
    "da": (
        "Budskaber og kanaler pr. målgruppe – selvbetjening for byggetilladelser, Lysby Kommune",
        ["Dokumentet er et grundlag for kommunikationsplanen for den nye selvbetjening.",
         "Nedenfor følger målgrupperne, hvad hver af dem skal vide, og forslag til kanaler:"],
        "Forslag til kanaler", "Interne målgrupper", "Eksterne målgrupper", "Prioritet",
    ),
    "nb": (
        "Budskap og kanaler per målgruppe – selvbetjening for byggesøknader, Lia kommune",
        ["Dokumentet er et grunnlag for kommunikasjonsplanen for den nye selvbetjeningen.",
         "Nedenfor følger målgruppene, hva hver av dem trenger å vite, og forslag på kanaler:"],
        "Forslag på kanaler", "Interne målgrupper", "Eksterne målgrupper", "Prioritet",
    ),
    "en": (
        "Messages and channels per target group – online planning applications, Ashby Council",
        ["This document informs the communication plan for the new e-service.",
         "Below are the target groups, what each needs to know and suggested channels:"],
        "Suggested channels", "Internal audiences", "External audiences", "Priority",
    ),
}  # fmt: skip


def _briefing(language: str) -> Briefing:
    title, intro, label, internal, external, priority = _FRAME[language]
    groups = []
    for n, (shape, (name, points, text, notes)) in enumerate(
        zip(_SHAPE, _TEXTS[language], strict=True)
    ):
        groups.append(
            _g(
                name,
                points,
                text,
                INTERNAL if n < 12 else EXTERNAL,
                _TIERS[n],
                marker=_MARKERS[n],
                own=list(shape.get("own", [])),
                copies=list(shape.get("copies", [])),
                inherits=list(shape.get("inherits", [])),
                notes={key: notes[i] for key, i in shape.get("notes", {}).items()},
            )
        )
    return Briefing(language, title, intro, label, internal, external, priority, groups)


BRIEFINGS = {language: _briefing(language) for language in LANGUAGES}


def briefing_docx(briefing: Briefing) -> bytes:
    """The briefing as a Word document: headings for the title and the two sections,
    "Prioritet N" headings over the internal groups, "N." before the external ones."""
    import docx

    d = docx.Document()
    d.add_heading(briefing.title, level=1)
    for line in briefing.intro:
        d.add_paragraph(line)
    tier = 0
    for n, group in enumerate(briefing.groups):
        if n == 0:
            d.add_heading(briefing.internal, level=2)
        if n == 12:
            d.add_heading(briefing.external, level=2)
        number = {"core": 1, "primary": 2, "secondary": 3}[group.tier]
        if group.reach == "internal" and number != tier:
            d.add_heading(f"{briefing.priority} {number}", level=3)
            tier = number
        marker = f"{group.marker}. " if group.marker else ""
        d.add_paragraph().add_run(f"{marker}{group.name}:").bold = True
        for point in group.points:
            d.add_paragraph(point, style="List Bullet")
        d.add_paragraph(f"{briefing.label}: {group.channels_text}")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def score(briefing: Briefing, draft: Any) -> tuple[int, int, list[str]]:
    """Fields read right, fields expected, and what was wrong: per group its name, reach,
    tier, channels and messages (its own points, or those it inherits); one channel per
    channel named; each qualifier kept as a note; nothing else imported as a group."""
    from komplan.imports.importers.channel_words import channel_key
    from komplan.imports.importers.draft import fold

    right, expected, wrong = 0, 0, []

    def check(ok: bool, what: str) -> None:
        nonlocal right, expected
        expected += 1
        right += ok
        if not ok:
            wrong.append(what)

    found = {fold(g.name): g for g in draft.groups}
    reached: dict[str, set[str]] = {}
    for channel in draft.channels:
        for name in channel.groups:
            reached.setdefault(fold(name), set()).add(channel_key(channel.name))
    addressed: dict[str, set[str]] = {}
    for message in draft.messages:
        for name in message.groups:
            addressed.setdefault(fold(name), set()).add(fold(message.text))
    channels = briefing.expected_channels()
    names = [g.name for g in briefing.groups]
    for group, keys in zip(briefing.groups, channels, strict=True):
        read = found.get(fold(group.name))
        check(read is not None, f"group {group.name}")
        if read is None:
            expected += 4
            continue
        check(read.reach == group.reach, f"{group.name}: reach {read.reach}")
        check(read.tier == group.tier, f"{group.name}: tier {read.tier}")
        want = {channel_key(briefing.channel_name(k)) for k in keys}
        got = reached.get(fold(group.name), set())
        check(got == want, f"{group.name}: channels {sorted(got)} != {sorted(want)}")
        inherits = sorted(fold(names[i]) for i in group.inherits)
        # The first point of a group that inherits is the "same as" line, not a message.
        points = {fold(p) for p in group.points[1 if group.inherits else 0 :]}
        own = addressed.get(fold(group.name), set())
        ok = sorted(fold(n) for n in read.inherits_from) == inherits and points == own
        check(ok, f"{group.name}: inherits {read.inherits_from}")
    extra = [g.name for g in draft.groups if fold(g.name) not in {fold(n) for n in names}]
    check(not extra, f"not groups: {extra}")
    named = {channel_key(briefing.channel_name(k)) for keys in channels for k in keys}
    by_key: dict[str, int] = {}
    for channel in draft.channels:
        by_key[channel_key(channel.name)] = by_key.get(channel_key(channel.name), 0) + 1
    for key in sorted(named):
        check(by_key.get(key) == 1, f"channel {key}: {by_key.get(key, 0)} times")
    surplus = sorted(set(by_key) - named)
    check(not surplus, f"channels not named: {surplus}")
    notes = {channel_key(c.name): c.description for c in draft.channels}
    for group in briefing.groups:
        for key, note in group.notes.items():
            line = f"{group.name}: {note}"
            check(line in notes.get(channel_key(briefing.channel_name(key)), ""), f"note {line}")
    return right, expected, wrong


def main() -> None:
    import django

    django.setup()
    from komplan.imports.importers import read_upload

    for language, briefing in BRIEFINGS.items():
        draft = read_upload(briefing_docx(briefing), f"briefing-{language}.docx")
        right, expected, wrong = score(briefing, draft)
        print(f"{language}: {right}/{expected} fields right")
        for line in wrong:
            print(f"    {line}")


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komplan.settings")
    main()
