"""The PDF's layout, checked on the printer's flow: nothing drawn below the bottom margin, a
header row taller than a page."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from komplan.exports.content import Heading, PlanDocument, Table, plan_document
from komplan.exports.printing.document import DESCENT
from komplan.exports.printing.plan import _Plan
from komplan.plans.planjson import plan_to_json


@pytest.fixture
def doc(demo_plan: Any) -> PlanDocument:
    return plan_document(plan_to_json(demo_plan), describe_activities=3, list_activities=3)


@pytest.mark.parametrize("levels", [(2,), (3,), (1, 2), (2, 3)])
def test_the_line_kept_with_headings_is_above_the_bottom_margin(
    doc: PlanDocument, levels: tuple[int, ...]
) -> None:
    """After the dense activity plan, or an activity heading with no text, the gap before a
    heading is 0: the headings and the first line after them were measured without the last
    heading's bottom margin, and that line was drawn up to 6 pt below the bottom margin."""
    for tenths in range(300, 800, 5):
        plan = _Plan(doc)
        p = plan.p
        p.new_page()
        p.fresh, p.gap = False, 0.0
        p.y = p.bottom + tenths / 10
        for level in levels:
            plan.heading(Heading(level, "6.2", "Rubrik"))
        plan.text("Den första raden efter rubriken")
        for page in p.pages:
            for line in page.content().split(b"\n"):
                if b" Td " in line:
                    baseline = float(line.split(b" Td ")[0].split()[-1])
                    assert baseline - DESCENT * 13 >= p.bottom - 0.01, (tenths / 10, line)
        assert len(p.pages) == 1 or b" Td " not in p.pages[0].content()


def test_a_header_row_taller_than_a_page_is_drawn_and_does_not_hang(doc: PlanDocument) -> None:
    """A header row taller than the page's body found no room on any page and asked for a
    new page for ever."""
    plan = _Plan(doc)
    plan.p.new_page(landscape=True)
    header = ("Rubrik " * 700, "B")
    table = Table(header, [("a", "b"), ("c", "d")], (1, 1))
    done = threading.Event()

    def run() -> None:
        plan.table(table)
        done.set()

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert done.is_set(), "the table never ended"
    p = plan.p
    assert 1 < len(p.pages) < 20
    for page in p.pages:  # the header row in pieces, each within its page
        for line in page.content().split(b"\n"):
            if b" Td " in line:
                baseline = float(line.split(b" Td ")[0].split()[-1])
                assert p.bottom <= baseline <= page.height, line


def test_finished_pages_are_compressed_as_the_layout_goes_on(demo_plan: Any) -> None:
    """Every page's operators were kept until the file was written: ~400 MB at 10,000
    activities. A finished page is compressed at once, but for the contents' page, whose
    page numbers are drawn at the end."""
    from tests.exports.conftest import with_activities

    data, _ = with_activities(plan_to_json(demo_plan), 200)
    plan = _Plan(plan_document(data))
    plan.build()
    pages = plan.p.pages
    assert len(pages) > 20
    assert [page.index for page in pages if not page.packed] == [1, len(pages) - 1]
    assert all(not page.ops for page in pages if page.packed)
