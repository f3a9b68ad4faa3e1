"""`komplan cascade PLAN_ID [--material ID] [--format text|json] [--today YYYY-MM-DD]
[--language sv|da|nb|en]`: where a plan's material has got to down its cascade, for scripts
and nightly jobs.

Prints each step with the forum, target group or channel it reaches, its date, who is
responsible and its state, for one material (`--material`, else the one released last).
Exit status: 0 when no step is overdue, 1 when one is, 2 on an error (no such plan or
material, bad arguments), the error said in one line on stderr. `--today` says which day
"overdue" is measured on (default: today). The JSON output is an object with `version` (1),
`plan`, `material` (or null) and a `steps` list (see docs/cascade.md). The text is in the
plan's language (`--language` chooses another), as the plan's documents are; the JSON's keys
and codes are the same in every language, and errors are in the interface language.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import DatabaseError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komplan.cascade import services
from komplan.cascade.models import DispatchState, How, Material
from komplan.core.commands import KomplanCommand
from komplan.core.languages import LANGUAGE_CHOICES
from komplan.plans.models import Plan

JSON_VERSION = 1
OVERDUE = 1
ERROR = 2

KINDS = {
    "forum": gettext_lazy("forum"),
    "group": gettext_lazy("target group"),
    "channel": gettext_lazy("channel"),
}


class Command(KomplanCommand):
    help = (
        "Where a plan's material has got to down its cascade: komplan cascade PLAN_ID "
        "[--material ID] [--format text|json]. Exit status 0, 1 when a step is overdue, 2 error."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan_id", type=int, metavar="PLAN_ID")
        parser.add_argument(
            "--material", type=int, metavar="ID", help="Default: the latest released."
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, metavar="YYYY-MM-DD", help="Default: today."
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _label in LANGUAGE_CHOICES],
            default="",
            help="Of the text. Default: the plan's language.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            plan = _plan(options["plan_id"])
            result = cascade_result(
                plan, options.get("material"), options.get("today") or timezone.localdate()
            )
        except DatabaseError as error:  # not migrated, or the server is down
            raise CommandError(
                _("Could not read the plan: %(error)s") % {"error": error}, returncode=ERROR
            ) from None
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            with translation.override(options["language"] or plan.language):
                self.stdout.write(text_report(result))
        if any(step["overdue"] for step in result["steps"]):
            sys.exit(OVERDUE)


def _plan(plan_id: int) -> Plan:
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise CommandError(_("There is no plan %(id)s.") % {"id": plan_id}, returncode=ERROR)
    return plan


def cascade_result(plan: Plan, material_id: int | None, today: dt.date) -> dict[str, Any]:
    """The cascade of one material as plain data: what the JSON holds and the text words."""
    materials = Material.objects.filter(plan=plan)
    if material_id is not None:
        material = materials.filter(pk=material_id).first()
        if material is None:
            raise CommandError(
                _("Plan %(plan)s has no material %(material)s.")
                % {"plan": plan.pk, "material": material_id},
                returncode=ERROR,
            )
    else:
        material = (
            materials.filter(released_on__isnull=False).order_by("-released_on", "-pk").first()
        )
    dispatches = list(services.shown_dispatches(material)) if material else []
    rows = services.cascade_rows(services.shown_steps(plan), dispatches, today)
    return {
        "version": JSON_VERSION,
        "plan": {"id": plan.pk, "name": plan.name},
        "today": today.isoformat(),
        "material": None
        if material is None
        else {
            "id": material.pk,
            "title": material.title,
            "approved_by": material.approved_by_name,
            "approved_at": material.approved_at.isoformat() if material.approved_at else None,
            "released_on": material.released_on.isoformat() if material.released_on else None,
        },
        "steps": [
            {
                "number": row.number,
                "id": row.step.pk,
                "after": row.step.after_id,
                "reaches": {
                    "kind": "forum"
                    if row.step.forum_id
                    else "group"
                    if row.step.group_id
                    else "channel",
                    "name": row.step.target_name,
                },
                "how": row.step.how,
                "delegated": row.step.delegated,
                "responsible": row.step.responsible,
                "date": row.day.isoformat() if row.day else None,
                "state": row.state or None,
                "overdue": row.overdue,
            }
            for row in rows
        ],
    }


def text_report(result: dict[str, Any]) -> str:
    """The result as lines for a person, in the active language: a heading, then a line a
    step, indented by its level."""
    material = result["material"]
    head = _("%(plan)s (plan %(id)s)") % {
        "plan": result["plan"]["name"],
        "id": result["plan"]["id"],
    }
    if material:
        head += ": " + _("%(title)s, released %(day)s") % {
            "title": material["title"],
            "day": material["released_on"] or "–",
        }
    else:
        head += ": " + _("no material has been released")
    how = dict(How.choices)
    states = {**dict(DispatchState.choices), "skipped": _("Not in this phase")}
    lines = [head]
    for step in result["steps"]:
        flag = "  " + _("OVERDUE") if step["overdue"] else ""
        lines.append(
            f"{'  ' * step['number'].count('.')}{step['number']} {step['reaches']['name']}"
            f" [{KINDS[step['reaches']['kind']]}, {how.get(step['how'], step['how'])}]"
            f" {step['date'] or '–'} {step['responsible'] or '–'}"
            f" {states.get(step['state'], '–') if step['state'] else '–'}{flag}"
        )
    return "\n".join(lines)
