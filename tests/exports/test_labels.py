"""The document labels: a complete set in each of the four plan languages."""

from __future__ import annotations

import string

import pytest

from komplan.exports.labels import LABELS, LANGUAGES, labels_for, xml_language


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_every_key() -> None:
    assert set(LABELS) == set(LANGUAGES) == {"sv", "da", "nb", "en"}
    keys = set(LABELS["en"])
    for language, labels in LABELS.items():
        assert set(labels) == keys, (language, sorted(set(labels) ^ keys))


@pytest.mark.parametrize("language", ["sv", "da", "nb"])
def test_translations_fill_the_same_placeholders(language: str) -> None:
    for key, text in LABELS[language].items():
        assert placeholders(text) == placeholders(LABELS["en"][key]), (language, key)
        assert text.strip() == text and text, (language, key)


def test_page_numbers_read_as_in_the_nordic_plans() -> None:
    assert [LABELS[lang]["page"].format(page=3, pages=10) for lang in LANGUAGES] == [
        "Sida 3 (10)",
        "Side 3 (10)",
        "Side 3 (10)",
        "Page 3 (10)",
    ]


def test_the_swedish_words_of_the_seed_plan() -> None:
    sv = LABELS["sv"]
    expected = {
        "document_type": "Kommunikationsplan",
        "publication_date": "Publiceringsdatum",
        "assignment": "Uppdragsinformation",
        "revisions": "Revidering/ändring av dokument",
        "target_groups": "Målgrupper",
        "messages": "Budskap",
        "clarification": "Förtydligande",
        "channels": "Kanaler",
        "planning": "Planering",
        "activities": "Aktiviteter",
        "activity_plan": "Aktivitetsplan",
    }
    assert {key: sv[key] for key in expected} == expected
    assert LABELS["sv"]["structure_text"].startswith("Kommunikationsplanen har fyra huvuddelar")


def test_unknown_languages_fall_back_to_english() -> None:
    assert labels_for("fi") is LABELS["en"]
    assert [xml_language(lang) for lang in LANGUAGES] == ["sv-SE", "da-DK", "nb-NO", "en-GB"]
