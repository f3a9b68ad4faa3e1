"""`komplan import FILE --org SLUG [--plan ID] [--dry-run]`: import a file from the shell.

It exists for the move to komplan: an administrator brings a whole folder of old plans and
activity sheets in with a loop in the shell, and sees for each file the same preview the
import page shows — what will be created, what was not understood and where — before
anything is written (`--dry-run`), or writes it in one transaction. It also takes komplan's
own plan JSON (`komplan export PLAN_ID --format json`, docs/plan-json.md), to move a plan
between installations. Exit status: 0 imported (or previewed without errors), 1 the file has
problems that stop the import, 2 the file or the arguments cannot be used — plan JSON that
is not valid (its syntax, version, a required field, a reference) is such a file, and every
problem is printed with its JSON path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from komplan.accounts.models import Organization, User
from komplan.core.commands import KomplanCommand
from komplan.core.languages import LANGUAGE_CHOICES
from komplan.imports.forms import FIELD_LABELS, KIND_CHOICES
from komplan.imports.importers import ReadOptions, RefusedFile, read_upload
from komplan.imports.importers.commit import ImportRefused, import_commit, preview
from komplan.imports.importers.planjson_import import (
    JsonRefused,
    json_commit,
    json_preview,
    json_report,
)
from komplan.imports.importers.report import report_lines, text_lines
from komplan.imports.importers.safety import MAX_BYTES, inspect
from komplan.plans import schema
from komplan.plans.models import Plan


class Command(KomplanCommand):
    help = (
        "Import an activity plan (.xlsx, .csv), a plan document or a briefing (.docx), or plan "
        "JSON (.json), into a new plan of an organisation or into an existing plan; --dry-run "
        "only previews."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the file to import")
        parser.add_argument("--org", required=True, help="the organisation's short name")
        parser.add_argument("--plan", type=int, help="import into this plan, not a new one")
        parser.add_argument("--dry-run", action="store_true", help="preview; write nothing")
        parser.add_argument(
            "--as",
            dest="kind",
            choices=[k for k, _label in KIND_CHOICES if k],
            help="what the file holds (default: komplan tells from the file)",
        )
        parser.add_argument("--sheet", default="", help="the workbook's sheet to read")
        parser.add_argument("--header-row", type=int, help="the row that names the columns")
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="N=FIELD",
            help=(
                "read column N (1 is the first) as FIELD, one of "
                + ", ".join(f for f in FIELD_LABELS if f)
                + ", or 'none'; may be repeated"
            ),
        )
        parser.add_argument("--name", default="", help="the new plan's name")
        parser.add_argument("--language", choices=[c for c, _label in LANGUAGE_CHOICES], default="")
        parser.add_argument("--user", default="", help="recorded as the one who imported")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": path}, returncode=2)
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(
                _("The file is %(size)s MB; komplan imports files of at most %(limit)s MB.")
                % {
                    "size": f"{path.stat().st_size / 1024 / 1024:.1f}",
                    "limit": MAX_BYTES // 1024 // 1024,
                },
                returncode=2,
            )
        organization = Organization.objects.filter(slug=options["org"]).first()
        if organization is None:
            raise CommandError(
                _("There is no organisation “%(slug)s”.") % {"slug": options["org"]},
                returncode=2,
            )
        plan = None
        if options["plan"] is not None:
            plan = (
                Plan.objects.select_related("organization")
                .filter(pk=options["plan"], organization=organization)
                .first()
            )
            if plan is None:
                raise CommandError(
                    _("%(org)s has no plan %(id)s.")
                    % {"org": organization.name, "id": options["plan"]},
                    returncode=2,
                )
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(
                    _("There is no user “%(name)s”.") % {"name": options["user"]}, returncode=2
                )
        read = ReadOptions(
            kind=options["kind"] or "",
            sheet=options["sheet"],
            header_row=options["header_row"],
            columns=self.columns(options["column"]),
            language=options["language"],
        )
        content = path.read_bytes()
        try:
            fmt = inspect(content, path.name).format
            if fmt == "json":
                return self.plan_json(content, path.name, organization, plan, user, options)
            draft = read_upload(content, path.name, read)
        except RefusedFile as error:
            raise CommandError(str(error), returncode=2) from None
        result = preview(
            draft,
            organization=organization,
            plan=plan,
            language=options["language"],
            name=options["name"],
        )
        target = self.target(organization, plan, result.facts.get("name", ""))
        self.stdout.write("\n".join(report_lines(result, filename=path.name, target=target)))
        if result.errors:
            raise CommandError(_("Nothing was imported."), returncode=1)
        if options["dry_run"]:
            self.stdout.write("\n" + _("Dry run: nothing was written."))
            return
        try:
            done = import_commit(
                draft=draft,
                organization=organization,
                plan=plan,
                user=user,
                language=options["language"],
                name=options["name"],
            )
        except ImportRefused:
            raise CommandError(_("Nothing was imported."), returncode=1) from None
        self.imported(done)

    def plan_json(
        self,
        content: bytes,
        filename: str,
        organization: Organization,
        plan: Plan | None,
        user: User | None,
        options: dict[str, Any],
    ) -> None:
        result = json_preview(
            content, filename=filename, organization=organization, plan=plan, name=options["name"]
        )
        self.stdout.write(
            "\n".join(
                text_lines(
                    json_report(result, limit=50),
                    result.draft,
                    filename=filename,
                    target=self.target(organization, plan, result.facts.get("name", "")),
                )
            )
        )
        if result.errors:
            raise CommandError(_("Nothing was imported."), returncode=2)
        if options["dry_run"]:
            self.stdout.write("\n" + _("Dry run: nothing was written."))
            return
        try:
            done = json_commit(
                content,
                filename=filename,
                organization=organization,
                plan=plan,
                user=user,
                name=options["name"],
            )
        except JsonRefused:
            raise CommandError(_("Nothing was imported."), returncode=2) from None
        self.imported(done)

    @staticmethod
    def target(organization: Organization, plan: Plan | None, name: Any) -> str:
        if plan is not None:
            return _("Into the plan “%(plan)s” (%(id)s).") % {"plan": plan.name, "id": plan.pk}
        return _("Into a new plan “%(name)s” of %(org)s.") % {
            "name": name,
            "org": organization.name,
        }

    def imported(self, done: Any) -> None:
        created = ", ".join(
            f"{n} {_register_name(register, n)}" for register, n in done.created.items()
        )
        self.stdout.write(
            "\n"
            + _("Imported into plan %(id)s (“%(name)s”): %(created)s.")
            % {"id": done.plan.pk, "name": done.plan.name, "created": created}
        )
        changed = getattr(done, "changed", {})
        if changed.get("changed") or changed.get("deleted"):
            self.stdout.write(
                _("%(changed)s activities of the plan were changed and %(deleted)s deleted.")
                % {"changed": changed["changed"], "deleted": changed["deleted"]}
            )

    @staticmethod
    def columns(specs: list[str]) -> dict[int, str]:
        columns = {}
        for spec in specs:
            number, _sep, name = spec.partition("=")
            name = "" if name.strip().casefold() == "none" else name.strip()
            if not number.strip().isdigit() or int(number) < 1 or name not in FIELD_LABELS:
                raise CommandError(
                    _("--column %(spec)s: write N=FIELD, for example 3=time.") % {"spec": spec},
                    returncode=2,
                )
            columns[int(number) - 1] = name
        return columns


def _register_name(slug: str, count: int) -> str:
    """A register's name for `count` of its entries, in the interface language."""
    meta = schema.by_slug(slug).model._meta
    return str(meta.verbose_name if count == 1 else meta.verbose_name_plural)
