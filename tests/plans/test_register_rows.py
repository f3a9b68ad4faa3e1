"""The register lists' row actions (edit, delete, move) are built in Python
(`views.row_actions`), not by a per-row include with three `{% url %}`s and three
translations: they must show a user exactly what the include showed. The include is kept in
reference/register_row_actions.html as it was, as the reference."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.paginator import Paginator
from django.template import engines
from django.utils import translation

from komplan.plans.models import Channel, Message, Risk, Spokesperson, TargetGroup
from komplan.plans.registers import REGISTERS
from komplan.plans.views import RowActions, row_actions
from tests.factories import fill_everything

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>&<b>"\''
OLD_ACTIONS = (Path(__file__).parent / "reference" / "register_row_actions.html").read_text()
TOKEN = "a-csrf-token"


def _spaces(html: str) -> str:
    return re.sub(r"\s+", " ", str(html)).strip()


@pytest.fixture
def filled(plan: Any) -> Any:
    """Every register with entries, one of each with hostile text in what its row is called."""
    fill_everything(plan)
    TargetGroup.objects.create(plan=plan, name=HOSTILE)
    Message.objects.create(plan=plan, text=HOSTILE)
    Channel.objects.create(plan=plan, name=HOSTILE)
    Spokesperson.objects.create(plan=plan, subject=HOSTILE, name=HOSTILE)
    Risk.objects.create(plan=plan, text=HOSTILE, likelihood=1, consequence=2, owner="X")
    return plan


@pytest.mark.parametrize("language", ["sv", "en", "da", "nb"])
@pytest.mark.parametrize("slug", [slug for slug, r in REGISTERS.items() if not r.own_page])
@pytest.mark.parametrize("sort", ["", "score"], ids=["plan's order", "sorted"])
@pytest.mark.parametrize("per_page", [100, 2], ids=["one page", "second of pages"])
def test_the_actions_show_what_the_include_showed(
    filled: Any, language: str, slug: str, sort: str, per_page: int
) -> None:
    register = REGISTERS[slug]
    page = Paginator(register.entries(filled, sort), per_page).get_page(2)
    entries = list(page.object_list)
    assert entries
    old_template = engines["django"].from_string(OLD_ACTIONS)
    with translation.override(language):
        row_actions(entries, RowActions(filled, slug, sort, page, TOKEN))
        for entry in entries:
            context = {
                "can_edit": True,
                "plan": filled,
                "register": register,
                "entry": entry,
                "sort": sort,
                "page": page,
                "csrf_token": TOKEN,
            }
            assert _spaces(entry.actions) == _spaces(old_template.render(context))
            assert HOSTILE not in entry.actions


def test_the_actions_escape_and_disable_at_the_ends(filled: Any) -> None:
    register = REGISTERS["groups"]
    page = Paginator(register.entries(filled), 100).get_page(1)
    entries = list(page.object_list)
    with translation.override("en"):
        row_actions(entries, RowActions(filled, "groups", "", page, TOKEN))
    first, last = entries[0].actions, entries[-1].actions
    assert "disabled>↑" in first and "disabled>↓" not in first
    assert "disabled>↓" in last and "&lt;script&gt;alert(&quot;x&quot;)" in last
    assert f"moved to position {len(entries)} of {len(entries)}" in last
