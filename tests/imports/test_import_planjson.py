"""Plan JSON comes back in: Norrviks kommun's plan exported as JSON imports into an equal plan,
from the shell and the import pages; a broken file names the JSON path and writes nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils.translation import override

from komplan.plans.models import Plan
from komplan.plans.planjson import plan_to_json
from komplan.versions import services
from tests.imports.test_import_views import commit_fields
from tests.plans.plancontent import content, enrich

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    with override("en"):
        call_command("import", *args, stdout=out)
    return out.getvalue()


def write(tmp_path: Path, data: Any, name: str = "plan.json") -> str:
    path = tmp_path / name
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=1)
    path.write_text(text, encoding="utf-8")
    return str(path)


def row_counts() -> dict[str, int]:
    """How many rows every table of every app holds."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def exported(demo_plan: Plan) -> dict[str, Any]:
    enrich(demo_plan)
    return plan_to_json(demo_plan)


def test_an_exported_plan_imports_into_a_plan_that_exports_the_same(
    demo_plan: Plan, exported: dict[str, Any], tmp_path: Path
) -> None:
    path = write(tmp_path, exported)
    before = list(Plan.objects.values_list("pk", flat=True))
    out = run(path, "--org", demo_plan.organization.slug)
    copy = Plan.objects.exclude(pk__in=before).get()
    assert f"Imported into plan {copy.pk}" in out
    again = plan_to_json(copy)
    assert content(again) == content(exported)
    assert (copy.status, copy.version) == ("draft", "0.1")
    # The revision table comes along, as a Word plan's does.
    rows = [
        {k: r[k] for k in ("version", "date", "comment", "changed_by")} for r in again["revisions"]
    ]
    assert rows == [
        {k: r[k] for k in ("version", "date", "comment", "changed_by")}
        for r in exported["revisions"]
    ]


def test_the_public_pages_json_without_ids_imports_too(
    demo_plan: Plan, exported: dict[str, Any], tmp_path: Path, client: Any
) -> None:
    anna = demo_plan.organization.memberships.get(user__username="anna").user
    services.submit(demo_plan, user=anna)
    demo_plan.organization.memberships.filter(user=anna).update(can_approve=True)
    services.approve(demo_plan, user=anna)
    services.publish(demo_plan, user=anna)
    token = demo_plan.publications.get().token
    public = json.loads(client.get(reverse("public:download", args=[token, "json"])).content)
    assert "id" not in public["groups"][0]
    before = list(Plan.objects.values_list("pk", flat=True))
    run(write(tmp_path, public), "--org", demo_plan.organization.slug)
    copy = Plan.objects.exclude(pk__in=before).get()
    assert content(plan_to_json(copy)) == content(exported)


def test_a_dry_run_shows_what_would_be_made_and_writes_nothing(
    demo_plan: Plan, exported: dict[str, Any], tmp_path: Path
) -> None:
    before = row_counts()
    out = run(write(tmp_path, exported), "--org", demo_plan.organization.slug, "--dry-run")
    assert "Preview of the import of “plan.json”, read as plan data (JSON)." in out
    activities = len(exported["activities"])
    assert f"{activities} new activities" in out
    assert f"{len(exported['groups'])} new target groups" in out
    assert "Dry run: nothing was written." in out
    assert row_counts() == before


def broken(exported: dict[str, Any], how: str) -> Any:
    data = json.loads(json.dumps(exported))
    if how == "syntax":
        text = json.dumps(data, indent=1)
        return text.replace('"tiers": [', '"tiers": [,', 1)
    if how == "version":
        data["version"] = 2
    elif how == "required":
        del data["groups"][0]["name"]
    elif how == "reference":
        data["activities"][3]["groups"] = ["group-99"]
    return data


@pytest.mark.parametrize(
    ("how", "said"),
    [
        ("syntax", "Not valid JSON: Expecting value (line "),
        ("version", "$.version: 2 is not a version komplan reads (1)"),
        ("required", "$.groups[0].name: required"),
        ("reference", "$.activities[3].groups[0]: no target group with key “group-99”"),
    ],
)
def test_a_broken_file_names_the_json_path_exits_2_and_writes_nothing(
    how: str, said: str, demo_plan: Plan, exported: dict[str, Any], tmp_path: Path
) -> None:
    path = write(tmp_path, broken(exported, how))
    before = row_counts()
    with pytest.raises(CommandError) as caught:
        out = io.StringIO()
        with override("en"):
            call_command("import", path, "--org", demo_plan.organization.slug, stdout=out)
    assert caught.value.returncode == 2
    printed = out.getvalue().replace("Error: ", "")
    assert said in printed, printed
    assert row_counts() == before
    for plan in (None, demo_plan):
        with pytest.raises(CommandError):
            args = ["--plan", str(plan.pk)] if plan else []
            call_command("import", path, "--org", demo_plan.organization.slug, *args, stdout=out)
    assert row_counts() == before


def test_the_syntax_error_says_the_line_and_column(demo_plan: Plan, tmp_path: Path) -> None:
    path = write(
        tmp_path, '{\n  "format": "komplan-plan",\n  "version": 1,\n  "plan": {"name": }\n}'
    )
    out = io.StringIO()
    with pytest.raises(CommandError), override("en"):
        call_command("import", path, "--org", demo_plan.organization.slug, stdout=out)
    assert "Not valid JSON: Expecting value (line 4, column 20)." in out.getvalue()


def test_into_an_existing_plan_what_is_there_is_linked_and_the_rest_follows_its_entries(
    demo_plan: Plan, exported: dict[str, Any], tmp_path: Path
) -> None:
    data = json.loads(json.dumps(exported))
    data["groups"].append({"key": "group-new", "name": "Pensionärsrådet", "reach": "external"})
    data["activities"].append(
        {
            "key": "activity-new",
            "title": "Möte med pensionärsrådet",
            "groups": ["group-new", "group-1"],
        }
    )
    groups = demo_plan.groups.count()
    activities = demo_plan.activities.count()
    run(write(tmp_path, data), "--org", demo_plan.organization.slug, "--plan", str(demo_plan.pk))
    assert demo_plan.groups.count() == groups + 1  # the others were there already
    assert demo_plan.activities.count() == activities + 1  # the others too
    added = demo_plan.activities.get(title="Möte med pensionärsrådet")
    assert added.position == activities + 1
    first = demo_plan.groups.order_by("position").first()
    assert set(added.groups.values_list("name", flat=True)) == {"Pensionärsrådet", first.name}
    positions = list(demo_plan.groups.order_by("position").values_list("position", flat=True))
    assert positions == list(range(1, groups + 2))


def upload(client: Any, url: str, data: bytes, name: str) -> Any:
    file = SimpleUploadedFile(name, data, content_type="application/json")
    return client.post(url, {"file": file, "kind": ""}, HTTP_ACCEPT_LANGUAGE="en")


def test_the_import_pages_take_plan_json_upload_preview_commit(
    demo_plan: Plan, exported: dict[str, Any], settings: Any
) -> None:
    settings.LANGUAGE_CODE = "en"
    from django.test import Client

    client = Client()
    client.force_login(demo_plan.organization.memberships.get(user__username="erik").user)
    slug = demo_plan.organization.slug
    body = json.dumps(exported, ensure_ascii=False).encode()
    response = upload(client, reverse("imports:import_new_upload", args=[slug]), body, "plan.json")
    assert response.status_code == 302
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "read as plan data (JSON)" in html
    assert f"{len(exported['activities'])} new activities" in html
    fields = commit_fields(page)
    fields["name"] = "Digital bokning 2027"
    before = Plan.objects.count()
    client.post(reverse("imports:import_new_commit", args=[slug]), fields)
    assert Plan.objects.count() == before + 1
    copy = Plan.objects.get(name="Digital bokning 2027")
    assert content(plan_to_json(copy), name="") == content(exported, name="")


def test_the_import_pages_show_a_broken_files_problems_and_refuse_to_commit(
    demo_plan: Plan, exported: dict[str, Any], settings: Any
) -> None:
    settings.LANGUAGE_CODE = "en"
    from django.test import Client

    client = Client()
    client.force_login(demo_plan.organization.memberships.get(user__username="erik").user)
    url = reverse("imports:import_plan_upload", args=[demo_plan.pk])
    body = json.dumps(broken(exported, "reference")).encode()
    page = client.get(upload(client, url, body, "plan.json")["Location"])
    html = page.content.decode()
    assert 'id="import-errors"' in html and "$.activities[3].groups[0]" in html
    assert 'id="import-button" disabled' in html
    before = row_counts()
    commit = client.post(
        reverse("imports:import_plan_commit", args=[demo_plan.pk]), commit_fields(page)
    )
    assert commit.status_code == 400
    assert row_counts() == before
