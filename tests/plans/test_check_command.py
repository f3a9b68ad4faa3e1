"""`komplan check PLAN_ID`: Ekby kommun's communicator checks the plan from a nightly job.

Exit status 0 when every target group gets every message it must, 1 with gaps, 2 when the
check cannot run. The plan: Kommunstyrelsen (core tier) and Handläggare (primary tier) must
get message 1 (to the core tier; Handläggare inherits Kommunstyrelsen's messages).
"""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from komplan.cli import main
from komplan.plans.models import Activity, ActivityStatus, Message, Plan, TargetGroup

pytestmark = pytest.mark.django_db


def check(*args: Any, **options: Any) -> str:
    """Run a check that must pass (exit status 0) in English; its output."""
    out = StringIO()
    with translation.override("en"):
        call_command("check", *args, stdout=out, **options)
    return out.getvalue()


def check_failing(*args: Any, **options: Any) -> tuple[int, str, str]:
    """Run a check that must fail: its exit status, output and error message."""
    out = StringIO()
    with pytest.raises(CommandError) as raised, translation.override("en"):
        call_command("check", *args, stdout=out, **options)
    return raised.value.returncode, out.getvalue(), str(raised.value)


@pytest.fixture
def gap(plan: Plan, entries: dict[str, Any]) -> Message:
    """Message 2, to the primary tier: no activity carries it to Handläggare."""
    message = Message.objects.create(plan=plan, text="Utbildningen börjar i februari.")
    message.tiers.add(plan.tiers.get(position=2))
    return message


def test_a_complete_plan_passes(plan: Plan, entries: dict[str, Any]) -> None:
    out = check(str(plan.pk))  # returns: exit status 0
    assert f"Coverage of “Nytt ärendesystem” (plan {plan.pk}): 0 gaps." in out
    assert "Required 2, reached 2 (planned 0, done 2), gaps 0." in out


def test_gaps_fail_and_are_listed_per_group(plan: Plan, entries: dict[str, Any], gap: Any) -> None:
    status, out, error = check_failing(str(plan.pk))
    assert status == 1
    assert "Gaps (target group: message numbers)\n  Handläggare: 2" in out
    assert "Kommunstyrelsen:" not in out
    assert "1 gaps" in error


def test_warnings_alone_do_not_fail(plan: Plan, entries: dict[str, Any]) -> None:
    Activity.objects.create(plan=plan, title="Enkät till alla", status=ActivityStatus.PLANNED)
    out = check(str(plan.pk))
    assert "Warnings" in out
    assert "“Enkät till alla” carries no message." in out
    assert "“Enkät till alla” reaches no target group." in out
    assert "“Nyhet 1” reaches Kommunstyrelsen, but none of its channels does." in out


def test_an_inheritance_loop_fails_the_check(plan: Plan, entries: dict[str, Any]) -> None:
    board = TargetGroup.objects.get(plan=plan, name="Kommunstyrelsen")
    board.inherits_from.add(entries["groups"])  # and Handläggare inherits Kommunstyrelsen's
    status, out, _error = check_failing(str(plan.pk))
    assert status == 1
    assert "Inheritance loop: Kommunstyrelsen → Handläggare → Kommunstyrelsen" in out


def test_json_is_a_stable_object_for_scripts(plan: Plan, entries: dict[str, Any], gap: Any) -> None:
    _status, out, _error = check_failing(str(plan.pk), format="json")
    result = json.loads(out)
    assert set(result) == {"version", "plan", "complete", "counts", "gaps", "warnings"}
    assert result["version"] == 1
    assert result["plan"] == {"id": plan.pk, "name": "Nytt ärendesystem"}
    assert result["complete"] is False
    assert result["counts"] == {"owed": 3, "carried": 2, "planned": 0, "done": 2, "gaps": 1}
    staff = entries["groups"]
    assert result["gaps"] == [
        {
            "group": {"id": staff.pk, "name": "Handläggare"},
            "messages": [{"id": gap.pk, "number": 2}],
        }
    ]
    assert set(result["warnings"]) == {
        "inheritance_cycles",
        "channel_mismatches",
        "unaddressed_messages",
        "groups_without_activity",
        "activities_without_message",
        "activities_without_group",
    }
    mismatch = result["warnings"]["channel_mismatches"][0]
    assert mismatch["group"]["name"] == "Kommunstyrelsen"
    assert mismatch["activity"]["title"] == "Nyhet 1"


def test_json_of_a_complete_plan(plan: Plan, entries: dict[str, Any]) -> None:
    result = json.loads(check(str(plan.pk), format="json"))
    assert result["complete"] is True and result["gaps"] == []


@pytest.mark.parametrize(
    ("args", "options"),
    [
        (["999999"], {}),  # no such plan
        (["abc"], {}),  # neither a plan id nor an app
        (["1", "2"], {}),  # one plan at a time
        ([], {"format": "json"}),  # a format needs a plan
        (["{plan}"], {"format": "xml"}),
    ],
)
def test_errors_exit_with_2(plan: Plan, args: list[str], options: dict[str, Any]) -> None:
    status, _out, _error = check_failing(*(a.format(plan=plan.pk) for a in args), **options)
    assert status == 2


def test_without_a_plan_it_runs_djangos_system_checks() -> None:
    assert "System check identified no issues" in check()


# Through the console script, as a shell sees it. The command closes the database connection
# when it ends, so each of these tests runs it last.


def test_the_console_script_exits_0_when_complete(
    plan: Plan, entries: dict[str, Any], capsys: Any
) -> None:
    main(["check", str(plan.pk), "--format", "json"])  # no SystemExit: the shell sees 0
    assert json.loads(capsys.readouterr().out)["complete"] is True


def test_the_console_script_exits_1_on_gaps(plan: Plan, entries: dict[str, Any], gap: Any) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["check", str(plan.pk)])
    assert raised.value.code == 1


def test_the_console_script_exits_2_on_errors(plan: Plan, capsys: Any) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["check", str(plan.pk), "--format", "xml"])
    assert raised.value.code == 2
    with pytest.raises(SystemExit) as raised:
        main(["check", "999999"])
    assert raised.value.code == 2
    assert "There is no plan 999999." in capsys.readouterr().err
