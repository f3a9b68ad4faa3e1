"""Channels an import makes are guessed external when their names say they reach the public,
and the preview says it was a guess (`mapping.guess_reach`)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils.translation import override

from komplan.imports.importers.mapping import guess_reach
from komplan.plans.models import Plan
from tests.imports.import_files import HEADER, csv_bytes


@pytest.mark.parametrize(
    "name",
    [
        # sv
        "Lokalpressen", "Pressmeddelande", "Kommunens webbplats", "Hemsidan", "Facebook",
        "Nyhetsbrev till invånarna", "Annons i Norrviks-Kuriren", "Sociala medier",
        # da
        "Lokalaviser", "Kommunens hjemmeside", "Nyhedsbrev til borgerne", "LinkedIn",
        # nb
        "Lokalavisen", "Kommunens nettsted", "Instagram", "Leserinnlegg",
        # en
        "Local newspaper", "Website", "Press release", "Newsletter to residents",
    ],
)  # fmt: skip
def test_channels_that_reach_the_public_are_guessed_external(name: str) -> None:
    assert guess_reach(name) == "external"


@pytest.mark.parametrize(
    "name",
    [
        "Intranätet", "Intranätets nyhetsbrev", "APT", "Möte", "E-post", "Personaltidningen",
        "Ledningsgruppen", "Tvåspråkig broschyr", "Radiologiavdelningens möte",
        "Medarbejdermøde", "Intranett", "Staff meeting", "Workplace meetings",
    ],
)  # fmt: skip
def test_other_channels_are_not_guessed(name: str) -> None:
    assert guess_reach(name) == ""


@pytest.mark.django_db
def test_an_import_makes_press_and_facebook_external_and_says_it_guessed(
    organization: Any, editor: Any, tmp_path: Path
) -> None:
    rows = [
        ["Pressträff om bygget", "Allmänheten", "Mars 2026", "Lokalpressen", "Kim Lund", ""],
        ["Inlägg om bygget", "Allmänheten", "April 2026", "Facebook", "Kim Lund", ""],
        ["Nyhet om bygget", "Medarbetare", "April 2026", "Intranätet", "Kim Lund", ""],
    ]
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes(rows, header=HEADER))
    out = io.StringIO()
    with override("en"):
        call_command(
            "import", str(path), "--org", organization.slug, "--user", "bertil", stdout=out
        )
    plan = Plan.objects.get()
    assert dict(plan.channels.values_list("name", "reach")) == {
        "Lokalpressen": "external",
        "Facebook": "external",
        "Intranätet": "internal",
    }
    text = out.getvalue()
    assert "[new] Lokalpressen — External (guessed from the name)" in text
    assert "[new] Intranätet\n" in text or "[new] Intranätet —" in text
