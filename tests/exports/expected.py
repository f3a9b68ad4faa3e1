"""What the exported documents of the demo plan must say, typed out independently of
komplan/exports/labels.py so that a wrong label there fails a test here."""

from __future__ import annotations

import re

from komplan.demo.content import BOOKING

GROUP_NAMES = [group.name for group in BOOKING.groups]
MESSAGE_TEXTS = [message.text for message in BOOKING.messages]
CHANNEL_NAMES = [channel.name for channel in BOOKING.channels]
ACTIVITY_TITLES = [activity.title for activity in BOOKING.activities]

# Per plan language: words every exported document must use.
LABELS = {
    "sv": {
        "group_column": "Namn på målgrupp",
        "channel_column": "Kanal",
        "document": "Kommunikationsplan",
        "page": "Sida {page} ({pages})",
        "assignment": "1 Uppdragsinformation",
        "revisions": "1.2 Revidering/ändring av dokument",
        "goals": "2.3 Kommunikationsmål",
        "groups": "3 Målgrupper",
        "messages": "4 Budskap",
        "clarification": "Förtydligande",
        "channels": "5 Kanaler",
        "planning": "6 Planering",
        "activities": "6.1 Aktiviteter",
        "activity_plan": "6.2 Aktivitetsplan",
        "publication_date": "Publiceringsdatum",
        "contents": "Innehållsförteckning",
        "done": "Genomförd",
        "internal": "Intern",
        "workbook": "Digital bokning av lokaler – Aktivitetsplan v0.1",
        "draft": "Utkast",
        "published": "Publicerad",
        "sheets": [
            "Aktivitetsplan",
            "Målgrupper",
            "Budskap",
            "Kanaler",
            "Täckning",
            "Talespersoner",
            "Risker",
        ],
        "gap": "Lucka",
    },
    "da": {
        "group_column": "Målgruppe",
        "channel_column": "Kanal",
        "document": "Kommunikationsplan",
        "page": "Side {page} ({pages})",
        "assignment": "1 Projektoplysninger",
        "revisions": "1.2 Revision/ændring af dokument",
        "goals": "2.3 Kommunikationsmål",
        "groups": "3 Målgrupper",
        "messages": "4 Budskaber",
        "clarification": "Uddybning",
        "channels": "5 Kanaler",
        "planning": "6 Planlægning",
        "activities": "6.1 Aktiviteter",
        "activity_plan": "6.2 Aktivitetsplan",
        "publication_date": "Publiceringsdato",
        "contents": "Indholdsfortegnelse",
        "done": "Gennemført",
        "internal": "Intern",
        "workbook": "Digital bokning av lokaler – Aktivitetsplan v0.1",
        "draft": "Udkast",
        "published": "Offentliggjort",
        "sheets": [
            "Aktivitetsplan",
            "Målgrupper",
            "Budskaber",
            "Kanaler",
            "Dækning",
            "Talspersoner",
            "Risici",
        ],
        "gap": "Hul",
    },
    "nb": {
        "group_column": "Målgruppe",
        "channel_column": "Kanal",
        "document": "Kommunikasjonsplan",
        "page": "Side {page} ({pages})",
        "assignment": "1 Oppdragsinformasjon",
        "revisions": "1.2 Revisjon/endring av dokument",
        "goals": "2.3 Kommunikasjonsmål",
        "groups": "3 Målgrupper",
        "messages": "4 Budskap",
        "clarification": "Utdyping",
        "channels": "5 Kanaler",
        "planning": "6 Planlegging",
        "activities": "6.1 Aktiviteter",
        "activity_plan": "6.2 Aktivitetsplan",
        "publication_date": "Publiseringsdato",
        "contents": "Innholdsfortegnelse",
        "done": "Gjennomført",
        "internal": "Intern",
        "workbook": "Digital bokning av lokaler – Aktivitetsplan v0.1",
        "draft": "Utkast",
        "published": "Publisert",
        "sheets": [
            "Aktivitetsplan",
            "Målgrupper",
            "Budskap",
            "Kanaler",
            "Dekning",
            "Talspersoner",
            "Risikoer",
        ],
        "gap": "Hull",
    },
    "en": {
        "group_column": "Target group",
        "channel_column": "Channel",
        "document": "Communication plan",
        "page": "Page {page} ({pages})",
        "assignment": "1 Project information",
        "revisions": "1.2 Document revisions",
        "goals": "2.3 Communication goals",
        "groups": "3 Target groups",
        "messages": "4 Messages",
        "clarification": "Clarification",
        "channels": "5 Channels",
        "planning": "6 Planning",
        "activities": "6.1 Activities",
        "activity_plan": "6.2 Activity plan",
        "publication_date": "Publication date",
        "contents": "Contents",
        "done": "Done",
        "internal": "Internal",
        "workbook": "Digital bokning av lokaler – Activity plan v0.1",
        "draft": "Draft",
        "published": "Published",
        "sheets": [
            "Activity plan",
            "Target groups",
            "Messages",
            "Channels",
            "Coverage",
            "Spokespersons",
            "Risks",
        ],
        "gap": "Gap",
    },
}

HEADINGS = [
    "assignment",
    "revisions",
    "goals",
    "groups",
    "messages",
    "channels",
    "planning",
    "activities",
    "activity_plan",
]


def squash(text: str) -> str:
    """Whitespace collapsed to single spaces: PDF text extraction breaks lines anywhere."""
    return re.sub(r"\s+", " ", text).strip()


def assert_in_order(text: str, items: list[str], what: str) -> None:
    """Each item occurs in `text`, the first occurrences in the given order."""
    position = -1
    for item in items:
        found = text.find(item, position + 1)
        assert found >= 0, f"{what}: {item!r} missing after position {position}"
        position = found
