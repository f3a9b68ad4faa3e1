"""The spokespersons and the risk register: a spokesperson table (subject, name, role,
contact) and a risk table (the risk, its likelihood and consequence, mitigation, owner and
status), in any of the four languages.

komplan's own Word export gives a risk's two scales in its score cell, "Hög 16 (4 × 4)";
its workbook and hand-made tables may give them columns of their own ("Sannolikhet",
"Konsekvens"), a number or the scale's word ("4 Sannolik", "Likely"). A status is read in
any of the four languages. A value komplan cannot read is said in the preview with the
table and row, and the risk is imported with the scale's middle value or as open, so that
nothing else of the row, or of the table, is lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from django.utils.translation import gettext as _
from django.utils.translation import override

from komplan.exports.labels import LABELS
from komplan.imports.importers.docx_plan.common import cell_values
from komplan.imports.importers.docx_plan.reading import Reading
from komplan.imports.importers.draft import RiskDraft, SpokespersonDraft, fold
from komplan.imports.importers.plan_words import Table
from komplan.plans.models import Consequence, Likelihood, Risk, RiskStatus

__all__ = ["read_scale", "read_status", "risks_table", "spokespersons_table"]

_LANGUAGES = ("sv", "da", "nb", "en")
_FACTORS = re.compile(r"(?<!\d)(\d{1,2})\s*[×xX*·]\s*(\d{1,2})(?!\d)")
_NUMBER = re.compile(r"^\s*(\d{1,3})(?!\d)")
_SCALE_DEFAULT = 3  # the middle of 1–5: the model's default for both scales


def spokespersons_table(table: Table, where: Callable[[int], str], reading: Reading) -> None:
    """Add a spokesperson per filled row of the table."""
    draft = reading.draft
    for row in table.body:
        values = cell_values(row, table.columns)
        subject, name = values.get("subject", ""), values.get("name", "")
        if not (subject or name):
            continue
        here = where(row.number)
        draft.spokespersons.append(
            SpokespersonDraft(
                subject=subject,
                name=name,
                role=values.get("role", ""),
                contact=values.get("contact", ""),
                where=here,
            )
        )
        if not (subject and name):
            draft.problem(
                here,
                _(
                    "The spokesperson “%(text)s” has no subject or no name; it is imported "
                    "as it stands: complete it in komplan."
                )
                % {"text": subject or name},
            )


def risks_table(table: Table, where: Callable[[int], str], reading: Reading) -> None:
    """Add a risk per row of the table that names one."""
    draft = reading.draft
    columns = set(table.columns.values())
    if not columns & {"likelihood", "consequence", "score"}:
        first = table.body[0].number if table.body else 1
        draft.problem(
            where(first),
            _(
                "The risk table gives no likelihood or consequence; its risks are imported "
                "with %(default)s × %(default)s: check them."
            )
            % {"default": _SCALE_DEFAULT},
        )
    for row in table.body:
        values = cell_values(row, table.columns)
        text = values.get("text", "")
        if not text:
            if values:
                draft.problem(
                    where(row.number),
                    _("This row of the risk table names no risk, so it was not imported."),
                )
            continue
        risk = RiskDraft(
            text=text,
            mitigation=values.get("mitigation", ""),
            owner=values.get("owner", ""),
            where=where(row.number),
        )
        draft.risks.append(risk)
        _read_scales(risk, values, columns, reading)
        status = values.get("status", "")
        if status and read_status(status):
            risk.status = read_status(status)
        elif status:
            names = ", ".join(str(label) for label in RiskStatus.labels)
            draft.problem(
                risk.where,
                _(
                    "The status “%(value)s” of the risk “%(risk)s” is not one of %(names)s; "
                    "the risk is imported as open: check it."
                )
                % {"value": status, "risk": text[:80], "names": names},
            )


def _read_scales(
    risk: RiskDraft, values: dict[str, str], columns: set[str], reading: Reading
) -> None:
    """The risk's likelihood and consequence: from their own columns, else from the
    factors of its score ("Hög 16 (4 × 4)"); what cannot be read is said."""
    draft, short = reading.draft, risk.text[:80]
    score = values.get("score", "")
    factors = _FACTORS.search(score)
    if score and not factors and not {"likelihood", "consequence"} & columns:
        draft.problem(
            risk.where,
            _(
                "komplan read no likelihood × consequence (such as “4 × 3”) from “%(value)s” "
                "for the risk “%(risk)s”; it is imported with %(default)s × %(default)s: "
                "check it."
            )
            % {"value": score, "risk": short, "default": _SCALE_DEFAULT},
        )
        return
    missing = []
    for scale, found in (
        ("likelihood", factors.group(1) if factors else ""),
        ("consequence", factors.group(2) if factors else ""),
    ):
        label = str(getattr(Risk._meta.get_field(scale), "verbose_name", scale))
        written = values.get(scale, "") or found
        if not written:
            if scale in columns or "score" in columns:
                missing.append(label)
            continue
        number = read_scale(written, scale)
        if number is not None:
            setattr(risk, scale, number)
            continue
        draft.problem(
            risk.where,
            _(
                "The %(scale)s “%(value)s” of the risk “%(risk)s” is not on the scale 1–5; "
                "the risk is imported with %(scale)s %(default)s: check it."
            )
            % {"scale": label, "value": written, "risk": short, "default": _SCALE_DEFAULT},
        )
    if missing:
        draft.problem(
            risk.where,
            _(
                "The risk “%(risk)s” gives no %(scale)s; komplan takes %(default)s, the middle "
                "of the scale 1–5: check it."
            )
            % {"risk": short, "scale": " × ".join(missing), "default": _SCALE_DEFAULT},
        )


def read_scale(text: str, scale: str) -> int | None:
    """The 1–5 value of a likelihood or consequence cell ("4", "4 Likely", "Sannolik"),
    None when it names none or one outside the scale."""
    number = _NUMBER.match(text)
    if number:
        value = int(number.group(1))
        return value if 1 <= value <= 5 else None
    return _scale_words(scale).get(fold(text))


def read_status(text: str) -> str:
    """The status a cell names in any of the four languages ("Åtgärdad", "Lukket"), or ""."""
    return _status_words().get(fold(text), "")


@cache
def _scale_words(scale: str) -> dict[str, int]:
    """The words of the scale's steps in every language ("sannolik" -> 4), without their
    numbers."""
    choices = Likelihood if scale == "likelihood" else Consequence
    words: dict[str, int] = {}
    for language in _LANGUAGES:
        with override(language):
            for value, label in choices.choices:
                words.setdefault(fold(re.sub(r"^\s*\d+\s*", "", str(label))), int(value))
    return words


@cache
def _status_words() -> dict[str, str]:
    """A risk's statuses by their words in every language: the interface's, the documents'
    and the stored values."""
    words: dict[str, str] = {}
    for value in RiskStatus.values:
        words[fold(value)] = value
        for language in _LANGUAGES:
            words.setdefault(fold(LABELS[language][f"risk_{value}"]), value)
            with override(language):
                words.setdefault(fold(str(RiskStatus(value).label)), value)
    return words
