"""The final report and the quarterly follow-up report (issue #17 item 4): every section with
the right figures, for a plan with a cascade and a survey and for one without; the quarterly
report without the closing sections; the report texts through plan JSON, a copy and a restored
version; bad input named; the downloads' permission gate and query counts."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from komplan.audit.models import AuditEvent
from komplan.followup.models import ReportTexts
from komplan.followup.report import (
    ReportError,
    parse_period,
    quarters_of,
    report_content,
)
from komplan.followup.reportdoc import report_docx, report_pdf
from komplan.followup.reportlabels import REPORT_LABELS
from komplan.followup.richtext import Block, blocks, to_html
from komplan.plans.models import Activity, ActivityStatus
from komplan.plans.planjson import plan_to_json
from komplan.plans.planjson_read import PlanJSONError, load_plan_json, read_plan_json
from komplan.plans.services import plan_copy
from komplan.plans.writer import plan_write
from komplan.versions import services as versions
from tests.factories import fill_plan
from tests.followup.test_pages import benefit_goal, conference_goal, visitors_goal

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 10, 1)
EVALUATION = (
    "Projektet nådde kärnintressenterna.\n\n- Utbildningen fungerade\n- Intranätet räckte inte"
)
LESSONS = "Börja med cheferna.\n\n1. Tidig förankring\n2. Färre kanaler"


def report_plan(plan: Any, admin_user: Any, *, cascade: bool = True) -> dict[str, Any]:
    """A plan with three measured goals, a survey, activities done, cancelled and slipped,
    report texts and (by default) a cascade with one material released."""
    entries = fill_plan(plan, activities=3)
    plan.purpose = "Att alla handläggare använder det nya ärendesystemet."
    plan.save()
    goals = {
        "conference": conference_goal(plan),
        "benefit": benefit_goal(plan, [5, 4, 4, 2, 3]),
        "visitors": visitors_goal(plan),
    }
    cancelled = Activity.objects.create(
        plan=plan, title="Inställd mässa", status=ActivityStatus.CANCELLED, time_text="maj 2026"
    )
    cancelled.channels.add(entries["channels"])
    late = Activity.objects.create(plan=plan, title="Informationsmöte", time_text="mars 2026")
    Activity.objects.filter(pk=late.pk).update(status=ActivityStatus.DONE)
    AuditEvent.objects.create(
        organization=plan.organization,
        plan=plan,
        register="activities",
        object_id=late.pk,
        action="update",
        changes=[{"field": "status", "old_value": "planned", "new_value": "done"}],
    )
    AuditEvent.objects.filter(object_id=late.pk, register="activities").update(
        at=dt.datetime(2026, 4, 20, 10, tzinfo=dt.UTC)
    )
    ReportTexts.objects.create(plan=plan, evaluation=EVALUATION, lessons=LESSONS)
    if cascade:
        from komplan.cascade import services as cascade_services
        from tests.cascade.factories import make_cascade, make_material

        make_cascade(plan)
        material = make_material(plan)
        cascade_services.material_approve(
            material, user=admin_user, kind="chair", name="Mette Lund"
        )
        cascade_services.material_release(material, user=admin_user, today=dt.date(2026, 9, 1))
    return {**entries, **goals, "late": late}


def docx_text(body: bytes) -> str:
    from docx import Document
    from docx.table import Table

    parts = []
    for block in Document(io.BytesIO(body)).iter_inner_content():
        if isinstance(block, Table):
            parts += [" | ".join(cell.text for cell in row.cells) for row in block.rows]
        else:
            parts.append(block.text)
    return "\n".join(parts)


def pdf_text(body: bytes, tmp_path: Any) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not found: install Debian's poppler-utils")
    source = tmp_path / "report.pdf"
    source.write_bytes(body)
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", str(source), "-"],
        capture_output=True,
        check=True,
    )
    return " ".join(done.stdout.decode().split())


# --- what the report says ------------------------------------------------------------------


def test_the_final_report_has_every_section_with_the_plans_figures(
    plan: Any, admin_user: Any
) -> None:
    report_plan(plan, admin_user)
    doc = report_content(plan, today=TODAY)
    titles = [h.title for h in doc.outline if h.level == 1]
    assert titles == [
        "1 Syfte och mål",
        "2 Måluppfyllelse",
        "3 Hur aktivitetsplanen gick",
        "4 Uppnådd täckning",
        "5 Spridningens räckvidd",
        "6 Enkätresultat",
        "7 Projektets egen utvärdering",
        "8 Lärdomar",
    ]
    assert doc.document_type == "Slutrapport"
    assert doc.purpose == ["Att alla handläggare använder det nya ärendesystemet."]
    benefit = next(s for s in doc.goal_sections if "kärnintressenterna" in s.heading.text)
    facts = dict(benefit.facts)
    assert (facts["Målvärde"], facts["Värde"], facts["Status"]) == ("80 %", "60 %", "Enligt plan")
    assert "3 av 5 svar 4 eller högre" in facts["Mäts"]
    assert benefit.rule.startswith("Andelen av vägen")
    assert "<svg" in benefit.svg and "<style>" in benefit.svg
    conference = next(s for s in doc.goal_sections if "konferenser" in s.heading.text)
    assert dict(conference.facts)["Status"] == "Uppnått"
    # fill_plan's 3, the conference goal's 4, the cancelled fair, the late meeting and the
    # released material's activity: 5 done (1 late), 1 cancelled, 4 open.
    assert doc.activity_totals.rows == [("Totalt", "10", "5", "1", "1", "4")]
    channels = {row[0]: row[1:] for row in doc.by_channel.rows}
    assert channels["Intranätet"] == ("4", "1", "0", "1", "2")
    assert channels["Konferenser och mässor"] == ("1", "1", "0", "0", "0")
    assert "(ingen kanal)" in channels
    groups = {row[0]: row[1:] for row in doc.by_group.rows}
    assert groups["Handläggare"] == ("3", "1", "0", "0", "2")
    assert "2 av 2 budskap" in doc.coverage_text
    assert doc.cascade_text == "6 steg i spridningen; 1 av 1 material släppta."
    assert doc.cascade_table is not None
    assert doc.cascade_table.rows[0][:2] == ("Status på udbuddet", "2026-09-01")
    survey = doc.survey_sections[0]
    assert survey.heading.title == "6.1 Nyttoenkät"
    assert survey.facts == "5 svar · stängd"
    assert ("", "4", "2", "40 %") in survey.table.rows
    assert doc.evaluation == [
        Block("p", ("Projektet nådde kärnintressenterna.",)),
        Block("ul", ("Utbildningen fungerade", "Intranätet räckte inte")),
    ]
    assert doc.lessons[1] == Block("ol", ("Tidig förankring", "Färre kanaler"))


def test_a_plan_without_cascade_or_survey_has_no_cascade_section_and_says_no_surveys(
    plan: Any,
) -> None:
    fill_plan(plan)
    visitors_goal(plan)
    doc = report_content(plan, today=TODAY)
    titles = [h.text for h in doc.outline if h.level == 1]
    assert "Spridningens räckvidd" not in titles
    assert titles[-3:] == ["Enkätresultat", "Projektets egen utvärdering", "Lärdomar"]
    assert doc.survey_sections == [] and doc.evaluation == [] and doc.lessons == []
    text = docx_text(report_docx(doc))
    assert "Projektet har inga enkäter." in text
    assert text.count("Inte skrivet ännu.") == 2


def test_the_quarterly_report_lacks_the_closing_sections_and_counts_its_quarter(
    plan: Any, admin_user: Any
) -> None:
    report_plan(plan, admin_user)
    doc = report_content(plan, today=TODAY, period=parse_period("2026-Q2"), final=False)
    titles = [h.text for h in doc.outline if h.level == 1]
    assert "Projektets egen utvärdering" not in titles and "Lärdomar" not in titles
    assert doc.document_type == "Uppföljningsrapport"
    assert doc.period_text == "Kvartal 2 2026 (2026-04-01 – 2026-06-30)"
    # In Q2 end the cancelled fair (May) and the conference goal's four activities ("Våren
    # 2026"): three done, one open. The meeting done late ends in March (Q1). The goals stand
    # as on 30 June.
    assert doc.activity_totals.rows == [("Totalt", "5", "3", "0", "1", "1")]
    visitors = next(s for s in doc.goal_sections if "besökare" in s.heading.text)
    assert dict(visitors.facts)["Värde"] == "20 besökare"  # the August measurement is later
    text = docx_text(report_docx(doc))
    assert "Uppföljningsrapport" in text and "Lärdomar" not in text
    assert "Intranätet räckte inte" not in text


def test_quarters_and_bad_periods(plan: Any) -> None:
    assert [p.key for p in quarters_of(plan, TODAY)][:2] == ["2026-Q4", "2026-Q3"]
    assert quarters_of(plan, TODAY)[-1].key == "2026-Q1"
    assert parse_period("now").whole and parse_period("").whole
    assert parse_period("2026-Q4").end == dt.date(2026, 12, 31)
    for bad in ("2026-Q5", "Q3", "hösten", "1999-Q1"):
        with pytest.raises(ReportError):
            parse_period(bad)


def test_a_bad_period_in_the_address_is_named(plan: Any, viewer_client: Any) -> None:
    url = f"/plans/{plan.pk}/follow-up/report/follow-up.docx?period=2026-Q5"
    response = viewer_client.get(url)
    assert response.status_code == 400
    assert "2026-Q5" in response.content.decode()


def test_every_language_has_every_report_label() -> None:
    keys = set(REPORT_LABELS["sv"])
    for language, labels in REPORT_LABELS.items():
        assert set(labels) == keys, language


def test_an_english_plans_report_is_in_english(plan: Any) -> None:
    plan.language = "en"
    plan.save()
    visitors_goal(plan)
    doc = report_content(plan, today=TODAY)
    assert doc.document_type == "Final report"
    assert [h.text for h in doc.outline if h.level == 1][:2] == [
        "Purpose and goals",
        "Goal fulfilment",
    ]
    assert dict(doc.goal_sections[0].facts)["Status"] == "On track"


def test_the_rich_text_makes_paragraphs_and_lists_and_escapes_html() -> None:
    text = "Första <b>stycket</b>\nmed radbrytning\n\n- ett\n- två\nfortsätter\n\n1. a\n2) b"
    assert blocks(text) == [
        Block("p", ("Första <b>stycket</b>\nmed radbrytning",)),
        Block("ul", ("ett", "två fortsätter")),
        Block("ol", ("a", "b")),
    ]
    html = to_html(text)
    assert "&lt;b&gt;" in html and "<br>" in html and "<ol><li>a</li>" in html


# --- the files -----------------------------------------------------------------------------


@pytest.mark.rendering
def test_the_pdfs_properties_name_the_report_and_its_day(plan: Any, admin_user: Any) -> None:
    from pypdf import PdfReader

    report_plan(plan, admin_user)
    doc = report_content(plan, today=TODAY)
    info = PdfReader(io.BytesIO(report_pdf(doc))).metadata
    assert info.title == f"{doc.title} – {doc.document_type}"
    assert info.author == doc.organization
    assert info.creation_date.date() == TODAY


@pytest.mark.rendering
def test_the_word_and_pdf_hold_each_section(plan: Any, admin_user: Any, tmp_path: Any) -> None:
    report_plan(plan, admin_user)
    doc = report_content(plan, today=TODAY)
    word = docx_text(report_docx(doc))
    pdf = pdf_text(report_pdf(doc), tmp_path)
    for text in (word, " ".join(word.split()), pdf):
        assert "Slutrapport" in text
    for text in (" ".join(word.split()), pdf):
        for expected in (
            "1 Syfte och mål",
            "80 % av kärnintressenterna upplever nytta",
            "Enligt plan",
            "3 Hur aktivitetsplanen gick",
            "Intranätet",
            "4 Uppnådd täckning",
            "5 Spridningens räckvidd",
            "Status på udbuddet",
            "6.1 Nyttoenkät",
            "7 Projektets egen utvärdering",
            "Utbildningen fungerade",
            "8 Lärdomar",
            "Tidig förankring",
        ):
            assert expected in text, expected
    # Word: the charts as pictures with their words; the header's furniture.
    from docx import Document

    document = Document(io.BytesIO(report_docx(doc)))
    assert len(document.inline_shapes) == 3
    header = " ".join(c.text for t in document.sections[0].header.tables for c in t._cells)
    assert "Rapportdatum 2026-10-01" in header and "Dokumenttyp Slutrapport" in header
    assert document.core_properties.language == "sv-SE"
    # PDF: every goal's chart drawn (a vector path each), the header on every page.
    assert pdf.count("Dokumenttyp Slutrapport") >= 3


# --- the screens, the gate and the queries -------------------------------------------------


def test_an_editor_writes_the_texts_and_the_history_records_it(
    plan: Any, editor_client: Any, viewer_client: Any
) -> None:
    url = f"/plans/{plan.pk}/follow-up/report/edit/"
    page = editor_client.get(url).content.decode()
    assert 'name="evaluation"' in page and 'name="lessons"' in page
    first = {"evaluation": "Utkast", "lessons": "", "lock_version": "0"}
    assert editor_client.post(url, first).status_code == 302
    data = {"evaluation": EVALUATION, "lessons": LESSONS, "lock_version": "0"}
    assert editor_client.post(url, data).status_code == 302
    texts = ReportTexts.objects.get(plan=plan)
    assert texts.lessons == LESSONS
    events = AuditEvent.objects.filter(plan=plan, register="plan", object_id=plan.pk)
    assert [{c["field"] for c in e.changes} for e in events.order_by("pk")] == [
        {"evaluation"},
        {"evaluation", "lessons"},
    ]
    history = viewer_client.get(f"/plans/{plan.pk}/history/").content.decode()
    assert "Tidig förankring" in history
    # Opened before the last save, another editor's form is refused with the change listed.
    stale = {"evaluation": "Annat", "lessons": "", "lock_version": "0"}
    response = editor_client.post(url, stale)
    assert response.status_code == 409
    assert ReportTexts.objects.get(plan=plan).evaluation == EVALUATION
    page = editor_client.get(url).content.decode()
    assert "<li>Utbildningen fungerade</li>" in page  # as saved, in the report


def test_the_follow_up_page_offers_the_reports(plan: Any, viewer_client: Any, today: Any) -> None:
    page = viewer_client.get(f"/plans/{plan.pk}/follow-up/").content.decode()
    section = page.split('id="reports-heading"')[1].split("</section>")[0]
    assert f'href="/plans/{plan.pk}/follow-up/report/final.docx"' in section
    assert f'href="/plans/{plan.pk}/follow-up/report/final.pdf"' in section
    assert 'value="2026-Q1"' in section
    assert "/report/edit/" not in section  # a viewer writes no texts


def test_a_viewer_downloads_and_an_outsider_gets_404(
    plan: Any, viewer_client: Any, outsider_client: Any
) -> None:
    visitors_goal(plan)
    url = f"/plans/{plan.pk}/follow-up/report/final.docx"
    response = viewer_client.get(url)
    assert response.status_code == 200
    assert "Slutrapport" in response["Content-Disposition"]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert outsider_client.get(url).status_code == 404
    assert viewer_client.post(url).status_code == 405


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_reports_read_the_same_number_of_queries_for_a_larger_plan(
    plan: Any, admin_user: Any, viewer_client: Any
) -> None:
    report_plan(plan, admin_user)
    urls = [
        f"/plans/{plan.pk}/follow-up/report/final.docx",
        f"/plans/{plan.pk}/follow-up/report/follow-up.docx?period=2026-Q3",
    ]
    small = [_queries(viewer_client, u) for u in urls]
    for _ in range(3):
        conference_goal(plan)
        benefit_goal(plan, [5, 3, 4])
        visitors_goal(plan)
    for n in range(30):
        Activity.objects.create(
            plan=plan, title=f"Konferens {n}", status=ActivityStatus.DONE, time_text="Hösten 2026"
        )
    large = [_queries(viewer_client, u) for u in urls]
    assert small == large
    # The final report reads the plan's coverage (cached under its content stamp, so the
    # follow-up report right after it does not read it again).
    assert large == [27, 20]


# --- versioned with the plan ---------------------------------------------------------------


def test_the_texts_round_trip_through_plan_json_and_a_copy(plan: Any, admin_user: Any) -> None:
    fill_plan(plan)
    ReportTexts.objects.create(plan=plan, evaluation=EVALUATION, lessons=LESSONS)
    data = plan_to_json(plan)
    assert data["report"] == {"evaluation": EVALUATION, "lessons": LESSONS}
    written = plan_write(
        data=load_plan_json(json.dumps(data)), user=admin_user, organization=plan.organization
    )
    assert plan_to_json(written.plan)["report"] == data["report"]
    copy = plan_copy(plan=plan, user=admin_user)
    assert ReportTexts.objects.get(plan=copy).lessons == LESSONS


def test_a_frozen_version_holds_the_texts_and_restoring_it_gives_them_back(
    plan: Any, admin_user: Any
) -> None:
    fill_plan(plan)
    ReportTexts.objects.create(plan=plan, evaluation=EVALUATION, lessons=LESSONS)
    snapshot = versions.take_snapshot(plan, user=admin_user)
    assert snapshot.data["report"]["evaluation"] == EVALUATION
    ReportTexts.objects.filter(plan=plan).update(evaluation="Omskrivet", lessons="")
    versions.restore(plan, snapshot, user=admin_user)
    texts = ReportTexts.objects.get(plan=plan)
    assert (texts.evaluation, texts.lessons) == (EVALUATION, LESSONS)


def test_restoring_a_version_without_texts_empties_them(plan: Any, admin_user: Any) -> None:
    fill_plan(plan)
    snapshot = versions.take_snapshot(plan, user=admin_user)
    ReportTexts.objects.create(plan=plan, evaluation="Skrivet efter", lessons="")
    versions.restore(plan, snapshot, user=admin_user)
    assert ReportTexts.objects.get(plan=plan).evaluation == ""


def test_plan_json_from_before_the_report_texts_still_reads(plan: Any, admin_user: Any) -> None:
    fill_plan(plan)
    data = plan_to_json(plan)
    del data["report"]
    written = plan_write(
        data=load_plan_json(json.dumps(data)), user=admin_user, organization=plan.organization
    )
    assert not ReportTexts.objects.filter(plan=written.plan).exists()


def test_report_texts_of_the_wrong_shape_are_named(plan: Any) -> None:
    fill_plan(plan)
    data = plan_to_json(plan)
    data["report"] = {"evaluation": ["Bra"], "lessons": 5}
    with pytest.raises(PlanJSONError) as raised:
        read_plan_json(data)
    paths = {p.path for p in raised.value.problems}
    assert {"$.report.evaluation", "$.report.lessons"} <= paths
    data["report"] = "Bra"
    with pytest.raises(PlanJSONError) as raised:
        read_plan_json(data)
    assert "$.report" in {p.path for p in raised.value.problems}


def test_changing_the_texts_makes_the_plan_documents_anew(plan: Any) -> None:
    from komplan.exports.documents import document_stamp

    first = document_stamp(plan)
    ReportTexts.objects.create(plan=plan, evaluation="Bra")
    assert document_stamp(plan) != first
