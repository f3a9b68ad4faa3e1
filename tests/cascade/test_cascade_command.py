"""`komplan cascade PLAN_ID`: exit 0, 1 when a step is overdue, 2 on an error."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from komplan.cascade import services
from komplan.cli import main
from tests.cascade.factories import FIRST_MEETING, make_cascade, make_material

pytestmark = pytest.mark.django_db(transaction=True)

RELEASE = FIRST_MEETING - dt.timedelta(days=3)


def run(*args: str) -> int:
    try:
        main(["cascade", *args])
    except SystemExit as exit:
        return int(exit.code or 0)
    return 0


@pytest.fixture
def released(plan: Any, admin_user: Any) -> Any:
    make_cascade(plan)
    material = make_material(plan)
    services.material_approve(material, user=admin_user, kind="chair", name="Mette Lund")
    services.material_release(material, user=admin_user, today=RELEASE)
    return material


def test_nothing_overdue_exits_0_and_prints_each_step(
    plan: Any, released: Any, capsys: Any
) -> None:
    assert run(str(plan.pk), "--today", RELEASE.isoformat()) == 0
    out = capsys.readouterr().out
    assert "Status på udbuddet" in out
    assert "2.1 Lokaludvalgene (LMU)" in out and "HMU's formand" in out
    assert "OVERDUE" not in out


def test_an_overdue_step_exits_1(plan: Any, released: Any, capsys: Any) -> None:
    later = (RELEASE + dt.timedelta(days=3)).isoformat()
    assert run(str(plan.pk), "--today", later, "--language", "en") == 1
    assert "OVERDUE" in capsys.readouterr().out


def test_the_text_is_in_the_plans_language(plan: Any, released: Any, capsys: Any) -> None:
    """Like the plan's documents: the plan is Swedish, so are the words around its names."""
    assert plan.language == "sv"
    later = (RELEASE + dt.timedelta(days=3)).isoformat()
    assert run(str(plan.pk), "--today", later) == 1
    out = capsys.readouterr().out
    assert "Status på udbuddet, släppt 2026-10-17" in out
    assert "[forum, Vid nästa möte]" in out and "[målgrupp, Skriftlig information]" in out
    assert "4 Facebook [kanal, Nyhet på intranätet] – – Inte i denna fas" in out
    assert "Planerad  FÖRSENAT" in out
    assert "OVERDUE" not in out and "Planned" not in out and "released" not in out


def test_language_chooses_the_texts_language(plan: Any, released: Any, capsys: Any) -> None:
    assert run(str(plan.pk), "--today", RELEASE.isoformat(), "--language", "en") == 0
    out = capsys.readouterr().out
    assert "Status på udbuddet, released 2026-10-17" in out
    assert "[forum, At its next meeting]" in out and "Planned" in out
    assert "Planerad" not in out


def test_json_has_a_steps_list(plan: Any, released: Any, capsys: Any) -> None:
    code = run(
        str(plan.pk), "--material", str(released.pk), "--format", "json", "--today", "2026-10-20"
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert data["material"]["id"] == released.pk and data["version"] == 1
    assert len(data["steps"]) == 6
    lmu = next(s for s in data["steps"] if s["reaches"]["name"] == "Lokaludvalgene (LMU)")
    assert lmu["delegated"] and lmu["date"] == "2026-10-24" and lmu["state"] == "planned"
    assert lmu["overdue"] is False


@pytest.mark.parametrize(
    "args",
    [["999999"], ["{plan}", "--material", "999999"], ["{plan}", "--format", "xml"], ["abc"]],
)
def test_errors_exit_2_with_a_plain_message(plan: Any, args: list[str], capsys: Any) -> None:
    assert run(*[a.format(plan=plan.pk) for a in args]) == 2
    err = capsys.readouterr().err
    assert err.strip() and "CommandError" not in err and "Traceback" not in err
