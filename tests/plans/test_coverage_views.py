"""The coverage pages of Ekby kommun's plan for its new case-management system: the matrix, the
gap list and its one-click fixes, the briefing per target group and the overview's summary."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from komplan.accounts.models import Role
from komplan.plans.models import (
    Activity,
    ActivityStatus,
    Channel,
    Message,
    Plan,
    Reach,
    TargetGroup,
)
from komplan.plans.views import coverage as coverage_views
from tests.factories import make_member, make_organization, make_plan

pytestmark = pytest.mark.django_db


@dataclass
class Ekby:
    """The plan, its entries by name, and who works with it."""

    plan: Plan
    groups: dict[str, TargetGroup]
    messages: dict[int, Message]
    channels: dict[str, Channel]
    activities: dict[str, Activity]


@pytest.fixture
def ekby(plan: Plan) -> Ekby:
    """Owed: Kommunstyrelsen message 1 (core tier), Enhetschefer and Handläggare message 2
    (primary tier; Handläggare also inherits Enhetschefer's), Invånare message 3 (directly).
    Carried: 1 by a done activity, 2 by a planned one; 3 is the one gap."""
    core, primary, secondary = plan.tiers.order_by("position")

    def group(name: str, tier: Any, reach: str = Reach.INTERNAL) -> TargetGroup:
        return TargetGroup.objects.create(plan=plan, name=name, tier=tier, reach=reach)

    groups = {
        "Kommunstyrelsen": group("Kommunstyrelsen", core),
        "Enhetschefer": group("Enhetschefer", primary),
        "Handläggare": group("Handläggare", primary),
        "Invånare": group("Invånare", secondary, Reach.EXTERNAL),
    }
    groups["Handläggare"].inherits_from.add(groups["Enhetschefer"])
    texts = [
        ("Systemet sparar tid.", "Mindre manuell hantering."),
        ("Införandet sker i mars.", "Utbildning i februari."),
        ("E-tjänsten är öppen dygnet runt.", ""),
    ]
    messages = {
        number: Message.objects.create(plan=plan, text=text, clarification=clarification)
        for number, (text, clarification) in enumerate(texts, start=1)
    }
    messages[1].tiers.add(core)
    messages[2].tiers.add(primary)
    messages[3].groups.add(groups["Invånare"])
    channels = {}
    for name, reaches in [
        ("Ledningsgruppen", ["Kommunstyrelsen", "Enhetschefer"]),
        ("Intranätet", ["Enhetschefer", "Handläggare"]),
        ("Ekby.se", ["Invånare"]),
    ]:
        channels[name] = Channel.objects.create(plan=plan, name=name, responsible="Webbredaktör")
        channels[name].groups.add(*(groups[g] for g in reaches))

    def activity(title: str, status: str, to: list[str], carries: list[int], via: str) -> Activity:
        made = Activity.objects.create(plan=plan, title=title, status=status, time_text="Mars 2026")
        made.groups.add(*(groups[g] for g in to))
        made.messages.add(*(messages[n] for n in carries))
        made.channels.add(channels[via])
        return made

    activities = {
        "Dragning": activity(
            "Dragning i KS", ActivityStatus.DONE, ["Kommunstyrelsen"], [1], "Ledningsgruppen"
        ),
        "Nyhet": activity(
            "Nyhet på intranätet",
            ActivityStatus.PLANNED,
            ["Enhetschefer", "Handläggare"],
            [2],
            "Intranätet",
        ),
        "Öppet hus": activity("Öppet hus", ActivityStatus.PLANNED, ["Invånare"], [], "Ekby.se"),
    }
    return Ekby(plan, groups, messages, channels, activities)


def english(user: Any) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


@pytest.fixture
def editor_en(editor: Any) -> Client:
    return english(editor)


@pytest.fixture
def viewer_en(viewer: Any) -> Client:
    return english(viewer)


class MatrixParser(HTMLParser):
    """The matrix as {(group name, message number): (data-state, cell text)}."""

    def __init__(self) -> None:
        super().__init__()
        self.numbers: list[int] = []
        self.cells: dict[tuple[str, int], tuple[str, str]] = {}
        self.where: str | None = None  # "head", "row" or "cell"
        self.text = ""
        self.group = ""
        self.column = 0
        self.state = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "th" and found.get("scope") in ("col", "row"):
            self.where, self.text = ("head" if found["scope"] == "col" else "row"), ""
        elif tag == "td" and "data-state" in found:
            self.where, self.text, self.state = "cell", "", found["data-state"] or ""

    def handle_data(self, data: str) -> None:
        if self.where:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "th" and self.where == "head":
            words = self.text.split()
            if words and words[-1].isdigit():
                self.numbers.append(int(words[-1]))
        elif tag == "th" and self.where == "row":
            self.group = self.text.split("·")[0].strip()
            self.column = 0
        elif tag == "td" and self.where == "cell":
            key = (self.group, self.numbers[self.column])
            self.cells[key] = (self.state, " ".join(self.text.split()))
            self.column += 1
        if tag in ("th", "td"):
            self.where = None


def matrix(client: Client, plan: Plan, query: str = "") -> MatrixParser:
    response = client.get(f"{reverse('plans:coverage', args=[plan.pk])}{query}")
    assert response.status_code == 200
    parser = MatrixParser()
    parser.feed(response.content.decode())
    return parser


# --- The matrix -------------------------------------------------------------------------------


def test_every_cell_says_done_planned_gap_or_not_owed(ekby: Ekby, viewer_en: Client) -> None:
    cells = matrix(viewer_en, ekby.plan).cells
    assert cells[("Kommunstyrelsen", 1)] == ("done", "✓ Done")
    assert cells[("Enhetschefer", 2)] == ("planned", "→ Planned")
    assert cells[("Handläggare", 2)] == ("planned", "→ Planned")  # inherited from Enhetschefer
    assert cells[("Invånare", 3)] == ("gap", "✗ Gap")
    assert cells[("Invånare", 1)] == ("none", "–Not required")  # the dash is hidden from readers
    assert len(cells) == 4 * 3


def test_rows_follow_the_plans_order_of_target_groups(ekby: Ekby, viewer_en: Client) -> None:
    groups = list(dict.fromkeys(group for group, _number in matrix(viewer_en, ekby.plan).cells))
    assert groups == ["Kommunstyrelsen", "Enhetschefer", "Handläggare", "Invånare"]


def test_a_gap_cell_links_to_its_fixes(ekby: Ekby, viewer_en: Client) -> None:
    page = viewer_en.get(reverse("plans:coverage", args=[ekby.plan.pk])).content.decode()
    invanare, message = ekby.groups["Invånare"].pk, ekby.messages[3].pk
    assert f"/coverage/gaps/?group={invanare}&amp;message={message}" in page
    assert "<caption" in page and 'scope="col"' in page and 'scope="row"' in page


def test_the_matrix_filters_by_tier_reach_and_gaps(ekby: Ekby, viewer_en: Client) -> None:
    primary = ekby.plan.tiers.get(position=2)

    def rows(query: str) -> set[str]:
        return {group for group, _ in matrix(viewer_en, ekby.plan, query).cells}

    assert rows(f"?tier={primary.pk}") == {"Enhetschefer", "Handläggare"}
    assert rows("?reach=external") == {"Invånare"}
    assert rows("?reach=internal&gaps=on") == set()
    assert rows("?gaps=on") == {"Invånare"}
    TargetGroup.objects.create(plan=ekby.plan, name="Revisorerna")
    assert rows("?tier=none") == {"Revisorerna"}
    # An unknown tier is reported and ignored, not a server error.
    response = viewer_en.get(reverse("plans:coverage", args=[ekby.plan.pk]), {"tier": "999"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert len(rows("?tier=999")) == 5


def test_the_matrix_shows_one_window_of_each_axis(
    ekby: Ekby, viewer_en: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(coverage_views, "MATRIX_ROWS", 3)
    monkeypatch.setattr(coverage_views, "MATRIX_COLUMNS", 2)
    first = matrix(viewer_en, ekby.plan)
    assert first.numbers == [1, 2]
    assert {group for group, _ in first.cells} == {"Kommunstyrelsen", "Enhetschefer", "Handläggare"}
    last = matrix(viewer_en, ekby.plan, "?rows=2&cols=2")
    assert last.numbers == [3]
    assert set(last.cells) == {("Invånare", 3)}
    page = viewer_en.get(reverse("plans:coverage", args=[ekby.plan.pk])).content.decode()
    assert "?rows=2" in page and "?cols=2" in page
    assert "Target groups 1–3 of 4" in page and "Messages 1–2 of 3" in page


# --- The gap list -----------------------------------------------------------------------------


def test_the_gap_list_suggests_activities_and_channels(ekby: Ekby, editor_en: Client) -> None:
    page = editor_en.get(reverse("plans:coverage_gaps", args=[ekby.plan.pk])).content.decode()
    item = page[page.index(f'id="gap-{ekby.groups["Invånare"].pk}-{ekby.messages[3].pk}"') :]
    item = item[: item.index("</li>")]
    assert "E-tjänsten är öppen dygnet runt." in item
    assert "Add message 3 to activity “Öppet hus”" in item
    assert "Create an activity in channel “Ekby.se”" in item
    assert "Create an activity in channel “Intranätet”" not in item  # does not reach Invånare


def test_the_gap_list_shows_the_warnings(ekby: Ekby, editor_en: Client) -> None:
    ekby.groups["Enhetschefer"].inherits_from.add(ekby.groups["Handläggare"])
    press = Message.objects.create(plan=ekby.plan, text="Pressmeddelande om lanseringen.")
    page = editor_en.get(reverse("plans:coverage_gaps", args=[ekby.plan.pk])).content.decode()
    warnings = page[page.index('id="warnings"') :]
    assert "in a loop" in warnings
    assert "Enhetschefer</a> → " in warnings and "Handläggare</a> → " in warnings
    assert "Messages addressed to no target group" in warnings
    press_edit = reverse("plans:register_edit", args=[ekby.plan.pk, "messages", press.pk])
    assert f'href="{press_edit}">Message 4</a>: Pressmeddelande' in warnings
    assert "Activities that carry no message" in warnings
    edit = reverse(
        "plans:register_edit", args=[ekby.plan.pk, "activities", ekby.activities["Öppet hus"].pk]
    )
    assert f'href="{edit}"' in warnings


def test_a_viewer_sees_suggestions_but_no_buttons(ekby: Ekby, viewer_en: Client) -> None:
    page = viewer_en.get(reverse("plans:coverage_gaps", args=[ekby.plan.pk])).content.decode()
    assert "the activity “Öppet hus”" in page
    assert "<button" not in page.split('id="coverage-gaps"')[1]
    assert "/edit/" not in page.split('id="warnings"')[1]


def test_the_gap_list_narrows_to_one_gap(ekby: Ekby, editor_en: Client) -> None:
    Message.objects.create(plan=ekby.plan, text="Servicecenter svarar på frågor.").groups.add(
        ekby.groups["Invånare"]
    )
    url = reverse("plans:coverage_gaps", args=[ekby.plan.pk])
    invanare = ekby.groups["Invånare"].pk
    both = editor_en.get(url, {"group": invanare}).content.decode()
    assert both.count('class="fixes"') == 2
    one = editor_en.get(url, {"group": invanare, "message": ekby.messages[3].pk}).content.decode()
    assert one.count('class="fixes"') == 1
    assert "Only message 3 to Invånare is shown." in one
    assert "Only the gaps of Invånare are shown." in both


def test_the_gap_list_is_paginated(
    ekby: Ekby, editor_en: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(coverage_views, "GAPS_PER_PAGE", 1)
    Activity.objects.filter(plan=ekby.plan).update(status=ActivityStatus.CANCELLED)
    url = reverse("plans:coverage_gaps", args=[ekby.plan.pk])
    first = editor_en.get(url).content.decode()
    assert "Gaps 1–1 of 4" in first and "?page=2" in first
    last = editor_en.get(url, {"page": 4}).content.decode()
    assert f'id="gap-{ekby.groups["Invånare"].pk}-{ekby.messages[3].pk}"' in last


# --- One-click fixes --------------------------------------------------------------------------


def _add_message(
    client: Client, plan: Plan, activity: Any, message: Any, headers: Any = None, **extra: Any
) -> Any:
    url = reverse("plans:coverage_fix_add_message", args=[plan.pk])
    return client.post(url, {"activity": activity, "message": message, **extra}, headers=headers)


def test_adding_a_message_to_an_activity_closes_the_gap(ekby: Ekby, editor_en: Client) -> None:
    open_house = ekby.activities["Öppet hus"]
    version = open_house.lock_version
    response = _add_message(editor_en, ekby.plan, open_house.pk, ekby.messages[3].pk)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:coverage_gaps", args=[ekby.plan.pk])
    open_house.refresh_from_db()
    assert list(open_house.messages.all()) == [ekby.messages[3]]
    assert open_house.lock_version == version + 1  # an open edit form now sees a conflict
    page = editor_en.get(response["Location"]).content.decode()
    assert "Message 3 was added to the activity “Öppet hus”." in page
    assert matrix(editor_en, ekby.plan).cells[("Invånare", 3)][0] == "planned"


def test_creating_an_activity_in_a_channel_closes_the_gap(ekby: Ekby, editor_en: Client) -> None:
    plan = ekby.plan
    gaps_url = reverse("plans:coverage_gaps", args=[plan.pk])
    back = f"{gaps_url}?reach=external"
    response = editor_en.post(
        reverse("plans:coverage_fix_new_activity", args=[plan.pk]),
        {
            "channel": ekby.channels["Ekby.se"].pk,
            "group": ekby.groups["Invånare"].pk,
            "message": ekby.messages[3].pk,
            "next": back,
        },
    )
    assert response.status_code == 302 and response["Location"] == back
    created = Activity.objects.filter(plan=plan).latest("pk")
    with translation.override("sv"):  # the plan's language, not the interface's (en)
        title = translation.gettext("%(channel)s: message %(number)s to %(group)s") % {
            "channel": "Ekby.se",
            "number": 3,
            "group": "Invånare",
        }
    assert created.title == title
    assert created.status == ActivityStatus.PLANNED
    assert created.responsible == "Webbredaktör"
    assert list(created.groups.all()) == [ekby.groups["Invånare"]]
    assert list(created.messages.all()) == [ekby.messages[3]]
    assert list(created.channels.all()) == [ekby.channels["Ekby.se"]]
    assert created.position == 4
    page = editor_en.get(back).content.decode()
    assert f"The activity “{title}” was created in Ekby.se" in page
    assert matrix(editor_en, plan).cells[("Invånare", 3)][0] == "planned"


def test_with_htmx_a_fix_answers_with_the_gap_lists_fragment(ekby: Ekby, editor_en: Client) -> None:
    gaps_url = reverse("plans:coverage_gaps", args=[ekby.plan.pk])
    response = _add_message(
        editor_en,
        ekby.plan,
        ekby.activities["Öppet hus"].pk,
        ekby.messages[3].pk,
        next=f"{gaps_url}?reach=external",
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<div id="coverage-gaps">')
    assert "<html" not in fragment
    assert "Message 3 was added to the activity “Öppet hus”." in fragment
    assert "autofocus" in fragment
    assert "every target group gets every message it must get" in fragment
    assert f'value="{gaps_url}?reach=external"' not in fragment  # no fix buttons left
    page = editor_en.get(gaps_url).content.decode()
    assert "was added" not in page  # the message was shown once, in the fragment


def test_a_fix_never_redirects_away_from_the_plans_gap_list(ekby: Ekby, editor_en: Client) -> None:
    response = _add_message(
        editor_en,
        ekby.plan,
        ekby.activities["Öppet hus"].pk,
        ekby.messages[3].pk,
        next="https://evil.example/coverage/gaps/",
    )
    assert response["Location"] == reverse("plans:coverage_gaps", args=[ekby.plan.pk])


def test_a_viewer_cannot_fix_and_an_outsider_learns_nothing(
    ekby: Ekby, viewer_en: Client, outsider_client: Client
) -> None:
    activity, message = ekby.activities["Öppet hus"].pk, ekby.messages[3].pk
    assert _add_message(viewer_en, ekby.plan, activity, message).status_code == 403
    assert _add_message(outsider_client, ekby.plan, activity, message).status_code == 404
    new = reverse("plans:coverage_fix_new_activity", args=[ekby.plan.pk])
    fields = {
        "channel": ekby.channels["Ekby.se"].pk,
        "group": ekby.groups["Invånare"].pk,
        "message": message,
    }
    assert viewer_en.post(new, fields).status_code == 403
    assert outsider_client.post(new, fields).status_code == 404
    assert not ekby.activities["Öppet hus"].messages.exists()
    assert Activity.objects.filter(plan=ekby.plan).count() == 3


def test_a_fix_refuses_another_plans_entries(
    ekby: Ekby, editor_en: Client, organization: Any
) -> None:
    other = make_plan(organization, name="Ny webbplats")
    foreign_activity = Activity.objects.create(plan=other, title="Lansering")
    foreign_message = Message.objects.create(plan=other, text="Webbplatsen är ny.")
    foreign_channel = Channel.objects.create(plan=other, name="Facebook")
    plan, mine = ekby.plan, ekby.activities["Öppet hus"]
    assert (
        _add_message(editor_en, plan, foreign_activity.pk, ekby.messages[3].pk).status_code == 404
    )
    assert _add_message(editor_en, plan, mine.pk, foreign_message.pk).status_code == 404
    assert _add_message(editor_en, plan, "x", ekby.messages[3].pk).status_code == 404
    assert _add_message(editor_en, plan, mine.pk, "").status_code == 404
    new = reverse("plans:coverage_fix_new_activity", args=[plan.pk])
    fields = {"group": ekby.groups["Invånare"].pk, "message": ekby.messages[3].pk}
    assert editor_en.post(new, {**fields, "channel": foreign_channel.pk}).status_code == 404
    assert not mine.messages.exists() and not foreign_activity.messages.exists()
    assert Activity.objects.filter(plan=plan).count() == 3


def test_a_fix_must_be_posted(ekby: Ekby, editor_en: Client) -> None:
    url = reverse("plans:coverage_fix_add_message", args=[ekby.plan.pk])
    assert editor_en.get(url).status_code == 405


# --- The briefing -----------------------------------------------------------------------------


def test_the_briefing_says_what_a_group_must_know_and_how(ekby: Ekby, viewer_en: Client) -> None:
    staff = ekby.groups["Handläggare"]
    page = viewer_en.get(
        reverse("plans:coverage_briefing", args=[ekby.plan.pk, staff.pk])
    ).content.decode()
    assert "<h1>Handläggare</h1>" in page
    must_know = page[page.index('id="must-know"') : page.index('id="suggested-channels"')]
    assert '<li value="2"' in must_know
    assert "Införandet sker i mars." in must_know and "Utbildning i februari." in must_know
    assert "Systemet sparar tid." not in must_know  # owed to the core tier only
    assert "Nyhet på intranätet" in must_know and "Mars 2026 · Planned" in must_know
    assert "Channels: Intranätet" in must_know
    assert "Also gets the messages of" in page and ">Enhetschefer</a>" in page
    suggested = page[page.index('id="suggested-channels"') :]
    assert "Intranätet" in suggested and "Ekby.se" not in suggested


def test_a_briefing_points_at_its_gaps(ekby: Ekby, viewer_en: Client) -> None:
    residents = ekby.groups["Invånare"]
    page = viewer_en.get(
        reverse("plans:coverage_briefing", args=[ekby.plan.pk, residents.pk])
    ).content.decode()
    assert "1 gap" in page
    assert "No activity carries this to them yet." in page
    assert f"?group={residents.pk}&amp;message={ekby.messages[3].pk}" in page


def test_another_plans_group_has_no_briefing_here(ekby: Ekby, viewer_en: Client) -> None:
    other = make_plan(ekby.plan.organization, name="Ny webbplats")
    stranger = TargetGroup.objects.create(plan=other, name="Besökare")
    url = reverse("plans:coverage_briefing", args=[ekby.plan.pk, stranger.pk])
    assert viewer_en.get(url).status_code == 404


# --- The overview -----------------------------------------------------------------------------


def test_the_overview_sums_up_coverage(ekby: Ekby, viewer_en: Client) -> None:
    page = viewer_en.get(reverse("plans:overview", args=[ekby.plan.pk])).content.decode()
    section = page[page.index('id="coverage-heading"') : page.index('id="s1"')]
    assert "75% reached</strong> of the 4 messages required for target groups" in section
    assert "(50% planned, 25% done); 1 gap." in section
    assert reverse("plans:coverage_gaps", args=[ekby.plan.pk]) in section


def test_the_overview_summary_follows_every_change_despite_its_cache(
    ekby: Ekby, editor_en: Client
) -> None:
    overview = reverse("plans:overview", args=[ekby.plan.pk])

    def summary() -> str:
        page = editor_en.get(overview).content.decode()
        return page[page.index('id="coverage-heading"') : page.index('id="s1"')]

    assert "; 1 gap." in summary()
    _add_message(editor_en, ekby.plan, ekby.activities["Öppet hus"].pk, ekby.messages[3].pk)
    assert "100% reached" in summary()
    ekby.activities["Öppet hus"].delete()
    assert "100% reached" not in summary()


def test_shares_are_rounded_but_a_gap_never_reads_complete() -> None:
    summary = coverage_views.Summary(owed=1000, carried=999, done=335, gaps=1, cycles=0)
    assert (summary.carried_percent, summary.done_percent, summary.planned_percent) == (99, 34, 65)
    two_of_three = coverage_views.Summary(owed=3, carried=2, done=2, gaps=1, cycles=0)
    assert two_of_three.carried_percent == 67
    assert coverage_views.Summary(0, 0, 0, 0, 0).carried_percent == 100


# --- Query counts -----------------------------------------------------------------------------


@pytest.mark.slow
def test_coverage_pages_run_the_same_queries_for_a_small_and_a_large_plan(
    db: Any,
) -> None:
    from komplan.demo.synthetic import synthetic_plan_create

    counts: dict[str, list[int]] = {}
    for number, size in enumerate([(10, 5, 8, 4), (1_000, 120, 200, 50)], start=1):
        organization = make_organization(f"Kommun {number}", f"kommun-{number}")
        user = make_member(organization, f"admin-{number}", Role.ADMIN)
        activities, groups, messages, channels = size
        plan = synthetic_plan_create(
            organization=organization,
            activities=activities,
            groups=groups,
            messages=messages,
            channels=channels,
            seed=number,
        )
        group = plan.groups.order_by("position").first()
        assert group is not None
        client = english(user)
        for name, url in {
            "matrix": reverse("plans:coverage", args=[plan.pk]),
            "matrix, gaps only": reverse("plans:coverage", args=[plan.pk]) + "?gaps=on&cols=2",
            "gap list": reverse("plans:coverage_gaps", args=[plan.pk]),
            "briefing": reverse("plans:coverage_briefing", args=[plan.pk, group.pk]),
            "overview": reverse("plans:overview", args=[plan.pk]),
        }.items():
            assert client.get(url).status_code == 200, url
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200, url
            counts.setdefault(name, []).append(len(captured))
    assert all(small == large for small, large in counts.values()), counts


@pytest.mark.slow
def test_the_gap_list_of_a_10000_activity_plan_builds_only_its_pages_gaps(
    db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """~40,000 gaps, 25 a page: a page and "only groups with gaps" build no more than they
    show, counted by the Gap objects the core makes."""
    from komplan.demo.synthetic import synthetic_plan_create
    from komplan.plans import coverage as core

    organization = make_organization("Storvik", "storvik")
    user = make_member(organization, "admin-storvik", Role.ADMIN)
    plan = synthetic_plan_create(
        organization=organization, activities=10_000, groups=300, messages=600, channels=150
    )
    made: list[Any] = []

    class CountedGap(core.Gap):
        __slots__ = ()

        def __init__(self, *args: Any) -> None:
            made.append(1)
            super().__init__(*args)

    monkeypatch.setattr(core, "Gap", CountedGap)
    client = english(user)
    gaps_url = reverse("plans:coverage_gaps", args=[plan.pk])
    for url in [gaps_url, f"{gaps_url}?page=40", f"{gaps_url}?page=last"]:
        made.clear()
        page = client.get(url).content.decode()
        assert 'class="gap' in page or "gap" in page
        assert 0 < len(made) <= coverage_views.GAPS_PER_PAGE, (url, len(made))
    made.clear()
    response = client.get(reverse("plans:coverage", args=[plan.pk]) + "?gaps=on")
    assert response.status_code == 200 and made == []
    summary = coverage_views.Coverage.of(plan).report
    assert summary.gap_count > 10_000  # the plan has far more gaps than a page
