"""The plan's PDF, laid out and written here rather than printed by WeasyPrint.

WeasyPrint took about two minutes for a plan of 10,000 activities (1,300 pages, ~85 ms a
page, the most of it laying out the long tables), and no maintained library writes *tagged*
PDF fast: fpdf2 tags pictures and links but no headings, lists or tables, ReportLab tags
nothing. The plan's PDF must be tagged (PDF/UA-1: public bodies, accessibility by law), and
its document is a plain flow of headings, paragraphs, lists and tables, so it is laid out
here: `fonts` (the faces' metrics and subsets, fontTools), `lines` (line breaking),
`document` (pages, the structure tree and the file, pydyf), `tables`, `drawing` (an SVG as
vectors, through cairosvg), `plan` (the plan's parts in the order of the Word builder, in
the look of plan_print.css, the final report's stylesheet).

Text is set in Liberation Sans, what it lacks in DejaVu Sans (as the print stylesheet's font
list had it: arrows, check marks, Arabic and Hebrew letters, a few emoji such as 😀). A
character neither has (most emoji) is drawn as "�", marked with the character as its
/ActualText, so that copying and screen readers still read it. Tabs and other whitespace
are spaces. Nothing is shaped: Arabic letters stand in their isolated forms, and
right-to-left text is set left to right (bidirectional layout is out of scope).
"""

from komplan.exports.printing.plan import print_plan

__all__ = ["print_plan"]
