"""The activity plan's group, channel and message filters of a large plan: the page carries only
the chosen option, the rest are asked for when the select is used or searched."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from komplan.accounts.models import Role
from komplan.demo.synthetic import synthetic_plan_create
from komplan.plans.models import Channel, Message, TargetGroup
from tests.factories import make_member, make_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer_client(viewer: Any) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(viewer)
    return client


@pytest.fixture
def registers(plan: Any) -> dict[str, Any]:
    return {
        "board": TargetGroup.objects.create(plan=plan, name="Kommunstyrelsen"),
        "staff": TargetGroup.objects.create(plan=plan, name="Handläggare"),
        "intranet": Channel.objects.create(plan=plan, name="Intranätet"),
        "saves_time": Message.objects.create(plan=plan, text="Systemet sparar tid."),
        "safe": Message.objects.create(plan=plan, text="Uppgifterna är säkra."),
    }


def select(page: str, name: str) -> str:
    found = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert found, f"no select {name}"
    return found.group(1)


def options(client: Client, plan: Any, name: str, **params: Any) -> list[str]:
    """The options' labels the filter `name` is given, the chosen one starred."""
    response = client.get(f"/plans/{plan.pk}/activities/options/{name}/", params)
    assert response.status_code == 200
    return [
        label + ("*" if chosen else "")
        for chosen, label in re.findall(
            r"<option[^>]*?( selected)?(?: disabled)?>([^<]*)</option>", response.content.decode()
        )
    ]


def test_the_page_carries_only_the_chosen_option_and_a_labelled_search_field(
    viewer_client: Client, plan: Any, registers: dict[str, Any]
) -> None:
    page = viewer_client.get(f"/plans/{plan.pk}/activities/").content.decode()
    assert "Kommunstyrelsen" not in select(page, "group")
    assert "All target groups" in select(page, "group")
    assert '<label for="id_group">Target group:</label>' in page
    assert '<label class="on-demand-find" for="id_group-find">Find a target group</label>' in page
    assert f'data-hx-get="/plans/{plan.pk}/activities/options/group/"' in page

    chosen = viewer_client.get(
        f"/plans/{plan.pk}/activities/", {"group": registers["board"].pk}
    ).content.decode()
    group_select = select(chosen, "group")
    assert f'<option value="{registers["board"].pk}" selected>Kommunstyrelsen</option>' in (
        group_select
    )
    assert "Handläggare" not in group_select


def test_the_options_come_on_demand_in_document_order(
    viewer_client: Client, plan: Any, registers: dict[str, Any]
) -> None:
    assert options(viewer_client, plan, "group") == [
        "All target groups",
        "Kommunstyrelsen",
        "Handläggare",
    ]
    assert options(viewer_client, plan, "channel") == ["All channels", "Intranätet"]
    assert options(viewer_client, plan, "message") == [
        "All messages",
        "1. Systemet sparar tid.",
        "2. Uppgifterna är säkra.",
    ]


def test_searching_narrows_the_options_and_keeps_the_chosen_one(
    viewer_client: Client, plan: Any, registers: dict[str, Any]
) -> None:
    assert options(viewer_client, plan, "group", group_term="STYR") == [
        "All target groups",
        "Kommunstyrelsen",
    ]
    staff = registers["staff"].pk
    assert options(viewer_client, plan, "group", group_term="styr", group=staff) == [
        "All target groups",
        "Handläggare*",
        "Kommunstyrelsen",
    ]
    assert options(viewer_client, plan, "message", message_term="2") == [
        "All messages",
        "2. Uppgifterna är säkra.",
    ]
    assert options(viewer_client, plan, "channel", channel_term="radio") == [
        "All channels",
        "Nothing matches “radio”",
    ]


def test_the_search_fields_stay_out_of_the_pages_links(
    viewer_client: Client, plan: Any, registers: dict[str, Any]
) -> None:
    page = viewer_client.get(
        f"/plans/{plan.pk}/activities/", {"group_term": "styr", "group": "", "sort": "title"}
    ).content.decode()
    links = re.findall(r'href="(\?[^"]*)"', page)
    assert links and not [link for link in links if "group_term" in link]


def test_outsiders_learn_nothing_and_other_filters_are_not_served(
    outsider_client: Client, viewer_client: Client, plan: Any, registers: dict[str, Any]
) -> None:
    url = f"/plans/{plan.pk}/activities/options/group/"
    assert outsider_client.get(url).status_code == 404
    assert viewer_client.get(f"/plans/{plan.pk}/activities/options/responsible/").status_code == 404


def test_the_options_take_the_same_queries_for_a_small_and_a_large_plan() -> None:
    organization = make_organization("Kommun", "kommun")
    client = Client(headers={"accept-language": "en"})
    client.force_login(make_member(organization, "admin", Role.ADMIN))
    counts = []
    for size in (10, 600):
        plan = synthetic_plan_create(
            organization=organization, activities=10, groups=size, messages=size, channels=size
        )
        with CaptureQueriesContext(connection) as captured:
            for name in ("group", "channel", "message"):
                assert len(options(client, plan, name)) == size + 1
        counts.append(len(captured))
    assert counts[0] == counts[1]
