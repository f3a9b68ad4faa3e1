"""The activity plan's table rows are built in Python (`views.activity_plan.table_rows`), not by
a template loop with a per-row include (at 100 rows the loop was most of the page's time): they
must show a user exactly what the loop showed. The loop is kept in reference/activity_rows.html
as it was on the page, as the reference."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.paginator import Paginator
from django.template import engines
from django.urls import reverse
from django.utils import translation

from komplan.plans.models import Activity, ActivityStatus, Channel, Message, TargetGroup
from komplan.plans.registers import REGISTERS
from komplan.plans.views.activity_plan import ROW_FIELDS, RowOptions, table_rows

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>&<b>"\''
OLD_ROWS = (Path(__file__).parent / "reference" / "activity_rows.html").read_text()
TOKEN = "a-csrf-token"


def _spaces(html: str) -> str:
    """HTML as a browser lays it out: a run of white space is one space."""
    return re.sub(r"\s+", " ", str(html)).strip()


def _activity(plan: Any, title: str, time_text: str = "", **fields: Any) -> Activity:
    links = {name: fields.pop(name, []) for name in ("groups", "channels", "messages")}
    made = Activity.objects.create(plan=plan, title=title, time_text=time_text, **fields)
    for name, objects in links.items():
        getattr(made, name).set(objects)
    return made


@pytest.fixture
def activities(plan: Any) -> list[Activity]:
    """Every kind of row: hostile text wherever a user writes, several groups, messages and
    channels in an order other than the one they were linked in, none at all, a done and a
    cancelled activity, a time not read, dates outside the plan's, a date set by hand, an
    ongoing and a preliminary period, the first and the last position."""
    groups = [TargetGroup.objects.create(plan=plan, name=name) for name in ("Ö", HOSTILE, "A")]
    channels = [Channel.objects.create(plan=plan, name=name) for name in (HOSTILE, "Intranät")]
    messages = [Message.objects.create(plan=plan, text=f"Budskap {n}") for n in range(3)]
    return [
        _activity(
            plan,
            HOSTILE,
            "mars 2026",
            groups=groups[::-1],
            channels=channels,
            messages=messages[::-1],
            responsible=HOSTILE,
        ),
        _activity(plan, "Klar", "april 2026", status=ActivityStatus.DONE, groups=groups[:1]),
        _activity(plan, "Inställd", "", status=ActivityStatus.CANCELLED),
        _activity(plan, "Oläslig", f"när {HOSTILE} vill", channels=channels[1:]),
        _activity(plan, "Utanför", "juni 2031", messages=messages[:1]),
        _activity(plan, "För tidigt", "hösten 2020 – pågående"),
        _activity(plan, "Preliminärt", "preliminärt maj 2026", start_override=dt.date(2026, 5, 4)),
        _activity(plan, "Handsatt", "v. 12 2026", end_override=dt.date(2026, 4, 30)),
    ]


def _old(plan: Any, can_edit: bool, can_reorder: bool) -> str:
    entries = list(REGISTERS["activities"].entries(plan))
    for entry in entries:
        entry.links = {
            kind: reverse(f"plans:register_{kind}", args=[plan.pk, "activities", entry.pk])
            for kind in ("edit", "delete", "move")
        }
    page = Paginator(entries, 100).get_page(1)
    context = {
        "entries": entries,
        "plan": plan,
        "page": page,
        "can_edit": can_edit,
        "can_reorder": can_reorder,
        "csrf_token": TOKEN,
    }
    return engines["django"].from_string(OLD_ROWS).render(context)


def _new(plan: Any, can_edit: bool, can_reorder: bool) -> str:
    entries = list(plan.activities.only(*ROW_FIELDS).order_by("position", "pk"))
    options = RowOptions(plan, can_edit, can_reorder, 1, len(entries), TOKEN)
    return table_rows(entries, options)


@pytest.mark.parametrize("language", ["sv", "en", "da", "nb"])
@pytest.mark.parametrize(
    ("can_edit", "can_reorder"),
    [(True, True), (True, False), (False, False)],
    ids=["reorder", "editor, filtered", "viewer"],
)
def test_the_rows_show_what_the_template_loop_showed(
    plan: Any, activities: list[Activity], language: str, can_edit: bool, can_reorder: bool
) -> None:
    with translation.override(language):
        expected = _old(plan, can_edit, can_reorder)
        rows = _new(plan, can_edit, can_reorder)
    assert _spaces(rows) == _spaces(expected)
    assert HOSTILE not in rows and "&lt;script&gt;alert(&quot;x&quot;)" in rows


def test_the_rows_have_every_kind_of_cell(plan: Any, activities: list[Activity]) -> None:
    """The reference above is only worth what the rows show."""
    with translation.override("en"):
        rows = _new(plan, True, True)
    assert rows.count("<tr ") == len(activities)
    for shown in (
        'class="done"',
        "Time not read",
        "Outside the plan",
        'class="period-line"',
        "ongoing",
        "disabled>↑",
        "disabled>↓",
        "csrfmiddlewaretoken",
        "—",
        "1, 2, 3",
    ):
        assert shown in rows, shown


def test_no_activities_no_rows(plan: Any) -> None:
    assert table_rows([], RowOptions(plan, True, True, 1, 0)) == ""
