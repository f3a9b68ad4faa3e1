"""The README is written for people: a short "first five minutes" with three screenshots
comes before the reference, and the pictures it shows are in the repository."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]
IMAGE = re.compile(r"!\[([^\]]+)\]\(([^)]+)\)")


def sections() -> list[tuple[str, str]]:
    """The README's second-level sections, (heading, text), in order."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    parts = re.split(r"^## (.+)$", text, flags=re.MULTILINE)
    return list(zip(parts[1::2], parts[2::2], strict=True))


def test_the_first_five_minutes_come_first_with_three_screenshots() -> None:
    headings = [heading for heading, _ in sections()]
    assert headings[0] == "The first five minutes", headings
    first = sections()[0][1]
    pictures = IMAGE.findall(first)
    assert len(pictures) == 3, pictures
    assert len(first.split()) < 400, "the first five minutes should be short"
    widths = set()
    for alt, path in pictures:
        assert len(alt) > 20, f"{path}: the alternative text should say what the picture shows"
        with Image.open(REPO / path) as image:
            assert image.format == "PNG", path
            widths.add(image.width)
    assert widths == {1366, 390}, "a laptop's and a phone's width, as the browser tests use"
