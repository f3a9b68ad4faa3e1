"""A plan's spokespersons and its risk register: the screens, plan JSON, the copy, the
comparison of versions and the documents, all from the plan schema."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import openpyxl
import pytest
from django.utils import translation

from komplan.exports.content import plan_document
from komplan.exports.excel import plan_xlsx
from komplan.exports.word import plan_docx
from komplan.plans import services
from komplan.plans.models import Plan, Risk, RiskStatus, Spokesperson
from komplan.plans.planjson import plan_to_json
from komplan.plans.planjson_read import PlanJSONError, load_plan_json
from komplan.plans.writer import plan_write
from komplan.versions.diff import diff_plans

pytestmark = pytest.mark.django_db


def spokesperson(plan: Plan, subject: str, name: str, **more: Any) -> Spokesperson:
    return Spokesperson.objects.create(plan=plan, subject=subject, name=name, **more)


def risk(plan: Plan, text: str, likelihood: int, consequence: int, **more: Any) -> Risk:
    return Risk.objects.create(
        plan=plan, text=text, likelihood=likelihood, consequence=consequence, **more
    )


@pytest.fixture
def registers(plan: Plan) -> Plan:
    spokesperson(
        plan, "Taxor och budget", "Karin Ekström", role="Ordförande", contact="0123-456 10"
    )
    spokesperson(plan, "Lanseringen", "Anna Lindqvist", contact="anna@norrvik.example")
    risk(
        plan,
        "Föreningarna tror att taxorna höjs.",
        4,
        5,
        mitigation="Säg att taxorna är oförändrade.",
        owner="Anna Lindqvist",
    )
    risk(plan, "Lokalpressen skriver om ett driftstopp.", 2, 2, status=RiskStatus.CLOSED)
    return plan


# --- the screens ----------------------------------------------------------------------------


def test_an_editor_adds_a_spokesperson_and_a_risk(editor_client: Any, plan: Plan) -> None:
    response = editor_client.post(
        f"/plans/{plan.pk}/spokespersons/new/",
        {"subject": "Skolskjutsen", "name": "Erik Holm", "role": "Kommunikatör", "contact": ""},
    )
    assert response.status_code == 302
    response = editor_client.post(
        f"/plans/{plan.pk}/risks/new/",
        {
            "text": "Föräldrarna får beskedet för sent.",
            "likelihood": "4",
            "consequence": "4",
            "mitigation": "Brev i maj.",
            "owner": "Erik Holm",
            "status": "open",
        },
    )
    assert response.status_code == 302
    page = editor_client.get(f"/plans/{plan.pk}/spokespersons/").content.decode()
    assert "Skolskjutsen" in page and "Erik Holm" in page
    with translation.override("en"):
        page = editor_client.get(
            f"/plans/{plan.pk}/risks/", HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert "Föräldrarna får beskedet för sent." in page
    assert "risk-high" in page  # 4 × 4 = 16: high, in colour and in words
    (added,) = plan.risks.all()
    assert (added.score, added.level, added.position) == (16, "high", 1)


def test_a_risk_without_text_or_with_a_likelihood_off_the_scale_is_refused_by_field(
    editor_client: Any, plan: Plan
) -> None:
    response = editor_client.post(
        f"/plans/{plan.pk}/risks/new/",
        {"text": "", "likelihood": "7", "consequence": "3", "status": "open"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"text", "likelihood"}
    assert 'href="#id_text"' in response.content.decode()
    assert not plan.risks.exists()


def test_the_risks_list_puts_the_worst_first_on_request(
    editor_client: Any, registers: Plan
) -> None:
    risk(registers, "Låg risk som står först.", 1, 1)
    Risk.objects.filter(text="Låg risk som står först.").update(position=0)
    url = f"/plans/{registers.pk}/risks/"
    page = editor_client.get(url).content.decode()
    assert page.index("Låg risk som står först.") < page.index("taxorna höjs")
    assert f'href="{url}?sort=score"' in page
    sorted_page = editor_client.get(url + "?sort=score").content.decode()
    order = [
        sorted_page.index(text)
        for text in ("taxorna höjs", "driftstopp", "Låg risk som står först.")
    ]
    assert order == sorted(order)
    assert 'aria-sort="descending"' in sorted_page
    assert "up-" not in sorted_page  # no moving while sorted by score


def test_spokespersons_and_risks_move_and_delete(editor_client: Any, registers: Plan) -> None:
    second = registers.risks.get(position=2)
    editor_client.post(f"/plans/{registers.pk}/risks/{second.pk}/move/", {"direction": "up"})
    assert registers.risks.get(position=1) == second
    first = registers.spokespersons.get(position=1)
    response = editor_client.post(f"/plans/{registers.pk}/spokespersons/{first.pk}/delete/")
    assert response.status_code == 302
    assert list(registers.spokespersons.values_list("name", "position")) == [("Anna Lindqvist", 1)]


def test_the_name_field_offers_the_organisations_members(
    editor_client: Any, plan: Plan, editor: Any
) -> None:
    page = editor_client.get(f"/plans/{plan.pk}/spokespersons/new/").content.decode()
    assert 'list="member-names"' in page
    assert '<datalist id="member-names">' in page
    name = editor.get_full_name() or editor.get_username()
    assert f'<option value="{name}">' in page


@pytest.mark.parametrize("slug", ["spokespersons", "risks"])
def test_a_viewer_reads_but_cannot_change(viewer_client: Any, registers: Plan, slug: str) -> None:
    entry = getattr(registers, slug).first()
    assert viewer_client.get(f"/plans/{registers.pk}/{slug}/").status_code == 200
    assert viewer_client.get(f"/plans/{registers.pk}/{slug}/new/").status_code == 403
    response = viewer_client.post(f"/plans/{registers.pk}/{slug}/{entry.pk}/delete/")
    assert response.status_code == 403
    assert getattr(registers, slug).count() == 2


@pytest.mark.parametrize("slug", ["spokespersons", "risks"])
def test_an_outsider_learns_nothing(outsider_client: Any, registers: Plan, slug: str) -> None:
    entry = getattr(registers, slug).first()
    for url in (
        f"/plans/{registers.pk}/{slug}/",
        f"/plans/{registers.pk}/{slug}/{entry.pk}/edit/",
    ):
        assert outsider_client.get(url).status_code == 404


def test_the_plan_navigation_names_both(editor_client: Any, plan: Plan) -> None:
    with translation.override("sv"):
        page = editor_client.get(f"/plans/{plan.pk}/").content.decode()
    assert f"/plans/{plan.pk}/spokespersons/" in page and f"/plans/{plan.pk}/risks/" in page


# --- plan JSON, the copy, the comparison -------------------------------------------------


def test_plan_json_carries_them_and_reads_them_back(
    registers: Plan, organization: Any, editor: Any
) -> None:
    data = plan_to_json(registers)
    assert [p["key"] for p in data["spokespersons"]] == ["spokesperson-1", "spokesperson-2"]
    assert data["spokespersons"][0] | {"id": 0} == {
        "key": "spokesperson-1",
        "id": 0,
        "subject": "Taxor och budget",
        "name": "Karin Ekström",
        "role": "Ordförande",
        "contact": "0123-456 10",
    }
    assert data["risks"][0]["likelihood"] == 4 and data["risks"][0]["consequence"] == 5
    assert data["risks"][1]["status"] == "closed"
    written = plan_write(
        data=load_plan_json(json.dumps(data)), user=editor, organization=organization
    ).plan
    again = plan_to_json(written)
    for slug in ("spokespersons", "risks"):
        strip = [{k: v for k, v in e.items() if k != "id"} for e in data[slug]]
        assert [{k: v for k, v in e.items() if k != "id"} for e in again[slug]] == strip


def test_plan_json_off_the_scale_is_refused_with_its_path(registers: Plan) -> None:
    data = plan_to_json(registers)
    data["risks"][0]["likelihood"] = 9
    data["risks"][1]["consequence"] = "high"
    data["risks"][1]["status"] = "forgotten"
    with pytest.raises(PlanJSONError) as error:
        load_plan_json(json.dumps(data))
    paths = [problem.path for problem in error.value.problems]
    assert paths == [
        "$.risks[0].likelihood",
        "$.risks[1].consequence",
        "$.risks[1].status",
    ]


def test_an_older_plan_json_without_them_still_reads(registers: Plan) -> None:
    data = plan_to_json(registers)
    del data["spokespersons"], data["risks"]
    read = load_plan_json(json.dumps(data))
    assert read.entries("risks") == [] and read.entries("spokespersons") == []
    assert plan_document(data).register_sections == []


def test_a_copy_keeps_them(registers: Plan, editor: Any) -> None:
    copy = services.plan_copy(plan=registers, user=editor)
    assert list(copy.spokespersons.values_list("subject", "name", "role", "position")) == [
        ("Taxor och budget", "Karin Ekström", "Ordförande", 1),
        ("Lanseringen", "Anna Lindqvist", "", 2),
    ]
    assert list(copy.risks.values_list("likelihood", "consequence", "status", "owner")) == [
        (4, 5, "open", "Anna Lindqvist"),
        (2, 2, "closed", ""),
    ]


def test_the_comparison_of_versions_shows_a_changed_risk(registers: Plan) -> None:
    before = plan_to_json(registers)
    changed = registers.risks.get(position=1)
    changed.likelihood, changed.status = 2, RiskStatus.MITIGATED
    changed.save()
    spokesperson(registers, "Vattnet", "Per Nyberg")
    with translation.override("en"):
        result = diff_plans(before, plan_to_json(registers))
        fields = {c.field: (c.old, c.new) for c in result.risks.changed[0].fields}
    assert result.risks.changed[0].label == "Föreningarna tror att taxorna höjs."
    assert fields == {"likelihood": ("4 Likely", "2 Unlikely"), "status": ("Open", "Mitigated")}
    assert [e.label for e in result.spokespersons.added] == ["Vattnet"]
    assert [r.register for r in result.changed_registers] == ["spokespersons", "risks"]


# --- the documents ---------------------------------------------------------------------------


def test_the_document_has_a_section_for_each_in_the_plans_language(registers: Plan) -> None:
    registers.language = "da"
    registers.save()
    doc = plan_document(plan_to_json(registers))
    spokespersons, risks = doc.register_sections
    assert spokespersons.heading.title == "7 Talspersoner"
    assert spokespersons.table.rows[0] == (
        "Taxor och budget",
        "Karin Ekström",
        "Ordförande",
        "0123-456 10",
    )
    assert risks.heading.title == "8 Risici"
    assert risks.table.header == ("Risiko", "Risikoværdi", "Tiltag", "Ejer", "Status")
    assert risks.table.rows[0][1] == "Høj 20\n(4 × 5)"
    assert risks.table.rows[1][1] == "Lav 4\n(2 × 2)" and risks.table.rows[1][-1] == "Lukket"
    assert [h.title for h in doc.outline][-2:] == ["7 Talspersoner", "8 Risici"]


def test_a_plan_without_them_keeps_its_numbering(plan: Plan) -> None:
    assert plan_document(plan_to_json(plan)).register_sections == []


def test_word_has_both_sections(registers: Plan) -> None:
    docx = plan_docx(plan_to_json(registers))
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    for text in ("7 Talespersoner", "Karin Ekström", "8 Risker", "Hög 20", "Stängd"):
        assert text in xml, text


def test_excel_has_a_sheet_for_each(registers: Plan) -> None:
    book = openpyxl.load_workbook(io.BytesIO(plan_xlsx(plan_to_json(registers))))
    assert book.sheetnames[-2:] == ["Talespersoner", "Risker"]
    people, risks = book["Talespersoner"], book["Risker"]
    assert [c.value for c in people[2]] == [
        "Taxor och budget",
        "Karin Ekström",
        "Ordförande",
        "0123-456 10",
    ]
    row = [c.value for c in risks[2]]
    assert row[:5] == ["Föreningarna tror att taxorna höjs.", 20, "Hög", 4, 5]
    assert row[-1] == "Öppen"


def test_pdf_has_both_sections(registers: Plan) -> None:
    from pypdf import PdfReader

    from komplan.exports.pdf import plan_pdf

    reader = PdfReader(io.BytesIO(plan_pdf(plan_to_json(registers))))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for words in ("7 Talespersoner", "Karin Ekström", "8 Risker", "Hög 20"):
        assert words in text, words
