"""The structure and channels of a briefing (#15 items 1 and 2), on a document written here."""

from __future__ import annotations

import io

from komplan.imports.importers import read_upload


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
