"""The English interface uses the glossary's words (docs/glossary.md), not the Swedish loan
words or the coverage terms it replaced."""

from __future__ import annotations

import re
from pathlib import Path

import polib
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"

# "owed"/"carried" were the coverage states ("required"/"reached"); the Swedish words are
# "minutes approval", "adjuster" and "approved" in English.
REJECTED = re.compile(r"\b(owed|owes|carried|justering|justered|justerare|justera[rd]?)\b", re.I)


def shown_texts(entry: polib.POEntry) -> list[str]:
    texts = [entry.msgstr, *entry.msgstr_plural.values()]
    # Placeholder names (%(carried)s) are code, not words a reader sees.
    return [re.sub(r"%\(\w+\)[sd]", "", text) for text in texts if text]


def test_the_english_catalogue_has_none_of_the_rejected_terms() -> None:
    found = [
        text
        for entry in polib.pofile(str(CATALOGUE))
        for text in shown_texts(entry)
        if REJECTED.search(text)
    ]
    assert found == []


def test_the_english_catalogue_uses_the_glossarys_terms() -> None:
    shown = {entry.msgid: entry.msgstr for entry in polib.pofile(str(CATALOGUE))}
    assert shown["Minutes approval"] == "Minutes approval"
    assert shown["Adjusters"] == "Adjusters"
    assert shown["Required"] == "Required"
    assert shown["Reached"] == "Reached"
