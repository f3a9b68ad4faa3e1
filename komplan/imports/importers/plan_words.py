"""The words and tables of plan documents in Swedish, Danish, Norwegian and English.

`section_for` names the plan section a heading opens ("3 Målgrupper" -> target groups) and
`classify` what a table holds by the words of its header row: project facts, revisions,
target groups, messages, channels, activities, spokespersons or risks. Pure Python; the Word
plan reader and the workbook reader share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from komplan.imports.importers.draft import fold
from komplan.imports.importers.mapping import find_header
from komplan.imports.importers.sheet import SheetRow

__all__ = [
    "ATTACHMENT",
    "CLARIFICATION",
    "CLARIFICATION_LINE",
    "DEFINITION",
    "DOCUMENT_TYPES",
    "INHERITS",
    "LABELLED",
    "MESSAGE",
    "TO_GROUPS",
    "Table",
    "classify",
    "fact_for",
    "section_for",
]


def _words(text: str) -> list[str]:
    return [fold(word) for word in text.split(";") if fold(word)]


_SECTIONS: dict[str, list[str]] = {
    key: _words(words)
    for key, words in {
        "contents": """innehallsforteckning; innehall; indholdsfortegnelse; indhold;
            innholdsfortegnelse; innhold; contents; table of contents""",
        "assignment": """uppdragsinformation; projektinformation; projektfakta; uppdraget;
            projektoplysninger; projektinformationer; oppdragsinformasjon;
            prosjektinformasjon; project information; project facts; about the project""",
        "dates": """uppdragets start och slutdatum; start och slutdatum; projektets start och
            slutdatum; projektperiod; projektperiode; prosjektperiode; start og slutdato;
            start og sluttdato; project dates; start and end dates""",
        "revisions": """revidering andring av dokument; revidering; revideringar;
            revisionshistorik; dokumenthistorik; versionshistorik; revision aendring af
            dokument; revisionshistorik; revisjon endring av dokument; revisjoner;
            document revisions; revisions; revision history; version history""",
        "introduction": "inledning; indledning; innledning; introduction",
        "background": "bakgrund; bakgrundsbeskrivning; baggrund; bakgrunn; background",
        "purpose": """syfte; syftet; syfte och overgripande mal med kommunikationen; formal;
            formalet; purpose; aim""",
        "goals": """kommunikationsmal; mal; malen; mal for kommunikationen; kommunikasjonsmal;
            communication goals; goals; objectives; communication objectives""",
        "structure": """kommunikationsplanens uppbyggnad; kommunikationsplanens opbygning;
            kommunikasjonsplanens oppbygging; structure of the plan""",
        "target_groups": """malgrupper; malgrupp; malgruppe; malgruppene; malgrupperna;
            intressenter; intressentanalys; malgruppsanalys; interessenter; target groups;
            audiences; stakeholders""",
        "messages": """budskap; budskapen; budskab; budskaber; budskaberne; budskapene;
            messages; key messages; karnbudskap; kernebudskaber; nokkelbudskap""",
        "channels": """kanaler; kanalerna; kanalerne; kanalene; channels;
            kommunikationskanaler; kommunikasjonskanaler""",
        "planning": "planering; planlaegning; planlegging; planning",
        "activities": "aktiviteter; aktiviteterna; aktiviteterne; aktivitetene; activities",
        "activity_plan": "aktivitetsplan; aktivitetsplanen; activity plan",
        "spokespersons": """talespersoner; talesperson; talspersoner; talsperson;
            spokespersons; spokesperson; spokespeople""",
        "risks": "risker; riskanalys; risici; risikoer; risks; risk register",
    }.items()
}
_SECTION_OF = {word: key for key, words in _SECTIONS.items() for word in words}
CLARIFICATION = set(
    _words(
        """fortydligande; fortydliganden; uddybning; uddybninger; utdyping; utdypinger;
        presisering; forklaring; clarification; clarifications"""
    )
)
DOCUMENT_TYPES = set(_words("kommunikationsplan; kommunikasjonsplan; communication plan"))
CLARIFICATION_LINE = re.compile(r"^\s*(?P<label>[^\W\d]{6,20})\s*:?\s*(?P<text>.*)$", re.DOTALL)
ATTACHMENT = re.compile(r"\.xlsx?\b|bilaga|bilag|vedlegg|appendix|attachment", re.IGNORECASE)
MESSAGE = re.compile(r"^\s*(\d{1,3})\s*[.)]\s*(\S.*)$", re.DOTALL)
DEFINITION = re.compile(r"^(?P<name>[^–—:\-]{3,60}?)\s*[–—:-]\s+(?P<definition>\S.{5,})$")
LABELLED = re.compile(r"^(?P<label>[^:]{2,40}):\s*(?P<value>\S.*)$")
TO_GROUPS = re.compile(
    r"^(?:även till|till|også til|til|also to|to)\s*:\s*(?P<groups>.+?)\.?$", re.IGNORECASE
)
INHERITS = re.compile(
    r"(?:får samma budskap som|får de samme budskaber som|får de samme budskapene som|"
    r"also receives the messages of)\s*:\s*(?P<groups>.+?)\.?\s*$",
    re.IGNORECASE,
)

# Project facts by the words of their labels, most specific first ("Projekt/diarienummer"
# is the diary number, not the project).
_FACTS: list[tuple[str, list[str]]] = [
    (key, _words(words))
    for key, words in [
        (
            "diary_number",
            """diarie; diarienummer; dnr; journal; journalnummer; saksnummer;
            saksnr; arendenummer; reference; reference number; case number; arkiv""",
        ),
        (
            "client",
            """bestallare; projektbestallare; uppdragsgivare; projektagare; projektejer;
            oppdragsgiver; prosjekteier; client; commissioned by; owner""",
        ),
        (
            "funder",
            """finansiar; finansiering; finansieras av; bevillingsgiver; finansieret;
            finansiert; funder; funding; funded by""",
        ),
        (
            "project_lead",
            """projektledning; projektledare; projektleder; projektledelse;
            prosjektleder; prosjektledelse; project lead; project manager; project leader""",
        ),
        (
            "start_date",
            """uppdragsstart; projektstart; startdatum; start; oppstart; startdato;
            project start; start date""",
        ),
        (
            "end_date",
            """uppdragsavslut; projektavslut; projektslut; slutdatum; avslut;
            projektafslutning; afslutning; slutdato; avslutning; sluttdato; project end;
            end date""",
        ),
        ("version", "version; versjon"),
        (
            "name",
            """projekt; projektnamn; projektets namn; uppdrag; projektnavn; prosjekt;
            prosjektnavn; project; project name; namn; navn; name""",
        ),
    ]
]

_GROUP_COLUMNS = {
    "name": """namn pa malgrupp; namn pa malgruppen; namn; malgrupp; malgrupper; malgruppe;
        malgrupper; navn pa malgruppe; navn; target group; target groups; name; group;
        intressent; intressenter; interessent; interessenter; stakeholder; stakeholders""",
    "reach": """intern extern; intern; extern; intern ekstern; internal external; internal;
        external; intern eller extern""",
    "tier": "prioritet; prioritering; priority; prio; niva",
    "description": "beskrivning; beskrivelse; description; kommentar; om malgruppen",
    "inherits": """far samma budskap som; far de samme budskaber som; far de samme
        budskapene som; also receives the messages of; inherits; arver""",
}
_CHANNEL_COLUMNS = {
    "name": "kanal; kanaler; channel; channels; kanalnamn; kanalens namn",
    "description": "beskrivning; beskrivelse; description; syfte; formal; purpose",
    "responsible": "ansvarig; ansvarlig; responsible; owner; ansvar",
    "reach": _GROUP_COLUMNS["reach"],
    "cadence": "frekvens; hyppighed; hyppighet; frequency; cadence; intervall; hur ofta",
    "groups": """malgrupp; malgrupper; malgruppe; target groups; target group; nar
        malgrupper; reaches; reaches target groups""",
}
_REVISION_COLUMNS = {
    "version": "version; versjon; ver",
    "date": "datum; dato; date",
    "comment": """kommentar; comment; andring; aendring; endring; beskrivning; beskrivelse;
        description; change; changes""",
    "changed_by": """andrad av; aendret af; endret av; changed by; author; forfattare; av;
        af; by; ansvarig; ansvarlig; signatur""",
}
_MESSAGE_COLUMNS = {
    "number": "nr; no; nummer; number; budskap nr",
    "text": "budskap; budskab; message; budskapet; budskabet; meddelande",
    "clarification": "fortydligande; uddybning; utdyping; clarification",
    "tier": "prioritet; priority",
    "groups": "malgrupper; malgrupp; malgruppe; target groups; till",
}

# komplan's own export writes "Risk | Riskvärde | Åtgärd | Ägare | Status", the score cell
# "Hög 16 (4 × 4)"; its workbook and hand-made tables may give the two scales their own
# columns instead.
_RISK_COLUMNS = {
    "text": """risk; risker; risken; riskbeskrivning; beskrivning av risk; risiko; risici;
        risikoen; risikoer; risikobeskrivelse; risks; risk description""",
    "likelihood": "sannolikhet; sandsynlighed; sannsynlighet; likelihood; probability",
    "consequence": "konsekvens; konsekvenser; consequence; consequences; impact",
    "score": "riskvarde; risikovaerdi; risikoverdi; score; risk score",
    "mitigation": """atgard; atgarder; forebyggande atgard; hantering; tiltag; tiltak;
        mitigation; mitigations; measures; response""",
    "owner": """agare; riskagare; ejer; risikoejer; eier; risikoeier; owner; risk owner;
        ansvarig; ansvarlig; responsible""",
    "status": "status; lage; tilstand",
}
_SPOKESPERSON_COLUMNS = {
    "subject": """amne; amnen; amnesomrade; sakomrade; emne; emner; tema; subject; subjects;
        topic; topics""",
    "name": """namn; navn; name; talesperson; talespersoner; talsperson; talspersoner;
        spokesperson; spokespersons; person""",
    "role": """roll titel; roll; titel; befattning; rolle titel; rolle tittel; rolle; tittel;
        stilling; role title; role; title; position""",
    "contact": """kontaktvag; kontakt; kontaktuppgifter; kontaktvej; kontaktoplysninger;
        kontaktvei; kontaktinformasjon; contact route; contact; contact details; telefon;
        phone; e post; email""",
}


def _spec(columns: dict[str, str]) -> dict[str, str]:
    return {word: key for key, words in columns.items() for word in _words(words)}


_SPECS = {
    "groups": _spec(_GROUP_COLUMNS),
    "channels": _spec(_CHANNEL_COLUMNS),
    "revisions": _spec(_REVISION_COLUMNS),
    "messages": _spec(_MESSAGE_COLUMNS),
    "risks": _spec(_RISK_COLUMNS),
    "spokespersons": _spec(_SPOKESPERSON_COLUMNS),
}
_RISK_SCALES = frozenset({"likelihood", "consequence", "score", "mitigation"})


def section_for(title: str) -> str:
    """The plan section a heading names ("3 Målgrupper" -> "target_groups"), else ""."""
    key = fold(re.sub(r"^\s*\d+(?:\.\d+)*\.?\s+", "", title))
    if key in _SECTION_OF:
        return _SECTION_OF[key]
    for word, section in _SECTION_OF.items():
        if len(word) >= 5 and key.startswith(word + " "):
            return section
    return ""


def fact_for(label: str) -> str:
    key = fold(label)
    if not key or len(key.split()) > 5:
        return ""
    for fact, words in _FACTS:
        if key in words:
            return fact
    for fact, words in _FACTS:
        if any(len(w) >= 5 and w in key for w in words):
            return fact
    return ""


def _map_columns(cells: list[str], spec: dict[str, str]) -> dict[int, str]:
    found: dict[int, str] = {}
    taken: set[str] = set()
    for index, cell in enumerate(cells):
        key = fold(cell)
        name = spec.get(key, "")
        if not name:
            for word, candidate in spec.items():
                if len(word) >= 4 and key.startswith(word + " "):
                    name = candidate
                    break
        if name and name not in taken:
            found[index] = name
            taken.add(name)
    return found


@dataclass(slots=True)
class Table:
    kind: str
    columns: dict[int, str]
    header: SheetRow | None
    body: list[SheetRow]


def classify(rows: list[SheetRow]) -> Table | None:
    """What a table holds, by the words of its header row (one of its first three rows)."""
    for index, row in enumerate(rows[:3]):
        texts = row.texts
        body = rows[index + 1 :]
        revisions = _map_columns(texts, _SPECS["revisions"])
        if "version" in revisions.values() and {"date", "comment"} & set(revisions.values()):
            return Table("revisions", revisions, row, body)
        messages = _map_columns(texts, _SPECS["messages"])
        if "text" in messages.values() and {"number", "clarification"} & set(messages.values()):
            return Table("messages", messages, row, body)
        match = find_header([texts])
        title = next((c for c, f in match.columns.items() if f == "title"), None) if match else None
        # A risk table before an activity table: "Åtgärd" (mitigation) is also an activity
        # title's word, but a table whose activity column is none of the risk's columns
        # ("Aktivitet | Tid | Risk | Åtgärd") is an activity plan that notes risks.
        risks = _map_columns(texts, _SPECS["risks"])
        if (
            "text" in risks.values()
            and _RISK_SCALES & set(risks.values())
            and (title is None or title in risks)
        ):
            return Table("risks", risks, row, body)
        if match is not None and title is not None:
            return Table("activities", match.columns, row, body)
        # Channels before groups: a channel table may name the groups it reaches.
        channels = _map_columns(texts, _SPECS["channels"])
        if "name" in channels.values() and {"description", "responsible"} & set(channels.values()):
            return Table("channels", channels, row, body)
        groups = _map_columns(texts, _SPECS["groups"])
        if "name" in groups.values() and {"reach", "tier"} & set(groups.values()):
            return Table("groups", groups, row, body)
        # Last: a table of names with roles and contacts is a group or channel table first.
        spokespersons = _map_columns(texts, _SPECS["spokespersons"])
        people = set(spokespersons.values())
        if "name" in people and ("subject" in people or {"role", "contact"} <= people):
            return Table("spokespersons", spokespersons, row, body)
    facts = [row for row in rows if row.cells and fact_for(row.cells[0].text)]
    if len(facts) >= 2 and all(len(row.cells) >= 2 for row in facts):
        return Table("facts", {}, None, rows)
    return None
