"""komplan's own exports come back in: the demo plan of Norrviks kommun, exported as Word and
as Excel, imported into a new plan, has the same registers and the same activities."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils.translation import override

from komplan.exports.exports import export_bytes
from komplan.imports.importers import read_upload
from komplan.imports.importers.commit import import_commit
from komplan.plans import schema
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


# --- the whole plan JSON (#15 item 7) ----------------------------------------------------------

# What komplan's Word export does not write, so that no reader can bring it back. The export
# follows the municipal template: its channel table has the channel, description and
# responsible; its activity table the activity, purpose and target groups, time, channel,
# responsible and status. Its spokesperson table has every field (subject, name, role,
# contact) and so has its risk table: the risk, the score cell with both factors ("Hög 16
# (4 × 4)": likelihood × consequence), mitigation, owner and status.
WORD_EXCLUDED = {
    "plan": {
        "last_changed": "the day of the import, not of the plan's last change",
        "changed_by": "the person who imported, not the one who last changed the plan",
    },
    "revisions": {
        "date": "the day of the export's revision row depends on when the test runs",
    },
    "channels": {
        "reach": "the template's channel table has no internal/external column",
        "cadence": "the template's channel table has no frequency column",
        "groups": "the template's channel table does not say which groups a channel reaches",
    },
    "activities": {
        "messages": "the template's activity table has no message column",
        "goals": "the template's activity table does not link activities to goals",
        "recurrence": "the template's activity table has no recurrence column",
        "follow_up": "the template's activity table has no follow-up column",
    },
}
# komplan's Excel export is the activity plan (with its registers, spokespersons and risks as
# further sheets): the plan's facts, goals and revision history are in the Word document, not
# in the workbook.
EXCEL_EXCLUDED = {
    "activities": {
        "goals": "the workbook has no sheet of goals for the activities to link to",
        "recurrence": "the activity sheet has no recurrence column",
    },
}
# Parts of plan JSON that the Word reader does not read back yet (#20 added them after #15's
# round trip was written): named here so that the gap is visible, not hidden.
WORD_PARTS_NOT_READ = {
    "engagement": "the document shows no engagement levels",
    "contacts": "documents carry no contacts (personal data)",
    "indicators": "the document shows no indicators or measurements yet",
}

EXCEL_PARTS = ("tiers", "groups", "messages", "channels", "activities", "spokespersons", "risks")


def comparable(data: dict[str, Any], excluded: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Plan JSON without its database ids and the fields `excluded` names (keys such as
    "group-3" are by position, so equal plans have equal keys)."""

    def entry(part: str, value: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in value.items() if k != "id" and k not in excluded.get(part, {})}

    out: dict[str, Any] = {}
    for part, value in data.items():
        if isinstance(value, list):
            out[part] = [entry(part, v) if isinstance(v, dict) else v for v in value]
        elif isinstance(value, dict):
            out[part] = entry(part, value)
        else:
            out[part] = value
    return out


def test_the_word_export_imports_into_the_same_plan_json(demo_plan: Any) -> None:
    from komplan.plans.planjson import plan_to_json

    with override("en"):
        draft = read_upload(export_bytes(demo_plan, "docx"), "export.docx")
        copy = import_commit(draft=draft, organization=demo_plan.organization).plan
    before = comparable(plan_to_json(demo_plan), WORD_EXCLUDED)
    after = comparable(plan_to_json(copy), WORD_EXCLUDED)
    # The import's own revision row comes after the plan's.
    after["revisions"] = after["revisions"][: len(before["revisions"])]
    for part in before.keys() - WORD_PARTS_NOT_READ.keys():
        assert after[part] == before[part], part
    # What the issue found missing: the activities' target groups.
    assert all(a["groups"] for a in after["activities"])
    # The spokespersons and risks are compared field by field, every field of the schema.
    for part in ("spokespersons", "risks"):
        fields = {f.path for f in schema.by_slug(part).content} - WORD_EXCLUDED.get(part, {}).keys()
        assert after[part] and all(set(entry) - {"key"} == fields for entry in after[part]), part


def test_the_excel_export_imports_into_the_same_activity_plan(demo_plan: Any) -> None:
    from komplan.plans.planjson import plan_to_json

    with override("en"):
        draft = read_upload(export_bytes(demo_plan, "xlsx"), "export.xlsx")
        copy = import_commit(draft=draft, organization=demo_plan.organization).plan
    before = comparable(plan_to_json(demo_plan), EXCEL_EXCLUDED)
    after = comparable(plan_to_json(copy), EXCEL_EXCLUDED)
    for part in EXCEL_PARTS:
        assert after[part] == before[part], part
    assert after["spokespersons"] and after["risks"]
