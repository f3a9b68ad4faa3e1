"""Re-import is a sync: komplan's own workbook, edited as the template's users edit it (a time
changed, a row marked red, a responsible changed, a row deleted, a row added), imported into
the plan it came from lists exactly those five changes and writes exactly them."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils.translation import override
from openpyxl import load_workbook
from openpyxl.styles import PatternFill

from komplan.audit.models import AuditEvent
from komplan.exports.exports import export_bytes
from komplan.imports.importers import read_upload
from komplan.imports.importers.commit import choices, import_commit, preview
from komplan.plans.models import Activity, Plan

pytestmark = pytest.mark.django_db

RED = PatternFill("solid", fgColor="FF0000")
TIME, RESPONSIBLE = 5, 9  # columns of komplan's activity sheet (1-based)


def edited_workbook(plan: Plan) -> tuple[bytes, dict[str, Activity]]:
    """The plan's workbook with the five edits; the activities edited, by edit."""
    with override("en"):
        book = load_workbook(io.BytesIO(export_bytes(plan, "xlsx")))
    sheet = book.worksheets[0]
    planned = [a for a in plan.activities.order_by("position", "pk") if a.status != "done"]
    rows = {a.pk: n for n, a in enumerate(plan.activities.order_by("position", "pk"), start=2)}
    edited = {
        "time": planned[0],
        "red": planned[1],
        "responsible": planned[2],
        "deleted": planned[3],
    }
    sheet.cell(rows[edited["time"].pk], TIME).value = "December 2027"
    for cell in sheet[rows[edited["red"].pk]]:
        cell.fill = RED
    sheet.cell(rows[edited["responsible"].pk], RESPONSIBLE).value = "Someone Else"
    last = sheet.max_row
    sheet.append(["A new activity from the sheet", "", "", "", "March 2027"])
    sheet.delete_rows(rows[edited["deleted"].pk])
    assert sheet.max_row == last
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), edited


def test_the_preview_lists_exactly_the_five_edits(demo_plan: Any) -> None:
    data, edited = edited_workbook(demo_plan)
    with override("en"):
        draft = read_upload(data, "plan.xlsx")
        result = preview(draft, organization=demo_plan.organization, plan=demo_plan)
    changed = {a.pk: [(c.field, c.after) for c in a.changes] for a in result.changed_activities}
    assert changed == {
        edited["time"].pk: [("time_text", "December 2027")],
        edited["red"].pk: [("status", "Done")],
        edited["responsible"].pk: [("responsible", "Someone Else")],
    }
    assert [a.draft.title for a in result.new_activities] == ["A new activity from the sheet"]
    assert [row.pk for row in result.missing] == [edited["deleted"].pk]
    assert result.sync
    assert len(choices(result)) == 5
    assert not result.new(result.groups) and not result.new(result.channels)


def test_importing_writes_exactly_those_changes_with_audit_events(demo_plan: Any) -> None:
    data, edited = edited_workbook(demo_plan)
    before = {a.pk: a for a in demo_plan.activities.all()}
    events = AuditEvent.objects.count()
    with override("en"):
        draft = read_upload(data, "plan.xlsx")
        done = import_commit(draft=draft, organization=demo_plan.organization, plan=demo_plan)
    assert done.changed == {"changed": 3, "deleted": 1}
    after = {a.pk: a for a in demo_plan.activities.all()}
    assert set(before) - set(after) == {edited["deleted"].pk}
    (new,) = set(after) - set(before)
    assert after[new].title == "A new activity from the sheet"
    assert after[edited["time"].pk].time_text == "December 2027"
    assert after[edited["time"].pk].starts_on.isoformat() == "2027-12-01"
    assert after[edited["red"].pk].status == "done"
    assert after[edited["responsible"].pk].responsible == "Someone Else"
    untouched = set(before) - {a.pk for a in edited.values()}
    fields = ("title", "time_text", "responsible", "status", "description", "starts_on")
    for pk in untouched:
        assert [getattr(after[pk], f) for f in fields] == [getattr(before[pk], f) for f in fields]
    recorded = AuditEvent.objects.order_by("pk")[events:]
    touched = sorted((e.action, e.object_id) for e in recorded if e.register == "activities")
    assert touched == sorted(
        [
            ("update", edited["time"].pk),
            ("update", edited["red"].pk),
            ("update", edited["responsible"].pk),
            ("delete", edited["deleted"].pk),
            ("create", new),
        ]
    )


def test_on_the_command_line_a_dry_run_lists_the_changes_and_an_import_applies_them(
    demo_plan: Any, tmp_path: Any
) -> None:
    data, edited = edited_workbook(demo_plan)
    path = tmp_path / "plan.xlsx"
    path.write_bytes(data)
    args = [str(path), "--org", demo_plan.organization.slug, "--plan", str(demo_plan.pk)]
    out = io.StringIO()
    with override("en"):
        call_command("import", *args, "--dry-run", stdout=out)
    text = out.getvalue()
    assert "3 activities changed in the file, 1 missing from it." in text
    assert "Responsible: " in text and " → Someone Else" in text
    assert "Time: " in text and " → December 2027" in text
    assert "In the plan but missing from the file (deleted on import):" in text
    assert edited["deleted"].title[:80] in text
    assert demo_plan.activities.filter(pk=edited["deleted"].pk).exists()
    out = io.StringIO()
    with override("en"):
        call_command("import", *args, stdout=out)
    assert "3 activities of the plan were changed and 1 deleted." in out.getvalue()
    assert not demo_plan.activities.filter(pk=edited["deleted"].pk).exists()
    assert Activity.objects.get(pk=edited["red"].pk).status == "done"


def test_in_the_preview_page_an_unticked_row_is_left_as_it_is(demo_plan: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from komplan.accounts.models import User
    from tests.imports.test_import_views import commit_fields

    data, edited = edited_workbook(demo_plan)
    client = Client()
    client.force_login(User.objects.get(username="anna"))
    file = SimpleUploadedFile("plan.xlsx", data, content_type="application/octet-stream")
    response = client.post(
        reverse("imports:import_plan_upload", args=[demo_plan.pk]),
        {"file": file},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "Status: <del>In progress</del> → <ins>Done</ins>" in html
    assert 'id="import-missing"' in html
    fields = commit_fields(page)
    offered = fields["offered"].split()
    assert len(offered) == 5 and f"missing-{edited['deleted'].pk}" in offered
    keep = [c for c in offered if not c.startswith("missing-")]
    client.post(
        reverse("imports:import_plan_commit", args=[demo_plan.pk]),
        {**fields, "apply": keep},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert demo_plan.activities.filter(pk=edited["deleted"].pk).exists()  # unticked: kept
    assert Activity.objects.get(pk=edited["responsible"].pk).responsible == "Someone Else"


def test_the_changed_activities_are_written_in_one_statement_of_the_changed_columns(
    demo_plan: Any,
) -> None:
    """#15 item 3: the sync writes only the columns it changes (a description edited
    meanwhile in the plan is not written back), one UPDATE for all the changed rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    data, _edited = edited_workbook(demo_plan)
    table = connection.ops.quote_name(Activity._meta.db_table)
    with override("en"):
        draft = read_upload(data, "plan.xlsx")
        with CaptureQueriesContext(connection) as queries:
            import_commit(draft=draft, organization=demo_plan.organization, plan=demo_plan)
    updates = [q["sql"] for q in queries if q["sql"].startswith(f"UPDATE {table} SET")]
    (update,) = [sql for sql in updates if "CASE" in sql]
    assert connection.ops.quote_name("responsible") in update
    assert connection.ops.quote_name("description") not in update
    assert connection.ops.quote_name("title") not in update
