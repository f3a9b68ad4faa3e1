"""A goal's target read from its sentence (`imports.importers.goal_words`), in the four
languages, and carried through an import into the plan's goals."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st

from komplan.imports.importers.goal_words import read_goal
from komplan.plans.models import Plan
from tests.imports.import_files import plan_document

END = dt.date(2027, 6, 30)  # the plan's end


@pytest.mark.parametrize(
    ("language", "text", "value", "unit", "deadline"),
    [
        ("sv", "Projektet har presenterats på två konferenser", 2, "konferenser", None),
        ("sv", "100 unika besökare på plattformen innan projektet avslutas", 100,
         "unika besökare", END),
        ("sv", "80 % av kärnintressenterna upplever nytta av projektet", 80, "%", None),
        ("sv", "Öka kännedomen till 60 % senast 31 december 2026", 60, "%",
         dt.date(2026, 12, 31)),
        ("sv", "1 000 prenumeranter på nyhetsbrevet senast juni 2027", 1000, "prenumeranter",
         dt.date(2027, 6, 30)),
        ("da", "Projektet præsenteres på to konferencer", 2, "konferencer", None),
        ("da", "100 unikke besøgende inden projektets afslutning", 100, "unikke besøgende", END),
        ("da", "Nå 1.500 læsere før 2027", 1500, "læsere", dt.date(2026, 12, 31)),
        ("nb", "Prosjektet presenteres på to konferanser", 2, "konferanser", None),
        ("nb", "100 unike besøkende før prosjektet avsluttes", 100, "unike besøkende", END),
        ("nb", "80 prosent av kjerneinteressentene opplever nytte", 80, "%", None),
        ("en", "The project is presented at two conferences", 2, "conferences", None),
        ("en", "100 unique visitors before the project ends", 100, "unique visitors", END),
        ("en", "80% of core stakeholders experience benefit by June 2027", 80, "%",
         dt.date(2027, 6, 30)),
    ],
)  # fmt: skip
def test_value_unit_and_deadline_in_four_languages(
    language: str, text: str, value: int, unit: str, deadline: dt.date | None
) -> None:
    read = read_goal(text, language, plan_end=END)
    assert (read.value, read.unit, read.deadline) == (Decimal(value), unit, deadline)


def test_what_a_goal_does_not_say_stays_empty() -> None:
    read = read_goal("Alla medarbetare känner till projektet", "sv", plan_end=END)
    assert (read.value, read.unit, read.deadline) == (None, "", None)
    # A date is not a value, and "to" is not two in English.
    assert read_goal("Reach the press by 31 May 2027", "en").value is None
    assert read_goal("Talk to editors", "en").value is None
    # The plan's end, when the plan has none yet, is not guessed.
    assert read_goal("100 besökare innan projektet avslutas", "sv").deadline is None


@given(st.text(max_size=300), st.sampled_from(["sv", "da", "nb", "en", ""]))
def test_any_text_is_read_without_an_error(text: str, language: str) -> None:
    read = read_goal(text, language, plan_end=END)
    assert read.value is None or Decimal(0) <= read.value < Decimal(10) ** 12


DEADLINES = {
    "": None,
    " på webben": None,
    " innan projektet avslutas": END,
    " senast maj 2027": dt.date(2027, 5, 31),
}


@given(
    st.integers(min_value=1, max_value=10**9).filter(lambda n: not 1900 <= n <= 2100),
    st.sampled_from(["besökare", "artiklar", "deltagare", "konferenser", "nyhetsbrev"]),
    st.sampled_from(["", "Minst ", "Projektet når "]),
    st.sampled_from(sorted(DEADLINES)),
)
def test_a_number_before_a_noun_is_the_value_and_the_noun_the_unit(
    number: int, noun: str, before: str, after: str
) -> None:
    read = read_goal(f"{before}{number} {noun}{after}", "sv", plan_end=END)
    assert (read.value, read.unit) == (Decimal(number), noun)
    assert read.deadline == DEADLINES[after]


def test_an_imported_plan_document_gets_its_goals_targets(
    organization: Any, editor: Any, tmp_path: Path
) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(plan_document())
    out = io.StringIO()
    with override("en"):
        call_command("import", str(path), "--org", organization.slug, "--user", "bertil",
                     stdout=out)  # fmt: skip
    goals = Plan.objects.get().goals.order_by("position")
    assert [(g.target_value, g.unit, g.deadline) for g in goals] == [
        (None, "", None),  # "Alla förtroendevalda har loggat in före första nämndmötet"
        (Decimal(2), "konferenser", None),
    ]
    assert "Projektet har presenterats på två konferenser -> 2 konferenser" in out.getvalue()
    assert "read from the sentence; check it" in out.getvalue()
