"""`komplan check PLAN_ID [--format text|json]`: does every target group get every message it
must get? Prints the plan's coverage gaps and warnings.

It exists so that the check can run without a browser: in a nightly job that mails the
communicator, or before a steering-group meeting approves a plan. Exit status: 0 when
coverage is complete, 1 when there are gaps (or target groups inherit in a loop), 2 on an
error (no such plan, bad arguments). Warnings alone do not fail the check.

Without PLAN_ID this is Django's own `check` (the system checks), which it replaces under the
same name: `komplan check --deploy` and the test runner's system check keep working.

The JSON output is stable (see docs/check.md): an object with `version` (1), `plan` (`id`,
`name`), `complete`, `counts` (`owed`, `carried`, `planned`, `done`, `gaps`), `gaps` (one
entry per target group in document order: `group` {`id`, `name`} and its `messages`
[{`id`, `number`}]) and `warnings` (`inheritance_cycles`, `channel_mismatches`,
`unaddressed_messages`, `groups_without_activity`, `activities_without_message`,
`activities_without_group`).
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from django.apps import apps
from django.core.management.base import CommandError, CommandParser
from django.core.management.commands import check as system_check
from django.db import DatabaseError
from django.utils.translation import gettext as _

from komplan.core.commands import KomplanCommand
from komplan.plans.coverage import CoverageReport, PlanGraph, coverage
from komplan.plans.graph import plan_graph
from komplan.plans.models import Plan

JSON_VERSION = 1
ERROR = 2  # exit status for a check that could not run
INCOMPLETE = 1


class Command(KomplanCommand, system_check.Command):
    help = (
        "Check a plan's coverage: komplan check PLAN_ID [--format text|json]. Exit status 0 "
        "complete, 1 gaps, 2 error. Without PLAN_ID: Django's system checks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        for action in parser._actions:  # Django's positional app labels also take the plan
            if action.dest == "args":
                action.metavar = "PLAN_ID | app_label"
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            help="With PLAN_ID: text for people (the default) or json for scripts.",
        )

    def handle(self, *labels: str, **options: Any) -> None:
        output = options.get("format")
        if not labels or not labels[0].isdigit():
            if output:
                raise CommandError("--format needs a PLAN_ID.", returncode=ERROR)
            for label in labels:
                try:
                    apps.get_app_config(label)
                except LookupError:
                    raise CommandError(
                        f"{label!r} is neither a plan id nor an installed app.", returncode=ERROR
                    ) from None
            return super().handle(*labels, **options)
        if len(labels) > 1:
            raise CommandError("Check one plan at a time: one PLAN_ID.", returncode=ERROR)
        if output not in (None, "text", "json"):
            raise CommandError(f"Unknown format {output!r}: text or json.", returncode=ERROR)
        try:
            plan = Plan.objects.filter(pk=int(labels[0])).first()
            if plan is None:
                raise CommandError(f"There is no plan {labels[0]}.", returncode=ERROR)
            graph = plan_graph(plan)
        except DatabaseError as error:  # e.g. not migrated, or the server is down
            raise CommandError(f"Could not read the plan: {error}", returncode=ERROR) from error
        report = coverage(graph)
        result = check_result(plan, graph, report)
        if output == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(text_report(result))
        if not report.complete:
            raise CommandError(
                _("Coverage is incomplete: %(gaps)s gaps, %(cycles)s inheritance loops.")
                % {"gaps": report.gap_count, "cycles": len(report.cycles)},
                returncode=INCOMPLETE,
            )


def check_result(plan: Plan, graph: PlanGraph, report: CoverageReport) -> dict[str, Any]:
    """The check as plain data: what the JSON output holds and the text output words."""
    groups = {g.id: {"id": g.id, "name": g.name} for g in graph.groups}
    messages = {m.id: {"id": m.id, "number": m.number} for m in graph.messages}
    activities = {a.id: {"id": a.id, "title": a.title} for a in graph.activities}
    by_group = {
        group_id: [messages[gap.message_id] for gap in gaps]
        for group_id, gaps in itertools.groupby(report.gaps, key=lambda gap: gap.group_id)
    }
    return {
        "version": JSON_VERSION,
        "plan": {"id": plan.pk, "name": plan.name},
        "complete": report.complete,
        "counts": {
            "owed": report.owed_count,
            "carried": report.carried_count,
            "planned": report.carried_count - report.done_count,
            "done": report.done_count,
            "gaps": report.gap_count,
        },
        # Document order (position), like the plan's own list of target groups.
        "gaps": [
            {"group": groups[g.id], "messages": by_group[g.id]}
            for g in graph.groups
            if g.id in by_group
        ],
        "warnings": {
            "inheritance_cycles": [[groups[g] for g in c.group_ids] for c in report.cycles],
            "channel_mismatches": [
                {"activity": activities[a], "group": groups[g]}
                for a, g in report.channel_mismatches
            ],
            "unaddressed_messages": [messages[m] for m in report.unaddressed_messages],
            "groups_without_activity": [groups[g] for g in report.groups_without_activity],
            "activities_without_message": [
                activities[a] for a in report.activities_without_message
            ],
            "activities_without_group": [activities[a] for a in report.activities_without_group],
        },
    }


def text_report(result: dict[str, Any]) -> str:
    """The check for people: a headline, the gaps per target group, then the warnings."""
    counts, plan = result["counts"], result["plan"]
    lines = [
        _("Coverage of “%(plan)s” (plan %(id)s): %(gaps)s gaps.")
        % {"plan": plan["name"], "id": plan["id"], "gaps": counts["gaps"]},
        _(
            "Required %(owed)s, reached %(carried)s (planned %(planned)s, done %(done)s), "
            "gaps %(gaps)s."
        )
        % counts,
    ]
    if result["gaps"]:
        lines += ["", _("Gaps (target group: message numbers)")]
        for entry in result["gaps"]:
            numbers = ", ".join(str(m["number"]) for m in entry["messages"])
            lines.append(f"  {entry['group']['name']}: {numbers}")
    warnings = list(_warning_lines(result["warnings"]))
    if warnings:
        lines += ["", _("Warnings"), *(f"  {line}" for line in warnings)]
    return "\n".join(lines)


def _warning_lines(warnings: dict[str, list[Any]]) -> list[str]:
    lines = [
        _("Inheritance loop: %(groups)s")
        % {"groups": " → ".join(g["name"] for g in [*cycle, cycle[0]])}
        for cycle in warnings["inheritance_cycles"]
    ]
    lines += [
        _("“%(activity)s” reaches %(group)s, but none of its channels does.")
        % {"activity": m["activity"]["title"], "group": m["group"]["name"]}
        for m in warnings["channel_mismatches"]
    ]
    lines += [
        _("Message %(number)s is addressed to no target group.") % m
        for m in warnings["unaddressed_messages"]
    ]
    lines += [_("No activity reaches %(name)s.") % g for g in warnings["groups_without_activity"]]
    lines += [
        _("“%(title)s” carries no message.") % a for a in warnings["activities_without_message"]
    ]
    lines += [
        _("“%(title)s” reaches no target group.") % a for a in warnings["activities_without_group"]
    ]
    return lines
