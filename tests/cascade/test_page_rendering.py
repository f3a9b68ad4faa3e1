"""The cascade page's table and diagram are built in Python, not by template loops (a
200-step cascade spent half its time printing them): they must show a user exactly what
the loops showed. The loops are kept here as they were on the page, as the reference."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.template import engines
from django.utils import translation

from komplan.cascade import services, views
from komplan.cascade.models import How, Material, Step
from komplan.meetings.models import Forum, Meeting, MinutesStatus
from komplan.plans.models import TargetGroup
from tests.cascade.factories import make_cascade, make_material

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

HOSTILE = '<script>alert("x")</script>&<b>"\''

# The page's row loop before it moved to `views.table_rows`.
OLD_ROWS = (Path(__file__).parent / "reference" / "rows.html").read_text()

# The page's two loops over the material before they moved to `views.material_choices`.
OLD_OPTIONS = """{% for m, url, status in materials %}<option value="{{ m.pk }}"\
{% if m == material %} selected{% endif %}>{{ m.title }} ({{ status }})</option>{% endfor %}"""
OLD_ITEMS = """{% for m, url, status in materials %}<li><a href="{{ url }}">{{ m.title }}</a> \
<span class="badge">{{ status }}</span></li>{% endfor %}"""


def _spaces(html: str) -> str:
    """HTML as a browser lays it out: a run of white space is one space."""
    return re.sub(r"\s+", " ", str(html)).strip()


@pytest.fixture
def cascade(plan: Any, admin_user: Any, today: dt.date) -> dict[str, Any]:
    """A cascade with every kind of row: a meeting step whose meeting is held (confirmed),
    an overdue written step, a delegated step passed on by the step above and overridden
    ("send now"), parallel steps, a step only from phase 2 (skipped), a step used from a
    day, one marked sent, one whose forum has no meeting; hostile text wherever a user
    writes; and three pieces of material in three states."""
    admin_user.first_name = HOSTILE
    admin_user.save()
    made = make_cascade(plan, meetings_from=today - dt.timedelta(days=3))
    steps = made["steps"]
    hostile_group = TargetGroup.objects.create(plan=plan, name=HOSTILE)
    hostile_forum = Forum.objects.create(organization=plan.organization, name=HOSTILE)
    Step.objects.create(
        plan=plan,
        group=hostile_group,
        how=How.WRITTEN,
        after=steps["networks"],
        delegated=True,
        lead_days=1,
        responsible=HOSTILE,
        from_date=today - dt.timedelta(days=30),
    )
    Step.objects.create(
        plan=plan,
        forum=hostile_forum,
        how=How.MEETING,
        after=steps["lmu"],
        from_phase=1,
        from_date=today - dt.timedelta(days=60),
    )
    make_material(plan, title="Endnu ikke godkendt")
    material = make_material(plan, title=HOSTILE)
    services.material_approve(material, user=admin_user, kind="chair", name="Mette Lund")
    services.material_release(material, user=admin_user, today=today - dt.timedelta(days=10))
    approved = make_material(plan, title="Godkendt")
    services.material_approve(approved, user=admin_user, kind="chair", name="Mette Lund")
    dispatches = {d.step_id: d for d in material.dispatches.all()}
    services.dispatch_mark(dispatches[steps["networks"].pk], state="sent", user=admin_user)
    services.step_override(dispatches[steps["lmu"].pk], user=admin_user, why=HOSTILE, today=today)
    Meeting.objects.filter(pk=dispatches[steps["circle"].pk].meeting_id).update(
        minutes_status=MinutesStatus.JUSTERED
    )
    return {"material": Material.objects.get(pk=material.pk), "steps": steps}


def _lines(plan: Any, material: Material | None, today: dt.date) -> list[views.Line]:
    steps = services.shown_steps(plan)
    dispatches = list(services.shown_dispatches(material)) if material else []
    return views.page_lines(services.cascade_rows(steps, dispatches, today), plan, material)


def test_the_cascade_has_every_kind_of_row(
    plan: Any, cascade: dict[str, Any], today: dt.date
) -> None:
    """The reference below is only worth what the cascade shows: every state, and more."""
    with translation.override("en"):
        lines = _lines(plan, cascade["material"], today)
    states = {line["state_class"] for line in lines}
    assert states == {"confirmed", "overdue", "planned", "sent", "skipped"}
    assert any(line["override_note"] for line in lines)
    assert any(line["passed_on"] != "–" for line in lines)  # delegated
    assert any(line["day"] == "no meeting planned" for line in lines)
    assert any(line["used"].startswith("from phase 1, from ") for line in lines)
    assert len({line["depth"] for line in lines}) == 3


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("chosen", [True, False], ids=["material", "no material"])
@pytest.mark.parametrize("can_edit", [True, False], ids=["editor", "viewer"])
def test_the_table_shows_what_the_template_loop_showed(
    plan: Any,
    cascade: dict[str, Any],
    today: dt.date,
    language: str,
    chosen: bool,
    can_edit: bool,
) -> None:
    material = cascade["material"] if chosen else None
    with translation.override(language):
        lines = _lines(plan, material, today)
        context = {"lines": lines, "material": material, "can_edit": can_edit}
        expected = engines["django"].from_string(OLD_ROWS).render(context)
        rows = views.table_rows(lines, material=chosen, can_edit=can_edit)
    assert _spaces(rows) == _spaces(expected)
    assert HOSTILE not in rows and "&lt;script&gt;alert(&quot;x&quot;)" in rows


def test_the_lists_of_material_show_what_the_template_loops_showed(
    plan: Any, cascade: dict[str, Any]
) -> None:
    materials = list(Material.objects.filter(plan=plan).order_by("-created_at", "-pk"))
    chosen = cascade["material"]
    with translation.override("da"):
        old = [(m, views.material_url(m), str(m.status)) for m in materials]
        context = {"materials": old, "material": chosen}
        shown = services.shown_materials(plan)
        choices = views.material_choices(shown, plan, shown[[m.pk for m in shown].index(chosen.pk)])
        assert choices.options == engines["django"].from_string(OLD_OPTIONS).render(context)
        assert choices.items == engines["django"].from_string(OLD_ITEMS).render(context)
    assert choices.options.count(" selected") == 1 and "Godkendt" in choices.items
    assert "<script>" not in choices.options + choices.items


def test_the_steps_read_as_values_show_what_the_joined_objects_showed(
    plan: Any, cascade: dict[str, Any], today: dt.date
) -> None:
    """The page reads steps and dispatches as rows of values, each step's name and each
    meeting's minutes in one column, not as joined model objects (`shown_steps`,
    `shown_dispatches`): the same lines and diagram."""
    material = cascade["material"]
    steps = list(services.steps_of(plan))
    dispatches = list(material.dispatches.select_related("meeting"))
    joined = views.page_lines(services.cascade_rows(steps, dispatches, today), plan, material)
    named = _lines(plan, material, today)

    def shown(lines: list[views.Line]) -> list[dict[str, Any]]:
        return [{key: value for key, value in line.items() if key != "row"} for line in lines]

    assert shown(named) == shown(joined)
    assert views.diagram(named, plan, material) == views.diagram(joined, plan, material)


def test_the_page_shows_the_table_and_the_diagram(
    plan: Any, cascade: dict[str, Any], admin_client: Any, today: dt.date
) -> None:
    material = cascade["material"]
    page = admin_client.get(f"/plans/{plan.pk}/cascade/?material={material.pk}")
    html = page.content.decode()
    with translation.override(page["Content-Language"]):
        lines = _lines(plan, material, today)
        rows = views.table_rows(lines, material=True, can_edit=True)
        svg = views.diagram(lines, plan, material)
    assert rows in html and svg in html
    assert "<script>alert" not in html
