"""The PDF, re-opened with pypdf: the demo plan of Norrviks kommun in each plan language,
page numbers, tagging, a summarised very large plan, hostile text, and (slow) its pages as
PNG in test-artifacts/ for a person to look at."""

from __future__ import annotations

import copy
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from komplan.exports.pdf import plan_pdf
from komplan.plans.planjson import plan_to_json
from tests.exports.conftest import with_activities
from tests.exports.expected import (
    ACTIVITY_TITLES,
    CHANNEL_NAMES,
    GROUP_NAMES,
    HEADINGS,
    LABELS,
    MESSAGE_TEXTS,
    assert_in_order,
    squash,
)
from tests.exports.pdfstructure import marked_text, notdef_glyphs, table_headers

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.rendering
XML_LANG = {"sv": "sv-SE", "da": "da-DK", "nb": "nb-NO", "en": "en-GB"}


def pages_text(body: bytes) -> list[str]:
    return [squash(page.extract_text()) for page in PdfReader(io.BytesIO(body)).pages]


def between(text: str, start: str, end: str) -> str:
    """The text from the first `start` up to the next `end`."""
    begin = text.index(start)
    return text[begin : text.index(end, begin)]


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    """PDFs by language, made once per module."""
    return {}


def pdf_of(rendered: dict[str, bytes], data: dict[str, Any], language: str) -> bytes:
    if language not in rendered:
        rendered[language] = plan_pdf(data)
    return rendered[language]


def test_the_demo_plan_reads_like_the_plan_document(
    demo_json: dict[str, Any], language: str, rendered: dict[str, bytes]
) -> None:
    words = LABELS[language]
    pages = pages_text(pdf_of(rendered, demo_json, language))
    text = " ".join(pages)
    assert_in_order(text, [words["contents"], *(words[key] for key in HEADINGS)], "headings")
    body = text[text.index(words["assignment"], text.index(words["activity_plan"])) :]
    assert_in_order(body, [words[key] for key in HEADINGS], "headings in the body")
    assert_in_order(between(body, words["groups"], words["messages"]), GROUP_NAMES, "groups")
    messages = between(body, words["messages"], words["channels"])
    assert_in_order(messages, MESSAGE_TEXTS, "messages")
    assert words["clarification"] in messages
    assert_in_order(between(body, words["channels"], words["planning"]), CHANNEL_NAMES, "channels")
    described = [f"6.1.{n} {title}" for n, title in enumerate(ACTIVITY_TITLES, start=1)]
    assert_in_order(body, described, "activities")
    plan_table = body[body.rindex(words["activity_plan"]) :]
    assert_in_order(plan_table, ACTIVITY_TITLES, "activity plan")
    assert words["done"] in plan_table


def test_every_page_has_the_header_and_its_number(
    demo_json: dict[str, Any], language: str, rendered: dict[str, bytes]
) -> None:
    words = LABELS[language]
    pages = pages_text(pdf_of(rendered, demo_json, language))
    assert len(pages) >= 6
    for number, text in enumerate(pages, start=1):
        assert words["page"].format(page=number, pages=len(pages)) in text
        assert words["draft"] in text and "Digital bokning av lokaler" in text
        assert words["publication_date"] not in text  # a draft is not published
        assert words["document"] in text and "0.1" in text
    # The table of contents has the real page numbers of its headings.
    channels_page = next(n for n, t in enumerate(pages, 1) if n > 2 and words["channels"] in t)
    assert re.search(re.escape(words["channels"]) + rf"[ .]*{channels_page}\b", pages[1])


def test_metadata_language_and_tagging(
    demo_json: dict[str, Any], language: str, rendered: dict[str, bytes]
) -> None:
    reader = PdfReader(io.BytesIO(pdf_of(rendered, demo_json, language)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == XML_LANG[language]
    assert reader.metadata.title == f"Digital bokning av lokaler – {LABELS[language]['document']}"
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert LABELS[language]["groups"] in outline  # headings are bookmarks
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712  (a pypdf BooleanObject)
    assert "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert b"<pdfuaid:part>1</pdfuaid:part>" in root["/Metadata"].get_data()


def test_every_table_header_has_its_scope(
    demo_json: dict[str, Any], language: str, rendered: dict[str, bytes]
) -> None:
    """PDF/UA-1 wants a TH's scope; WeasyPrint wrote none, though the templates say it."""
    headers = table_headers(pdf_of(rendered, demo_json, language))
    assert len(headers) > 20
    assert all(scope for _, scope in headers), headers
    assert {scope for section, scope in headers if section == "/THead"} == {"/Column"}
    assert {scope for section, scope in headers if section == "/TBody"} == {"/Row"}


def test_no_word_of_a_table_is_split_across_lines(
    demo_json: dict[str, Any], language: str, rendered: dict[str, bytes]
) -> None:
    """Narrow columns (responsible, status, target group) broke "Föreningskonsulent" and
    "Bokningshandläggare" mid-word: the columns are now as wide as their longest word."""
    text = squash(" ".join(pages_text(pdf_of(rendered, demo_json, language))))
    words = {
        word.strip('.,;:()”“"')
        for register in ("groups", "channels", "activities")
        for entry in demo_json[register]
        for key in ("name", "title", "responsible")
        for word in str(entry.get(key) or "").split()
    }
    assert "Föreningskonsulent" in words
    for word in sorted(words):
        if word and len(word) <= 20:
            assert word in text, word


def test_chapters_follow_on_without_half_empty_pages(
    demo_json: dict[str, Any], language: str, rendered: dict[str, bytes]
) -> None:
    """Every chapter started a new page, leaving the page before it half empty; now only the
    landscape activity plan does, and a chapter heading may start lower on a page."""
    words = LABELS[language]
    pages = pages_text(pdf_of(rendered, demo_json, language))
    starts = []
    for key in ("groups", "messages", "channels", "planning"):
        page = next(t for n, t in enumerate(pages) if n > 1 and t.find(words[key]) >= 0)
        starts.append(page.find(words[key]) > 100)  # text above the heading on its page
    assert any(starts), starts


def test_a_long_project_name_fits_the_header_and_is_whole_on_the_cover(
    demo_json: dict[str, Any],
) -> None:
    data = copy.deepcopy(demo_json)
    name = (
        "Digital bokning av lokaler, idrottshallar och mötesrum för föreningar, skolor och "
        "allmänheten i Norrviks kommun 2026–2027"
    )
    data["plan"]["name"] = name
    pages = pages_text(plan_pdf(data, describe_activities=3, list_activities=3))
    assert name in pages[0]  # the cover
    header_part = name[:60]  # wraps onto a second line in the header, not cut at 40
    assert all(header_part in page for page in pages[1:])
    assert all("…" in page for page in pages[1:])


def test_a_very_large_plan_is_summarised_and_says_where_the_rest_is(
    demo_json: dict[str, Any], language: str
) -> None:
    data = copy.deepcopy(demo_json)
    real = len(data["activities"])
    extra = []
    for n in range(30):
        activity = copy.deepcopy(data["activities"][n % real])
        activity["key"] = f"activity-{real + 1 + n}"
        activity["title"] = f"Extra aktivitet {n + 1}"
        extra.append(activity)
    data["activities"] += extra
    listed = real + 3
    text = " ".join(pages_text(plan_pdf(data, describe_activities=3, list_activities=listed)))
    assert "6.1.3 " in text and "6.1.4 " not in text
    assert "Extra aktivitet 3" in text and "Extra aktivitet 4" not in text
    assert LABELS[language]["workbook"] in text
    assert str(real + 30) in text  # how many activities the plan has


def test_hostile_text_keeps_the_file_valid(hostile_json: dict[str, Any]) -> None:
    import pikepdf

    body = plan_pdf(hostile_json)
    with pikepdf.open(io.BytesIO(body)) as pdf:
        assert pdf.check_pdf_syntax() == []  # qpdf finds nothing wrong
    reader = PdfReader(io.BytesIO(body))
    assert len(reader.pages) > 8
    # pypdf reads the two-byte codes WeasyPrint uses once the fonts need more than 256 glyphs
    # (Arabic, Hebrew) as UTF-16 with NULs between; other readers (pdftotext) read them right.
    text = squash(" ".join(page.extract_text() for page in reader.pages)).replace("\x00", "")
    assert '<script>alert("x")</script> & <b>"citat"</b>' in text
    assert "Donaudampfschifffahrts" in text
    assert "Startmöte för projektgruppen" in text
    assert "kontroll tecken" in text  # the vertical tab was a line break, NUL and ESC are gone
    assert "Lång beskrivning med många ord." in text


@pytest.mark.slow
def test_the_pages_as_pictures_for_a_person(
    demo_json: dict[str, Any], language: str, rendered: dict[str, bytes], tmp_path: Path
) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm not found: install Debian's poppler-utils")
    source = tmp_path / "plan.pdf"
    source.write_bytes(pdf_of(rendered, demo_json, language))
    ARTIFACTS.mkdir(exist_ok=True)
    prefix = f"pdf-{language}"
    for old in ARTIFACTS.glob(f"{prefix}-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", str(source), str(ARTIFACTS / prefix)],
        check=True,
        timeout=120,
    )
    assert len(list(ARTIFACTS.glob(f"{prefix}-*.png"))) == len(PdfReader(source).pages)


@pytest.mark.slow
def test_a_plan_of_more_than_500_activities_gets_them_all(demo_plan: Any, tmp_path: Path) -> None:
    """The whole PDF once stopped listing at its 500th activity: every activity is now
    described (6.1) and listed (6.2), the last one too, as a PDF reader reads the text."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not found: install Debian's poppler-utils")
    total = 521  # the PDF once stopped listing at its 500th activity
    data, titles = with_activities(plan_to_json(demo_plan), total)
    source = tmp_path / "plan.pdf"
    source.write_bytes(plan_pdf(data))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(source), "-"],
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout.decode()
    found = re.findall(r"Aktivitet nr (\d{4})", text)
    assert set(found) == {title[-4:] for title in titles}
    assert found.count(f"{total:04d}") == 2  # the last one: described and listed
    described = text[: text.index(LABELS["sv"]["activity_plan"], text.index(f"6.1.{total} "))]
    assert re.findall(r"6\.1\.(\d+) Aktivitet nr", described) == [
        str(n) for n in range(1, total + 1)
    ]


def test_the_final_reports_print_stylesheet_is_used_without_restarting(settings: Any) -> None:
    from weasyprint import HTML

    from komplan.exports.pdf import plan_stylesheet

    def page_width() -> float:
        page = HTML(string="<p>x</p>").render(stylesheets=[plan_stylesheet()]).pages[0]
        return float(page.width)

    a4 = page_width()
    edited = {"exports/plan_print.css": "@page { size: A5 }"}
    options = {
        **settings.TEMPLATES[0]["OPTIONS"],
        "loaders": [("django.template.loaders.locmem.Loader", edited)],
    }
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "APP_DIRS": False, "OPTIONS": options}]
    assert page_width() < a4


def test_the_header_and_footer_are_artifacts_and_all_other_text_is_tagged(
    demo_json: dict[str, Any], language: str, rendered: dict[str, bytes]
) -> None:
    """A screen reader reads the page header once per page as noise unless it is marked an
    artifact; text in neither an artifact nor a structure element is lost to it."""
    words = LABELS[language]
    pages = marked_text(pdf_of(rendered, demo_json, language))
    for number, page in enumerate(pages, start=1):
        assert "" not in page, page[""]  # no text outside marked content
        assert words["page"].format(page=number, pages=len(pages)) in page["Artifact"]
        tagged = " ".join(
            text for tag, texts in page.items() if tag != "Artifact" for text in texts
        )
        assert words["page"].format(page=number, pages=len(pages)) not in tagged
        assert "Norrviks kommun" in page["Artifact"]  # the footer
    assert {tag for page in pages for tag in page} >= {"H1", "H2", "H3", "P", "TH", "TD", "LBody"}


def test_nordic_letters_are_read_back_by_pdf_readers(demo_json: dict[str, Any]) -> None:
    """The fonts are embedded as subsets with a map back to Unicode: copying text out of the
    PDF gives the letters, not look-alikes or boxes."""
    data = copy.deepcopy(demo_json)
    data["plan"]["background"] = "Ærø og Øresund: blåbær, smørrebrød, Åre, Älvdalen, Östersund."
    body = plan_pdf(data, describe_activities=3, list_activities=3)
    text = " ".join(pages_text(body))
    assert "Ærø og Øresund: blåbær, smørrebrød, Åre, Älvdalen, Östersund." in text
    if shutil.which("pdftotext") is not None:
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=body, capture_output=True, check=True
        ).stdout.decode()
        assert "smørrebrød, Åre, Älvdalen" in out


@pytest.mark.skipif(
    "DejaVu"
    not in subprocess.run(
        ["fc-match", "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True
    ).stdout,
    reason="DejaVu Sans not installed (Debian: fonts-dejavu-core)",
)
def test_characters_liberation_sans_lacks_are_drawn_by_dejavu_sans(
    demo_json: dict[str, Any],
) -> None:
    """A check mark or Arabic letters were .notdef boxes, and lost to a screen reader: the
    fallback face draws them, and they are read back."""
    data = copy.deepcopy(demo_json)
    data["plan"]["background"] = "Klart ✓ – مرحبا – ☎ 0123"
    body = plan_pdf(data, describe_activities=3, list_activities=3)
    text = "".join(t for page in marked_text(body) for t in page.get("P", []))
    assert "Klart ✓ – مرحبا – ☎ 0123" in text
    reader = PdfReader(io.BytesIO(body))
    fonts = {
        str(f["/BaseFont"]).split("+")[-1] for f in reader.pages[2]["/Resources"]["/Font"].values()
    }
    assert "DejaVuSans" in fonts


def test_a_table_running_onto_the_next_page_repeats_its_header_row(demo_plan: Any) -> None:
    """The activity plan of 250 activities runs over many landscape pages: each of them
    starts with the column headings (a repeat the structure tree skips as an artifact), every
    activity is listed once, in order, and the done ones say so."""
    data, titles = with_activities(plan_to_json(demo_plan), 250)
    done = {4, 150, 249}
    for n, activity in enumerate(data["activities"]):
        activity["status"] = "done" if n in done else "planned"
    body = plan_pdf(data, describe_activities=0)
    reader = PdfReader(io.BytesIO(body))
    landscape = [
        n for n, page in enumerate(reader.pages) if page.mediabox.width > page.mediabox.height
    ]
    marked = marked_text(body)
    # The pages of the activity plan (spokespersons and risks follow on its last page).
    landscape = [
        n for n in landscape if any(t.startswith("Aktivitet nr") for t in marked[n].get("TH", []))
    ]
    assert len(landscape) > 5
    header = ["Aktivitet", "Syfte och målgrupp", "Tid", "Kanal", "Ansvarig", "Status"]
    listed: list[str] = []
    for number, n in enumerate(landscape):
        page = marked[n]
        cells = page["Artifact"] if number else page["TH"]
        start = cells.index("Aktivitet")
        assert cells[start : start + 6] == header, n
        if number:
            assert "Aktivitet" not in page.get("TH", [])  # read once, on the first page
        listed += [t for t in page.get("TH", []) if t.startswith("Aktivitet nr")]
    assert listed == titles
    text = " ".join(pages_text(body)[landscape[0] :])
    for n in done:
        assert re.search(rf"{titles[n]} .*?{LABELS['sv']['done']}", text), titles[n]


def test_the_contents_give_the_page_each_heading_is_on(demo_plan: Any) -> None:
    """With 300 activities described, chapter 6.2 and those after it are many pages on: the
    contents give each heading's page, and link to it."""
    data, _ = with_activities(plan_to_json(demo_plan), 300)
    body = plan_pdf(data)
    marked = marked_text(body)
    contents = marked[1]["Link"]  # title, page number; and again
    entries = {contents[n]: int(contents[n + 1]) for n in range(0, len(contents), 2)}
    assert len(entries) > 15
    # The leader dots are not read out: a screen reader says "dot" dozens of times a line.
    leaders = [text for text in marked[1]["Artifact"] if text and not text.strip(".")]
    assert len(leaders) == len(entries)
    for title, number in entries.items():
        found = [
            n
            for n, page in enumerate(marked[2:], start=3)
            if title in page.get("H1", []) + page.get("H2", [])
        ]
        assert found == [number], title
    assert number > 20  # the last (8 Risker) is after 300 described activities
    reader = PdfReader(io.BytesIO(body))
    links = [a.get_object() for a in reader.pages[1]["/Annots"]]
    assert len(links) == len(entries)
    pages = [page.indirect_reference for page in reader.pages]
    targets = [pages.index(link["/Dest"][0]) + 1 for link in links]
    assert targets == list(entries.values())
    # The numbers are on the contents' page, though drawn once the (landscape) last page is.
    starts: list[float] = []
    reader.pages[1].extract_text(
        visitor_text=lambda text, cm, tm, *_: starts.append(tm[4]) if text.strip() else None
    )
    assert starts and max(starts) < float(reader.pages[1].mediabox.width) - 62


def test_a_last_section_with_nothing_but_its_heading_is_in_the_contents(
    demo_json: dict[str, Any],
) -> None:
    """A heading is drawn with what follows it; the last section may have nothing after its
    heading, and the contents still give its page."""
    from komplan.exports.content import ExtraSection, Heading, Table, plan_document
    from komplan.exports.printing import print_plan

    doc = plan_document(demo_json, describe_activities=3, list_activities=3)
    doc.extra_sections = [ExtraSection(Heading(1, "9", "Tomt avsnitt"), [], "", Table((), [], ()))]
    pages = marked_text(print_plan(doc))
    assert "9 Tomt avsnitt" in pages[-1]["H1"]
    contents = pages[1]["Link"]
    assert contents[contents.index("9 Tomt avsnitt") + 1] == str(len(pages))


def test_every_page_and_link_is_found_in_the_parent_tree(demo_plan: Any) -> None:
    """The parent tree's keys were out of order (the contents' links before page 3), so a
    reader that searches it as the standard says (in order) found nothing for most pages:
    assistive technology could not tell what their text was."""
    import pikepdf

    body = plan_pdf(plan_to_json(demo_plan), describe_activities=3, list_activities=3)
    with pikepdf.open(io.BytesIO(body)) as pdf:
        tree = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
        keys = [int(page.StructParents) for page in pdf.pages]
        links = [int(a.StructParent) for page in pdf.pages for a in page.get("/Annots", [])]
        assert len(keys) > 5 and len(links) > 10
        for key in keys:
            assert len(tree[key]) > 0, key  # the elements of the page's marked content
        for key in links:
            assert tree[key].S == "/Link", key


def pdftotext(body: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not found: install Debian's poppler-utils")
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=body, capture_output=True, check=True
    ).stdout.decode()


def test_tabs_are_spaces_and_characters_no_font_has_are_read_back(demo_plan: Any) -> None:
    """A tab (text pasted from a spreadsheet) and a character neither Liberation Sans nor
    DejaVu Sans has (🎉) were drawn as .notdef boxes, which PDF/UA forbids, and lost to
    copying and to screen readers; a tab did not break the line either. A tab is now a space,
    and a character no font has is drawn as "�" that reads back as the character."""
    data = plan_to_json(demo_plan)
    budget = "Budget\t120 000 kr\tKommunstyrelsen"
    data["plan"]["background"] = f"{budget} " * 12 + "\n\nFest 🎉 klar"
    body = plan_pdf(data, describe_activities=3, list_activities=3)
    assert notdef_glyphs(body) == 0
    text = squash(pdftotext(body))
    assert "Budget 120 000 kr Kommunstyrelsen Budget" in text
    assert "Fest 🎉 klar" in text
    tagged = "".join(t for page in marked_text(body) for t in page.get("P", []))
    assert "Fest 🎉 klar" in tagged


def test_format_characters_and_soft_hyphens_are_not_drawn(demo_plan: Any) -> None:
    """A right-to-left override, a zero-width space or joiner printed as a thin mark or a box,
    a soft hyphen as a hyphen in the middle of the line; nothing here shapes or hyphenates
    text, so they are left out."""
    data = plan_to_json(demo_plan)
    data["plan"]["background"] = (
        "\u202eomvänd text\u202c, kommun\u00adstyrelsen, noll\u200bbredd, 👩\u200d💻 och \ufeffslut"
    )
    body = plan_pdf(data, describe_activities=3, list_activities=3)
    text = squash(pdftotext(body))
    assert "omvänd text, kommunstyrelsen, nollbredd, 👩💻 och slut" in text
    tagged = "".join(t for page in marked_text(body) for t in page.get("P", []))
    assert "omvänd text, kommunstyrelsen, nollbredd, 👩💻 och slut" in tagged
    assert notdef_glyphs(body) == 0


def test_the_process_keeps_no_plan_text_after_making_the_pdf(demo_plan: Any) -> None:
    """The fonts' width cache, kept by the process for every request after, held whole cells
    and paragraphs (10,000 characters), users' plan text, until the worker restarted, and
    grew to 200,000 entries a face: it keeps single words only now."""
    from komplan.exports.printing.fonts import FACES, face

    data = plan_to_json(demo_plan)
    secret = "Hemlig mening om en namngiven person som inte ska ligga kvar i minnet"
    data["plan"]["background"] = f"{secret}. " + "Lång beskrivning med många ord. " * 300
    data["activities"][0]["title"] = secret
    plan_pdf(data, describe_activities=3, list_activities=3)
    for key in FACES:
        words = face(key).words
        assert all(len(word) <= 64 and " " not in word for word in words), key
