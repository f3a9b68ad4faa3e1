"""A meeting's notice and minutes as Word, PDF and plain text, in the forum's language.

The builders take the plain data of `services.minutes_data` (a dict, also what a justered
version keeps as its snapshot), never a model: `minutes_layout(data)` turns it into the
rows and sections the seed minutes show (meeting facts, participants, absentees, the typed
agenda with its approximate times, each item's notes, decisions and action items, "noted
by", "justered by", attachments) and every format prints that layout.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from komplan.exports.pdf import write_pdf
from komplan.exports.text import clean, paragraphs, safe_filename
from komplan.meetings.labels import labels_for

__all__ = [
    "DOCX",
    "PDF",
    "MinutesLayout",
    "filename",
    "minutes_docx",
    "minutes_layout",
    "minutes_pdf",
    "notice_docx",
    "notice_pdf",
    "notice_subject",
    "notice_text",
]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
XML_LANGUAGE = {"sv": "sv-SE", "da": "da-DK", "nb": "nb-NO", "en": "en-GB"}
KIND_LETTERS = {"I", "D", "B", "A"}


@dataclass(frozen=True)
class ItemSection:
    heading: str
    notes: list[str]
    decisions: list[str]
    actions: list[str]
    previous_actions: list[str]


@dataclass(frozen=True)
class MinutesLayout:
    """Everything a notice or the minutes print, as text in the forum's language."""

    kind: str  # "notice" or "minutes"
    labels: dict[str, str]
    language: str
    document_type: str
    title: str
    organization: str
    status_line: str
    facts: list[tuple[str, str]]
    present: list[tuple[str, str]]
    guests: list[tuple[str, str]]
    absent: list[tuple[str, str]]
    agenda_header: tuple[str, ...]
    agenda: list[tuple[str, str, str, str, str]]
    breaks: set[int] = field(default_factory=set)  # rows of `agenda` that are breaks
    sections: list[ItemSection] = field(default_factory=list)
    other: ItemSection | None = None
    noted_by: str = ""
    adjusted_by: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    forum: str = ""
    date: str = ""  # the meeting's day (ISO)
    changed: str = ""  # the day the minutes were justered (ISO), "" before

    @property
    def xml_language(self) -> str:
        return XML_LANGUAGE.get(self.language, "sv-SE")


def _time(hhmm: str, labels: Mapping[str, str]) -> str:
    return hhmm.replace(":", labels["time_separator"]) if hhmm else ""


def _person(person: Mapping[str, str], labels: Mapping[str, str]) -> tuple[str, str]:
    role = labels.get(f"role_{person['role']}", "") if person.get("role") else ""
    name = clean(person["name"]) + (f" ({role})" if role else "")
    return name, clean(person.get("organization", ""))


def _decision(decision: Mapping[str, str], labels: Mapping[str, str]) -> str:
    text = clean(decision["text"])
    if decision.get("plan"):
        approves = labels["approves_plan"].format(
            plan=clean(decision["plan"]), version=clean(decision.get("plan_version", ""))
        )
        text = f"{text} ({approves})" if text else approves
    return text


def _action(action: Mapping[str, str], labels: Mapping[str, str]) -> str:
    parts = [clean(action["text"])]
    if action.get("owner"):
        parts.append(f"{labels['owner']}: {clean(action['owner'])}")
    if action.get("due"):
        parts.append(f"{labels['due']}: {action['due']}")
    parts.append(labels.get(f"action_{action['status']}", action["status"]))
    return " – ".join(parts)


def minutes_layout(data: Mapping[str, Any], kind: str = "minutes") -> MinutesLayout:
    """The notice (`kind="notice"`: invitees and agenda) or the minutes of `data`."""
    labels = labels_for(data["language"])
    minutes = kind == "minutes"
    start, end = _time(data["start"], labels), _time(data["end"], labels)
    facts = [
        (labels["date"], data["date"]),
        (labels["time"], f"{start}–{end}" if end else start),
    ]
    if data.get("place"):
        facts.append((labels["place"], clean(data["place"])))
    if data.get("online_link"):
        facts.append((labels["online_link"], clean(data["online_link"])))
    people = data["participants"]
    by = {
        attendance: [_person(p, labels) for p in people if p["attendance"] == attendance]
        for attendance in ("present", "guest", "absent")
    }
    agenda: list[tuple[str, str, str, str, str]] = []
    breaks: set[int] = set()
    for row, item in enumerate(data["agenda"]):
        if item["kind"] == "break":
            breaks.add(row)
            agenda.append(
                (
                    "",
                    "",
                    clean(item["description"]) or labels["break"],
                    "",
                    _time(item["start"], labels),
                )
            )
        else:
            agenda.append(
                (
                    str(item["number"]),
                    item["kind"] if item["kind"] in KIND_LETTERS else "",
                    clean(item["description"]),
                    clean(item["responsible"]),
                    _time(item["start"], labels),
                )
            )
    sections = [
        ItemSection(
            heading=f"{item['number']}) {clean(item['description'])}",
            notes=paragraphs(item["notes"]) if minutes else [],
            decisions=[_decision(d, labels) for d in item["decisions"]] if minutes else [],
            actions=[_action(a, labels) for a in item["actions"]] if minutes else [],
            previous_actions=[_action(a, labels) for a in item["previous_actions"]],
        )
        for item in data["agenda"]
        if item["kind"] != "break"
    ]
    other = None
    if kind == "minutes" and (data["other_decisions"] or data["other_actions"]):
        other = ItemSection(
            heading=labels["other_decisions"],
            notes=[],
            decisions=[_decision(d, labels) for d in data["other_decisions"]],
            actions=[_action(a, labels) for a in data["other_actions"]],
            previous_actions=[],
        )
    adjusted = [
        clean(a["name"])
        + (f" ({labels['approved_at'].format(time=a['approved_at'])})" if a["approved_at"] else "")
        for a in data["adjusters"]
        if a["approved_at"] or kind == "minutes"
    ]
    status = data["status"]
    version = data["version"]
    status_line = ""
    if kind == "minutes":
        status_line = f"{labels['version']} {version} · {labels[status]}"
        if status == "justered" and data.get("justered_at"):
            status_line += f" {data['justered_at']}"
    return MinutesLayout(
        kind=kind,
        labels=labels,
        language=data["language"],
        document_type=labels["minutes" if kind == "minutes" else "notice"],
        title=clean(data["title"]),
        organization=clean(data["organization"]),
        status_line=status_line,
        facts=facts,
        present=by["present"] if kind == "minutes" else [_person(p, labels) for p in people],
        guests=by["guest"] if kind == "minutes" else [],
        absent=by["absent"] if kind == "minutes" else [],
        agenda_header=(
            labels["item"],
            labels["kind"],
            labels["description"],
            labels["responsible"],
            labels["approx_time"],
        ),
        agenda=agenda,
        breaks=breaks,
        sections=sections,
        other=other,
        noted_by=clean(data["note_taker"]),
        adjusted_by=adjusted if status == "justered" else [],
        attachments=[clean(a["name"]) for a in data["attachments"]] if kind == "minutes" else [],
        forum=clean(data.get("forum", "")),
        date=data["date"],
        changed=(data.get("justered_at") or "")[:10] if kind == "minutes" else "",
    )


def filename(data: Mapping[str, Any], kind: str, extension: str) -> str:
    """The file's name in the forum's language, e.g. "Minnesanteckningar E-rådet 2019-10-03
    v2.docx"."""
    labels = labels_for(data["language"])
    name = f"{labels[kind]} {data['title']} {data['date']}"
    if kind == "minutes" and data["version"] > 1:
        name += f" v{data['version']}"
    return f"{safe_filename(name)}.{extension}"


# --- Word ---------------------------------------------------------------------------------------


def minutes_docx(data: Mapping[str, Any]) -> bytes:
    return _docx(minutes_layout(data, "minutes"))


def notice_docx(data: Mapping[str, Any]) -> bytes:
    return _docx(minutes_layout(data, "notice"))


def _docx(layout: MinutesLayout) -> bytes:
    from docx import Document
    from docx.shared import Pt

    from komplan.exports.wordfile import Properties, a4, finish

    labels = layout.labels
    document = Document()
    a4(document.sections[0])
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    finish(
        document,
        Properties(
            title=f"{layout.document_type} {layout.title}",
            subject=layout.document_type,
            author=layout.organization,
            last_modified_by=layout.noted_by,
            language=layout.xml_language,
            keywords=", ".join(p for p in (layout.document_type, layout.forum) if p),
            created=layout.date,
            modified=layout.changed or layout.date,
        ),
    )

    document.add_heading(layout.document_type, level=0)
    document.add_paragraph(layout.title).runs[0].bold = True
    if layout.status_line:
        document.add_paragraph(layout.status_line).runs[0].italic = True

    document.add_heading(labels["meeting_information"], level=1)
    _docx_table(document, None, layout.facts, first_bold=True)

    people = [(labels["participants" if layout.kind == "minutes" else "invited"], layout.present)]
    people += [(labels["guests"], layout.guests), (labels["absent"], layout.absent)]
    for heading, rows in people:
        if rows or heading == labels["participants"]:
            document.add_heading(heading, level=1)
            _docx_table(document, (labels["name"], labels["organization"]), rows)

    document.add_heading(labels["agenda"], level=1)
    document.add_paragraph(labels["kind_legend"])
    _docx_table(document, layout.agenda_header, layout.agenda, widths=(11, 7, 50, 20, 12))

    for section in [*layout.sections, *([layout.other] if layout.other else [])]:
        if layout.kind == "notice" and not section.previous_actions:
            continue
        document.add_heading(section.heading, level=2)
        for text in section.notes:
            document.add_paragraph(text)
        for title, lines in (
            (labels["previous_actions"], section.previous_actions),
            (labels["decisions"], section.decisions),
            (labels["actions"], section.actions),
        ):
            if lines:
                list_title = document.add_paragraph(title)
                list_title.runs[0].bold = True
                list_title.paragraph_format.keep_with_next = True
                for line in lines:
                    document.add_paragraph(line, style="List Bullet")

    if layout.kind == "minutes":
        document.add_heading(labels["noted_by"], level=1)
        document.add_paragraph(layout.noted_by or labels["none"])
        document.add_heading(labels["adjusted_by"], level=1)
        for name in layout.adjusted_by or [labels["not_justered"]]:
            document.add_paragraph(name)
        if layout.attachments:
            document.add_heading(labels["attachments"], level=1)
            for name in layout.attachments:
                document.add_paragraph(name, style="List Bullet")
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_table(
    document: Any,
    header: Sequence[str] | None,
    rows: Sequence[Sequence[str]],
    *,
    first_bold: bool = False,
    widths: Sequence[int] = (),
) -> None:
    """A grid table; its header row repeats on every page, and `widths` (percentages) keep
    narrow columns (item number, kind, time) narrow."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Twips

    from komplan.exports.wordfile import A4_WIDTH, MARGIN

    width = len(header) if header else max((len(r) for r in rows), default=2)
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    line = A4_WIDTH - 2 * MARGIN.twips
    columns = [Twips(line * w // 100) for w in widths] if len(widths) == width else []
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, header, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
            cell.paragraphs[0].paragraph_format.keep_with_next = True
        row_properties = table.rows[0]._tr.get_or_add_trPr()
        row_properties.append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
        row_properties.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    for row in rows:
        cells = table.add_row().cells
        for n, (cell, text) in enumerate(zip(cells, row, strict=True)):
            cell.text = text
            if first_bold and n == 0 and cell.paragraphs[0].runs:
                cell.paragraphs[0].runs[0].bold = True
    if columns:
        table.autofit = False
        for column, size in zip(table.columns, columns, strict=True):
            column.width = size
            for cell in column.cells:
                cell.width = size


# --- PDF ----------------------------------------------------------------------------------------


def minutes_pdf(data: Mapping[str, Any]) -> bytes:
    return _pdf(minutes_layout(data, "minutes"))


def notice_pdf(data: Mapping[str, Any]) -> bytes:
    return _pdf(minutes_layout(data, "notice"))


def print_html(layout: MinutesLayout) -> str:
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    return render_to_string(
        "meetings/print.html",
        {
            "doc": layout,
            "labels": layout.labels,
            # Escaped for CSS by page_counter_css; HTML escaping would break the CSS string.
            "page_counter": mark_safe(page_counter_css(layout.labels["page"])),
        },
    )


def page_counter_css(page: str) -> str:
    """The CSS `content` of "Sida X (Y)" with real page counters, from the label
    "Sida {page} ({pages})": `"Sida " counter(page) " (" counter(pages) ")"`."""
    before, _, rest = page.partition("{page}")
    between, _, after = rest.partition("{pages}")
    return (
        f"{_css_string(before)} counter(page) {_css_string(between)} counter(pages) "
        f"{_css_string(after)}"
    )


def _css_string(text: str) -> str:
    """`text` as a CSS string literal that cannot close the string or the <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return '"' + escaped.replace("<", "\\3C ") + '"'


def _pdf(layout: MinutesLayout) -> bytes:
    return write_pdf(print_html(layout))


# --- email --------------------------------------------------------------------------------------


def notice_subject(data: Mapping[str, Any]) -> str:
    labels = labels_for(data["language"])
    return clean(f"{labels['notice']}: {data['title']} {data['date']}").replace("\n", " ")


def notice_text(data: Mapping[str, Any]) -> str:
    """The notice as the plain-text body of an email."""
    layout = minutes_layout(data, "notice")
    labels = layout.labels
    lines = [notice_subject(data), "", labels["notice_greeting"].format(meeting=layout.title), ""]
    lines += [f"{label}: {value}" for label, value in layout.facts]
    lines += ["", labels["agenda"], labels["kind_legend"], ""]
    for number, kind, description, responsible, start in layout.agenda:
        kind_text = f"[{kind}] " if kind else ""
        who = f" ({responsible})" if responsible else ""
        lines.append(f"{start:>5}  {number + ' ' if number else ''}{kind_text}{description}{who}")
    for section in layout.sections:
        if section.previous_actions:
            lines += ["", f"{section.heading} – {labels['previous_actions']}:"]
            lines += [f"- {line}" for line in section.previous_actions]
    lines += ["", f"{labels['invited']}:"]
    lines += [f"- {name}{', ' + org if org else ''}" for name, org in layout.present]
    lines += ["", labels["notice_attached"], ""]
    return "\n".join(lines)
