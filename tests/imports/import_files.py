"""Files to import, built in code: the activity sheets, plan documents and briefings of the
fictional Norrviks kommun, shaped like the ones communicators really send (header rows
below a title, merged cells, rows marked red, typos), and hostile files."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

HEADER = ["Aktivitet", "Syfte och målgrupp", "Tid", "Kanal", "Ansvarig", "Status"]

ROWS: list[list[Any]] = [
    [
        "Nyhet på intranätet om det nya ärendesystemet",
        "Alla medarbetare ska känna till tjänsten.",
        "Våren 2026",
        "Intranätet",
        "Kim Lund",
        "Klar",
    ],
    [
        "Informationsmöte med enhetschefer",
        "Cheferna ska kunna svara på frågor.",
        "Höst 2026 – pågående",
        "Möte och e-post",
        "Kim Lund",
        "",
    ],
    [
        "Workshop med handläggare",
        "Handläggarna prövar arbetssättet.",
        "Prel. mars 2027 (när avtal är på plats)",
        "Möte",
        "Sara Ek",
        "",
    ],
    ["Utskick till föreningar", "Föreningarna vet vad som händer.", "vecka 12", "E-post", "", ""],
]


def workbook(
    rows: Sequence[Sequence[Any]] = ROWS,
    *,
    header: Sequence[str] = HEADER,
    header_row: int = 4,
    red: Sequence[int] = (),
    red_font: Sequence[int] = (),
    title: str = "Aktivitetsplan – Norrviks kommun",
    sheet: str = "Aktivitetsplan",
    extra_sheets: Sequence[str] = (),
    blank_between: bool = False,
) -> bytes:
    """An activity plan: a title (merged across), a guidance line, then the header in
    `header_row` and one row per activity; `red` rows (0-based among `rows`) filled red."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    for name in extra_sheets:
        other = book.create_sheet(name)
        other["A1"] = "Anteckningar"
        other["A2"] = "Inget att se här."
    ws = book.active
    ws.title = sheet
    if header_row > 1 and title:
        ws.cell(1, 1, title)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    if header_row > 2:
        ws.cell(2, 1, "Markera aktiviteten med röd färg när den är gjord/färdig.")
    for column, text in enumerate(header, start=1):
        ws.cell(header_row, column, text)
    row_number = header_row
    for index, values in enumerate(rows):
        row_number += 1
        if blank_between and index:
            row_number += 1
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row_number, column, value if value != "" else None)
            if index in red:
                cell.fill = PatternFill("solid", fgColor="FFFF0000")
            if index in red_font:
                cell.font = Font(color="FFC00000")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(
    rows: Sequence[Sequence[Any]] = ROWS,
    *,
    header: Sequence[str] = HEADER,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
    preamble: Sequence[str] = ("Aktivitetsplan Norrviks kommun",),
) -> bytes:
    import csv

    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for line in preamble:
        writer.writerow([line])
    writer.writerow([])
    writer.writerow(header)
    for values in rows:
        writer.writerow(values)
    return out.getvalue().encode(encoding)


# --- Word -----------------------------------------------------------------------------------


def _table(document: Any, rows: Sequence[Sequence[str]], bold_first_column: bool = False) -> Any:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = ""
            run = cell.paragraphs[0].add_run(value)
            run.bold = bold_first_column and c == 0
    return table


def _save(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def plan_document(*, extra_groups: int = 0, extra_messages: int = 0, long_text: str = "") -> bytes:
    """A communication plan of Norrviks kommun laid out like the usual Word plan."""
    import docx

    d = docx.Document()
    d.core_properties.title = "Digital nämndadministration"
    d.add_heading("Digital nämndadministration", level=0)
    d.add_paragraph("Kommunikationsplan")
    d.add_heading("Innehållsförteckning", level=2)
    d.add_paragraph("1\tUppdragsinformation.....\t2")
    d.add_heading("1 Uppdragsinformation", level=1)
    _table(
        d,
        [
            ["Projekt", "Digital nämndadministration i Norrviks kommun"],
            ["Projekt/diarienummer", "KS 2026/117"],
            ["Projektbeställare", "Kommunstyrelsen, Norrviks kommun"],
            ["Finansiär", "Region Norrvik"],
            ["Projektledning", "Maja Holm, kansliavdelningen"],
        ],
        bold_first_column=True,
    )
    d.add_heading("1.1 Uppdragets start- och slutdatum", level=2)
    d.add_paragraph("Uppdragsstart: 2026-01-15")
    d.add_paragraph("Uppdragsavslut: 2027-06-30")
    d.add_heading("1.2 Revidering/ändring av dokument", level=2)
    _table(
        d,
        [
            ["Version", "Datum", "Kommentar", "Ändrad av"],
            ["0.1", "2026-01-20", "Utkast framtaget", "Maja Holm"],
            ["1.0", "2026-02-10", "Godkänd av styrgruppen", "Maja Holm"],
        ],
    )
    d.add_heading("2 Inledning", level=1)
    d.add_heading("2.1 Bakgrundsbeskrivning", level=2)
    d.add_paragraph("Norrviks kommun inför digital nämndadministration. " + long_text)
    d.add_paragraph("Politiker och tjänstepersoner arbetar i samma system.")
    d.add_heading("2.2 Syfte", level=2)
    d.add_paragraph("Planen samordnar all kommunikation om bytet.")
    d.add_heading("2.3 Kommunikationsmål", level=2)
    d.add_paragraph(
        "Alla förtroendevalda har loggat in före första nämndmötet", style="List Bullet"
    )
    d.add_paragraph("Projektet har presenterats på två konferenser", style="List Bullet")
    d.add_heading("2.4 Kommunikationsplanens uppbyggnad", level=2)
    d.add_paragraph("Figur 1: Bild över sambandet mellan budskap, aktivitet, kanal och målgrupp.")
    d.add_heading("3 Målgrupper", level=1)
    d.add_paragraph("Definition av prioritet:")
    for name, definition in [
        ("Kärntressenter", "intressenter med beslutande och/eller drivande roller."),
        ("Primärintressenter", "intressenter som i hög grad påverkas."),
        ("Sekundärintressenter", "intressenter med ett intresse för uppdraget."),
    ]:
        p = d.add_paragraph()
        p.add_run(name).bold = True
        p.add_run(f" – {definition}")
    groups = [
        ["Namn på målgrupp", "Intern/ extern", "Prioritet", "Beskrivning"],
        ["Kommunstyrelsen", "Intern", "Kärntressent", "Beställer projektet."],
        ["Nämndsekreterare", "Inter", "Primärntressent", "Skriver protokollen."],
        ["Förtroendevalda", "Extern", "Primärintressenter", "Läser handlingarna i"],
        ["", "", "", "surfplattan inför varje möte."],
        ["Allmänheten", "Extern", "Sekundärntressent", "Följer nämndernas arbete."],
    ]
    groups += [
        [f"Förvaltning {n}", "Intern", "Sekundärintressent", f"Förvaltning nummer {n}. {long_text}"]
        for n in range(1, extra_groups + 1)
    ]
    _table(d, groups)
    d.add_heading("4 Budskap", level=1)
    d.add_heading("4.1 Kärntressenter", level=2)
    d.add_paragraph("1. Bytet gör nämndarbetet enklare och säkrare.")
    d.add_paragraph("2. Projektet håller tidplan och budget.")
    p = d.add_paragraph()
    p.add_run("Förtydligande").bold = True
    d.add_paragraph("Kommunstyrelsen ska känna sig trygg i att bytet är väl förberett.")
    d.add_heading("4.2 Primärntressenter", level=2)
    d.add_paragraph("Du får stöd hela vägen.", style="List Number")
    d.add_paragraph("Handlingarna finns alltid i surfplattan.", style="List Number")
    for n in range(1, extra_messages + 1):
        d.add_paragraph(
            f"Extra budskap nummer {n} om nämndarbetet. {long_text}", style="List Number"
        )
    d.add_heading("Förtydligande", level=3)
    d.add_paragraph("3. Stöd ges av nämndsekreterarna under hela första året.")
    d.add_heading("4.3 Sekundärintressenter", level=2)
    d.add_paragraph("5. Nämndernas arbete blir lättare att följa.")
    d.add_heading("5 Kanaler", level=1)
    channels = [
        ["Kanal", "Beskrivning", "Ansvarig"],
        ["Intranätet", "Kommunens interna webbplats", "Kommunikatör"],
        ["Nämndmöten", "Möten i varje nämnd", "Nämndsekreterare"],
        ["Norrvik.se", "Kommunens webbplats", "Webbredaktör"],
    ]
    channels += (
        [[f"Kanal {n}", f"Kanal nummer {n}. {long_text}", "Kommunikatör"] for n in range(1, 22)]
        if extra_groups
        else []
    )
    _table(d, channels)
    d.add_heading("6 Planering", level=1)
    d.add_heading("6.1 Aktiviteter", level=2)
    d.add_heading("6.1.1 Utbildning för förtroendevalda", level=3)
    d.add_paragraph("Varje nämnd får en utbildning före första digitala mötet. " + long_text)
    d.add_heading("6.1.2 Nyheter på intranätet", level=3)
    d.add_paragraph("Löpande nyheter om projektets framsteg.")
    for n in range(3, 3 + max(0, extra_groups and 38)):
        d.add_heading(f"6.1.{n} Aktivitet nummer {n}", level=3)
        d.add_paragraph(f"Beskrivning av aktivitet {n}. {long_text}")
    d.add_heading("6.2 Aktivitetsplan", level=2)
    d.add_paragraph("Se bilaga ”Kommunikationsplan – Aktivitetsplan.xlsx”")
    return _save(d)


def briefing_document() -> bytes:
    """Per target group: the points it should know and the suggested channels."""
    import docx

    d = docx.Document()
    d.add_heading("Budskap per målgrupp – Norrviks kommun", level=1)
    d.add_paragraph("Underlag inför kommunikationsplanen.")
    p = d.add_paragraph()
    p.add_run("Verksamhetschefer:").bold = True
    d.add_paragraph("Det nya systemet sparar tid i handläggningen", style="List Bullet")
    d.add_paragraph("Ni behöver avsätta tid för workshops", style="List Bullet")
    d.add_paragraph("Förslag på kanaler: APT, intranätet och chefsträffar")
    p = d.add_paragraph()
    p.add_run("Handläggare:").bold = True
    d.add_paragraph("Det nya systemet sparar tid i handläggningen", style="List Bullet")
    d.add_paragraph("Du får utbildning före starten", style="List Bullet")
    d.add_paragraph("Förslag på kanaler: APT, Intranätet")
    d.add_paragraph("Enhetschefer:")
    d.add_paragraph("Samma som ovan")
    d.add_paragraph("Förslag på kanaler: Chefsträffar")
    d.add_paragraph("Systemförvaltare:")
    d.add_paragraph("Samma sak som en verksamhetschef och handläggare")
    return _save(d)


# --- hostile files ----------------------------------------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + ']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


def replace_part(package: bytes, name: str, content: bytes) -> bytes:
    """The package with one part's content replaced."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = content if info.filename == name else source.read(info.filename)
            target.writestr(info.filename, data)
    return out.getvalue()


def billion_laughs_docx() -> bytes:
    import docx

    return replace_part(_save(docx.Document()), "word/document.xml", BILLION_LAUGHS.encode())


def zip_bomb(kind: str = "docx") -> bytes:
    """A valid-looking package with one part that inflates a thousandfold (50 MB)."""
    base = workbook() if kind == "xlsx" else plan_document()
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
        target.writestr("word/media/padding.xml", b"\0" * (50 * 1024 * 1024))
    return out.getvalue()


def encrypted_office_file() -> bytes:
    """What Word writes for a password-protected .docx: an OLE2 compound file."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096


# --- large files, streamed -------------------------------------------------------------------

WORDS = [
    "kommunen",
    "nämnden",
    "budskapet",
    "kanalen",
    "målgruppen",
    "aktiviteten",
    "planen",
    "intranätet",
]


def paragraph_xml(text: str, style: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}<w:r><w:t>{text}</w:t></w:r></w:p>"


def table_xml(rows: Sequence[Sequence[str]]) -> str:
    cells = (
        "<w:tr>" + "".join(f"<w:tc>{paragraph_xml(text)}</w:tc>" for text in row) + "</w:tr>"
        for row in rows
    )
    return "<w:tbl>" + "".join(cells) + "</w:tbl>"


def word_document_with_body(body: Iterable[str], target: Any) -> None:
    """A Word document written to `target` (a path or a binary file) whose body is the XML
    pieces `body` yields, streamed into the package so that the XML is never held whole."""
    import docx

    source = zipfile.ZipFile(io.BytesIO(_save(docx.Document())))
    main = source.read("word/document.xml").decode()
    head, tail = main.split("<w:body>", 1)
    section = tail[tail.index("<w:sectPr") :]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                package.writestr(info.filename, source.read(info.filename))
        with package.open("word/document.xml", "w") as stream:
            stream.write(f"{head}<w:body>".encode())
            pending: list[str] = []
            for piece in body:
                pending.append(piece)
                if len(pending) >= 500:
                    stream.write("".join(pending).encode())
                    pending = []
            stream.write(("".join(pending) + section).encode())


def background_paragraphs(count: int, *, seed: int = 1) -> Iterator[str]:
    """A heading "2.1 Bakgrund" and `count` - 1 paragraphs of varied words below it."""
    import random

    rnd = random.Random(seed)
    # 2,000 different lines, repeated: the file is quick to build, and compresses as real
    # text does (a repeat lies further back than deflate looks).
    lines = [" ".join(rnd.choice(WORDS) for _ in range(12)) + "." for _ in range(2000)]
    yield paragraph_xml("2.1 Bakgrund", "Heading2")
    for n in range(1, count):
        yield paragraph_xml(f"{n}. {lines[n % 2000]}")
