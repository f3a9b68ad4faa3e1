"""The four catalogues are complete and match the source, and the UI switches language."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language: str) -> None:
    po = catalogue(language)
    missing = [entry.msgid for entry in po if not entry.translated() or "fuzzy" in entry.flags]
    assert missing == [], f"{language}: {len(missing)} untranslated, e.g. {missing[:5]}"
    assert len(po) > 100


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)[sd]", text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language: str) -> None:
    """Every placeholder of the source is in the translation; the singular of a plural may
    leave out the count ("one loop"), as gettext allows, but never invent one."""
    for entry in catalogue(language):
        if "python-format" not in entry.flags:
            continue
        if not entry.msgid_plural:
            assert _placeholders(entry.msgstr) == _placeholders(entry.msgid), entry.msgid
            continue
        plural = _placeholders(entry.msgid_plural)
        for index, text in entry.msgstr_plural.items():
            if index == 0:
                assert set(_placeholders(text)) <= set(plural), entry.msgid
            else:
                assert _placeholders(text) == plural, entry.msgid


def test_the_catalogues_hold_every_string_of_the_source(tmp_path: Path) -> None:
    """Run makemessages on a copy of the source; any new msgid means a missing translation."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (xgettext) is needed to check the catalogues in CI")
        pytest.skip("GNU gettext (xgettext) is not installed")
    copy = tmp_path / "komplan"
    shutil.copytree(settings.BASE_DIR, copy, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    command = [
        sys.executable,
        "-m",
        "komplan.cli",
        "makemessages",
        "-l",
        "sv",
        "--no-location",
        "--ignore",
        "static/*",
    ]
    subprocess.run(command, cwd=copy, check=True, capture_output=True)
    fresh = {
        e.msgid for e in polib.pofile(str(copy / "locale/sv/LC_MESSAGES/django.po")) if e.msgid
    }
    for language in LANGUAGES:
        known = {entry.msgid for entry in catalogue(language)}
        assert sorted(fresh - known) == [], f"{language} lacks these strings"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "word"),
    [("sv", "Budskap"), ("da", "Budskaber"), ("nb", "Budskap"), ("en", "Messages")],
)
def test_the_interface_switches_language(
    language: str, word: str, plan: Any, viewer_client: Any
) -> None:
    response = viewer_client.post("/i18n/setlang/", {"language": language, "next": "/plans/"})
    assert response.status_code == 302
    page = viewer_client.get(f"/plans/{plan.pk}/").content.decode()
    assert f'<html lang="{language}">' in page
    assert f">{word}</a>" in page
