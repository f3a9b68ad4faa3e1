"""Swedish examples for every field of the API's documents, as a Swedish municipality's
communication plan would hold them (the OpenAPI document shows them)."""

from __future__ import annotations

from typing import Any

PLAN: dict[str, Any] = {
    "name": "Ny översiktsplan för Ekby kommun",
    "diary_number": "KS 2026/123",
    "client": "Kommunstyrelsen",
    "funder": "Ekby kommun",
    "project_lead": "Anna Lindqvist",
    "start_date": "2026-01-15",
    "end_date": "2027-06-30",
    "language": "sv",
    "background": "Kommunen ska ta fram en ny översiktsplan som beskriver markanvändningen.",
    "purpose": "Att invånarna känner till samrådet och vet hur de kan lämna synpunkter.",
    "organization": "ekby",
    "status": "draft",
    "version": "0.1",
}

REGISTERS: dict[str, dict[str, Any]] = {
    "goals": {
        "text": "Minst 500 synpunkter kommer in under samrådet",
        "target_value": "500",
        "unit": "synpunkter",
        "deadline": "2026-11-30",
    },
    "tiers": {
        "name": "Kärnintressent",
        "definition": "Fattar beslut om eller driver projektet.",
    },
    "groups": {
        "name": "Enhetschefer",
        "reach": "internal",
        "tier": 1,
        "description": "Chefer som ska informera sina medarbetare.",
        "inherits_from": [2],
    },
    "messages": {
        "text": "Samrådet pågår 1 september–31 oktober och alla kan lämna synpunkter.",
        "clarification": "Synpunkter lämnas digitalt eller på biblioteket.",
        "tiers": [1],
        "groups": [3],
    },
    "channels": {
        "name": "Intranätet",
        "description": "Nyheter och projektsida på intranätet.",
        "responsible": "Kommunikationsavdelningen",
        "reach": "internal",
        "cadence": "Månadsvis",
        "groups": [1, 2],
    },
    "activities": {
        "title": "Informationsmöte för enhetschefer",
        "description": "Genomgång av samrådet så att cheferna kan informera vidare.",
        "groups": [1],
        "messages": [1, 2],
        "channels": [3],
        "goals": [1],
        "responsible": "Anna Lindqvist",
        "time_text": "Hösten 2026",
        "start_override": "2026-09-01",
        "end_override": "2026-09-30",
        "status": "planned",
        "recurrence": "",
        "budget": "15000.00",
        "follow_up": "Antal deltagare och en kort enkät efteråt.",
        "starts_on": "2026-09-01",
        "ends_on": "2026-09-30",
        "open_ended": False,
        "preliminary": False,
        "period_note": "",
        "parsed_start": "2026-09-01",
        "parsed_end": "2026-11-30",
    },
    "spokespersons": {
        "subject": "Översiktsplanen",
        "name": "Karin Berg",
        "role": "Kommunstyrelsens ordförande",
        "contact": "karin.berg@ekby.example",
    },
    "risks": {
        "text": "Få invånare känner till samrådet",
        "likelihood": 3,
        "consequence": 4,
        "mitigation": "Annonsera i lokaltidningen och på bibliotek.",
        "owner": "Kommunikationschefen",
        "status": "open",
    },
}

COMMON: dict[str, Any] = {
    "id": 42,
    "position": 1,
    "number": 1,
    "lock_version": 3,
    "updated_at": "2026-10-14T09:30:00+02:00",
    "comment": "Godkänd av styrgruppen",
    "on_behalf_of": "Styrgruppen",
}

FORUM: dict[str, Any] = {
    "organization": "ekby",
    "name": "Styrgruppen för översiktsplanen",
    "kind": "steering_group",
    "language": "sv",
    "description": "Förvaltningscheferna och kommunikationschefen; beslutar om planen.",
}

MEETING: dict[str, Any] = {
    "forum": 3,
    "title": "Styrgruppsmöte 4",
    "date": "2026-10-14",
    "start_time": "09:00",
    "end_time": "11:30",
    "place": "Stadshuset, sal 3",
    "online_link": "https://teams.example/ekby/styrgruppen",
    "plans": [12],
    "note_taker": 5,
    "minutes_version": 1,
    "minutes_status": "draft",
}

AGENDA_ITEM: dict[str, Any] = {
    "position": 2,
    "kind": "B",
    "description": "Beslut om kommunikationsplanen",
    "responsible": "Anna Lindqvist",
    "duration": 20,
    "notes": "Styrgruppen gick igenom målgrupperna och kanalerna.",
}

DECISION: dict[str, Any] = {
    "item": 7,
    "text": "Styrgruppen godkänner kommunikationsplanen version 1.0.",
    "plan": 12,
    "plan_version": "1.0",
}

ACTION: dict[str, Any] = {
    "item": 7,
    "text": "Boka lokal för informationsmötet",
    "owner": "Karin Berg",
    "due_date": "2026-10-31",
    "status": "open",
    "activity": None,
}

MEASUREMENT: dict[str, Any] = {
    "date": "2026-10-31",
    "value": "320.00",
    "source": "Inkomna synpunkter i e-tjänsten",
    "comment": "Räknat efter första månaden.",
}

GOAL_PROGRESS: dict[str, Any] = {
    "id": 4,
    "text": "Minst 500 synpunkter kommer in under samrådet",
    "unit": "synpunkter",
    "method": "entered",
    "baseline": "0.00",
    "target_value": "500.00",
    "deadline": "2026-11-30",
    "value": "320.00",
    "status": "on_track",
    "rule": "On track: the share of the way from baseline to target that is done is at least "
    "the share of the time that has passed, less 10 percentage points.",
}

STEP: dict[str, Any] = {
    "id": 8,
    "number": "1.2",
    "depth": 1,
    "after": 7,
    "target_kind": "forum",
    "target": 3,
    "target_name": "Ledningsgruppen för samhällsbyggnad",
    "how": "meeting",
    "lead_days": 7,
    "delegated": True,
    "responsible": "Förvaltningschefen",
    "from_phase": 2,
    "from_date": "2026-09-01",
    "day": "2026-10-21",
    "state": "planned",
    "overdue": False,
}

MATERIAL: dict[str, Any] = {
    "title": "Lägesrapport oktober",
    "text": "Samrådet har pågått i sex veckor och 320 synpunkter har kommit in.",
    "phase": 1,
    "messages": [1, 2],
    "status": "released",
    "approval_kind": "decision",
    "approved_by_name": "Styrgruppen",
    "approved_at": "2026-10-14T11:00:00+02:00",
    "decision": 9,
    "released_on": "2026-10-15",
    "activity": 42,
}

# The cascade's writes: an approval, a release, a step marked or sent now, the settings.
CASCADE_ACTIONS: dict[str, Any] = {
    "kind": "decision",
    "meeting": 14,
    "name": "Karin Berg",
    "day": "2026-10-15",
    "state": "sent",
    "why": "Rådet möts inte förrän i december; informationen kan inte vänta.",
    "position": 2,
    "approving_forum": 3,
    "approval_required": True,
    "id": 21,
    "file_name": "Lägesrapport oktober.pdf",
    "size": 48213,
    "file_kind": "pdf",
}

# A forum's members and a meeting's participants.

FORUM_MEMBER: dict[str, Any] = {
    "name": "Karin Berg",
    "organization": "Samhällsbyggnadsförvaltningen",
    "role": "chair",
    "email": "karin.berg@ekby.se",
    "user": 8,
}

PARTICIPANT: dict[str, Any] = {
    "member": 5,
    "name": "Karin Berg",
    "organization": "Samhällsbyggnadsförvaltningen",
    "role": "chair",
    "attendance": "present",
    "email": "karin.berg@ekby.se",
    "user": 8,
    "adjuster": True,
}

SURVEY: dict[str, Any] = {
    "title": "Vad tyckte du om samrådsmötet?",
    "introduction": "Fem frågor om mötet i Ekby bibliotek. Svaren är anonyma.",
    "group": 3,
    "closes_on": "2026-11-15",
    "anonymous": True,
    "status": "draft",
    "closed_at": None,
}

QUESTION: dict[str, Any] = {
    "id": 21,
    "position": 1,
    "kind": "likert",
    "text": "Informationen före mötet var tydlig.",
}
