"""Load the demo organisation, so that a newcomer's `make run` shows real plans at once.

With --if-empty it does nothing when any organisation exists: `make run` calls it on
every start and must never touch a database that is in use.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from komplan.accounts.models import Organization
from komplan.core.commands import KomplanCommand
from komplan.demo.content import DEMO_PASSWORD, DEMO_USERS
from komplan.demo.services import DEMO_SLUG, demo_organization_create


class Command(KomplanCommand):
    help = "Create the demo organisation Norrviks kommun with its users and two plans."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Only when the database has no organisation."
        )

    def handle(self, *args: Any, if_empty: bool = False, **options: Any) -> None:
        demo_loaded = Organization.objects.filter(slug=DEMO_SLUG).exists()
        if Organization.objects.exists():
            if not if_empty:
                raise CommandError("The database already holds organisations; nothing loaded.")
            if demo_loaded:
                self._print_login()
            return
        plan = demo_organization_create(cascade=True)
        for each in plan.organization.plans.order_by("pk"):
            counts = ", ".join(f"{register} {n}" for register, n in each.register_counts().items())
            self.stdout.write(self.style.SUCCESS(f"Loaded the plan “{each}” ({counts})."))
        self._print_login()

    def _print_login(self) -> None:
        self.stdout.write("Demo login at http://127.0.0.1:8000 (Norrviks kommun):")
        for username, _first, _last, role in DEMO_USERS:
            approver = ", approver" if role == "admin" else ""  # see demo_organization_create
            self.stdout.write(f"  {username:<6} password {DEMO_PASSWORD}  ({role}{approver})")
