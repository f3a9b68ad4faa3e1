"""Spokespersons and risks from a Word plan: komplan's own export in its four languages, and
documents written by hand (python-docx here, not komplan) with a "Talespersoner" and a
"Risker" table, so that the reader is not fitted to komplan's own output only. A row komplan
cannot read fully is said in the preview with its table and row, and nothing else is lost."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import pytest
from django.urls import reverse
from django.utils.translation import override

from komplan.exports.exports import export_bytes
from komplan.imports.importers import read_upload
from komplan.imports.importers.commit import import_commit, preview
from komplan.imports.importers.report import report
from komplan.plans.models import Plan
from komplan.plans.planjson import plan_to_json

pytestmark = pytest.mark.django_db

# The words of a hand-made plan: headings, the spokesperson table's and the risk table's
# header, and two statuses, as people write them in each language.
WORDS = {
    "sv": {
        "spokespersons": "Talespersoner",
        "risks": "Risker",
        "people": ["Ämne", "Namn", "Roll/titel", "Kontaktväg"],
        "header": ["Risk", "Riskvärde", "Åtgärd", "Ägare", "Status"],
        "open": "Öppen",
        "mitigated": "Åtgärdad",
    },
    "en": {
        "spokespersons": "Spokespersons",
        "risks": "Risks",
        "people": ["Subject", "Name", "Role/title", "Contact route"],
        "header": ["Risk", "Score", "Mitigation", "Owner", "Status"],
        "open": "Open",
        "mitigated": "Mitigated",
    },
}


def hand_document(
    language: str,
    risk_rows: Sequence[Sequence[str]] | None = None,
    header: Sequence[str] | None = None,
    people_rows: Sequence[Sequence[str]] | None = None,
) -> bytes:
    """A plan of Fjällby kommun typed in Word: a heading, two sentences, the spokespersons
    and the risks, in the columns komplan's export uses (the score as people type it)."""
    import docx

    words = WORDS[language]
    document = docx.Document()
    document.add_heading("Kommunikationsplan Fjällby badhus", level=0)
    document.add_heading(f"1 {words['spokespersons']}", level=1)
    people = people_rows or [
        ["Badhusets öppning", "Lena Nord", "Badhuschef", "lena.nord@fjallby.se"],
        ["Kostnader och beslut", "Per Holm", "Kommunalråd", "070-123 45 67"],
    ]
    _table(document, [words["people"], *people])
    document.add_heading(f"2 {words['risks']}", level=1)
    document.add_paragraph("Sannolikhet och konsekvens på en skala 1–5.")
    late, costs = "Bygget blir försenat", "Kritik mot kostnaderna"
    rows = risk_rows or [
        [
            late,
            "Hög 20 (4 × 5)",
            "Säg inget datum förrän det är säkert",
            "Lena Nord",
            words["open"],
        ],
        [costs, "6 (2x3)", "Faktablad om budgeten", "Per Holm", words["mitigated"]],
    ]
    _table(document, [list(header or words["header"]), *rows])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _table(document: Any, rows: Sequence[Sequence[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value


def imported(data: bytes, organization: Any) -> Plan:
    with override("en"):
        draft = read_upload(data, "plan.docx")
        return import_commit(draft=draft, organization=organization).plan


def risks(plan: Plan) -> list[tuple[Any, ...]]:
    fields = ("text", "likelihood", "consequence", "mitigation", "owner", "status")
    return list(plan.risks.order_by("position").values_list(*fields))


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_hand_written_plan_brings_its_risks_and_spokespersons(
    organization: Any, language: str
) -> None:
    plan = imported(hand_document(language), organization)
    assert risks(plan) == [
        ("Bygget blir försenat", 4, 5, "Säg inget datum förrän det är säkert", "Lena Nord", "open"),
        ("Kritik mot kostnaderna", 2, 3, "Faktablad om budgeten", "Per Holm", "mitigated"),
    ]
    people = plan.spokespersons.order_by("position")
    assert list(people.values_list("subject", "name", "role", "contact")) == [
        ("Badhusets öppning", "Lena Nord", "Badhuschef", "lena.nord@fjallby.se"),
        ("Kostnader och beslut", "Per Holm", "Kommunalråd", "070-123 45 67"),
    ]


@pytest.mark.parametrize(
    ("header", "likelihood", "consequence"),
    [
        ("Risk|Sannolikhet (1–5)|Konsekvens (1–5)|Åtgärd|Ägare|Status", "4", "5"),
        ("Risk|Sannolikhet|Konsekvens|Åtgärd|Ansvarig|Status", "Sannolik", "Mycket allvarlig"),
        ("Risiko|Sandsynlighed|Konsekvens|Tiltag|Ejer|Status", "4 Sandsynlig", "5"),
        ("Risk|Likelihood|Consequence|Mitigation|Owner|Status", "Likely", "5 Severe"),
    ],
    ids=["sv-numbers", "sv-words", "da", "en"],
)
def test_the_scales_may_have_columns_of_their_own(
    organization: Any, header: str, likelihood: str, consequence: str
) -> None:
    row = ["Bygget blir försenat", likelihood, consequence, "Inget datum", "Lena Nord", "Åben"]
    plan = imported(hand_document("sv", [row], header.split("|")), organization)
    assert risks(plan) == [("Bygget blir försenat", 4, 5, "Inget datum", "Lena Nord", "open")]


def test_a_bad_row_is_said_with_its_table_and_row_and_nothing_else_is_lost(
    organization: Any,
) -> None:
    rows = [
        ["Bygget blir försenat", "Hög 35 (7 × 5)", "Inget datum", "Lena Nord", "Öppen"],
        ["Kritik mot kostnaderna", "Medel 9 (3 × 3)", "Faktablad", "Per Holm", "Kanske"],
        ["Strömavbrott", "16", "Reservkraft", "Lena Nord", "Stängd"],
        ["", "", "Något utan risk", "", ""],
        ["Låg beläggning", "Låg 4 (2 × 2)", "Kampanj", "Per Holm", "Har inträffat"],
    ]
    data = hand_document("sv", rows)
    with override("en"):
        draft = read_upload(data, "plan.docx")
        result = preview(draft, organization=organization)
        shown = {(p.where, p.text) for p in report(result).problems}
    # The risk table is the document's second table; its header is row 1.
    assert shown >= {
        (
            "table 2, row 2",
            "The likelihood “7” of the risk “Bygget blir försenat” is not on the scale 1–5; "
            "the risk is imported with likelihood 3: check it.",
        ),
        (
            "table 2, row 3",
            "The status “Kanske” of the risk “Kritik mot kostnaderna” is not one of Open, "
            "Mitigated, Closed, Occurred; the risk is imported as open: check it.",
        ),
        (
            "table 2, row 4",
            "komplan read no likelihood × consequence (such as “4 × 3”) from “16” for the "
            "risk “Strömavbrott”; it is imported with 3 × 3: check it.",
        ),
        ("table 2, row 5", "This row of the risk table names no risk, so it was not imported."),
    }
    with override("en"):
        plan = import_commit(draft=draft, organization=organization).plan
    assert risks(plan) == [
        ("Bygget blir försenat", 3, 5, "Inget datum", "Lena Nord", "open"),
        ("Kritik mot kostnaderna", 3, 3, "Faktablad", "Per Holm", "open"),
        ("Strömavbrott", 3, 3, "Reservkraft", "Lena Nord", "closed"),
        ("Låg beläggning", 2, 2, "Kampanj", "Per Holm", "occurred"),
    ]
    assert plan.spokespersons.count() == 2


def test_a_risk_table_without_scales_says_so_once(organization: Any) -> None:
    rows = [["Bygget blir försenat", "Inget datum"], ["Kritik", "Faktablad"]]
    with override("en"):
        draft = read_upload(hand_document("sv", rows, ["Risk", "Åtgärd"]), "plan.docx")
    said = [p for p in draft.problems if "gives no likelihood" in p.text]
    assert [(p.where, p.text) for p in said] == [
        (
            "table 2, row 2",
            "The risk table gives no likelihood or consequence; its risks are imported with "
            "3 × 3: check them.",
        )
    ]
    assert [(r.text, r.likelihood, r.consequence) for r in draft.risks] == [
        ("Bygget blir försenat", 3, 3),
        ("Kritik", 3, 3),
    ]


def test_the_preview_names_the_registers_and_counts_them(organization: Any) -> None:
    with override("en"):
        draft = read_upload(hand_document("en"), "plan.docx")
        shown = report(preview(draft, organization=organization))
    assert "2 new spokespersons" in shown.register_lines
    assert "2 new risks" in shown.register_lines
    tables = {t.slug: t for t in shown.registers}
    assert tables["spokespersons"].title == "Spokespersons"
    assert [(e.name, e.details) for e in tables["spokespersons"].entries] == [
        ("Badhusets öppning", "Lena Nord · Badhuschef · lena.nord@fjallby.se"),
        ("Kostnader och beslut", "Per Holm · Kommunalråd · 070-123 45 67"),
    ]
    assert tables["risks"].title == "Risks"
    assert [(e.name, e.details) for e in tables["risks"].entries] == [
        (
            "Bygget blir försenat",
            "High 20 · likelihood 4 × consequence 5 · Open · Lena Nord · "
            "Säg inget datum förrän det är säkert",
        ),
        (
            "Kritik mot kostnaderna",
            "Medium 6 · likelihood 2 × consequence 3 · Mitigated · Per Holm · "
            "Faktablad om budgeten",
        ),
    ]


def test_the_preview_page_lists_the_risks(editor_client: Any, organization: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("imports:import_new_upload", args=[organization.slug])
    file = SimpleUploadedFile("plan.docx", hand_document("sv"))
    response = editor_client.post(url, {"file": file, "kind": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    html = editor_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    summary = html[html.index('id="import-summary"') :]
    assert "2 new spokespersons" in summary[: summary.index("</ul>")]
    risks_table = html[html.index('id="import-risks"') :]
    assert "Bygget blir försenat" in risks_table[: risks_table.index("</table>")]
    assert 'id="import-spokespersons"' in html


@pytest.mark.parametrize("language", ["sv", "da", "nb", "en"])
def test_komplans_own_word_export_brings_them_back_in_every_language(
    demo_plan: Any, language: str
) -> None:
    Plan.objects.filter(pk=demo_plan.pk).update(language=language)
    demo_plan.refresh_from_db()
    copy = imported(export_bytes(demo_plan, "docx"), demo_plan.organization)
    for part in ("spokespersons", "risks"):
        before = [{k: v for k, v in e.items() if k != "id"} for e in plan_to_json(demo_plan)[part]]
        after = [{k: v for k, v in e.items() if k != "id"} for e in plan_to_json(copy)[part]]
        assert after == before, (language, part)
        assert before


def test_a_plan_imported_into_itself_adds_no_risk_twice(demo_plan: Any) -> None:
    with override("en"):
        draft = read_upload(export_bytes(demo_plan, "docx"), "plan.docx")
        result = preview(draft, organization=demo_plan.organization, plan=demo_plan)
        shown = report(result)
    assert result.already == {"spokespersons": 2, "risks": 5}
    assert not result.risks and not result.spokespersons
    assert "2 already in the plan" in shown.register_lines
    assert "5 already in the plan" in shown.register_lines


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Risk|Riskvärde|Åtgärd|Ägare|Status", "risks"),
        ("Risk|Åtgärd|Ansvarig|Status", "risks"),
        ("Risiko|Sandsynlighed|Konsekvens|Tiltag|Ejer|Status", "risks"),
        ("Risikoer|Risikoverdi|Tiltak|Eier|Status", "risks"),
        ("Aktivitet|Tid|Ansvarig|Risk|Åtgärd", "activities"),
        ("Ämne|Namn|Roll/titel|Kontaktväg", "spokespersons"),
        ("Emne|Navn|Rolle/titel|Kontaktvej", "spokespersons"),
        ("Tema|Navn|Rolle/tittel|Kontaktvei", "spokespersons"),
        ("Subject|Name|Role/title|Contact route", "spokespersons"),
        ("Målgrupp|Intern/extern|Prioritet|Beskrivning", "groups"),
    ],
)
def test_a_table_is_known_by_its_header(header: str, kind: str) -> None:
    from komplan.imports.importers.plan_words import classify
    from komplan.imports.importers.sheet import Cell, SheetRow

    rows = [
        SheetRow(1, [Cell(text) for text in header.split("|")]),
        SheetRow(2, [Cell("x") for _text in header.split("|")]),
    ]
    found = classify(rows)
    assert found is not None and found.kind == kind


def test_the_command_line_preview_lists_them_too(organization: Any, tmp_path: Any) -> None:
    from django.core.management import call_command

    path = tmp_path / "plan.docx"
    path.write_bytes(hand_document("sv"))
    out = io.StringIO()
    with override("en"):
        call_command("import", str(path), "--org", organization.slug, "--dry-run", stdout=out)
    lines = out.getvalue().splitlines()
    assert "2 new risks" in lines and "2 new spokespersons" in lines
    assert "Risks:" in lines
    assert (
        "  [new] Bygget blir försenat — High 20 · likelihood 4 × consequence 5 · Open · "
        "Lena Nord · Säg inget datum förrän det är säkert"
    ) in lines
    assert Plan.objects.count() == 0


def test_a_spokesperson_without_a_name_is_kept_and_said(organization: Any) -> None:
    people = [
        ["Badhusets öppning", "", "Badhuschef", "lena.nord@fjallby.se"],
        ["Kostnader och beslut", "Per Holm", "Kommunalråd", "070-123 45 67"],
    ]
    with override("en"):
        draft = read_upload(hand_document("sv", people_rows=people), "plan.docx")
    assert [(p.where, p.text) for p in draft.problems if "spokesperson" in p.text] == [
        (
            "table 1, row 2",
            "The spokesperson “Badhusets öppning” has no subject or no name; it is imported "
            "as it stands: complete it in komplan.",
        )
    ]
    plan = imported(hand_document("sv", people_rows=people), organization)
    assert list(plan.spokespersons.order_by("position").values_list("subject", "name")) == [
        ("Badhusets öppning", ""),
        ("Kostnader och beslut", "Per Holm"),
    ]
    assert plan.risks.count() == 2
