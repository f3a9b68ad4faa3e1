"""Contacts from a list: an Excel workbook or a .csv file with a header row.

The file passes the imports app's safety checks and limits first (`safety.inspect`: size,
zip bombs, XML entities, rows and cells); then the header names the columns, in any of the
four languages, and every row below it becomes a contact, or an error naming its row. The
preview shows both; nothing is written until the person confirms, and then all or nothing.
"""

from __future__ import annotations

import csv
import io
import warnings
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from komplan.imports.importers.csvfile import decode, sniff_delimiter
from komplan.imports.importers.safety import Limits, RefusedFile, inspect
from komplan.people.models import Contact

__all__ = ["ContactRow", "RefusedFile", "commit", "read_contacts"]

# Header words per field, folded: the four interface languages and the usual variants.
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "namn", "navn", "full name", "fullständigt namn", "kontaktperson"),
    "role": ("role", "roll", "rolle", "title", "titel", "befattning", "stilling"),
    "employer": (
        "organisation",
        "organization",
        "organisation/company",
        "företag",
        "virksomhed",
        "virksomhet",
        "arbetsplats",
        "arbejdsplads",
        "employer",
    ),
    "email": ("email", "e-mail", "e-post", "epost", "mail", "e-mailadresse"),
    "phone": ("phone", "telefon", "tel", "tlf", "mobil", "mobile", "telefonnummer"),
}
LIMITS = {"name": 200, "role": 200, "employer": 200, "email": 254, "phone": 50}


@dataclass
class ContactRow:
    number: int  # the row as the person sees it in their file
    name: str = ""
    role: str = ""
    employer: str = ""
    email: str = ""
    phone: str = ""
    errors: list[str] = field(default_factory=list)


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("_", " ").split()).rstrip(":")


def read_contacts(data: bytes, filename: str) -> list[ContactRow]:
    """The contacts of the file, each with what is wrong with it; RefusedFile when the file
    cannot be read or has no header naming at least the name column."""
    fmt = inspect(data, filename).format
    if fmt == "xlsx":
        table = _xlsx_rows(data)
    elif fmt == "csv":
        table = _csv_rows(data)
    else:
        raise RefusedFile(_("Contacts are imported from an Excel workbook (.xlsx) or a .csv file."))
    return _contacts(table)


def _csv_rows(data: bytes) -> list[tuple[int, list[str]]]:
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    limit = Limits.from_settings().rows
    rows = []
    try:
        for number, record in enumerate(reader, start=1):
            if number > limit:
                raise RefusedFile(
                    _("The file has more than %(limit)s rows; split it and import the parts.")
                    % {"limit": limit}
                )
            rows.append((number, [value.strip() for value in record]))
    except csv.Error as error:
        raise RefusedFile(
            _("Row %(row)s of the file could not be read (%(error)s).")
            % {"row": len(rows) + 1, "error": error}
        ) from None
    return rows


def _xlsx_rows(data: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception:  # openpyxl raises anything from KeyError to TypeError on a bad file
        raise RefusedFile(
            _(
                "The workbook could not be read: it may be damaged. Open it in Excel, save it "
                "again and upload that copy."
            )
        ) from None
    if not book.worksheets:
        raise RefusedFile(_("The workbook has no sheets."))
    sheet = book.worksheets[0]
    rows = []
    for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=30), start=1):
        rows.append((number, ["" if v is None else str(v).strip() for v in values]))
    book.close()
    return rows


def _contacts(table: list[tuple[int, list[str]]]) -> list[ContactRow]:
    header_at, columns = _header(table)
    found = []
    for number, values in table[header_at + 1 :]:
        if not any(values):
            continue
        row = ContactRow(number)
        for index, name in columns.items():
            value = values[index] if index < len(values) else ""
            setattr(row, name, value)
        _check(row)
        found.append(row)
    return found


def _header(table: list[tuple[int, list[str]]]) -> tuple[int, dict[int, str]]:
    words = {word: name for name, known in HEADERS.items() for word in known}
    for at, (_number, values) in enumerate(table[:20]):
        columns = {i: words[_fold(v)] for i, v in enumerate(values) if _fold(v) in words}
        if "name" in columns.values():
            return at, columns
    raise RefusedFile(
        _(
            "No row of the file names its columns: the first row should say name, role, "
            "organisation, email and phone (at least name)."
        )
    )


def _check(row: ContactRow) -> None:
    if not row.name:
        row.errors.append(_("Row %(row)s has no name.") % {"row": row.number})
    for name, limit in LIMITS.items():
        if len(getattr(row, name)) > limit:
            row.errors.append(
                _("Row %(row)s: the %(field)s is longer than %(limit)s characters.")
                % {
                    "row": row.number,
                    "field": str(Contact._meta.get_field(name).verbose_name),
                    "limit": limit,
                }
            )
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            row.errors.append(
                _("Row %(row)s: “%(email)s” is not an email address.")
                % {"row": row.number, "email": row.email}
            )


def to_session(rows: list[ContactRow]) -> list[dict[str, Any]]:
    return [asdict(row) for row in rows]


def from_session(data: list[dict[str, Any]]) -> list[ContactRow]:
    return [ContactRow(**row) for row in data]


@transaction.atomic
def commit(rows: list[ContactRow], *, organization: Any, groups: list[Any], user: Any) -> int:
    """Write the rows as contacts of `organization` in `groups`, all or none; rows with
    errors are refused before anything is written."""
    if any(row.errors for row in rows):
        raise RefusedFile(_("Correct the rows with errors in the file and upload it again."))
    contacts = Contact.objects.bulk_create(
        [
            Contact(
                organization=organization,
                name=row.name,
                role=row.role,
                employer=row.employer,
                email=row.email,
                phone=row.phone,
                updated_by=user,
            )
            for row in rows
        ]
    )
    through = Contact.groups.through
    through.objects.bulk_create(
        [through(contact_id=c.pk, targetgroup_id=g.pk) for c in contacts for g in groups]
    )
    return len(contacts)
