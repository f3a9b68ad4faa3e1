"""The structure and channels of a briefing (#15 items 1 and 2), on a document written here."""

from __future__ import annotations

import io

import pytest

from komplan.imports.importers import read_upload
from komplan.imports.importers.channel_words import channel_key
from komplan.imports.importers.draft import ImportDraft, fold
from tests.imports.briefings import BRIEFINGS, LANGUAGES, Briefing, briefing_docx, score


def _briefing() -> bytes:
    import docx

    d = docx.Document()
    d.add_heading("Budskap per målgrupp – Ekbacka kommun", level=1)
    d.add_paragraph("Nedan följer målgrupperna och vad de behöver veta:")
    d.add_heading("Interna målgrupper", level=2)
    d.add_heading("Prioritet 1", level=3)
    d.add_paragraph().add_run("Verksamhetschefer:").bold = True
    d.add_paragraph("Systemet införs under hösten", style="List Bullet")
    d.add_paragraph(
        "Förslag på kanaler: APT, intranätet (nyhet på startsidan) samt metod- och "
        "kommunikationsstöd vid behov"
    )
    d.add_paragraph().add_run("Handläggare:").bold = True
    d.add_paragraph("Samma som ovan")
    d.add_paragraph("Förslag på kanaler: Intranät och mejl, löpande")
    d.add_heading("Externa målgrupper", level=2)
    d.add_paragraph("2. Föreningar:")
    d.add_paragraph("Ni kan söka bidrag digitalt", style="List Bullet")
    d.add_paragraph("Förslag på kanaler: Samma som ovan samt hemsidan eller dylikt")
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


def test_structure_and_channels_of_a_briefing() -> None:
    draft = read_upload(_briefing(), "b.docx")
    groups = {g.name: g for g in draft.groups}
    assert list(groups) == ["Verksamhetschefer", "Handläggare", "Föreningar"]
    assert [g.reach for g in draft.groups] == ["internal", "internal", "external"]
    assert [g.tier for g in draft.groups] == ["core", "core", "primary"]
    assert groups["Handläggare"].inherits_from == ["Verksamhetschefer"]
    channels = {c.name: c.groups for c in draft.channels}
    assert channels == {
        "APT": ["Verksamhetschefer"],
        "Intranätet": ["Verksamhetschefer", "Handläggare", "Föreningar"],
        "Metod- och kommunikationsstöd": ["Verksamhetschefer"],
        "Mejl": ["Handläggare", "Föreningar"],
        "Hemsidan": ["Föreningar"],
    }
    assert draft.channels[1].description == "Verksamhetschefer: nyhet på startsidan"


# --- four briefings of 21 groups written for komplan, one per language (#15 items 1, 2) ------


def read(language: str) -> tuple[Briefing, ImportDraft]:
    briefing = BRIEFINGS[language]
    return briefing, read_upload(briefing_docx(briefing), f"briefing-{language}.docx")


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_channel_per_channel_named(language: str) -> None:
    briefing, draft = read(language)
    named = {
        channel_key(briefing.channel_name(key))
        for keys in briefing.expected_channels()
        for key in keys
    }
    found = [channel_key(c.name) for c in draft.channels]
    assert sorted(found) == sorted(named)  # each once, and no fragment, filler or "same as"
    assert len(briefing.groups) >= 20


@pytest.mark.parametrize("language", LANGUAGES)
def test_same_as_copies_channels_and_inherits_messages(language: str) -> None:
    briefing, draft = read(language)
    groups = {g.name: g for g in draft.groups}
    reached: dict[str, set[str]] = {}
    for channel in draft.channels:
        for name in channel.groups:
            reached.setdefault(name, set()).add(channel_key(channel.name))
    for group, keys in zip(briefing.groups, briefing.expected_channels(), strict=True):
        names = [briefing.groups[i].name for i in group.inherits]
        assert groups[group.name].inherits_from == names, group.name
        want = {channel_key(briefing.channel_name(k)) for k in keys}
        assert reached[group.name] == want, group.name


@pytest.mark.parametrize("language", LANGUAGES)
def test_headings_and_introductions_are_not_entries(language: str) -> None:
    briefing, draft = read(language)
    assert [g.name for g in draft.groups] == [g.name for g in briefing.groups]
    structure = {fold(t) for t in [briefing.title, briefing.internal, briefing.external]}
    structure |= {fold(t) for t in briefing.intro}
    structure |= {fold(f"{briefing.priority} {n}") for n in (1, 2, 3)}
    texts = {fold(m.text) for m in draft.messages}
    assert not texts & structure
    points = {fold(p) for g in briefing.groups for p in g.points[1 if g.inherits else 0 :]}
    assert texts == points  # every point once, and no "same as" line as a message


@pytest.mark.parametrize("language", LANGUAGES)
def test_sections_set_reach_and_markers_set_tiers(language: str) -> None:
    briefing, draft = read(language)
    read_groups = draft.groups
    assert [g.reach for g in read_groups] == [g.reach for g in briefing.groups]
    assert [g.tier for g in read_groups] == [g.tier for g in briefing.groups]
    assert sum(g.reach == "external" for g in read_groups) == 9


@pytest.mark.parametrize("language", LANGUAGES)
def test_qualifiers_are_kept_as_notes(language: str) -> None:
    briefing, draft = read(language)
    notes = {channel_key(c.name): c.description for c in draft.channels}
    kept = 0
    for group in briefing.groups:
        for key, note in group.notes.items():
            assert f"{group.name}: {note}" in notes[channel_key(briefing.channel_name(key))]
            kept += 1
    assert kept >= 6
    # Filler is never part of a channel's name.
    filler = ("vid behov", "ved behov", "as needed", "lopande", "lobende", "ongoing", "eventuel")
    names = " ".join(fold(c.name) for c in draft.channels)
    assert not any(word in names for word in filler)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_field_of_the_briefing_is_read_right(
    language: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The closing note's figure: fields right / fields expected (`-s` prints it)."""
    briefing, draft = read(language)
    right, expected, wrong = score(briefing, draft)
    with capsys.disabled():
        print(f"\n{language}: {right}/{expected} fields right")
    assert wrong == []
    assert right == expected
