"""`komplan import FILE --org SLUG [--plan ID] [--dry-run]` prints the preview and imports."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import override

from komplan.plans.models import Plan
from tests.imports.import_files import (
    billion_laughs_docx,
    briefing_document,
    csv_bytes,
    plan_document,
    workbook,
)

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    with override("en"):
        call_command("import", *args, stdout=out)
    return out.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_a_dry_run_prints_the_preview_and_writes_nothing(organization: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "aktivitetsplan.xlsx", workbook(red=[3]))
    out = run(path, "--org", organization.slug, "--dry-run")
    assert "Preview of the import of “aktivitetsplan.xlsx”, read as an activity plan." in out
    assert "Header in row 4, sheet “Aktivitetsplan”; 4 rows read below it." in out
    assert "4 new activities (2 done), 0 already in the plan." in out
    assert "row 6: Informationsmöte med enhetschefer | Höst 2026 – pågående -> " in out
    assert "3. Tid -> time" in out
    assert "Dry run: nothing was written." in out
    assert Plan.objects.count() == 0


def test_an_import_into_a_new_plan(organization: Any, editor: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "plan.csv", csv_bytes())
    out = run(path, "--org", organization.slug, "--name", "Nytt arkiv", "--user", "bertil")
    plan = Plan.objects.get()
    assert f"Imported into plan {plan.pk} (“Nytt arkiv”)" in out
    assert plan.activities.count() == 4 and plan.updated_by == editor


def test_an_import_into_an_existing_plan_with_a_column_choice(
    plan: Any, entries: dict[str, Any], tmp_path: Path
) -> None:
    path = write(tmp_path, "plan.xlsx", workbook())
    run(path, "--org", plan.organization.slug, "--plan", str(plan.pk), "--column", "5=none")
    assert plan.activities.count() == 3 + 4
    assert not plan.activities.exclude(title__startswith="Nyhet ").exclude(responsible="").exists()


def test_every_format(organization: Any, tmp_path: Path) -> None:
    run(write(tmp_path, "plan.docx", plan_document()), "--org", organization.slug)
    run(write(tmp_path, "b.docx", briefing_document()), "--org", organization.slug)
    assert Plan.objects.count() == 2
    briefing = Plan.objects.get(name="Budskap per målgrupp – Norrviks kommun")
    assert briefing.groups.count() == 4


def test_refused_and_wrong_input_exit_with_2(organization: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError) as caught:
        run(write(tmp_path, "plan.docx", billion_laughs_docx()), "--org", organization.slug)
    assert caught.value.returncode == 2 and "DOCTYPE" in str(caught.value)
    with pytest.raises(CommandError) as caught:
        run(write(tmp_path, "plan.xlsx", workbook()), "--org", "nowhere")
    assert caught.value.returncode == 2
    with pytest.raises(CommandError) as caught:
        run(write(tmp_path, "plan.xlsx", workbook()), "--org", organization.slug, "--column", "x")
    assert caught.value.returncode == 2
    assert Plan.objects.count() == 0


def test_a_file_with_errors_exits_with_1(organization: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "plan.xlsx", workbook(header=["A", "B", "C", "D", "E", "F"]))
    with pytest.raises(CommandError) as caught:
        run(path, "--org", organization.slug)
    assert caught.value.returncode == 1
    assert Plan.objects.count() == 0


def test_another_organisations_plan_is_not_found(plan: Any, outsider: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "plan.xlsx", workbook())
    with pytest.raises(CommandError):
        run(path, "--org", "vastby", "--plan", str(plan.pk))


def test_errors_on_the_command_line_are_the_message_alone_in_the_interface_language(
    tmp_path: Path,
) -> None:
    """Not Django's "CommandError: …" (#15 item 8); the status says what kind of failure."""
    import os
    import subprocess
    import sys

    env = dict(os.environ)  # the interface language is the installation's: Swedish
    done = subprocess.run(
        [sys.executable, "-m", "komplan.cli", "import", str(tmp_path / "saknas.xlsx"), "--org",
         "ekby"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip() == f"Det finns ingen fil {tmp_path / 'saknas.xlsx'}."


LAST_LINE_WORDS = {
    "sv": ("4 aktiviteter", "3 prioritetsnivåer"),
    "da": ("4 aktiviteter", "3 prioritetsniveauer"),
    "nb": ("4 aktiviteter", "3 prioritetsnivåer"),
    "en": ("4 activities", "3 priority tiers"),
}


@pytest.mark.parametrize("language", ["sv", "da", "nb", "en"])
def test_the_last_line_names_the_registers_in_the_interface_language(
    language: str, organization: Any, tmp_path: Path
) -> None:
    path = write(tmp_path, "plan.csv", csv_bytes())
    out = io.StringIO()
    with override(language):
        call_command("import", path, "--org", organization.slug, stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    activities, tiers = LAST_LINE_WORDS[language]
    assert activities in last and tiers in last, last
    assert language == "en" or "activities" not in last
