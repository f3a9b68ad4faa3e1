"""Forms of the import: the upload, and the choices the preview offers over komplan's guesses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komplan.core.languages import LANGUAGE_CHOICES
from komplan.imports.importers import ReadOptions
from komplan.imports.importers.draft import ImportDraft
from komplan.imports.importers.mapping import FIELDS
from komplan.imports.importers.safety import MAX_BYTES
from komplan.plans import schema
from komplan.plans.models import Plan

KIND_CHOICES = [
    ("", _("Let komplan tell")),
    ("activities", _("Activity plan")),
    ("plan", _("Plan document")),
    ("briefing", _("Briefing per target group")),
]
KIND_HELP = _(
    "An activity plan is a table with one activity per row; a plan document has target "
    "groups, messages, channels and activities; a briefing says per target group what it "
    "should know and through which channels."
)

FIELD_LABELS: dict[str, Any] = {
    "": _("Do not import"),
    "title": _("Activity"),
    "description": _("Purpose and description"),
    "groups": _("Target groups"),
    "messages": _("Messages"),
    "time": _("Time"),
    "start_date": _("Start date"),
    "end_date": _("End date"),
    "channels": _("Channels"),
    "responsible": _("Responsible"),
    "status": _("Status"),
    "follow_up": _("Follow-up"),
    "budget": _("Budget"),
}
FIELD_CHOICES = [(name, FIELD_LABELS[name]) for name in ("", *FIELDS)]


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "An activity plan as an Excel workbook (.xlsx) or a .csv file, a plan document "
            "or a briefing as a Word document (.docx), or plan data from komplan (.json); "
            "at most 20 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.docx,.txt,.json"}),
    )
    kind = forms.ChoiceField(
        label=_("The file holds"), choices=KIND_CHOICES, required=False, help_text=KIND_HELP
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; komplan imports files of at most %(limit)s MB."),
                params={
                    "size": f"{upload.size / 1024 / 1024:.1f}",
                    "limit": MAX_BYTES // 1024 // 1024,
                },
            )
        return upload


def read_options(data: Mapping[str, Any], *, kind: str = "") -> tuple[ReadOptions, str]:
    """The user's choices from the preview's fields (GET or POST), ignoring anything invalid;
    and the new plan's name. Column choices count only for the sheet and header row they were
    made on: choosing another sheet or header row starts from komplan's guess again."""
    options = ReadOptions(kind=kind)
    chosen_kind = str(data.get("kind", kind) or "")
    if chosen_kind in dict(KIND_CHOICES):
        options.kind = chosen_kind
    mapped_sheet = str(data.get("mapped_sheet", ""))
    mapped_header = str(data.get("mapped_header", "")).strip()
    options.sheet = str(data.get("sheet", mapped_sheet))[:100]
    header = str(data.get("header_row", mapped_header)).strip()
    options.header_row = int(header) if header.isdigit() and 0 < int(header) < 10**6 else None
    language = str(data.get("language", ""))
    options.language = language if language in dict(LANGUAGE_CHOICES) else ""
    same_table = options.sheet == mapped_sheet and header == mapped_header
    if same_table or ("mapped_sheet" not in data and "mapped_header" not in data):
        for key, value in data.items():
            if key.startswith("column_") and key[7:].isdigit() and int(key[7:]) < 1000:
                field = str(value)
                if field in FIELD_LABELS:
                    options.columns[int(key[7:])] = field
    name = schema.clip(Plan, "name", " ".join(str(data.get("name", "")).split()))
    return options, name


def options_form(
    draft: ImportDraft, options: ReadOptions, *, name: str, new_plan: bool, language: str
) -> forms.Form:
    """An unbound form showing what the preview used: the user's choices where made,
    komplan's guesses elsewhere."""
    form = forms.Form(auto_id="id_%s")
    form.fields["kind"] = forms.ChoiceField(
        label=_("The file holds"), choices=KIND_CHOICES, required=False, initial=draft.kind
    )
    if len(draft.sheets) > 1:
        form.fields["sheet"] = forms.ChoiceField(
            label=_("Sheet"),
            choices=[(s, s) for s in draft.sheets],
            required=False,
            initial=draft.sheet,
        )
    if draft.kind == "activities":
        form.fields["header_row"] = forms.IntegerField(
            label=_("Header row"),
            help_text=_("The row that names the columns."),
            required=False,
            min_value=1,
            initial=draft.header_row,
        )
    if new_plan:
        form.fields["name"] = forms.CharField(
            label=_("Name of the new plan"),
            max_length=300,
            required=False,
            initial=name,
        )
        form.fields["language"] = forms.ChoiceField(
            label=_("Language of the plan"),
            help_text=_("Times such as “Våren 2026” are read in this language."),
            choices=LANGUAGE_CHOICES,
            initial=language,
        )
    for column in draft.columns:
        form.fields[f"column_{column.index}"] = forms.ChoiceField(
            label=column.header or _("Column %(number)s") % {"number": column.index + 1},
            choices=FIELD_CHOICES,
            required=False,
            initial=column.field,
        )
    return form


def json_options_form(*, name: str, new_plan: bool) -> forms.Form:
    """The preview's choices for plan JSON: only a new plan's name (its language and
    everything else are the file's)."""
    form = forms.Form(auto_id="id_%s")
    if new_plan:
        form.fields["name"] = forms.CharField(
            label=_("Name of the new plan"), max_length=300, required=False, initial=name
        )
    return form


def column_fields(form: forms.Form, draft: ImportDraft) -> list[tuple[Any, Any]]:
    """(column, bound field) pairs for the mapping table."""
    return [(column, form[f"column_{column.index}"]) for column in draft.columns]
