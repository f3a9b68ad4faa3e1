"""The import pages: upload, preview with the column mapping, commit into a new or an existing
plan of Norrviks kommun; all or nothing, for editors only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from komplan.plans import writer
from komplan.plans.models import Activity, ActivityStatus, Channel, Message, Plan, TargetGroup
from tests.imports.import_files import (
    ROWS,
    billion_laughs_docx,
    briefing_document,
    encrypted_office_file,
    plan_document,
    workbook,
    zip_bomb,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    settings.LANGUAGE_CODE = "en"
    return tmp_path


def stored(media: Path) -> list[Path]:
    folder = media / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def upload_url(organization: Any = None, plan: Any = None) -> str:
    if plan is not None:
        return reverse("imports:import_plan_upload", args=[plan.pk])
    return reverse("imports:import_new_upload", args=[organization.slug])


def upload(client: Any, url: str, data: bytes, name: str, kind: str = "") -> Any:
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(url, {"file": file, "kind": kind}, HTTP_ACCEPT_LANGUAGE="en")


def preview(client: Any, response: Any, **params: Any) -> Any:
    assert response.status_code == 302, response.content.decode()[:2000]
    url = response["Location"]
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE="en"), url


def commit_fields(page: Any) -> dict[str, Any]:
    """The hidden fields of the preview's import form, as the browser would send them."""
    import re

    html = page.content.decode()
    form = html[html.index('id="import-commit"') :]
    form = form[: form.index("</form>")]
    fields: dict[str, Any] = dict(
        re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)
    )
    fields = {k: v.replace("&amp;", "&").replace("&quot;", '"') for k, v in fields.items()}
    # The rows' checkboxes belong to the form wherever they are on the page; ticked ones.
    ticked = re.findall(r'name="apply" value="([^"]+)"[^>]*form="import-commit" checked', html)
    if ticked:
        fields["apply"] = ticked
    return fields


def test_upload_preview_and_commit_into_a_new_plan(
    editor_client: Any, organization: Any, _media: Path
) -> None:
    response = upload(
        editor_client, upload_url(organization), workbook(red=[3]), "aktiviteter.xlsx"
    )
    page, _url = preview(editor_client, response)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Preview of the import" in html
    assert "Höst 2026 – pågående" in html
    assert "from 1 Sep 2026, ongoing" in html  # the understood period, in English
    assert "Done (marked red)" in html
    assert 'name="column_2"' in html and "header in row 4" in html
    # The upload, and the draft the preview read from it.
    assert [p.suffix for p in stored(_media)] == [".json", ".xlsx"]
    assert Plan.objects.count() == 0

    fields = commit_fields(page)
    commit = editor_client.post(
        reverse("imports:import_new_commit", args=[organization.slug]), fields
    )
    plan = Plan.objects.get()
    assert commit.status_code == 302
    assert commit["Location"] == reverse("plans:activity_plan", args=[plan.pk])
    assert plan.organization == organization and plan.language == "sv"
    assert plan.name == "aktiviteter"
    assert plan.tiers.count() == 3
    activities = list(plan.activities.order_by("position"))
    assert [a.title for a in activities] == [row[0] for row in ROWS]
    assert [a.status for a in activities] == ["done", "planned", "planned", "done"]
    assert activities[1].open_ended and activities[1].starts_on == dt.date(2026, 9, 1)
    assert activities[2].preliminary
    assert {c.name for c in plan.channels.all()} == {"Intranätet", "Möte", "E-post"}
    assert {c.name for c in activities[1].channels.all()} == {"Möte", "E-post"}
    assert stored(_media) == []  # the upload is gone once imported
    assert activities[0].updated_by.username == "bertil"


def test_the_commit_writes_the_draft_the_preview_showed(
    editor_client: Any, organization: Any, _media: Path
) -> None:
    response = upload(editor_client, upload_url(organization), workbook(), "plan.xlsx")
    page, _url = preview(editor_client, response)
    upload_file = next(p for p in stored(_media) if p.suffix == ".xlsx")
    upload_file.write_bytes(workbook([["Något helt annat", "", "2030", "", "", ""]]))
    editor_client.post(
        reverse("imports:import_new_commit", args=[organization.slug]), commit_fields(page)
    )
    assert Plan.objects.get().activities.count() == len(ROWS)
    assert stored(_media) == []


def test_changing_a_column_in_the_preview(editor_client: Any, organization: Any) -> None:
    response = upload(editor_client, upload_url(organization), workbook(), "plan.xlsx")
    page, url = preview(editor_client, response)
    fields = commit_fields(page)
    # The user says the second column holds the target groups, not a description.
    params = {**fields, "column_1": "groups"}
    params.pop("csrfmiddlewaretoken", None)
    page = editor_client.get(url.split("?")[0], params)
    fields = commit_fields(page)
    assert fields["column_1"] == "groups"
    editor_client.post(reverse("imports:import_new_commit", args=[organization.slug]), fields)
    plan = Plan.objects.get()
    assert plan.groups.count() == 4
    assert plan.activities.filter(description="").count() == 4


def test_choosing_another_header_row_starts_from_the_guess_again(
    editor_client: Any, organization: Any
) -> None:
    response = upload(editor_client, upload_url(organization), workbook(), "plan.xlsx")
    page, url = preview(editor_client, response)
    fields = commit_fields(page)
    params = {**fields, "header_row": "5", "column_0": ""}
    page = editor_client.get(url.split("?")[0], params)
    assert commit_fields(page)["mapped_header"] == "5"
    assert 'id="import-errors"' in page.content.decode()  # row 5 names no columns


def test_import_into_an_existing_plan_links_and_skips_what_is_there(
    editor_client: Any, plan: Any, entries: dict[str, Any]
) -> None:
    rows = [["Nyhet på intranätet", "Alla", "Hösten 2026", "intranatet", "Kim", ""]]
    data = workbook(rows)
    response = upload(editor_client, upload_url(plan=plan), data, "plan.xlsx")
    page, _url = preview(editor_client, response)
    html = page.content.decode()
    assert "Already there: linked" in html
    editor_client.post(reverse("imports:import_plan_commit", args=[plan.pk]), commit_fields(page))
    assert plan.channels.count() == 1  # "intranatet" is the plan's "Intranätet"
    added = plan.activities.get(title="Nyhet på intranätet")
    assert list(added.channels.all()) == [entries["channels"]]
    assert added.position == 4

    # The same file again: the activity is already there and is not duplicated.
    response = upload(editor_client, upload_url(plan=plan), data, "plan.xlsx")
    page, _url = preview(editor_client, response)
    assert "already in the plan" in page.content.decode()
    # The row is the same as the plan's activity, and the preview says so (#15).
    assert "Unchanged, already in the plan: skipped" in page.content.decode()
    assert 'id="import-button" disabled' in page.content.decode()


def test_a_sheet_without_header_cannot_be_committed(editor_client: Any, organization: Any) -> None:
    data = workbook(header=["A", "B", "C", "D", "E", "F"])
    response = upload(editor_client, upload_url(organization), data, "plan.xlsx")
    page, _url = preview(editor_client, response)
    assert 'id="import-errors"' in page.content.decode()
    commit = editor_client.post(
        reverse("imports:import_new_commit", args=[organization.slug]), commit_fields(page)
    )
    assert commit.status_code == 400
    assert Plan.objects.count() == 0


def test_nothing_is_written_when_the_commit_fails_half_way(
    editor_client: Any, organization: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    response = upload(editor_client, upload_url(organization), workbook(), "plan.xlsx")
    page, _url = preview(editor_client, response)

    insert_rows = writer.insert_rows

    def broken(model: Any, *args: Any, **kwargs: Any) -> Any:
        """The activities fail to go in, after the plan and its other registers did."""
        if model is Activity:
            raise RuntimeError("disk full")
        return insert_rows(model, *args, **kwargs)

    monkeypatch.setattr(writer, "insert_rows", broken)
    with pytest.raises(RuntimeError):
        editor_client.post(
            reverse("imports:import_new_commit", args=[organization.slug]), commit_fields(page)
        )
    assert Plan.objects.count() == 0
    assert Channel.objects.count() == 0


@pytest.mark.parametrize(
    ("make", "name", "said"),
    [
        (zip_bomb, "plan.docx", "zip bomb"),
        (billion_laughs_docx, "plan.docx", "DOCTYPE"),
        (workbook, "plan.docx", "Excel workbook"),
        (encrypted_office_file, "plan.xlsx", "password"),
        (lambda: b"Aktivitet;Tid\n" + b"x" * (25 * 1024 * 1024), "plan.csv", "at most 20 MB"),
    ],
    ids=["zip-bomb", "billion-laughs", "xlsx-renamed-docx", "encrypted", "25-mb"],
)
def test_hostile_files_are_refused_and_nothing_is_written(
    make: Any, name: str, said: str, editor_client: Any, organization: Any, _media: Path
) -> None:
    with override("en"):
        response = upload(editor_client, upload_url(organization), make(), name)
    assert response.status_code == 400
    assert said in response.content.decode()
    assert Plan.objects.count() == 0
    assert stored(_media) == []


def test_a_plan_document_becomes_a_plan(editor_client: Any, organization: Any) -> None:
    response = upload(editor_client, upload_url(organization), plan_document(), "plan.docx")
    page, _url = preview(editor_client, response)
    html = page.content.decode()
    assert "Kommunstyrelsen" in html and "KS 2026/117" in html
    # The goals with the targets read from their sentences, marked as read.
    goals = html[html.index('id="import-goals"') :]
    assert "Projektet har presenterats på två konferenser</th><td>2 konferenser" in goals
    assert "read from the sentence; check it" in goals
    editor_client.post(
        reverse("imports:import_new_commit", args=[organization.slug]), commit_fields(page)
    )
    plan = Plan.objects.get()
    assert plan.name == "Digital nämndadministration i Norrviks kommun"
    assert (plan.start_date, plan.end_date) == (dt.date(2026, 1, 15), dt.date(2027, 6, 30))
    assert plan.version == "1.0" and plan.diary_number == "KS 2026/117"
    assert [t.name for t in plan.tiers.order_by("position")] == [
        "Kärntressenter",
        "Primärintressenter",
        "Sekundärintressenter",
    ]
    secretaries = plan.groups.get(name="Nämndsekreterare")
    assert secretaries.reach == "internal" and secretaries.tier.name == "Primärintressenter"
    first = plan.messages.get(position=1)
    assert [t.name for t in first.tiers.all()] == ["Kärntressenter"]
    assert first.clarification.startswith("Kommunstyrelsen ska känna sig trygg")
    assert plan.messages.count() == 5 and plan.channels.count() == 3
    assert plan.goals.count() == 2 and plan.activities.count() == 2
    assert plan.goals.get(position=2).target_value == 2
    assert plan.activities.get(position=1).description.startswith("Varje nämnd")


def test_a_briefing_into_an_existing_plan(
    editor_client: Any, plan: Any, entries: dict[str, Any]
) -> None:
    TargetGroup.objects.create(plan=plan, name="Verksamhetschefer")
    response = upload(editor_client, upload_url(plan=plan), briefing_document(), "b.docx")
    page, _url = preview(editor_client, response)
    editor_client.post(reverse("imports:import_plan_commit", args=[plan.pk]), commit_fields(page))
    managers = plan.groups.get(name="Verksamhetschefer")
    shared = plan.messages.get(text="Det nya systemet sparar tid i handläggningen")
    assert set(shared.groups.values_list("name", flat=True)) == {"Verksamhetschefer", "Handläggare"}
    assert set(Message.objects.filter(groups=managers).values_list("text", flat=True)) == {
        "Det nya systemet sparar tid i handläggningen",
        "Ni behöver avsätta tid för workshops",
    }
    engineers = plan.groups.get(name="Systemförvaltare")
    assert set(engineers.inherits_from.values_list("name", flat=True)) == {
        "Verksamhetschefer",
        "Handläggare",
    }
    assert plan.channels.get(name="APT").groups.count() == 2
    assert plan.groups.filter(name="Verksamhetschefer").count() == 1


def test_uploads_belong_to_the_uploader_and_the_place(
    editor_client: Any, admin_client_: Any, organization: Any, plan: Any
) -> None:
    response = upload(editor_client, upload_url(organization), workbook(), "plan.xlsx")
    url = response["Location"]
    # Another member of the same organisation does not see this upload…
    assert "no longer available" in admin_client_.get(url).content.decode()
    # …nor does the uploader under another import address.
    token = url.split("upload=")[1].split("&")[0]
    other = reverse("imports:import_plan_preview", args=[plan.pk]) + f"?upload={token}"
    assert "no longer available" in editor_client.get(other).content.decode()


def test_viewers_may_not_import(viewer_client: Any, organization: Any, plan: Any) -> None:
    assert viewer_client.get(upload_url(organization)).status_code == 403
    assert viewer_client.get(upload_url(plan=plan)).status_code == 403
    response = upload(viewer_client, upload_url(plan=plan), workbook(), "plan.xlsx")
    assert response.status_code == 403


def test_the_commit_takes_a_few_dozen_queries_not_one_per_row(
    editor_client: Any, plan: Any
) -> None:
    def queries(count: int) -> int:
        rows = [
            [f"Aktivitet {n}", "", "Våren 2026", f"Kanal {n % 3}", "Kim", ""] for n in range(count)
        ]
        response = upload(editor_client, upload_url(plan=plan), workbook(rows), "p.xlsx")
        page, _url = preview(editor_client, response)
        fields = commit_fields(page)
        with CaptureQueriesContext(connection) as captured:
            editor_client.post(reverse("imports:import_plan_commit", args=[plan.pk]), fields)
        return len(captured.captured_queries)

    # Bulk inserts: the database's batch size, not the rows, decides the count.
    assert queries(10) < 42  # 2 of them: the savepoint of the request in the test's transaction
    assert queries(600) < 60
    assert plan.activities.count() == 600  # the first ten were already there


def test_a_csv_with_htmx_redirects_the_client(editor_client: Any, organization: Any) -> None:
    from tests.imports.import_files import csv_bytes

    response = upload(editor_client, upload_url(organization), csv_bytes(), "plan.csv")
    page, _url = preview(editor_client, response)
    commit = editor_client.post(
        reverse("imports:import_new_commit", args=[organization.slug]),
        commit_fields(page),
        HTTP_HX_REQUEST="true",
    )
    assert commit.status_code == 200 and commit["HX-Redirect"].endswith("/activities/")
    plan = Plan.objects.get()
    assert plan.activities.filter(status=ActivityStatus.DONE).count() == 1


def test_the_upload_page_and_a_preview_without_upload(
    editor_client: Any, organization: Any
) -> None:
    page = editor_client.get(upload_url(organization))
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.content.decode()
    page = editor_client.get(reverse("imports:import_new_preview", args=[organization.slug]))
    assert page.status_code == 200  # no upload yet: the upload form


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("sv", "Oförändrad, finns redan i planen: hoppas över"),
        ("da", "Uændret, findes allerede i planen: springes over"),
        ("nb", "Uendret, finnes allerede i planen: hoppes over"),
        ("en", "Unchanged, already in the plan: skipped"),
    ],
)
def test_the_skipped_line_says_the_entry_is_unchanged_in_every_language(
    language: str, line: str
) -> None:
    from django.utils.translation import gettext, override

    with override(language):
        assert gettext("Unchanged, already in the plan: skipped") == line
