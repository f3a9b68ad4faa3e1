"""An imported Word plan keeps its revision table as the new plan's first revisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils.translation import override

from komplan.imports.importers import read_upload
from komplan.imports.importers.commit import import_commit, preview
from komplan.versions.services import record_imported_revisions, revision_rows
from tests.imports.import_files import plan_document

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_a_new_plan_keeps_the_documents_revision_table(organization: Any, editor: Any) -> None:
    with override("en"):
        draft = read_upload(plan_document(), "Kommunikationsplan.docx")
        result = preview(draft, organization=organization)
    assert any("They become the first rows" in p.text for p in result.problems)
    plan = import_commit(draft=draft, user=editor, organization=organization).plan
    rows = [(r.version, str(r.date), r.comment, r.changed_by) for r in revision_rows(plan)]
    assert rows == [
        ("0.1", "2026-01-20", "Utkast framtaget", "Maja Holm"),
        ("1.0", "2026-02-10", "Godkänd av styrgruppen", "Maja Holm"),
    ]
    assert plan.version == "1.0" and plan.status == "draft"
    assert plan.revisions.get(version="0.1").kind == "imported"


def test_an_existing_plan_keeps_its_own_revision_table(plan: Any, editor: Any) -> None:
    with override("en"):
        draft = read_upload(plan_document(), "Kommunikationsplan.docx")
        result = preview(draft, organization=plan.organization, plan=plan)
    assert any("not stored" in p.text for p in result.problems)
    import_commit(draft=draft, user=editor, organization=plan.organization, plan=plan)
    assert not plan.revisions.exists()


class Row:
    def __init__(self, version: str, date: str, comment: str, changed_by: str = "") -> None:
        self.version, self.date, self.comment, self.changed_by = version, date, comment, changed_by


def test_a_date_komplan_cannot_read_is_kept_in_the_comment(plan: Any) -> None:
    rows = [
        Row("0.1", "27 maj 2020", "Utkast framtaget", "Sara"),
        Row("0.2", "i somras", "Synpunkter inarbetade"),
        Row("", "", "Skickad till styrgrupp"),
    ]
    assert record_imported_revisions(plan, rows) == 3
    stored = [(r.version, str(r.date), r.comment) for r in plan.revisions.order_by("pk")]
    assert stored == [
        ("0.1", "2020-05-27", "Utkast framtaget"),
        ("0.2", "2020-05-27", "Synpunkter inarbetade (i somras)"),
        ("", "2020-05-27", "Skickad till styrgrupp"),
    ]


def test_a_first_date_komplan_cannot_read_is_the_day_of_the_import(
    plan: Any, today: dt.date
) -> None:
    assert record_imported_revisions(plan, [Row("0.1", "i våras", "Utkast framtaget")]) == 1
    stored = plan.revisions.get()
    assert (stored.date, stored.comment) == (today, "Utkast framtaget (i våras)")
