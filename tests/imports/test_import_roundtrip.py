"""komplan's own exports come back in: the demo plan of Norrviks kommun, exported as Word and
as Excel, imported into a new plan, has the same registers and the same activities."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils.translation import override

from komplan.exports.exports import export_bytes
from komplan.imports.importers import read_upload
from komplan.imports.importers.commit import import_commit
from komplan.plans.models import Plan

pytestmark = pytest.mark.django_db


def activities(plan: Plan) -> list[tuple[str, str, str]]:
    return sorted(plan.activities.values_list("title", "time_text", "status"))


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_an_exported_plan_imports_into_an_equal_plan(demo_plan: Any, fmt: str) -> None:
    with override("en"):
        draft = read_upload(export_bytes(demo_plan, fmt), f"export.{fmt}")
        done = import_commit(draft=draft, organization=demo_plan.organization)
    copy = done.plan
    assert activities(copy) == activities(demo_plan)
    for register in ("groups", "channels"):
        names = sorted(getattr(copy, register).values_list("name", flat=True))
        assert names == sorted(getattr(demo_plan, register).values_list("name", flat=True))
    assert sorted(copy.messages.values_list("text", flat=True)) == sorted(
        demo_plan.messages.values_list("text", flat=True)
    )
    channel_links = sorted(
        copy.activities.values_list("title", "channels__name").exclude(channels=None)
    )
    assert channel_links == sorted(
        demo_plan.activities.values_list("title", "channels__name").exclude(channels=None)
    )


def test_the_exported_workbook_links_activities_to_groups_and_messages(demo_plan: Any) -> None:
    with override("en"):
        draft = read_upload(export_bytes(demo_plan, "xlsx"), "export.xlsx")
        copy = import_commit(draft=draft, organization=demo_plan.organization).plan

    def links(plan: Plan, field: str) -> list[tuple[str, str]]:
        return sorted(plan.activities.values_list("title", field).exclude(**{field: None}))

    assert links(copy, "groups__name") == links(demo_plan, "groups__name")
    assert links(copy, "messages__text") == links(demo_plan, "messages__text")
    tiers = sorted(copy.groups.values_list("name", "tier__name"))
    assert tiers == sorted(demo_plan.groups.values_list("name", "tier__name"))
