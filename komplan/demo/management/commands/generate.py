"""Make a synthetic plan of any size, to try komplan or measure it on a large plan.

`PLAN=$(komplan generate --activities 10000 --groups 300 --messages 600 --channels 150)`:
stdout gets the new plan's id and nothing else, so scripts can use it; what was made is said
on stderr. The plan is built in bulk inserts (`komplan.demo.synthetic`, the generator the
benchmarks use), so a 10,000-activity plan takes seconds; the same arguments and seed give the
same content, and every run makes a new plan.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.core.validators import slug_re
from django.db import transaction

from komplan.accounts.models import Membership, Organization
from komplan.core.commands import KomplanCommand
from komplan.demo.services import DEMO_SLUG
from komplan.demo.synthetic import synthetic_plan_create

DEFAULT_SLUG = "storvik"
DEFAULT_NAME = "Storviks kommun"  # a municipality like the demo's, for plans to try out
SLUG_LENGTH = Organization._meta.get_field("slug").max_length or 60
DEFAULTS = {"activities": 1000, "groups": 40, "messages": 60, "channels": 20, "goals": 6}


def _count(text: str) -> int:
    """A number of entries: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more, not {text!r}")
    return value


class Command(KomplanCommand):
    help = "Create a synthetic plan of the given size and print its id."

    def add_arguments(self, parser: CommandParser) -> None:
        for register, default in DEFAULTS.items():
            parser.add_argument(
                f"--{register}",
                type=_count,
                default=default,
                metavar="N",
                help=f"Number of {register} (default {default}).",
            )
        parser.add_argument(
            "--org",
            default=DEFAULT_SLUG,
            metavar="SLUG",
            help=f"The organisation's short name, created when missing (default {DEFAULT_SLUG}).",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Same seed, same content (default 1)."
        )
        parser.add_argument("--name", default="", help="The plan's name.")

    def handle(self, *args: Any, org: str, seed: int, name: str, **options: Any) -> None:
        if not slug_re.fullmatch(org) or len(org) > SLUG_LENGTH:
            raise CommandError(
                f"--org: {org!r} is not a short name: use at most {SLUG_LENGTH} letters, "
                "digits, hyphens and underscores."
            )
        counts = {register: options[register] for register in DEFAULTS}
        start = time.perf_counter()
        with transaction.atomic():
            organization, created = self._organization(org)
            plan = synthetic_plan_create(
                organization=organization, seed=seed, name=name or None, **counts
            )
        seconds = time.perf_counter() - start
        self.stdout.write(str(plan.pk))
        if options["verbosity"] >= 1:
            made = ", ".join(f"{n} {register}" for register, n in counts.items())
            where = f"new organisation “{organization}”" if created else f"“{organization}”"
            self.stderr.write(f"Plan {plan.pk} “{plan}” in {where}: {made} ({seconds:.1f} s).")

    def _organization(self, slug: str) -> tuple[Organization, bool]:
        """The organisation `slug`, or a new one whose members are the demo organisation's
        (with their roles there), so that the demo login opens the generated plan."""
        name = DEFAULT_NAME if slug == DEFAULT_SLUG else slug.replace("-", " ").capitalize()
        # get_or_create: two runs making the same organisation at once get one, not an error.
        organization, created = Organization.objects.get_or_create(
            slug=slug, defaults={"name": name}
        )
        if not created:
            return organization, False
        Membership.objects.bulk_create(
            Membership(
                organization=organization,
                user_id=member.user_id,
                role=member.role,
                can_approve=member.can_approve,
            )
            for member in Membership.objects.filter(organization__slug=DEMO_SLUG)
        )
        return organization, True
