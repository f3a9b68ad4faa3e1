"""`komplan export PLAN_ID --format docx|xlsx|pdf|json [-o FILE]`: write a plan as a file.

It exists for work without a browser: a nightly job that files the approved plan in the
records system (diariet) or on a shared drive, a script that reads the plan JSON, or an
administrator checking a document on the server. The files are the same as the download
buttons give: one reading of the plan, labels in the plan's language.

Plan JSON names the contacts of the plan's groups by key only; `--with-contacts` adds their
names, roles, organisations, email addresses and phone numbers (personal data: docs/gdpr.md).

Without -o the file gets the download's name in the current directory; `-o -` writes it to
standard output. Exit status 0 when written, 2 on an error (no such plan, unknown format,
a file that cannot be written); the message says which.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from komplan.core.commands import KomplanCommand
from komplan.exports.exports import FORMATS, export_file
from komplan.plans.models import Plan

ERROR = 2


class Command(KomplanCommand):
    help = (
        "Write a plan as Word, Excel, PDF or plan JSON: komplan export PLAN_ID "
        "--format docx|xlsx|pdf|json [-o FILE]. Exit status 0 written, 2 error."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan_id", type=int, metavar="PLAN_ID")
        parser.add_argument(
            "--format",
            required=True,
            metavar="|".join(FORMATS),
            help="The file format: " + ", ".join(FORMATS) + ".",
        )
        parser.add_argument(
            "--with-contacts",
            action="store_true",
            help="Plan JSON only: write the contacts' names and details, not only their keys.",
        )
        parser.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help="Where to write; '-' for standard output. Default: the download's file name.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["format"].lower().lstrip(".")
        if fmt not in FORMATS:
            raise CommandError(
                f"unknown format {options['format']!r}: use one of {', '.join(FORMATS)}",
                returncode=ERROR,
            )
        if options["with_contacts"] and fmt != "json":
            raise CommandError("--with-contacts is for --format json only", returncode=ERROR)
        plan = Plan.objects.select_related("organization").filter(pk=options["plan_id"]).first()
        if plan is None:
            raise CommandError(f"no plan with id {options['plan_id']}", returncode=ERROR)
        exported = export_file(plan, fmt, personal_data=options["with_contacts"])
        output = options.get("output") or exported.filename
        if output == "-":
            sys.stdout.buffer.write(exported.body)
            sys.stdout.buffer.flush()
            return
        try:
            Path(output).write_bytes(exported.body)
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error}", returncode=ERROR) from None
        self.stderr.write(f"{output} ({len(exported.body):,} bytes)")
