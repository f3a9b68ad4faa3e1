"""Word documents of Norrviks kommun read as plans: the plan document laid out like the usual
one (facts, revisions, goals, target groups with typos, messages under tier headings with
their clarifications, channels, activities) and the briefing per target group."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils.translation import override

from komplan.imports.importers import ReadOptions, read_upload
from komplan.imports.importers.docx_plan import section_for
from komplan.imports.importers.resolve import Target, resolve
from tests.imports.import_files import briefing_document, plan_document


@pytest.fixture(autouse=True)
def _english() -> Any:
    with override("en"):
        yield


@pytest.fixture(scope="module")
def plan_draft() -> Any:
    with override("en"):
        return read_upload(plan_document(), "Kommunikationsplan.docx")


def test_the_document_is_read_as_a_plan(plan_draft: Any) -> None:
    assert plan_draft.kind == "plan"
    assert plan_draft.language == "sv"
    assert not plan_draft.errors


def test_project_facts_dates_and_version(plan_draft: Any) -> None:
    facts = plan_draft.facts
    assert facts.name == "Digital nämndadministration i Norrviks kommun"
    assert facts.diary_number == "KS 2026/117"
    assert facts.client == "Kommunstyrelsen, Norrviks kommun"
    assert facts.funder == "Region Norrvik"
    assert facts.project_lead == "Maja Holm, kansliavdelningen"
    assert (facts.start_date, facts.end_date) == (dt.date(2026, 1, 15), dt.date(2027, 6, 30))
    assert facts.version == "1.0"
    assert facts.background.startswith("Norrviks kommun inför digital nämndadministration.")
    assert "\n\nPolitiker och tjänstepersoner" in facts.background
    assert facts.purpose == "Planen samordnar all kommunikation om bytet."


def test_revisions_and_goals(plan_draft: Any) -> None:
    assert [(r.version, r.date, r.comment, r.changed_by) for r in plan_draft.revisions] == [
        ("0.1", "2026-01-20", "Utkast framtaget", "Maja Holm"),
        ("1.0", "2026-02-10", "Godkänd av styrgruppen", "Maja Holm"),
    ]
    assert [g.text for g in plan_draft.goals] == [
        "Alla förtroendevalda har loggat in före första nämndmötet",
        "Projektet har presenterats på två konferenser",
    ]


def test_target_groups_with_typos_and_a_broken_row(plan_draft: Any) -> None:
    groups = [(g.name, g.reach, g.tier) for g in plan_draft.groups]
    assert groups == [
        ("Kommunstyrelsen", "internal", "core"),
        ("Nämndsekreterare", "internal", "primary"),  # "Inter", "Primärntressent"
        ("Förtroendevalda", "external", "primary"),
        ("Allmänheten", "external", "secondary"),  # "Sekundärntressent"
    ]
    assert plan_draft.groups[2].description == (
        "Läser handlingarna i surfplattan inför varje möte."
    )
    assert [(t.name, t.slot) for t in plan_draft.tiers] == [
        ("Kärntressenter", "core"),
        ("Primärintressenter", "primary"),
        ("Sekundärintressenter", "secondary"),
    ]
    assert plan_draft.tiers[0].definition.startswith("intressenter med beslutande")


def test_messages_under_tier_headings_with_clarifications(plan_draft: Any) -> None:
    messages = [(m.number, m.text, m.tiers) for m in plan_draft.messages]
    assert messages == [
        (1, "Bytet gör nämndarbetet enklare och säkrare.", ["core"]),
        (2, "Projektet håller tidplan och budget.", ["core"]),
        (3, "Du får stöd hela vägen.", ["primary"]),  # numbered by Word, on from 2
        (4, "Handlingarna finns alltid i surfplattan.", ["primary"]),
        (5, "Nämndernas arbete blir lättare att följa.", ["secondary"]),
    ]
    first = plan_draft.messages[0]
    assert first.clarification == (
        "Kommunstyrelsen ska känna sig trygg i att bytet är väl förberett."
    )
    # "3. Stöd ges…" after the second block's clarification heading clarifies message 3.
    assert plan_draft.messages[2].clarification.startswith("Stöd ges av nämndsekreterarna")
    assert plan_draft.messages[3].clarification == ""
    assert any("keeps it with message 1" in p.text for p in plan_draft.problems)


def test_channels_and_activities(plan_draft: Any) -> None:
    assert [(c.name, c.responsible) for c in plan_draft.channels] == [
        ("Intranätet", "Kommunikatör"),
        ("Nämndmöten", "Nämndsekreterare"),
        ("Norrvik.se", "Webbredaktör"),
    ]
    assert [a.title for a in plan_draft.activities] == [
        "Utbildning för förtroendevalda",
        "Nyheter på intranätet",
    ]
    assert plan_draft.activities[0].description.startswith("Varje nämnd får en utbildning")
    attachment = [p for p in plan_draft.problems if "separate file" in p.text]
    assert attachment and attachment[0].where.startswith("paragraph")


def test_what_was_not_read_is_reported_with_its_place(plan_draft: Any) -> None:
    for problem in plan_draft.problems:
        assert problem.severity != "error"
    assert all(p.where for p in plan_draft.problems if p.severity == "warning")


def test_resolving_a_plan_document_into_a_new_plan(plan_draft: Any) -> None:
    plan = resolve(plan_draft, Target("sv"))
    assert plan.facts["name"] == "Digital nämndadministration i Norrviks kommun"
    assert plan.facts["version"] == "1.0"
    assert [t.name for t in plan.tiers] == [
        "Kärntressenter",
        "Primärintressenter",
        "Sekundärintressenter",
    ]
    assert [e.tier for e in plan.groups] == ["core", "primary", "primary", "secondary"]
    assert any("revision" in p.text for p in plan.problems)


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("3 Målgrupper", "target_groups"),
        ("4 Budskab", "messages"),
        ("4 Budskaber", "messages"),
        ("Kanaler", "channels"),
        ("6.1 Activities", "activities"),
        ("2.1 Bakgrunn", "background"),
        ("2.2 Formål", "purpose"),
        ("Kommunikasjonsmål", "goals"),
        ("1.2 Revidering/ändring av dokument", "revisions"),
        ("6.1.1 Medverka på konferenser", ""),
    ],
)
def test_sections_are_recognised_by_their_words(heading: str, section: str) -> None:
    assert section_for(heading) == section


def test_a_danish_plan() -> None:
    import docx

    d = docx.Document()
    d.add_heading("3 Målgrupper", level=1)
    table = d.add_table(rows=3, cols=4)
    for r, values in enumerate(
        [
            ["Målgruppe", "Intern/ekstern", "Prioritet", "Beskrivelse"],
            ["Byrådet", "Intern", "Kerneinteressenter", "Beslutter."],
            ["Borgerne", "Ekstern", "Sekundære interessenter", "Følger med."],
        ]
    ):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    d.add_heading("4 Budskaber", level=1)
    d.add_heading("4.1 Kerneinteressenter", level=2)
    d.add_paragraph("1. Projektet gør hverdagen lettere.")
    d.add_paragraph("Uddybning", style="Heading 3")
    d.add_paragraph("Byrådet skal føle sig trygge.")
    out = io.BytesIO()
    d.save(out)
    draft = read_upload(out.getvalue(), "plan.docx")
    assert draft.language == "da"
    assert [(g.name, g.tier) for g in draft.groups] == [
        ("Byrådet", "core"),
        ("Borgerne", "secondary"),
    ]
    assert draft.messages[0].clarification == "Byrådet skal føle sig trygge."


def test_the_briefing_document() -> None:
    draft = read_upload(briefing_document(), "budskap.docx")
    assert draft.kind == "briefing"
    assert [g.name for g in draft.groups] == [
        "Verksamhetschefer",
        "Handläggare",
        "Enhetschefer",
        "Systemförvaltare",
    ]
    shared = draft.messages[0]
    assert shared.text == "Det nya systemet sparar tid i handläggningen"
    assert shared.groups == ["Verksamhetschefer", "Handläggare"]
    assert len(draft.messages) == 3  # one message per distinct point
    # Channels are names, written as a name is ("Intranätet"), not as the sentence had them.
    channels = {c.name: c.groups for c in draft.channels}
    assert channels == {
        "APT": ["Verksamhetschefer", "Handläggare"],
        "Intranätet": ["Verksamhetschefer", "Handläggare"],
        "Chefsträffar": ["Verksamhetschefer", "Enhetschefer"],
    }
    inherits = {g.name: g.inherits_from for g in draft.groups}
    assert inherits["Enhetschefer"] == ["Handläggare"]  # "Samma som ovan"
    assert inherits["Systemförvaltare"] == ["Verksamhetschefer", "Handläggare"]
    assert not draft.errors


def test_a_briefing_is_resolved_into_shared_messages_and_channels() -> None:
    plan = resolve(read_upload(briefing_document(), "b.docx"), Target("sv"))
    assert [e.name for e in plan.channels] == ["APT", "Intranätet", "Chefsträffar"]
    by_name = {e.name: e for e in plan.groups}
    assert by_name["Systemförvaltare"].inherits_from == ["verksamhetschefer", "handlaggare"]
    assert plan.messages[0].groups == ["verksamhetschefer", "handlaggare"]


def test_the_user_can_read_a_document_as_a_briefing_or_a_plan() -> None:
    draft = read_upload(briefing_document(), "b.docx", ReadOptions(kind="plan"))
    assert draft.kind == "plan" and not draft.groups
    draft = read_upload(plan_document(), "p.docx", ReadOptions(kind="briefing"))
    assert draft.kind == "briefing"


def test_an_activity_table_in_a_word_document() -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("Aktivitetsplan – Norrviks kommun")
    table = d.add_table(rows=4, cols=5)
    rows = [
        ["Aktivitet", "Syfte och målgrupp", "Tid", "Kanal", "Ansvarig"],
        ["Presentation på nämndmöte", "Politikerna får veta.", "Våren 2026", "Möte", "Kim"],
        ["Nyhet på intranätet", "Alla vet.", "Höst 2026 –", "Intranät", "Kim"],
        ["", "", "pågående", "", ""],
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    shade = table.cell(1, 0)._tc.get_or_add_tcPr()
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    shade.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:fill="FF0000"/>'))
    a, b = table.cell(2, 1), table.cell(3, 1)
    a.merge(b)
    out = io.BytesIO()
    d.save(out)
    draft = read_upload(out.getvalue(), "aktivitetsplan.docx")
    assert [(a.title, a.status) for a in draft.activities] == [
        ("Presentation på nämndmöte", "done"),
        ("Nyhet på intranätet", "planned"),
    ]
    assert any("No activity in this row" in p.text for p in draft.problems)


def test_a_plan_whose_heading_styles_disagree_with_its_numbers() -> None:
    """As in real plans: "3 Målgrupper" styled as a third-level heading, tables continued on
    the next page without their header, clarifications as fourth-level italic headings."""
    import docx

    def table(d: Any, rows: list[list[str]]) -> None:
        t = d.add_table(rows=len(rows), cols=len(rows[0]))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                t.cell(r, c).text = value

    d = docx.Document()
    d.add_heading("Digitala tjänster", level=1)
    d.add_heading("Kommunikationsplan", level=2)
    d.add_heading("Innehållsförteckning", level=3)
    d.add_paragraph("1\tUppdragsinformation.....\t2")
    d.add_paragraph("3\tMålgrupper .....\t4")
    d.add_heading("3 Målgrupper", level=3)
    table(
        d,
        [
            ["Namn på målgrupp", "Intern/ extern", "Prioritet", "Beskrivning"],
            ["Socialchefer", "Intern", "Kärntressent", "Nätverk för socialchefer."],
        ],
    )
    table(
        d,
        [
            ["Handläggare", "Extern", "Primärntressent", "De som utför processerna."],
            ["Klienter/brukare", "Extern", "Sekundärntressent", "De som berörs."],
        ],
    )
    d.add_heading("4 Budskap", level=2)
    d.add_heading("4.1 Kärntressenter", level=3)
    d.add_paragraph("1. Metodstödet är pålitligt.")
    d.add_paragraph("2. Prioriteringen är trygg.")
    d.add_heading("Förtydligande", level=4).runs[0].italic = True
    d.add_paragraph("Socialcheferna ska känna sig trygga.")
    d.add_heading("4.2 Primärntressenter", level=3)
    d.add_paragraph("10. Förändringen ger goda effekter.")
    d.add_heading("Förtydligande", level=3)
    d.add_paragraph("Goda effekter är en bättre arbetsmiljö.")
    d.add_heading("4.3 Sekundärintressenter", level=2)
    d.add_paragraph("11. Projektet är väl sammanhållet.")
    d.add_heading("5 Kanaler", level=2)
    table(d, [["Kanal", "Beskrivning", "Ansvarig"], ["Intranätet", "Internt", "Projektledare"]])
    table(d, [["Lokalpressen", "Nyhetsbyråer", "Projektledare"]])
    d.add_heading("6 Planering", level=2)
    d.add_heading("6.1 Aktiviteter", level=3)
    d.add_heading("6.1.1 Medverka på konferenser", level=4)
    d.add_paragraph("Projektledaren presenterar projektet.")
    d.add_heading("6.1.7 Effektmätningar", level=3)
    d.add_paragraph("Mätningen förklaras.")
    d.add_heading("6.2 Aktivitetsplan", level=2)
    d.add_paragraph("Se bilaga ”Kommunikationsplan – Aktivitetsplan.xlsx”")
    out = io.BytesIO()
    d.save(out)
    draft = read_upload(out.getvalue(), "plan.docx")
    assert draft.facts.name == "Digitala tjänster"
    assert [(g.name, g.tier) for g in draft.groups] == [
        ("Socialchefer", "core"),
        ("Handläggare", "primary"),
        ("Klienter/brukare", "secondary"),
    ]
    assert [(m.number, m.tiers) for m in draft.messages] == [
        (1, ["core"]),
        (2, ["core"]),
        (10, ["primary"]),
        (11, ["secondary"]),
    ]
    assert draft.messages[0].clarification == "Socialcheferna ska känna sig trygga."
    assert draft.messages[2].clarification == "Goda effekter är en bättre arbetsmiljö."
    assert [c.name for c in draft.channels] == ["Intranätet", "Lokalpressen"]
    assert [a.title for a in draft.activities] == ["Medverka på konferenser", "Effektmätningar"]
    # Met first in the groups' priorities, then named by the message headings.
    assert [(t.slot, t.name) for t in draft.tiers] == [
        ("core", "Kärntressenter"),
        ("primary", "Primärntressenter"),
        ("secondary", "Sekundärintressenter"),
    ]


@pytest.mark.django_db
def test_the_preview_of_a_new_plan_with_dates_resolves_the_file_once(
    plan_draft: Any, organization: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """#15 item 3: the times are read within the plan's dates in one pass, not two."""
    from komplan.imports.importers import commit

    calls = []
    real = commit.resolve

    def counted(draft: Any, target: Any) -> Any:
        calls.append((target.start, target.end))
        return real(draft, target)

    monkeypatch.setattr(commit, "resolve", counted)
    result = commit.preview(plan_draft, organization=organization)
    assert calls == [(dt.date(2026, 1, 15), dt.date(2027, 6, 30))]
    assert result.facts["start_date"] == dt.date(2026, 1, 15)
