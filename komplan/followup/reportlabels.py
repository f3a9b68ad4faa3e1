"""The words inside the follow-up and final reports, in the plan's language (sv, da, nb, en).

Document labels, not interface strings (like `komplan.exports.labels`, whose words the
reports share: a Danish plan's report is a Danish document whoever downloads it). Every
language has every key (tests/followup/test_report.py checks it). Placeholders in braces are
filled with `str.format`.
"""

from __future__ import annotations

from typing import Final

from komplan.exports.labels import labels_for

__all__ = ["REPORT_LABELS", "report_labels"]

SV: Final[dict[str, str]] = {
    "final": "Slutrapport",
    "quarterly": "Uppföljningsrapport",
    "report_date": "Rapportdatum",
    "period": "Period",
    "whole_plan": "Hela projektet, t.o.m. {day}",
    "up_to": "T.o.m. {day}",
    "quarter": "Kvartal {quarter} {year} ({start} – {end})",
    "purpose_and_goals": "Syfte och mål",
    "goal_fulfilment": "Måluppfyllelse",
    "goal_fulfilment_text": (
        "Varje mål med sitt målvärde, sitt senaste värde t.o.m. {day} och sin status."
    ),
    "goal": "Mål",
    "target": "Målvärde",
    "value": "Värde",
    "deadline": "Senast",
    "measured": "Mäts",
    "baseline": "Utgångsvärde",
    "method_counted": "Räknas ur aktivitetsplanen",
    "method_entered": "Inmatade mätningar",
    "method_surveyed": "Enkät",
    "method_none": "Inte angivet",
    "survey_basis": "{agreeing} av {answered} svar {minimum} eller högre",
    "status_no_target": "Inget målvärde",
    "status_on_track": "Enligt plan",
    "status_at_risk": "I riskzonen",
    "status_achieved": "Uppnått",
    "status_missed": "Ej uppnått",
    "rule_no_target": "Målet har inget målvärde och får därför ingen status.",
    "rule_achieved": "Det senaste värdet har nått målvärdet.",
    "rule_missed": "Målvärdet är inte nått och sista dagen har passerat.",
    "rule_on_track": (
        "Andelen av vägen från utgångsvärdet till målvärdet är minst andelen av tiden från "
        "projektets start till sista dagen, minus 10 procentenheter."
    ),
    "rule_at_risk": (
        "Andelen av vägen till målvärdet ligger mer än 10 procentenheter efter andelen av tiden "
        "som har gått."
    ),
    "rule": "Regel",
    "chart_title": "Utvecklingen mot målet: {goal}",
    "chart_desc": "Värde {value}; målvärde {target} senast {deadline}; status: {status}.",
    "chart_target": "Målvärde",
    "chart_deadline": "Sista dag",
    "chart_today": "Rapportdag",
    "activity_outcome": "Hur aktivitetsplanen gick",
    "activity_outcome_text": (
        "{total} aktiviteter: {done} genomförda, varav {slipped} efter sin period; "
        "{cancelled} inställda; {open} pågående eller planerade, varav {overdue} försenade."
    ),
    "activity_outcome_period": "Aktiviteterna som slutar under perioden.",
    "activity_none": "Inga aktiviteter under perioden.",
    "by_channel": "Per kanal",
    "by_group": "Per målgrupp",
    "in_total": "Totalt",
    "activities": "Aktiviteter",
    "done": "Genomförda",
    "slipped": "Varav sent",
    "cancelled": "Inställda",
    "open": "Öppna",
    "no_channel": "(ingen kanal)",
    "no_group": "(ingen målgrupp)",
    "coverage": "Uppnådd täckning",
    "coverage_text": (
        "{carried} av {owed} budskap som målgrupperna ska nå är nådda ({carried_percent} %): "
        "{done} genom genomförda aktiviteter ({done_percent} %), {planned} genom planerade; "
        "{gaps} luckor."
    ),
    "coverage_none": "Inga budskap riktas ännu till prioriteringar eller målgrupper.",
    "cascade": "Spridningens räckvidd",
    "cascade_text": "{steps} steg i spridningen; {released} av {materials} material släppta.",
    "material": "Material",
    "released_on": "Släppt",
    "steps_reached": "Steg nådda",
    "confirmed": "Bekräftade",
    "surveys": "Enkätresultat",
    "survey_facts": "{responses} svar · {status}",
    "survey_open": "öppen",
    "survey_closed": "stängd",
    "survey_draft": "utkast",
    "question": "Fråga",
    "answer": "Svar",
    "count": "Antal",
    "share": "Andel",
    "free_text": "{count} fritextsvar (finns i komplan).",
    "yes": "Ja",
    "no": "Nej",
    "no_answers": "Inga svar.",
    "surveys_none": "Projektet har inga enkäter.",
    "evaluation": "Projektets egen utvärdering",
    "lessons": "Lärdomar",
    "not_written": "Inte skrivet ännu.",
}

DA: Final[dict[str, str]] = {
    "final": "Slutrapport",
    "quarterly": "Opfølgningsrapport",
    "report_date": "Rapportdato",
    "period": "Periode",
    "whole_plan": "Hele projektet, til og med {day}",
    "up_to": "Til og med {day}",
    "quarter": "{quarter}. kvartal {year} ({start} – {end})",
    "purpose_and_goals": "Formål og mål",
    "goal_fulfilment": "Målopfyldelse",
    "goal_fulfilment_text": (
        "Hvert mål med sin målværdi, sin seneste værdi til og med {day} og sin status."
    ),
    "goal": "Mål",
    "target": "Målværdi",
    "value": "Værdi",
    "deadline": "Senest",
    "measured": "Måles",
    "baseline": "Udgangsværdi",
    "method_counted": "Tælles i aktivitetsplanen",
    "method_entered": "Indtastede målinger",
    "method_surveyed": "Spørgeskema",
    "method_none": "Ikke angivet",
    "survey_basis": "{agreeing} af {answered} svar {minimum} eller højere",
    "status_no_target": "Ingen målværdi",
    "status_on_track": "Efter planen",
    "status_at_risk": "I risiko",
    "status_achieved": "Opnået",
    "status_missed": "Ikke nået",
    "rule_no_target": "Målet har ingen målværdi og får derfor ingen status.",
    "rule_achieved": "Den seneste værdi har nået målværdien.",
    "rule_missed": "Målværdien er ikke nået, og sidste dag er passeret.",
    "rule_on_track": (
        "Andelen af vejen fra udgangsværdien til målværdien er mindst andelen af tiden fra "
        "projektets start til sidste dag, minus 10 procentpoint."
    ),
    "rule_at_risk": (
        "Andelen af vejen til målværdien ligger mere end 10 procentpoint efter andelen af "
        "tiden, der er gået."
    ),
    "rule": "Regel",
    "chart_title": "Udviklingen mod målet: {goal}",
    "chart_desc": "Værdi {value}; målværdi {target} senest {deadline}; status: {status}.",
    "chart_target": "Målværdi",
    "chart_deadline": "Sidste dag",
    "chart_today": "Rapportdag",
    "activity_outcome": "Hvordan aktivitetsplanen gik",
    "activity_outcome_text": (
        "{total} aktiviteter: {done} gennemført, heraf {slipped} efter deres periode; "
        "{cancelled} aflyst; {open} i gang eller planlagt, heraf {overdue} forsinket."
    ),
    "activity_outcome_period": "Aktiviteterne, der slutter i perioden.",
    "activity_none": "Ingen aktiviteter i perioden.",
    "by_channel": "Pr. kanal",
    "by_group": "Pr. målgruppe",
    "in_total": "I alt",
    "activities": "Aktiviteter",
    "done": "Gennemført",
    "slipped": "Heraf sent",
    "cancelled": "Aflyst",
    "open": "Åbne",
    "no_channel": "(ingen kanal)",
    "no_group": "(ingen målgruppe)",
    "coverage": "Opnået dækning",
    "coverage_text": (
        "{carried} af {owed} budskaber, som målgrupperne skal nå, er nået ({carried_percent} %): "
        "{done} gennem gennemførte aktiviteter ({done_percent} %), {planned} gennem planlagte; "
        "{gaps} huller."
    ),
    "coverage_none": "Ingen budskaber er endnu rettet mod prioriteter eller målgrupper.",
    "cascade": "Spredningens rækkevidde",
    "cascade_text": "{steps} trin i spredningen; {released} af {materials} materialer frigivet.",
    "material": "Materiale",
    "released_on": "Frigivet",
    "steps_reached": "Trin nået",
    "confirmed": "Bekræftet",
    "surveys": "Resultater af spørgeskemaer",
    "survey_facts": "{responses} svar · {status}",
    "survey_open": "åben",
    "survey_closed": "lukket",
    "survey_draft": "kladde",
    "question": "Spørgsmål",
    "answer": "Svar",
    "count": "Antal",
    "share": "Andel",
    "free_text": "{count} fritekstsvar (findes i komplan).",
    "yes": "Ja",
    "no": "Nej",
    "no_answers": "Ingen svar.",
    "surveys_none": "Projektet har ingen spørgeskemaer.",
    "evaluation": "Projektets egen evaluering",
    "lessons": "Erfaringer",
    "not_written": "Ikke skrevet endnu.",
}

NB: Final[dict[str, str]] = {
    "final": "Sluttrapport",
    "quarterly": "Oppfølgingsrapport",
    "report_date": "Rapportdato",
    "period": "Periode",
    "whole_plan": "Hele prosjektet, til og med {day}",
    "up_to": "Til og med {day}",
    "quarter": "{quarter}. kvartal {year} ({start} – {end})",
    "purpose_and_goals": "Formål og mål",
    "goal_fulfilment": "Måloppnåelse",
    "goal_fulfilment_text": (
        "Hvert mål med sin målverdi, sin siste verdi til og med {day} og sin status."
    ),
    "goal": "Mål",
    "target": "Målverdi",
    "value": "Verdi",
    "deadline": "Senest",
    "measured": "Måles",
    "baseline": "Utgangsverdi",
    "method_counted": "Telles i aktivitetsplanen",
    "method_entered": "Registrerte målinger",
    "method_surveyed": "Spørreundersøkelse",
    "method_none": "Ikke angitt",
    "survey_basis": "{agreeing} av {answered} svar {minimum} eller høyere",
    "status_no_target": "Ingen målverdi",
    "status_on_track": "I rute",
    "status_at_risk": "I faresonen",
    "status_achieved": "Oppnådd",
    "status_missed": "Ikke nådd",
    "rule_no_target": "Målet har ingen målverdi og får derfor ingen status.",
    "rule_achieved": "Den siste verdien har nådd målverdien.",
    "rule_missed": "Målverdien er ikke nådd, og siste dag er passert.",
    "rule_on_track": (
        "Andelen av veien fra utgangsverdien til målverdien er minst andelen av tiden fra "
        "prosjektets start til siste dag, minus 10 prosentpoeng."
    ),
    "rule_at_risk": (
        "Andelen av veien til målverdien ligger mer enn 10 prosentpoeng etter andelen av "
        "tiden som har gått."
    ),
    "rule": "Regel",
    "chart_title": "Utviklingen mot målet: {goal}",
    "chart_desc": "Verdi {value}; målverdi {target} senest {deadline}; status: {status}.",
    "chart_target": "Målverdi",
    "chart_deadline": "Siste dag",
    "chart_today": "Rapportdag",
    "activity_outcome": "Hvordan aktivitetsplanen gikk",
    "activity_outcome_text": (
        "{total} aktiviteter: {done} gjennomført, hvorav {slipped} etter sin periode; "
        "{cancelled} avlyst; {open} pågående eller planlagt, hvorav {overdue} forsinket."
    ),
    "activity_outcome_period": "Aktivitetene som slutter i perioden.",
    "activity_none": "Ingen aktiviteter i perioden.",
    "by_channel": "Per kanal",
    "by_group": "Per målgruppe",
    "in_total": "Totalt",
    "activities": "Aktiviteter",
    "done": "Gjennomført",
    "slipped": "Hvorav sent",
    "cancelled": "Avlyst",
    "open": "Åpne",
    "no_channel": "(ingen kanal)",
    "no_group": "(ingen målgruppe)",
    "coverage": "Oppnådd dekning",
    "coverage_text": (
        "{carried} av {owed} budskap som målgruppene skal nå, er nådd ({carried_percent} %): "
        "{done} gjennom gjennomførte aktiviteter ({done_percent} %), {planned} gjennom planlagte; "
        "{gaps} hull."
    ),
    "coverage_none": "Ingen budskap er ennå rettet mot prioriteringer eller målgrupper.",
    "cascade": "Spredningens rekkevidde",
    "cascade_text": "{steps} trinn i spredningen; {released} av {materials} materiell frigitt.",
    "material": "Materiell",
    "released_on": "Frigitt",
    "steps_reached": "Trinn nådd",
    "confirmed": "Bekreftet",
    "surveys": "Resultater fra spørreundersøkelser",
    "survey_facts": "{responses} svar · {status}",
    "survey_open": "åpen",
    "survey_closed": "lukket",
    "survey_draft": "utkast",
    "question": "Spørsmål",
    "answer": "Svar",
    "count": "Antall",
    "share": "Andel",
    "free_text": "{count} fritekstsvar (finnes i komplan).",
    "yes": "Ja",
    "no": "Nei",
    "no_answers": "Ingen svar.",
    "surveys_none": "Prosjektet har ingen spørreundersøkelser.",
    "evaluation": "Prosjektets egen evaluering",
    "lessons": "Lærdommer",
    "not_written": "Ikke skrevet ennå.",
}

EN: Final[dict[str, str]] = {
    "final": "Final report",
    "quarterly": "Follow-up report",
    "report_date": "Report date",
    "period": "Period",
    "whole_plan": "The whole project, up to {day}",
    "up_to": "Up to {day}",
    "quarter": "Quarter {quarter} {year} ({start} – {end})",
    "purpose_and_goals": "Purpose and goals",
    "goal_fulfilment": "Goal fulfilment",
    "goal_fulfilment_text": (
        "Each goal with its target, its latest value up to {day} and its status."
    ),
    "goal": "Goal",
    "target": "Target",
    "value": "Value",
    "deadline": "Deadline",
    "measured": "Measured",
    "baseline": "Baseline",
    "method_counted": "Counted from the activity plan",
    "method_entered": "Entered measurements",
    "method_surveyed": "Survey",
    "method_none": "Not set",
    "survey_basis": "{agreeing} of {answered} answers {minimum} or higher",
    "status_no_target": "No target",
    "status_on_track": "On track",
    "status_at_risk": "At risk",
    "status_achieved": "Achieved",
    "status_missed": "Missed",
    "rule_no_target": "The goal has no target value, so it has no status.",
    "rule_achieved": "The latest value has reached the target.",
    "rule_missed": "The target was not reached and the deadline has passed.",
    "rule_on_track": (
        "The share of the way from baseline to target is at least the share of the time from "
        "the project's start to the deadline, less 10 percentage points."
    ),
    "rule_at_risk": (
        "The share of the way to the target is more than 10 percentage points behind the share "
        "of the time passed."
    ),
    "rule": "Rule",
    "chart_title": "Progress towards the goal: {goal}",
    "chart_desc": "Value {value}; target {target} by {deadline}; status: {status}.",
    "chart_target": "Target",
    "chart_deadline": "Deadline",
    "chart_today": "Report day",
    "activity_outcome": "How the activity plan went",
    "activity_outcome_text": (
        "{total} activities: {done} done, {slipped} of them after their period; "
        "{cancelled} cancelled; {open} in progress or planned, {overdue} of them overdue."
    ),
    "activity_outcome_period": "The activities ending in the period.",
    "activity_none": "No activities in the period.",
    "by_channel": "By channel",
    "by_group": "By target group",
    "in_total": "In total",
    "activities": "Activities",
    "done": "Done",
    "slipped": "Of them late",
    "cancelled": "Cancelled",
    "open": "Open",
    "no_channel": "(no channel)",
    "no_group": "(no target group)",
    "coverage": "Coverage reached",
    "coverage_text": (
        "{carried} of the {owed} messages the target groups are to get are reached "
        "({carried_percent} %): {done} by done activities ({done_percent} %), {planned} by "
        "planned ones; {gaps} gaps."
    ),
    "coverage_none": "No message is addressed to priority tiers or target groups yet.",
    "cascade": "Reach of the cascade",
    "cascade_text": "{steps} steps in the cascade; {released} of {materials} materials released.",
    "material": "Material",
    "released_on": "Released",
    "steps_reached": "Steps reached",
    "confirmed": "Confirmed",
    "surveys": "Survey results",
    "survey_facts": "{responses} answers · {status}",
    "survey_open": "open",
    "survey_closed": "closed",
    "survey_draft": "draft",
    "question": "Question",
    "answer": "Answer",
    "count": "Count",
    "share": "Share",
    "free_text": "{count} free-text answers (in komplan).",
    "yes": "Yes",
    "no": "No",
    "no_answers": "No answers.",
    "surveys_none": "The project has no surveys.",
    "evaluation": "The project's own evaluation",
    "lessons": "Lessons learned",
    "not_written": "Not written yet.",
}

REPORT_LABELS: Final = {"sv": SV, "da": DA, "nb": NB, "en": EN}


def report_labels(language: str) -> dict[str, str]:
    """The plan documents' labels of `language` with the reports' own over them."""
    own = REPORT_LABELS.get(language, EN)
    # The header's date is the report's day, not a publication.
    return {**labels_for(language), **own, "publication_date": own["report_date"]}
