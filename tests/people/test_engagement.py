"""Engagement as a user meets it: a group's current and desired level set from its page with
its history kept, the influence/interest grid and its table, the plan overview's list of the
groups furthest from their goal, plan JSON, access and query counts."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
import time_machine
from django.test import Client

from komplan.people.engagement import engagement_save
from komplan.people.forms import EngagementForm
from komplan.people.models import Engagement, EngagementChange, Level, Weight
from komplan.plans.editing import EditConflict
from komplan.plans.models import TargetGroup
from komplan.plans.planjson import plan_to_json
from komplan.plans.planjson_read import PlanJSONError, load_plan_json, read_plan_json
from komplan.plans.services import plan_copy
from komplan.plans.writer import plan_write
from tests.plans.test_coverage_views import english

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(admin_user: Any) -> Client:
    return english(admin_user)


@pytest.fixture
def editor_client(editor: Any) -> Client:
    return english(editor)


@pytest.fixture
def viewer_client(viewer: Any) -> Client:
    return english(viewer)


def _url(plan: Any, group: Any = None) -> str:
    if group is None:
        return f"/plans/{plan.pk}/people/engagement/"
    return f"/plans/{plan.pk}/people/groups/{group.pk}/"


def _set(group: Any, current: int, desired: int, influence: int = 3, interest: int = 3) -> Any:
    return Engagement.objects.create(
        group=group, current=current, desired=desired, influence=influence, interest=interest
    )


def _post(client: Any, plan: Any, group: Any, **data: Any) -> Any:
    form = {
        "current": Level.NEUTRAL,
        "desired": Level.SUPPORTIVE,
        "influence": Weight.HIGH,
        "interest": Weight.MEDIUM,
        "lock_version": 0,
        **data,
    }
    return client.post(
        _url(plan, group) + "engagement/edit/", {k: v for k, v in form.items() if v is not None}
    )


# --- setting it -------------------------------------------------------------------------------


def test_the_engagement_is_set_from_the_groups_page_and_its_history_kept(
    plan: Any, entries: dict[str, Any], admin_client: Any, editor_client: Any
) -> None:
    group = entries["groups"]
    page = admin_client.get(_url(plan, group)).content.decode()
    assert f"/people/groups/{group.pk}/engagement/edit/" in page and "Not assessed yet" in page
    with time_machine.travel("2026-03-02 10:00 +01:00", tick=False):
        response = _post(admin_client, plan, group, note="Before the kick-off")
    assert response.status_code == 302 and response["Location"].endswith(_url(plan, group))
    engagement = Engagement.objects.get(group=group)
    assert (engagement.current, engagement.desired) == (Level.NEUTRAL, Level.SUPPORTIVE)
    form = editor_client.get(_url(plan, group) + "engagement/edit/").content.decode()
    version = re.search(r'name="lock_version" value="(\d+)"', form).group(1)  # type: ignore[union-attr]
    seen = re.search(r'name="seen" value="([^"]*)"', form).group(1)  # type: ignore[union-attr]
    with time_machine.travel("2026-04-20 15:30 +02:00", tick=False):
        response = editor_client.post(
            _url(plan, group) + "engagement/edit/",
            {
                "current": Level.SUPPORTIVE,
                "desired": Level.LEADING,
                "influence": Weight.HIGH,
                "interest": Weight.VERY_HIGH,
                "note": "After the head teachers' meeting",
                "lock_version": version,
                "seen": seen.replace("&quot;", '"'),
            },
        )
    assert response.status_code == 302
    history = list(EngagementChange.objects.filter(group=group))
    assert [(c.current, c.desired, c.note) for c in history] == [
        (Level.SUPPORTIVE, Level.LEADING, "After the head teachers' meeting"),
        (Level.NEUTRAL, Level.SUPPORTIVE, "Before the kick-off"),
    ]
    assert [c.changed_by.username for c in history] == ["bertil", "alice"]
    page = admin_client.get(_url(plan, group)).content.decode()
    assert "After the head teachers&#x27;" in page and "Before the kick-off" in page
    assert page.index("After the head") < page.index("Before the kick-off")  # newest first
    assert "20 Apr 2026" in page or "April 20, 2026" in page


def test_a_missing_level_is_named_and_nothing_is_saved(
    plan: Any, entries: dict[str, Any], admin_client: Any
) -> None:
    group = entries["groups"]
    response = _post(admin_client, plan, group, desired=None)
    html = response.content.decode()
    assert response.status_code == 200 and not Engagement.objects.exists()
    assert re.search(r'href="#id_desired[^"]*">Desired engagement: This field is required', html)
    response = _post(admin_client, plan, group, influence=9)
    assert response.status_code == 200 and not Engagement.objects.exists()
    assert "Influence: Select a valid choice" in response.content.decode()
    assert not EngagementChange.objects.exists()


def test_a_stale_form_is_refused_with_the_other_save_listed(
    plan: Any, entries: dict[str, Any], admin_user: Any, editor: Any
) -> None:
    group = entries["groups"]
    opened = EngagementForm(instance=Engagement(group=group))  # before anyone assessed it
    _post_data = {"current": 1, "desired": 4, "influence": 2, "interest": 2, "lock_version": 0}
    first = EngagementForm(_post_data, instance=Engagement(group=group))
    assert first.is_valid()
    engagement_save(first, user=editor)
    # The other person's form was opened before the first save: refused, not overwritten.
    late = EngagementForm(
        {**_post_data, "current": 3, "seen": opened["seen"].value() or ""},
        instance=Engagement.objects.get(group=group),
    )
    assert late.is_valid()
    with pytest.raises(EditConflict):
        engagement_save(late, user=admin_user)
    assert Engagement.objects.get(group=group).current == 1
    assert EngagementChange.objects.count() == 1


def test_a_conflicting_save_answers_409_through_the_page(
    plan: Any, entries: dict[str, Any], admin_client: Any
) -> None:
    group = entries["groups"]
    _set(group, Level.NEUTRAL, Level.SUPPORTIVE)
    Engagement.objects.filter(group=group).update(lock_version=3)
    response = _post(admin_client, plan, group, lock_version=1, seen="{}")
    assert response.status_code == 409
    assert Engagement.objects.get(group=group).lock_version == 3


# --- the grid and its table -------------------------------------------------------------------


class GridParser(HTMLParser):
    """The grid's points (links with their names) and the table's rows, as a user meets them."""

    def __init__(self) -> None:
        super().__init__()
        self.points: list[tuple[str, str]] = []
        self.titles: list[str] = []
        self.rows: list[list[str]] = []
        self._in: str | None = None
        self._svg = False
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "svg":
            self._svg = True
        elif self._svg and tag == "a":
            self.points.append((a.get("href") or "", a.get("aria-label") or ""))
        elif self._svg and tag == "title":
            self._in = "title"
            self.titles.append("")
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._svg = False
        elif tag == "title":
            self._in = None
        elif tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.titles[-1] += data
        if self._cell is not None:
            self._cell.append(data)


def _groups(plan: Any) -> list[TargetGroup]:
    board = TargetGroup.objects.get(plan=plan, name="Kommunstyrelsen")
    staff = TargetGroup.objects.get(plan=plan, name="Handläggare")
    heads = TargetGroup.objects.create(plan=plan, name="Rektorer")
    parents = TargetGroup.objects.create(plan=plan, name="Föräldrar")
    _set(board, Level.SUPPORTIVE, Level.LEADING, influence=5, interest=4)
    _set(staff, Level.UNAWARE, Level.SUPPORTIVE, influence=2, interest=4)
    _set(heads, Level.RESISTANT, Level.SUPPORTIVE, influence=4, interest=4)
    # Föräldrar: not assessed
    return [board, staff, heads, parents]


def test_the_grid_has_a_named_point_per_assessed_group_and_the_table_the_same(
    plan: Any, entries: dict[str, Any], viewer_client: Any
) -> None:
    board, staff, heads, _parents = _groups(plan)
    html = viewer_client.get(_url(plan)).content.decode("utf-8")
    parser = GridParser()
    parser.feed(html)
    assert [href for href, _ in parser.points] == [_url(plan, g) for g in (board, staff, heads)]
    names = [label for _, label in parser.points]
    assert names[0] == (
        f"{board.position}. Kommunstyrelsen: influence very high, interest high; "
        "engagement supportive, desired leading"
    )
    assert parser.titles[1:] == names  # the first <title> names the whole grid
    assert (
        'viewBox="0 0 ' in html
        and "<svg" in html
        and "width=" not in html.split("<svg")[1].split(">")[0]
    )
    assert html.count("engagement-arrowhead)") == 3  # every assessed group must still move
    table = {row[1]: row for row in parser.rows if len(row) > 2}
    assert table["Kommunstyrelsen"][2:] == ["Very high", "High", "Supportive", "Leading", "+1"]
    assert table["Handläggare"][2:] == ["Low", "High", "Unaware", "Supportive", "+3"]
    assert table["Rektorer"][2:] == ["High", "High", "Resistant", "Supportive", "+2"]
    parents_row = next(row for row in parser.rows if "Föräldrar" in row)
    assert parents_row[-1] == "Not assessed yet"


def test_a_group_at_its_desired_level_has_no_arrow(
    plan: Any, entries: dict[str, Any], viewer_client: Any
) -> None:
    _set(entries["groups"], Level.SUPPORTIVE, Level.SUPPORTIVE)
    html = viewer_client.get(_url(plan)).content.decode()
    assert "engagement-arrowhead)" not in html and "<circle" in html


def test_an_unassessed_plan_says_so_instead_of_an_empty_grid(
    plan: Any, entries: dict[str, Any], viewer_client: Any
) -> None:
    html = viewer_client.get(_url(plan)).content.decode()
    assert "<svg" not in html.split("<main")[1] and "No target group has been assessed" in html


# --- the plan overview ------------------------------------------------------------------------


def test_the_overview_lists_the_groups_furthest_from_their_desired_level(
    plan: Any, entries: dict[str, Any], viewer_client: Any
) -> None:
    _groups(plan)
    extra = [TargetGroup.objects.create(plan=plan, name=f"Grupp {n}") for n in range(4)]
    _set(extra[0], Level.NEUTRAL, Level.SUPPORTIVE, influence=1)
    _set(extra[1], Level.NEUTRAL, Level.SUPPORTIVE, influence=5)
    _set(extra[2], Level.LEADING, Level.NEUTRAL)  # above its goal: two steps away too
    _set(extra[3], Level.NEUTRAL, Level.NEUTRAL)  # there: not listed
    html = viewer_client.get(f"/plans/{plan.pk}/").content.decode()
    section = html.split('id="engagement-overview"')[1].split("</ol>")[0]
    listed = re.findall(r"<li><a [^>]*>([^<]+)</a>", section)
    # Furthest first; among equals the more influential, then the plan's order.
    assert listed == ["Handläggare", "Rektorer", "Grupp 2", "Kommunstyrelsen", "Grupp 1"]
    assert "Unaware → Supportive (3 steps)" in section


def test_the_overview_says_when_no_group_is_assessed_or_all_are_where_they_should_be(
    plan: Any, entries: dict[str, Any], viewer_client: Any
) -> None:
    html = viewer_client.get(f"/plans/{plan.pk}/").content.decode()
    assert "No target group has been assessed yet" in html
    _set(entries["groups"], Level.SUPPORTIVE, Level.SUPPORTIVE)
    html = viewer_client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Every assessed group is where the plan needs it." in html
    assert "engagement-furthest" not in html


# --- plan JSON --------------------------------------------------------------------------------


def test_engagement_round_trips_through_plan_json_and_a_copy(
    plan: Any, entries: dict[str, Any], admin_user: Any
) -> None:
    _groups(plan)
    data = plan_to_json(plan)
    assert data["engagement"]["groups"][0] == {
        "group": "group-1",
        "current": "supportive",
        "desired": "leading",
        "influence": 5,
        "interest": 4,
    }
    written = plan_write(
        data=load_plan_json(json.dumps(data)), user=admin_user, organization=plan.organization
    )
    assert plan_to_json(written.plan)["engagement"] == data["engagement"]
    assert EngagementChange.objects.filter(group__plan=written.plan).count() == 3
    copy = plan_copy(plan=plan, user=admin_user)
    assert plan_to_json(copy)["engagement"] == data["engagement"]


def test_broken_engagement_in_plan_json_is_reported_by_path(
    plan: Any, entries: dict[str, Any]
) -> None:
    _groups(plan)
    data = plan_to_json(plan)
    data["engagement"]["groups"][1]["current"] = "enthusiastic"
    data["engagement"]["groups"][2]["influence"] = 7
    with pytest.raises(PlanJSONError) as raised:
        read_plan_json(data)
    paths = [str(p.path) for p in raised.value.problems]
    assert "$.engagement.groups[1].current" in paths
    assert "$.engagement.groups[2].influence" in paths


# --- access and query counts ------------------------------------------------------------------


def test_a_viewer_sees_the_engagement_but_cannot_set_it(
    plan: Any, entries: dict[str, Any], viewer_client: Any
) -> None:
    group = entries["groups"]
    _set(group, Level.NEUTRAL, Level.SUPPORTIVE)
    page = viewer_client.get(_url(plan, group)).content.decode()
    assert "Supportive" in page and f"/groups/{group.pk}/engagement/edit/" not in page
    people = viewer_client.get(f"/plans/{plan.pk}/people/").content.decode()
    assert "Neutral → Supportive" in people and "Not assessed yet" in people  # Kommunstyrelsen
    assert viewer_client.get(_url(plan, group) + "engagement/edit/").status_code == 403
    response = _post(viewer_client, plan, group, current=Level.LEADING)
    assert response.status_code == 403
    assert Engagement.objects.get(group=group).current == Level.NEUTRAL


def test_an_outsider_learns_nothing(
    plan: Any, entries: dict[str, Any], outsider_client: Any
) -> None:
    group = entries["groups"]
    for url in (_url(plan), _url(plan, group) + "engagement/edit/"):
        assert outsider_client.get(url).status_code == 404
    assert _post(outsider_client, plan, group).status_code == 404
    assert not Engagement.objects.exists()


@pytest.mark.parametrize("size", [2, 12])
def test_the_grid_and_the_overview_read_a_fixed_number_of_queries(
    size: int, plan: Any, entries: dict[str, Any], admin_client: Any, django_assert_num_queries: Any
) -> None:
    for n in range(size):
        group = TargetGroup.objects.create(plan=plan, name=f"Grupp {n}")
        _set(group, 1 + n % 5, 5, influence=1 + n % 5, interest=1 + (n * 2) % 5)
        EngagementChange.objects.create(group=group, current=1, desired=5, influence=1, interest=1)
    admin_client.get("/")  # the session is read once before counting
    with django_assert_num_queries(5):
        assert admin_client.get(_url(plan)).status_code == 200
    with django_assert_num_queries(9):
        assert admin_client.get(_url(plan, group)).status_code == 200
    with django_assert_num_queries(6):
        assert admin_client.get(_url(plan, group) + "engagement/edit/").status_code == 200
