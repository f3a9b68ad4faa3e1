"""The PDF's line breaker: lines within the width, words whole where they fit, the text in
order; for any text and width."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from komplan.exports.printing.fonts import face
from komplan.exports.printing.lines import Style, break_lines, wrap

STYLE = Style(face("regular"), 9)
BOLD = Style(face("bold"), 9)
# DejaVu Sans draws ﬀ, ✓ and 😀, which Liberation Sans lacks; no face has 🎉.
LETTERS = "abcåäöæøABÅW mi.-–/\n\t\u2003" + "ﬀ✓" + "\U0001f600\U0001f389"
texts = st.text(alphabet=LETTERS, max_size=300)
widths = st.floats(min_value=1, max_value=500)


def width(text: str, style: Style = STYLE) -> float:
    return style.face.width(text) * style.size / 1000


@settings(max_examples=300, deadline=None)
@given(texts, widths)
def test_no_line_is_wider_than_the_width_unless_it_is_one_glyph(text: str, room: float) -> None:
    for line in wrap(text, STYLE, room):
        assert width(line) <= room + 1e-6 or len(line) == 1, (line, room)


@settings(max_examples=300, deadline=None)
@given(texts, widths)
def test_a_word_that_fits_is_never_broken(text: str, room: float) -> None:
    lines = [line.split() for line in wrap(text, STYLE, room)]
    on_lines = [word for words in lines for word in words]
    for word in text.split():
        if width(word) <= room:
            assert word in on_lines, (word, lines)


@settings(max_examples=300, deadline=None)
@given(texts, widths)
def test_the_text_is_kept_in_order(text: str, room: float) -> None:
    lines = wrap(text, STYLE, room)
    assert "".join("".join(lines).split()) == "".join(text.split())
    # A line break in the text is a line break on the page (and lines only break more).
    assert len(lines) >= text.count("\n") + 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(texts, st.booleans()), max_size=5), widths)
def test_runs_in_two_styles_keep_their_styles_and_widths(
    runs: list[tuple[str, bool]], room: float
) -> None:
    styled = [(text, BOLD if bold else STYLE) for text, bold in runs]
    lines = break_lines(styled, room)
    for line, measured in lines:
        assert abs(measured - sum(width(text, style) for text, style in line)) < 1e-6
        assert measured <= room + 1e-6 or sum(len(text) for text, _ in line) == 1
    kept = "".join(text for line, _ in lines for text, _ in line)
    assert "".join(kept.split()) == "".join("".join(text for text, _ in runs).split())


def test_a_tab_is_a_space_where_the_line_may_break_and_a_no_break_space_is_not() -> None:
    """A tab was one more character of the word: "Budget\\t120" could only be cut between
    letters, and its box drawn."""
    room = width("Kommunstyrelsen") + 1
    assert wrap("Budget\t120\u2003000 kr\tKommunstyrelsen", STYLE, room) == [
        "Budget 120 000",
        "kr",
        "Kommunstyrelsen",
    ]
    assert wrap("120\xa0000 kr", STYLE, width("120 000") + 1) == ["120\xa0000", "kr"]


def test_starting_a_process_does_not_scan_unicode_for_the_pdf() -> None:
    # Every process (a server worker, each management command) imports the PDF writer: the
    # table of whitespace and format characters took ~20 ms there, made at import.
    import subprocess
    import sys

    script = (
        "import django; django.setup();"
        "from komplan.exports.printing import lines;"
        "assert lines._normalising.cache_info().currsize == 0;"
        "assert lines.normal('a\\tb\\u200bc') == 'a bc'"
    )
    env = {"DJANGO_SETTINGS_MODULE": "komplan.settings", "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr[-2000:]
