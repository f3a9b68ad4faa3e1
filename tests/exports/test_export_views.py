"""Downloads from the plan overview: every format, named in the plan's language, for anyone
who may view the plan (outsiders get 404: tests/test_access.py walks these URLs too)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from komplan.accounts.models import User
from tests.exports.expected import LABELS, assert_in_order

TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json",
}


@pytest.fixture
def sofia(demo_plan: Any) -> Client:
    """The demo organisation's viewer."""
    client = Client()
    client.force_login(User.objects.get(username="sofia"))
    return client


@pytest.mark.parametrize("fmt", list(TYPES))
def test_a_viewer_downloads_each_format_named_in_the_plan_language(
    demo_json: dict[str, Any], demo_plan: Any, language: str, sofia: Client, fmt: str
) -> None:
    response = sofia.get(f"/plans/{demo_plan.pk}/export/{fmt}/")
    assert response.status_code == 200
    assert response["Content-Type"] == TYPES[fmt]
    words = LABELS[language]
    name = (
        f"{words['workbook']} {demo_json['plan']['last_changed']}.xlsx"
        if fmt == "xlsx"
        else f"Digital bokning av lokaler – {words['document']}.{fmt}"
    )
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    assert disposition.endswith(f"filename*=UTF-8''{quote(name, safe='')}")
    assert "–" not in disposition and "å" not in disposition  # the fallback name is ASCII
    assert response["Cache-Control"] == "private, no-store"
    assert len(response.content) > 1000


def test_two_plans_workbooks_do_not_share_a_name(demo_plan: Any, sofia: Client) -> None:
    """The workbook was "Kommunikationsplan – Aktivitetsplan.xlsx" for every plan: the second
    download overwrote (or became "(1)" of) the first in Downloads."""
    from komplan.plans.models import Plan

    other = Plan.objects.exclude(pk=demo_plan.pk).get(organization=demo_plan.organization)
    names = {
        sofia.get(f"/plans/{plan.pk}/export/xlsx/")["Content-Disposition"]
        for plan in (demo_plan, other)
    }
    assert len(names) == 2
    assert all(quote(plan.name, safe="") in " ".join(names) for plan in (demo_plan, other))


def test_unknown_formats_are_not_found(demo_plan: Any, sofia: Client) -> None:
    assert sofia.get(f"/plans/{demo_plan.pk}/export/odt/").status_code == 404
    assert sofia.post(f"/plans/{demo_plan.pk}/export/pdf/").status_code == 405


def test_the_overview_lists_the_documents_with_type_and_size(demo_plan: Any, sofia: Client) -> None:
    page = sofia.get(f"/plans/{demo_plan.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = page[page.index('id="documents-heading"') :]
    for fmt in TYPES:
        assert f'href="/plans/{demo_plan.pk}/export/{fmt}/"' in section
        assert f"(.{fmt}, " in section
    assert "KB" in section


def test_the_overview_names_the_documents_in_the_interface_language(
    demo_plan: Any, sofia: Client
) -> None:
    """Word, PDF, Excel, then the plan data: the order and words of every download list."""
    page = sofia.get(f"/plans/{demo_plan.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = page[page.index('id="documents-heading"') :]
    labels = [
        'Word document</a> <span class="muted">(.docx, ',
        'PDF document</a> <span class="muted">(.pdf, ',
        'Activity plan in Excel</a> <span class="muted">(.xlsx, ',
        'Plan data for other systems</a> <span class="muted">(.json, ',
    ]
    assert_in_order(section, labels, "downloads")
