"""The words inside exported documents, in the plan's language (sv, da, nb, en).

These are document labels, not interface strings: a Danish plan downloaded by a user whose
interface is Swedish is still a Danish document, so they do not go through gettext. One
dict per language, every language with every key (a test checks it). Pure: no Django.

Placeholders in braces are filled with `str.format`: `page` takes `{page}` and `{pages}`,
`risks_text` `{high}` and `{medium}` (the scores where a risk's level starts).
"""

from __future__ import annotations

from typing import Final

__all__ = ["LABELS", "LANGUAGES", "labels_for", "xml_language"]

LANGUAGES: Final = ("sv", "da", "nb", "en")

# The language tags of w:lang, xml:lang and the PDF's /Lang.
XML_LANGUAGE: Final = {"sv": "sv-SE", "da": "da-DK", "nb": "nb-NO", "en": "en-GB"}

SV: Final[dict[str, str]] = {
    "document_type": "Kommunikationsplan",
    "activity_plan_file": "Kommunikationsplan – Aktivitetsplan",
    "page": "Sida {page} ({pages})",
    "publication_date": "Publiceringsdatum",
    "project": "Projekt",
    "document_type_label": "Dokumenttyp",
    "version": "Version",
    "status": "Status",
    "follow_up": "Uppföljning",
    "organization": "Organisation",
    "contents": "Innehållsförteckning",
    "contents_hint": "Innehållsförteckningen uppdateras när dokumentet öppnas i Word.",
    "assignment": "Uppdragsinformation",
    "diary_number": "Projekt/diarienummer",
    "client": "Projektbeställare",
    "funder": "Finansiär",
    "project_lead": "Projektledning",
    "dates": "Uppdragets start- och slutdatum",
    "start": "Uppdragsstart",
    "end": "Uppdragsavslut",
    "revisions": "Revidering/ändring av dokument",
    "date": "Datum",
    "comment": "Kommentar",
    "changed_by": "Ändrad av",
    "introduction": "Inledning",
    "background": "Bakgrundsbeskrivning",
    "purpose": "Syfte",
    "goals": "Kommunikationsmål",
    "goal_by": "senast",
    "structure": "Kommunikationsplanens uppbyggnad",
    "structure_text": (
        "Kommunikationsplanen har fyra huvuddelar – målgrupper, budskap, kanaler och "
        "aktiviteter. För att nå våra målgrupper med våra budskap genomför vi aktiviteter i "
        "olika kanaler: ett budskap når en målgrupp genom en aktivitet i en kanal. Planen "
        "återger de övergripande aktiviteterna; vad som ska göras, när och av vem framgår av "
        "aktivitetsplanen."
    ),
    "target_groups": "Målgrupper",
    "priority_definition": "Definition av prioritet:",
    "group_name": "Namn på målgrupp",
    "reach": "Intern/extern",
    "internal": "Intern",
    "external": "Extern",
    "priority": "Prioritet",
    "description": "Beskrivning",
    "inherits": "Får samma budskap som: {groups}.",
    "inherits_from": "Får samma budskap som",
    "messages": "Budskap",
    "message_number": "Nr",
    "message": "Budskap",
    "clarification": "Förtydligande",
    "also_to": "Även till: {groups}.",
    "to_groups": "Till: {groups}.",
    "direct_messages": "Budskap till enskilda målgrupper",
    "unaddressed_messages": "Budskap som ännu inte riktas till någon målgrupp",
    "channels": "Kanaler",
    "channel": "Kanal",
    "responsible": "Ansvarig",
    "cadence": "Frekvens",
    "planning": "Planering",
    "activities": "Aktiviteter",
    "activity_plan": "Aktivitetsplan",
    "activity_plan_text": "Aktivitetsplanen finns också som kalkylblad: ”{file}”.",
    "activity_plan_summary": (
        "Aktivitetsplanen har {count} aktiviteter. Här visas de {shown} första; hela "
        "aktivitetsplanen finns i kalkylbladet ”{file}”."
    ),
    "activity": "Aktivitet",
    "purpose_and_groups": "Syfte och målgrupp",
    "time": "Tid",
    "start_date": "Startdatum",
    "end_date": "Slutdatum",
    "none": "Inget angivet.",
    "activities_summary": (
        "Planen har {count} aktiviteter. Här beskrivs de {shown} första; alla finns i "
        "aktivitetsplanen nedan."
    ),
    "plan_draft": "Utkast",
    "plan_submitted": "Skickad för godkännande",
    "plan_approved": "Godkänd",
    "plan_published": "Publicerad",
    "activity_planned": "Planerad",
    "activity_in_progress": "Pågår",
    "activity_done": "Genomförd",
    "activity_cancelled": "Inställd",
    "coverage": "Täckning",
    "coverage_corner": "Målgrupp \\ budskap",
    "coverage_done": "Genomfört",
    "coverage_carried": "Planerat",
    "coverage_gap": "Lucka",
    "coverage_legend": (
        "Genomfört: en genomförd aktivitet har nått målgruppen med budskapet. Planerat: en "
        "planerad eller pågående aktivitet ska göra det. Lucka: ingen aktivitet för ut "
        "budskapet till målgruppen. Tom ruta: budskapet riktas inte till målgruppen."
    ),
    "spokespersons": "Talespersoner",
    "subject": "Ämne",
    "person": "Namn",
    "role": "Roll/titel",
    "contact": "Kontaktväg",
    "risks": "Risker",
    "risk": "Risk",
    "likelihood": "Sannolikhet (1–5)",
    "consequence": "Konsekvens (1–5)",
    "risk_score": "Riskvärde",
    "mitigation": "Åtgärd",
    "owner": "Ägare",
    "risk_open": "Öppen",
    "risk_mitigated": "Åtgärdad",
    "risk_closed": "Stängd",
    "risk_occurred": "Har inträffat",
    "risk_high": "Hög",
    "risk_medium": "Medel",
    "risk_low": "Låg",
    "risks_text": (
        "Riskvärdet är sannolikhet × konsekvens, var och en på en skala 1–5 (inom parentes): "
        "hög från {high}, medel från {medium}."
    ),
    "risk_level": "Nivå",
}

DA: Final[dict[str, str]] = {
    "document_type": "Kommunikationsplan",
    "activity_plan_file": "Kommunikationsplan – Aktivitetsplan",
    "page": "Side {page} ({pages})",
    "publication_date": "Publiceringsdato",
    "project": "Projekt",
    "document_type_label": "Dokumenttype",
    "version": "Version",
    "status": "Status",
    "follow_up": "Opfølgning",
    "organization": "Organisation",
    "contents": "Indholdsfortegnelse",
    "contents_hint": "Indholdsfortegnelsen opdateres, når dokumentet åbnes i Word.",
    "assignment": "Projektoplysninger",
    "diary_number": "Projekt/journalnummer",
    "client": "Projektejer",
    "funder": "Bevillingsgiver",
    "project_lead": "Projektledelse",
    "dates": "Projektets start- og slutdato",
    "start": "Projektstart",
    "end": "Projektafslutning",
    "revisions": "Revision/ændring af dokument",
    "date": "Dato",
    "comment": "Kommentar",
    "changed_by": "Ændret af",
    "introduction": "Indledning",
    "background": "Baggrund",
    "purpose": "Formål",
    "goals": "Kommunikationsmål",
    "goal_by": "senest",
    "structure": "Kommunikationsplanens opbygning",
    "structure_text": (
        "Kommunikationsplanen har fire hoveddele – målgrupper, budskaber, kanaler og "
        "aktiviteter. For at nå vores målgrupper med vores budskaber gennemfører vi "
        "aktiviteter i forskellige kanaler: et budskab når en målgruppe gennem en aktivitet i "
        "en kanal. Planen beskriver de overordnede aktiviteter; hvad der skal gøres, hvornår "
        "og af hvem, fremgår af aktivitetsplanen."
    ),
    "target_groups": "Målgrupper",
    "priority_definition": "Definition af prioritet:",
    "group_name": "Målgruppe",
    "reach": "Intern/ekstern",
    "internal": "Intern",
    "external": "Ekstern",
    "priority": "Prioritet",
    "description": "Beskrivelse",
    "inherits": "Får de samme budskaber som: {groups}.",
    "inherits_from": "Får samme budskaber som",
    "messages": "Budskaber",
    "message_number": "Nr.",
    "message": "Budskab",
    "clarification": "Uddybning",
    "also_to": "Også til: {groups}.",
    "to_groups": "Til: {groups}.",
    "direct_messages": "Budskaber til enkelte målgrupper",
    "unaddressed_messages": "Budskaber, der endnu ikke er rettet til en målgruppe",
    "channels": "Kanaler",
    "channel": "Kanal",
    "responsible": "Ansvarlig",
    "cadence": "Hyppighed",
    "planning": "Planlægning",
    "activities": "Aktiviteter",
    "activity_plan": "Aktivitetsplan",
    "activity_plan_text": "Aktivitetsplanen findes også som regneark: »{file}«.",
    "activity_plan_summary": (
        "Aktivitetsplanen har {count} aktiviteter. Her vises de første {shown}; hele "
        "aktivitetsplanen findes i regnearket »{file}«."
    ),
    "activity": "Aktivitet",
    "purpose_and_groups": "Formål og målgruppe",
    "time": "Tidspunkt",
    "start_date": "Startdato",
    "end_date": "Slutdato",
    "none": "Ikke angivet.",
    "activities_summary": (
        "Planen har {count} aktiviteter. Her beskrives de første {shown}; alle fremgår af "
        "aktivitetsplanen nedenfor."
    ),
    "plan_draft": "Udkast",
    "plan_submitted": "Sendt til godkendelse",
    "plan_approved": "Godkendt",
    "plan_published": "Offentliggjort",
    "activity_planned": "Planlagt",
    "activity_in_progress": "I gang",
    "activity_done": "Gennemført",
    "activity_cancelled": "Aflyst",
    "coverage": "Dækning",
    "coverage_corner": "Målgruppe \\ budskab",
    "coverage_done": "Gennemført",
    "coverage_carried": "Planlagt",
    "coverage_gap": "Hul",
    "coverage_legend": (
        "Gennemført: en gennemført aktivitet har nået målgruppen med budskabet. Planlagt: en "
        "planlagt eller igangværende aktivitet skal gøre det. Hul: ingen aktivitet bringer "
        "budskabet ud til målgruppen. Tom celle: budskabet er ikke rettet til målgruppen."
    ),
    "spokespersons": "Talspersoner",
    "subject": "Emne",
    "person": "Navn",
    "role": "Rolle/titel",
    "contact": "Kontaktvej",
    "risks": "Risici",
    "risk": "Risiko",
    "likelihood": "Sandsynlighed (1–5)",
    "consequence": "Konsekvens (1–5)",
    "risk_score": "Risikoværdi",
    "mitigation": "Tiltag",
    "owner": "Ejer",
    "risk_open": "Åben",
    "risk_mitigated": "Afbødet",
    "risk_closed": "Lukket",
    "risk_occurred": "Er indtruffet",
    "risk_high": "Høj",
    "risk_medium": "Middel",
    "risk_low": "Lav",
    "risks_text": (
        "Risikoværdien er sandsynlighed × konsekvens, hver på en skala 1–5 (i parentes): "
        "høj fra {high}, middel fra {medium}."
    ),
    "risk_level": "Niveau",
}

NB: Final[dict[str, str]] = {
    "document_type": "Kommunikasjonsplan",
    "activity_plan_file": "Kommunikasjonsplan – Aktivitetsplan",
    "page": "Side {page} ({pages})",
    "publication_date": "Publiseringsdato",
    "project": "Prosjekt",
    "document_type_label": "Dokumenttype",
    "version": "Versjon",
    "status": "Status",
    "follow_up": "Oppfølging",
    "organization": "Organisasjon",
    "contents": "Innholdsfortegnelse",
    "contents_hint": "Innholdsfortegnelsen oppdateres når dokumentet åpnes i Word.",
    "assignment": "Oppdragsinformasjon",
    "diary_number": "Prosjekt/saksnummer",
    "client": "Oppdragsgiver",
    "funder": "Finansiering",
    "project_lead": "Prosjektledelse",
    "dates": "Oppdragets start- og sluttdato",
    "start": "Oppstart",
    "end": "Avslutning",
    "revisions": "Revisjon/endring av dokument",
    "date": "Dato",
    "comment": "Kommentar",
    "changed_by": "Endret av",
    "introduction": "Innledning",
    "background": "Bakgrunn",
    "purpose": "Formål",
    "goals": "Kommunikasjonsmål",
    "goal_by": "innen",
    "structure": "Kommunikasjonsplanens oppbygning",
    "structure_text": (
        "Kommunikasjonsplanen har fire hoveddeler – målgrupper, budskap, kanaler og "
        "aktiviteter. For å nå målgruppene våre med budskapene våre gjennomfører vi "
        "aktiviteter i ulike kanaler: et budskap når en målgruppe gjennom en aktivitet i en "
        "kanal. Planen gjengir de overordnede aktivitetene; hva som skal gjøres, når og av "
        "hvem, går fram av aktivitetsplanen."
    ),
    "target_groups": "Målgrupper",
    "priority_definition": "Definisjon av prioritet:",
    "group_name": "Målgruppe",
    "reach": "Intern/ekstern",
    "internal": "Intern",
    "external": "Ekstern",
    "priority": "Prioritet",
    "description": "Beskrivelse",
    "inherits": "Får de samme budskapene som: {groups}.",
    "inherits_from": "Får samme budskap som",
    "messages": "Budskap",
    "message_number": "Nr.",
    "message": "Budskap",
    "clarification": "Utdyping",
    "also_to": "Også til: {groups}.",
    "to_groups": "Til: {groups}.",
    "direct_messages": "Budskap til enkelte målgrupper",
    "unaddressed_messages": "Budskap som ennå ikke er rettet til noen målgruppe",
    "channels": "Kanaler",
    "channel": "Kanal",
    "responsible": "Ansvarlig",
    "cadence": "Hyppighet",
    "planning": "Planlegging",
    "activities": "Aktiviteter",
    "activity_plan": "Aktivitetsplan",
    "activity_plan_text": "Aktivitetsplanen finnes også som regneark: «{file}».",
    "activity_plan_summary": (
        "Aktivitetsplanen har {count} aktiviteter. Her vises de {shown} første; hele "
        "aktivitetsplanen finnes i regnearket «{file}»."
    ),
    "activity": "Aktivitet",
    "purpose_and_groups": "Formål og målgruppe",
    "time": "Tid",
    "start_date": "Startdato",
    "end_date": "Sluttdato",
    "none": "Ikke angitt.",
    "activities_summary": (
        "Planen har {count} aktiviteter. Her beskrives de {shown} første; alle står i "
        "aktivitetsplanen nedenfor."
    ),
    "plan_draft": "Utkast",
    "plan_submitted": "Sendt til godkjenning",
    "plan_approved": "Godkjent",
    "plan_published": "Publisert",
    "activity_planned": "Planlagt",
    "activity_in_progress": "Pågår",
    "activity_done": "Gjennomført",
    "activity_cancelled": "Avlyst",
    "coverage": "Dekning",
    "coverage_corner": "Målgruppe \\ budskap",
    "coverage_done": "Gjennomført",
    "coverage_carried": "Planlagt",
    "coverage_gap": "Hull",
    "coverage_legend": (
        "Gjennomført: en gjennomført aktivitet har nådd målgruppen med budskapet. Planlagt: en "
        "planlagt eller pågående aktivitet skal gjøre det. Hull: ingen aktivitet bringer "
        "budskapet ut til målgruppen. Tom celle: budskapet er ikke rettet til målgruppen."
    ),
    "spokespersons": "Talspersoner",
    "subject": "Tema",
    "person": "Navn",
    "role": "Rolle/tittel",
    "contact": "Kontaktvei",
    "risks": "Risikoer",
    "risk": "Risiko",
    "likelihood": "Sannsynlighet (1–5)",
    "consequence": "Konsekvens (1–5)",
    "risk_score": "Risikoverdi",
    "mitigation": "Tiltak",
    "owner": "Eier",
    "risk_open": "Åpen",
    "risk_mitigated": "Redusert",
    "risk_closed": "Lukket",
    "risk_occurred": "Har inntruffet",
    "risk_high": "Høy",
    "risk_medium": "Middels",
    "risk_low": "Lav",
    "risks_text": (
        "Risikoverdien er sannsynlighet × konsekvens, hver på en skala 1–5 (i parentes): "
        "høy fra {high}, middels fra {medium}."
    ),
    "risk_level": "Nivå",
}

EN: Final[dict[str, str]] = {
    "document_type": "Communication plan",
    "activity_plan_file": "Communication plan – Activity plan",
    "page": "Page {page} ({pages})",
    "publication_date": "Publication date",
    "project": "Project",
    "document_type_label": "Document type",
    "version": "Version",
    "status": "Status",
    "follow_up": "Follow-up",
    "organization": "Organisation",
    "contents": "Contents",
    "contents_hint": "The table of contents is updated when the document is opened in Word.",
    "assignment": "Project information",
    "diary_number": "Project/reference number",
    "client": "Client",
    "funder": "Funder",
    "project_lead": "Project lead",
    "dates": "Project start and end dates",
    "start": "Project start",
    "end": "Project end",
    "revisions": "Document revisions",
    "date": "Date",
    "comment": "Comment",
    "changed_by": "Changed by",
    "introduction": "Introduction",
    "background": "Background",
    "purpose": "Purpose",
    "goals": "Communication goals",
    "goal_by": "by",
    "structure": "How the plan is built",
    "structure_text": (
        "The plan has four main parts – target groups, messages, channels and activities. To "
        "reach our target groups with our messages we carry out activities in different "
        "channels: a message reaches a target group through an activity in a channel. The plan "
        "describes the main activities; what is to be done, when and by whom is set out in the "
        "activity plan."
    ),
    "target_groups": "Target groups",
    "priority_definition": "Definition of priority:",
    "group_name": "Target group",
    "reach": "Internal/external",
    "internal": "Internal",
    "external": "External",
    "priority": "Priority",
    "description": "Description",
    "inherits": "Also receives the messages of: {groups}.",
    "inherits_from": "Receives the messages of",
    "messages": "Messages",
    "message_number": "No.",
    "message": "Message",
    "clarification": "Clarification",
    "also_to": "Also to: {groups}.",
    "to_groups": "To: {groups}.",
    "direct_messages": "Messages to single target groups",
    "unaddressed_messages": "Messages not yet addressed to any target group",
    "channels": "Channels",
    "channel": "Channel",
    "responsible": "Responsible",
    "cadence": "Frequency",
    "planning": "Planning",
    "activities": "Activities",
    "activity_plan": "Activity plan",
    "activity_plan_text": "The activity plan is also available as a spreadsheet: “{file}”.",
    "activity_plan_summary": (
        "The activity plan has {count} activities. The first {shown} are listed here; the "
        "whole activity plan is in the spreadsheet “{file}”."
    ),
    "activity": "Activity",
    "purpose_and_groups": "Purpose and target groups",
    "time": "Time",
    "start_date": "Start date",
    "end_date": "End date",
    "none": "None given.",
    "activities_summary": (
        "The plan has {count} activities. The first {shown} are described here; all of them "
        "are in the activity plan below."
    ),
    "plan_draft": "Draft",
    "plan_submitted": "Submitted for approval",
    "plan_approved": "Approved",
    "plan_published": "Published",
    "activity_planned": "Planned",
    "activity_in_progress": "In progress",
    "activity_done": "Done",
    "activity_cancelled": "Cancelled",
    "coverage": "Coverage",
    "coverage_corner": "Target group \\ message",
    "coverage_done": "Carried",
    "coverage_carried": "Planned",
    "coverage_gap": "Gap",
    "coverage_legend": (
        "Carried: a done activity has reached the target group with the message. Planned: a "
        "planned or ongoing activity is to do so. Gap: no activity carries the message to the "
        "target group. Empty cell: the message is not addressed to the target group."
    ),
    "spokespersons": "Spokespersons",
    "subject": "Subject",
    "person": "Name",
    "role": "Role/title",
    "contact": "Contact route",
    "risks": "Risks",
    "risk": "Risk",
    "likelihood": "Likelihood (1–5)",
    "consequence": "Consequence (1–5)",
    "risk_score": "Score",
    "mitigation": "Mitigation",
    "owner": "Owner",
    "risk_open": "Open",
    "risk_mitigated": "Mitigated",
    "risk_closed": "Closed",
    "risk_occurred": "Occurred",
    "risk_high": "High",
    "risk_medium": "Medium",
    "risk_low": "Low",
    "risks_text": (
        "The score is likelihood × consequence, each on a scale of 1–5 (in brackets): "
        "high from {high}, medium from {medium}."
    ),
    "risk_level": "Level",
}

LABELS: Final[dict[str, dict[str, str]]] = {"sv": SV, "da": DA, "nb": NB, "en": EN}


def labels_for(language: str) -> dict[str, str]:
    """The label set of `language`; English for a language komplan has no documents in."""
    return LABELS.get(language, EN)


def xml_language(language: str) -> str:
    """The BCP 47 tag documents declare for `language`, e.g. "sv-SE"."""
    return XML_LANGUAGE.get(language, "en-GB")
