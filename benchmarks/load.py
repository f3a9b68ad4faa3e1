"""Load harness: many colleagues using komplan at once, through gunicorn, then a check of the
database that every save they were told about is there, once, numbered and in the history.

Run from a clean clone (after `pip install -e '.[dev]'`) with

    python benchmarks/load.py [--db sqlite|postgres] [--users N] [--seconds S]
                              [--max-requests N] [--workers N] [--threads N] [--think MIN,MAX]
                              [--activities N --groups N --messages N --channels N]

`--seconds 20 --users 5` is a short smoke run. Nothing outside 127.0.0.1 is contacted, and the
configured database is never touched: `--db sqlite` makes a fresh SQLite file in a temporary
folder; `--db postgres` makes a fresh database `loadharness_run` on 127.0.0.1:5432 (user
postgres, trust; `--postgres-url` names another server) and drops it afterwards. The script
migrates it, loads the demo organisation (`loaddemo`), generates a plan of the given size
(`generate`) and makes `--users` editors of both organisations with one known password. It
starts gunicorn (gthread workers, production settings: DEBUG off, the static files collected
once per content into the system's temporary folder, `komplan-load-static-*`, and reused) on a
free port of 127.0.0.1.

Each simulated user logs in once (Argon2 is slow by design; the session cookie is kept) and
then, with a think time between requests, picks at random: a page (plan list, overview, a
register, the activity plan with a filter, coverage, timeline, history, versions), an edit
through an entry's form (the form is read, one field changed and posted back with its CSRF
token and lock_version: a 409 conflict page is a right answer), a new message or activity,
a move (the ↑/↓ buttons), a bulk status change, or an export (xlsx and json often, docx and
pdf rarely). After each save it follows the redirect, as a browser does. The run stops at
`--seconds` or `--max-requests`, whichever comes first.

Every write carries a unique marker (`[lh…]`) and is recorded with the server's answer and
the time it was sent and answered. Afterwards the script reads the database directly:

- lost writes: an acknowledged new entry that is missing, or an acknowledged edit whose value
  is not the entry's current one though no later save replaced it;
- duplicated writes: a new entry saved more than once;
- lost updates: two acknowledged edits of one entry made from the same lock_version;
- position problems: a register of a plan whose positions (message numbers) are not 1..N;
- unaudited / doubly audited writes: an acknowledged create, edit, move or status change
  without exactly one history event (a status change of k activities: k events). Events are
  matched to a request by user, entry and time: each user's requests run one after another.

It prints the figures per kind of request (requests, 5xx, 4xx other than the expected 409s,
409s, requests without an answer, p50 and p95 in ms) and the correctness figures, and exits
1 when any of those (5xx, unexpected 4xx, no answer, a user who could not log in, or a
correctness figure) is not 0.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# Run as a script, the repo root is needed to find `benchmarks`; the harness then takes this
# script's own folder off sys.path (see benchmarks/harness.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import harness

HOST = "127.0.0.1"  # the only address this harness ever sends to
ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "lasttest-Norrvik-2026"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
POSTGRES_DATABASE = "loadharness_run"
LOAD_ORG = "lasttest"
EXPECTED_4XX = {409}  # an edit conflict is the right answer to a stale form
KEEP_ALIVE = 6  # seconds gunicorn keeps an idle connection open (its default: 2)
# Events are matched to a request by their time; both clocks are this machine's.
CLOCK_SLACK = 0.05

# What a user does next, with its weight (out of about 100).
ACTIONS = {
    "plan list": 4,
    "overview": 8,
    "register": 10,
    "activity plan": 12,
    "coverage": 6,
    "timeline": 6,
    "history": 5,
    "versions": 4,
    "edit": 12,
    "add message": 5,
    "add activity": 5,
    "move": 6,
    "bulk status": 5,
    "export xlsx": 3,
    "export json": 3,
    "export docx": 0.5,
    "export pdf": 0.5,
}
# The field an edit changes, per register: one no other kind of write touches.
EDITED_FIELD = {
    "messages": "clarification",
    "activities": "description",
    "groups": "description",
    "channels": "description",
}
MOVABLE = ("messages", "groups", "channels", "activities")
READABLE_REGISTERS = ("groups", "messages", "channels", "goals", "tiers")
STATUSES = ("planned", "in_progress", "done", "cancelled")
BULK_DONE = re.compile(r"(\d+) activit(?:y was|ies were) set to")
ENTRY_LINK = re.compile(r"/plans/(\d+)/(\w+)/(\d+)/edit/")


# --- what happened ---------------------------------------------------------------------------


@dataclass
class Sample:
    """One request: its kind, the answer (None: no answer) and when."""

    kind: str
    method: str
    path: str
    status: int | None
    ms: float
    sent: float  # time.time()
    answered: float
    retry_after: str | None = None
    error: str = ""


@dataclass
class Write:
    """A save a user asked for and what the server answered."""

    kind: str  # create, edit, move, status
    username: str
    plan_id: int
    register: str
    sent: float = 0.0
    answered: float = 0.0
    status: int | None = None
    object_id: int | None = None
    marker: str = ""  # in the new entry's text, or the edited field's new value
    edited_field: str = ""
    read_version: int | None = None
    ids: list[int] = field(default_factory=list)  # a status change's activities
    new_status: str = ""
    changed: int | None = None  # activities the server said it changed

    @property
    def acknowledged(self) -> bool:
        # A save answers with a redirect; the move of an htmx request would answer 200.
        return self.status == 302

    @property
    def maybe_saved(self) -> bool:
        """The server may have saved it: acknowledged, or no clear refusal (no answer, 5xx)."""
        return self.status is None or self.status == 302 or self.status >= 500


class Stop(Exception):
    """The run's time or request budget is spent."""


@dataclass
class Budget:
    deadline: float  # time.monotonic()
    max_requests: int
    used: int = 0

    def admit(self) -> None:
        if time.monotonic() >= self.deadline or self.used >= self.max_requests:
            raise Stop
        self.used += 1


@dataclass
class Recorder:
    samples: list[Sample] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    logged_in: int = 0
    not_logged_in: int = 0  # users who got no session and so did nothing

    @property
    def logins_done(self) -> int:
        return self.logged_in + self.not_logged_in


# --- set-up: database, data, static files, gunicorn -----------------------------------------


@dataclass
class Setup:
    """What the run works on."""

    plans: list[tuple[int, float]]  # (plan id, weight)
    usernames: list[str]
    user_ids: dict[str, int]
    first_event: int  # history events after this pk are the run's
    description: str


def server_environment(data_dir: Path, database_url: str) -> dict[str, str]:
    """The environment of the server and of this script's own Django: production settings,
    plain-HTTP cookies (the harness talks http://127.0.0.1), the given database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOMPLAN_")}
    env.update(
        {
            "DATABASE_URL": database_url,
            "KOMPLAN_DATA_DIR": str(data_dir),
            "KOMPLAN_DEBUG": "0",
            "KOMPLAN_SECRET_KEY": secrets.token_urlsafe(40),
            "KOMPLAN_ALLOWED_HOSTS": HOST,
            "KOMPLAN_SECURE_COOKIES": "0",
            "DJANGO_SETTINGS_MODULE": "komplan.settings",
        }
    )
    return env


def use_environment(env: dict[str, str]) -> None:
    """Set this process's environment to `env` and Django up on it (once per process)."""
    for key in [k for k in os.environ if k.startswith("KOMPLAN_")]:
        del os.environ[key]
    os.environ.update(env)
    harness.bootstrap(test_client=False)


@contextlib.contextmanager
def postgres_database(server_url: str, name: str) -> Iterator[str]:
    """A fresh database `name` on the server of `server_url` for the block, dropped after it;
    yields its URL."""
    import psycopg

    def execute(sql: str) -> None:
        with psycopg.connect(
            server_url.replace("postgres://", "postgresql://"), autocommit=True
        ) as c:
            c.execute(sql)

    execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    execute(f'CREATE DATABASE "{name}"')
    try:
        yield server_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        from django.apps import apps

        if apps.ready:
            from django.db import connections

            connections.close_all()
        execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def collect_static(data_dir: Path) -> None:
    """WhiteNoise's compressed, hashed static files for DEBUG off, collected once per content
    of the sources (it takes a while) into a cache beside the temporary folders."""
    from django.contrib.staticfiles.finders import get_finders
    from django.core.management import call_command
    from django.test.utils import override_settings

    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in sorted(finder.list([]), key=lambda found: found[0]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    cache = Path(tempfile.gettempdir()) / f"komplan-load-static-{digest.hexdigest()[:16]}"
    if not (cache / "staticfiles.json").exists():
        building = Path(tempfile.mkdtemp(prefix="komplan-load-static-"))
        with override_settings(STATIC_ROOT=str(building)):
            call_command("collectstatic", interactive=False, verbosity=0)
        try:
            building.rename(cache)
        except OSError:  # another run got there first
            shutil.rmtree(building, ignore_errors=True)
    (data_dir / "staticfiles").symlink_to(cache, target_is_directory=True)


def prepare(args: argparse.Namespace, data_dir: Path) -> Setup:
    """Migrate, load the demo, generate the plan, make the users; in this process."""
    import io

    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connections

    from komplan.accounts.models import Membership, Organization, Role, User
    from komplan.audit.models import AuditEvent
    from komplan.plans.models import Plan

    call_command("migrate", interactive=False, verbosity=0)
    call_command("loaddemo", stdout=io.StringIO())
    out = io.StringIO()
    call_command(
        "generate",
        groups=args.groups,
        messages=args.messages,
        channels=args.channels,
        activities=args.activities,
        goals=args.goals,
        org=LOAD_ORG,
        stdout=out,
        stderr=io.StringIO(),
    )
    generated = int(out.getvalue().strip())
    collect_static(data_dir)

    hashed = make_password(PASSWORD)  # one Argon2 hash for all: each takes a while
    usernames = [f"kollega{n:02d}" for n in range(1, args.users + 1)]
    User.objects.bulk_create(
        User(username=name, password=hashed, first_name="Kollega", last_name=name[-2:])
        for name in usernames
    )
    users = list(User.objects.filter(username__in=usernames))
    organizations = list(Organization.objects.filter(slug__in=[LOAD_ORG, "norrvik"]))
    Membership.objects.bulk_create(
        Membership(user=user, organization=organization, role=Role.EDITOR)
        for user in users
        for organization in organizations
    )
    demo = list(
        Plan.objects.filter(organization__slug="norrvik")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    plans = [(generated, 0.6), *zip(demo, (0.3, 0.1), strict=False)]
    description = "; ".join(
        f"plan {plan.pk} “{plan.name}”: {counts}"
        for plan in Plan.objects.filter(pk__in=[p for p, _ in plans]).order_by("pk")
        for counts in [_sizes(plan)]
    )
    first_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    connections.close_all()  # the server's workers are the only writers from now on
    return Setup(
        plans=plans,
        usernames=usernames,
        user_ids={user.username: user.pk for user in users},
        first_event=first_event,
        description=description,
    )


def _sizes(plan: Any) -> str:
    counts = plan.register_counts()
    return ", ".join(
        f"{counts.get(name, 0)} {name}" for name in ("activities", "groups", "messages", "channels")
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


class Gunicorn:
    """gunicorn serving komplan.wsgi:application on 127.0.0.1:`port` in a process group of its
    own, logging to `log`; `stop()` ends that group and nothing else."""

    def __init__(
        self, env: dict[str, str], log: Path, *, workers: int, threads: int, port: int = 0
    ) -> None:
        self.port = port or free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.log = log
        command = [
            sys.executable, "-m", "gunicorn", "komplan.wsgi:application",
            "--bind", f"{HOST}:{self.port}",
            "--workers", str(workers),
            "--worker-class", "gthread",
            "--threads", str(threads),
            # Exports of a large plan take seconds; a worker must not be killed meanwhile.
            "--timeout", "120",
            "--graceful-timeout", "10",
            "--keep-alive", str(KEEP_ALIVE),
            "--log-level", "warning",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 90) -> None:
        import httpx

        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited ({self.process.returncode}):\n{self.tail()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/accounts/login/", timeout=5).status_code == 200:
                    return
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer within {timeout:.0f} s:\n{self.tail()}")

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


# --- the simulated users ---------------------------------------------------------------------


def kind_of(method: str, path: str) -> str:
    """The kind of a request, for the figures: the page or the action."""
    path = path.split("?")[0]
    rules = [  # the first that matches
        (r"/accounts/login/", "login"),
        (r"/plans/", "plan list"),
        (r"/plans/\d+/", "overview"),
        (r"/plans/\d+/activities/", "activity plan"),
        (r"/plans/\d+/activities/status/", "bulk status"),
        (r"/plans/\d+/coverage/", "coverage"),
        (r"/plans/\d+/timeline/", "timeline"),
        (r"/plans/\d+/history/.*", "history"),
        (r"/plans/\d+/versions/", "versions"),
        (r"/plans/\d+/export/(\w+)/", "export"),
        (r"/plans/\d+/\w+/", "register"),
        (r"/plans/\d+/\w+/new/", "form" if method == "GET" else "add"),
        (r"/plans/\d+/\w+/\d+/edit/", "form" if method == "GET" else "edit"),
        (r"/plans/\d+/\w+/\d+/move/", "move"),
    ]
    for pattern, kind in rules:
        if match := re.fullmatch(pattern, path):
            return f"export {match.group(1)}" if kind == "export" else kind
    return "other"


def form_data(html: str, *, having: str) -> tuple[dict[str, list[str]], Any] | None:
    """The values a browser would send from the page's form that has a field `having`, and
    the form element; None when the page has no such form."""
    import lxml.html

    document = lxml.html.fromstring(html)
    forms = document.xpath(f'//form[.//*[@name="{having}"]]')
    if not forms:
        return None
    values: dict[str, list[str]] = defaultdict(list)
    for name, value in forms[0].form_values():
        values[name].append(value)
    return values, forms[0]


class Colleague:
    """One simulated user: logs in once, then acts until the budget is spent."""

    def __init__(
        self,
        number: int,
        username: str,
        *,
        base_url: str,
        plans: list[tuple[int, float]],
        budget: Budget,
        recorder: Recorder,
        think: tuple[float, float],
        seed: int,
        run_id: str,
        timeout: float = 120,
    ) -> None:
        import httpx

        self.username = username
        self.plans = plans
        self.budget = budget
        self.recorder = recorder
        self.think = think
        self.rng = random.Random(seed * 10_007 + number)
        self.marker_prefix = f"lh{run_id}-{number:02d}"
        self.writes = 0
        # English messages, to read how many activities a status change changed. An idle
        # connection is dropped well before gunicorn drops it (KEEP_ALIVE): otherwise a request
        # sent as the server closes it fails, and unlike a browser httpx does not retry it.
        self.client = httpx.AsyncClient(
            base_url=base_url,
            timeout=timeout,
            headers={"Accept-Language": "en"},
            limits=httpx.Limits(keepalive_expiry=KEEP_ALIVE / 3),
        )

    async def run(self) -> None:
        try:
            if not await self.log_in():
                return
            while True:
                await asyncio.sleep(self.rng.uniform(*self.think))
                action = self.rng.choices(list(ACTIONS), weights=list(ACTIONS.values()))[0]
                plan = self.rng.choices(
                    [p for p, _ in self.plans], weights=[w for _, w in self.plans]
                )[0]
                await getattr(self, "do_" + action.replace(" ", "_"))(plan)
        except Stop:
            pass
        finally:
            await self.client.aclose()

    # -- requests

    async def request(
        self, method: str, path: str, *, data: Any = None, kind: str | None = None
    ) -> Any:
        """The response, or None when none came; recorded either way."""
        import httpx

        self.budget.admit()
        kind = kind or kind_of(method, path)
        sent, began = time.time(), time.perf_counter()
        try:
            response = await self.client.request(method, path, data=data)
        except httpx.HTTPError as error:
            self.recorder.samples.append(
                Sample(kind, method, path, None, _ms(began), sent, time.time(),
                       error=type(error).__name__)
            )  # fmt: skip
            return None
        self.recorder.samples.append(
            Sample(kind, method, path, response.status_code, _ms(began), sent, time.time(),
                   retry_after=response.headers.get("Retry-After"))
        )  # fmt: skip
        return response

    async def page(self, path: str, kind: str | None = None) -> Any:
        response = await self.request("GET", path, kind=kind)
        return response if response is not None and response.status_code == 200 else None

    async def save(self, write: Write, path: str, data: Any) -> Any:
        """POST a write, record it with the answer, and follow the redirect as a browser does;
        returns the page it led to (None if none). First the user types or makes up their
        mind: the page the write came from may be stale by then, as it is for people."""
        await asyncio.sleep(self.rng.uniform(*self.think))
        write.sent = time.time()
        response = await self.request("POST", path, data=data)  # Stop: never sent, not a write
        self.recorder.writes.append(write)
        write.answered = time.time()
        write.status = None if response is None else response.status_code
        if response is not None and response.status_code == 302:
            return await self.page(response.headers["Location"])
        return None

    def marker(self) -> str:
        self.writes += 1
        return f"[{self.marker_prefix}-{self.writes:04d}]"

    async def log_in(self) -> bool:
        """Log in once; a user who cannot is counted and does nothing else."""
        try:
            page = await self.page("/accounts/login/")
            found = page and form_data(page.text, having="password")
            response = None
            if found:
                values = found[0]
                values["username"], values["password"] = [self.username], [PASSWORD]
                response = await self.request("POST", "/accounts/login/", data=values)
        except Stop:
            self.recorder.not_logged_in += 1
            raise
        ok = response is not None and response.status_code == 302
        if ok:
            self.recorder.logged_in += 1
        else:
            self.recorder.not_logged_in += 1
        return ok

    # -- pages

    async def do_plan_list(self, plan: int) -> None:
        await self.page("/plans/")

    async def do_overview(self, plan: int) -> None:
        await self.page(f"/plans/{plan}/")

    async def do_register(self, plan: int) -> None:
        await self.page(f"/plans/{plan}/{self.rng.choice(READABLE_REGISTERS)}/")

    async def do_activity_plan(self, plan: int) -> None:
        page = await self.page(f"/plans/{plan}/activities/")
        if page is None or self.rng.random() < 0.3:
            return
        found = form_data(page.text, having="sort")
        options: dict[str, list[str]] = {}
        if found:
            for select in found[1].xpath(".//select"):
                values = [v for v in select.xpath("./option/@value") if v]
                if values:
                    options[select.get("name")] = values
        options.setdefault("status", list(STATUSES))
        options["view"] = ["overdue", "week", "next30"]
        options["q"] = ["möte", "webb", "information"]
        name = self.rng.choice(sorted(options))
        await self.page(
            f"/plans/{plan}/activities/?{name}={self.rng.choice(options[name])}",
            kind="activity plan filtered",
        )

    async def do_coverage(self, plan: int) -> None:
        await self.page(f"/plans/{plan}/coverage/")

    async def do_timeline(self, plan: int) -> None:
        query = self.rng.choice(["", "?scale=quarter", "?group_by=channel", "?scale=quarter"])
        await self.page(f"/plans/{plan}/timeline/{query}")

    async def do_history(self, plan: int) -> None:
        await self.page(f"/plans/{plan}/history/")

    async def do_versions(self, plan: int) -> None:
        await self.page(f"/plans/{plan}/versions/")

    async def export(self, plan: int, format: str) -> None:
        await self.page(f"/plans/{plan}/export/{format}/")

    async def do_export_xlsx(self, plan: int) -> None:
        await self.export(plan, "xlsx")

    async def do_export_json(self, plan: int) -> None:
        await self.export(plan, "json")

    async def do_export_docx(self, plan: int) -> None:
        await self.export(plan, "docx")

    async def do_export_pdf(self, plan: int) -> None:
        await self.export(plan, "pdf")

    # -- writes

    async def do_edit(self, plan: int) -> None:
        register = self.rng.choice(list(EDITED_FIELD))
        listing = await self.page(f"/plans/{plan}/{register}/")
        if listing is None:
            return
        ids = sorted({int(m[2]) for m in ENTRY_LINK.findall(listing.text) if m[1] == register})
        if not ids:
            return
        entry = self.rng.choice(ids)
        path = f"/plans/{plan}/{register}/{entry}/edit/"
        form = await self.page(path)
        found = form and form_data(form.text, having="lock_version")
        if not found:
            return
        values, _ = found
        name = EDITED_FIELD[register]
        marker = self.marker()
        values[name] = [f"Reviderad av {self.username} {marker}"]
        version = values.get("lock_version", [""])[0]
        write = Write(
            "edit",
            self.username,
            plan,
            register,
            object_id=entry,
            marker=marker,
            edited_field=name,
            read_version=int(version) if version.isdigit() else None,
        )
        await self.save(write, path, values)

    async def do_add_message(self, plan: int) -> None:
        path = f"/plans/{plan}/messages/new/"
        form = await self.page(path)
        found = form and form_data(form.text, having="text")
        if not found:
            return
        values, element = found
        marker = self.marker()
        values["text"] = [f"Lokalerna bokas i ett nytt system {marker}"]
        values["clarification"] = ["Från och med hösten bokas alla lokaler digitalt."]
        tiers = element.xpath('.//input[@name="tiers"]/@value')
        if tiers:
            values["tiers"] = [self.rng.choice(tiers)]
        await self.save(Write("create", self.username, plan, "messages", marker=marker), path,
                        values)  # fmt: skip

    async def do_add_activity(self, plan: int) -> None:
        path = f"/plans/{plan}/activities/new/"
        form = await self.page(path)
        found = form and form_data(form.text, having="title")
        if not found:
            return
        values, element = found
        marker = self.marker()
        values["title"] = [f"Informationsmöte för föreningar {marker}"]
        values["responsible"] = [f"Kommunikatör {self.username[-2:]}"]
        values["time_text"] = [self.rng.choice(["Hösten 2026", "Vecka 40", "Mars 2027"])]
        values["status"] = ["planned"]
        for link in ("messages", "groups", "channels"):
            choices = element.xpath(f'.//input[@name="{link}"]/@value')
            if choices:
                values[link] = [self.rng.choice(choices)]
        await self.save(Write("create", self.username, plan, "activities", marker=marker),
                        path, values)  # fmt: skip

    async def do_move(self, plan: int) -> None:
        register = self.rng.choice(MOVABLE)
        listing = await self.page(f"/plans/{plan}/{register}/")
        if listing is None:
            return
        import lxml.html

        document = lxml.html.fromstring(listing.text)
        # Only entries with both buttons enabled: a move at either end changes nothing and
        # leaves no history, so it could not be told apart from a lost event.
        movable = [
            form
            for form in document.xpath('//form[contains(@action, "/move/")]')
            if not form.xpath(".//button[@disabled]")
        ]
        if not movable:
            return
        form = self.rng.choice(movable)
        action = form.get("action")
        values = dict(form.form_values())
        values["direction"] = self.rng.choice(["up", "down"])
        entry = int(action.rstrip("/").split("/")[-2])
        await self.save(Write("move", self.username, plan, register, object_id=entry), action,
                        values)  # fmt: skip

    async def do_bulk_status(self, plan: int) -> None:
        listing = await self.page(f"/plans/{plan}/activities/")
        if listing is None:
            return
        import lxml.html

        document = lxml.html.fromstring(listing.text)
        ids = [int(v) for v in document.xpath('//input[@name="activity"]/@value')]
        token = document.xpath('//form[@id="bulk-status"]//input[@name="csrfmiddlewaretoken"]')
        if not ids or not token:
            return
        chosen = sorted(self.rng.sample(ids, min(len(ids), self.rng.randint(1, 5))))
        status = self.rng.choice(STATUSES)
        write = Write("status", self.username, plan, "activities", ids=chosen, new_status=status)
        values = {
            "csrfmiddlewaretoken": token[0].get("value"),
            "status": status,
            "activity": [str(i) for i in chosen],
        }
        after = await self.save(write, f"/plans/{plan}/activities/status/", values)
        if after is not None and (said := BULK_DONE.search(after.text)):
            write.changed = int(said.group(1))


def _ms(began: float) -> float:
    return (time.perf_counter() - began) * 1000


async def simulate(
    base_url: str,
    setup: Setup,
    budget: Budget,
    *,
    users: int,
    think: tuple[float, float],
    seed: int,
    recorder: Recorder,
) -> None:
    """Run `users` colleagues against `base_url` until the budget's time (which may be moved
    meanwhile) or requests run out. They start over a few seconds, as people do, which also
    spreads their logins."""
    seconds = budget.deadline - time.monotonic()
    run_id = secrets.token_hex(2)
    ramp = min(10.0, 0.2 * users, seconds / 4)

    async def colleague(n: int, username: str) -> None:
        await asyncio.sleep(ramp * n / max(users, 1))
        await Colleague(
            n, username, base_url=base_url, plans=setup.plans, budget=budget,
            recorder=recorder, think=think, seed=seed, run_id=run_id,
        ).run()  # fmt: skip

    tasks = [colleague(n, name) for n, name in enumerate(setup.usernames[:users], start=1)]
    # A hung request must not keep the harness running: the per-request timeout plus slack.
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=seconds + 300)


# --- the check -------------------------------------------------------------------------------


@dataclass
class Findings:
    """The correctness figures (each must be 0) and what the reader should know besides."""

    lost_writes: list[str] = field(default_factory=list)
    duplicated_writes: list[str] = field(default_factory=list)
    lost_updates: list[str] = field(default_factory=list)
    position_problems: list[str] = field(default_factory=list)
    unaudited_writes: list[str] = field(default_factory=list)
    doubly_audited_writes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    matched_events: int = 0  # history events matched to an acknowledged write
    run_events: int = 0  # the users' history events in all

    FIGURES = (
        ("lost writes", "lost_writes"),
        ("duplicated writes", "duplicated_writes"),
        ("lost updates (two saves from one version)", "lost_updates"),
        ("duplicate or missing positions", "position_problems"),
        ("unaudited writes", "unaudited_writes"),
        ("doubly audited writes", "doubly_audited_writes"),
    )

    def failed(self) -> bool:
        return any(getattr(self, name) for _, name in self.FIGURES)


def _at(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


def check(recorder: Recorder, setup: Setup) -> Findings:
    """Read the database and compare it with what the server acknowledged."""
    from django.db import connections

    from komplan.audit.models import AuditEvent
    from komplan.plans import schema

    findings = Findings()
    models = {register.slug: register.model for register in schema.REGISTERS}
    _check_positions(models, findings, recorder)

    events = list(
        AuditEvent.objects.filter(pk__gt=setup.first_event, user_id__in=setup.user_ids.values())
        .order_by("pk")
        .values("pk", "user_id", "register", "object_id", "action", "at", "changes")
    )
    findings.run_events = len(events)
    by_user: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        by_user[event["user_id"]].append(event)

    def events_of(write: Write, action: str, object_ids: set[int]) -> list[dict[str, Any]]:
        start, end = _at(write.sent - CLOCK_SLACK), _at(write.answered + CLOCK_SLACK)
        return [
            e
            for e in by_user[setup.user_ids[write.username]]
            if start <= e["at"] <= end
            and e["action"] == action
            and e["register"] == write.register
            and e["object_id"] in object_ids
        ]

    def audited(write: Write, action: str, object_ids: set[int], expected: int = 1) -> None:
        found = len(events_of(write, action, object_ids))
        findings.matched_events += found
        what = f"{write.kind} {write.register} {sorted(object_ids)} by {write.username}"
        if found < expected:
            findings.unaudited_writes.append(f"{what}: {found} of {expected} events")
        elif found > expected:
            findings.doubly_audited_writes.append(f"{what}: {found} events, not {expected}")

    _check_creates(recorder, models, findings, audited)
    _check_edits(recorder, models, findings, audited)
    for write in recorder.writes:
        if not write.acknowledged:
            continue
        if write.kind == "move":
            assert write.object_id is not None
            if events_of(write, "move", {write.object_id}):
                audited(write, "move", {write.object_id})
            elif _others_moved(events, write):
                findings.notes.append(
                    f"move of {write.register} {write.object_id} by {write.username} left no "
                    "event; another move in that register at the same time may have taken it "
                    "to an end first (a no-op), so it is not counted"
                )
            else:
                audited(write, "move", {write.object_id})
        elif write.kind == "status" and write.changed is not None:
            audited(write, "update", set(write.ids), write.changed)
    unread = sum(1 for w in recorder.writes if w.kind == "status" and w.acknowledged
                 and w.changed is None)  # fmt: skip
    if unread:
        findings.notes.append(f"{unread} status changes whose count could not be read")
    connections.close_all()
    return findings


def _others_moved(events: list[dict[str, Any]], write: Write) -> bool:
    start, end = _at(write.sent - CLOCK_SLACK), _at(write.answered + CLOCK_SLACK)
    return any(
        e["action"] == "move" and e["register"] == write.register and start <= e["at"] <= end
        for e in events
    )


def _check_positions(models: dict[str, Any], findings: Findings, recorder: Recorder) -> None:
    created = {w.marker: w for w in recorder.writes if w.kind == "create"}
    start = recorder.samples[0].sent if recorder.samples else 0.0
    for slug, model in models.items():
        positions: dict[int, list[int]] = defaultdict(list)
        for plan_id, position in model.objects.values_list("plan_id", "position"):
            positions[plan_id].append(position)
        for plan_id, found in sorted(positions.items()):
            if sorted(found) == list(range(1, len(found) + 1)):
                continue
            twice = sorted(p for p, n in Counter(found).items() if n > 1)
            missing = sorted(set(range(1, len(found) + 1)) - set(found))
            lines = [
                f"plan {plan_id} {slug}: {len(found)} entries, positions twice {twice[:10]}, "
                f"missing {missing[:10]}"
            ]
            # Which entries share a place, and the requests that made them (by their marker).
            for entry in model.objects.filter(plan_id=plan_id, position__in=twice[:10]):
                text = str(entry)
                write = next((w for m, w in created.items() if m in text), None)
                made = (
                    f", added by {write.username} (HTTP {write.status}, sent at "
                    f"{write.sent - start:.2f} s, answered at {write.answered - start:.2f} s)"
                    if write
                    else ""
                )
                lines.append(f"position {entry.position}: #{entry.pk} “{text[:70]}”{made}")
            findings.position_problems.append("\n        ".join(lines))


def _check_creates(
    recorder: Recorder, models: dict[str, Any], findings: Findings, audited: Any
) -> None:
    title = {"messages": "text", "activities": "title"}
    unacknowledged_saved = 0
    for write in recorder.writes:
        if write.kind != "create":
            continue
        lookup = {f"{title[write.register]}__contains": write.marker, "plan_id": write.plan_id}
        found = list(models[write.register].objects.filter(**lookup).values_list("pk", flat=True))
        what = f"new {write.register} {write.marker} by {write.username} (HTTP {write.status})"
        if len(found) > 1:
            findings.duplicated_writes.append(f"{what}: saved {len(found)} times")
        if write.acknowledged:
            if not found:
                findings.lost_writes.append(f"{what}: not in the database")
            else:
                audited(write, "create", set(found))
        elif found:
            unacknowledged_saved += 1
    if unacknowledged_saved:
        findings.notes.append(
            f"{unacknowledged_saved} new entries were saved though the answer was not a "
            "redirect (no answer or 5xx): not lost, but the user was not told"
        )


def _check_edits(
    recorder: Recorder, models: dict[str, Any], findings: Findings, audited: Any
) -> None:
    edits: dict[tuple[str, int], list[Write]] = defaultdict(list)
    for write in recorder.writes:
        if write.kind == "edit" and write.maybe_saved:
            assert write.object_id is not None
            edits[write.register, write.object_id].append(write)
    for (register, object_id), writes in edits.items():
        acknowledged = [w for w in writes if w.acknowledged]
        for write in acknowledged:
            audited(write, "update", {object_id})
        versions = Counter(w.read_version for w in acknowledged)
        for version, count in versions.items():
            if count > 1:
                findings.lost_updates.append(
                    f"{register} {object_id}: {count} edits acknowledged from lock_version "
                    f"{version} ({', '.join(w.username for w in acknowledged)})"
                )
        if not acknowledged:
            continue
        name = acknowledged[0].edited_field
        value = models[register].objects.filter(pk=object_id).values_list(name, flat=True).first()
        last = max(acknowledged, key=lambda w: w.read_version or 0)
        current = next((w for w in writes if value and w.marker in value), None)
        # The current value must be the last acknowledged edit's, or a later one's whose
        # answer never came.
        if current is None or (current.read_version or 0) < (last.read_version or 0):
            findings.lost_writes.append(
                f"edit of {register} {object_id} by {last.username} {last.marker} from version "
                f"{last.read_version}: the {name} now reads {value!r}"
            )


# --- the figures -----------------------------------------------------------------------------


@dataclass
class Totals:
    requests: int
    server_errors: int
    unexpected_4xx: int
    unanswered: int
    not_logged_in: int = 0

    def failed(self) -> bool:
        return bool(
            self.server_errors or self.unexpected_4xx or self.unanswered or self.not_logged_in
        )


def print_rate(recorder: Recorder, seconds: float) -> None:
    count = len(recorder.samples)
    print(
        f"\n{count} requests in {seconds:.0f} s ({count / seconds:.1f}/s); "
        f"{recorder.logged_in} users logged in, {recorder.not_logged_in} could not\n"
    )


def print_table(samples: list[Sample]) -> Totals:
    """Figures per kind of request, and the totals."""
    kinds: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        kinds[sample.kind].append(sample)
    header = (
        f"{'kind':<24}{'requests':>9}{'5xx':>6}{'4xx*':>6}{'409':>6}{'no answer':>10}"
        f"{'p50 ms':>9}{'p95 ms':>9}"
    )
    print(header)
    print("-" * len(header))
    rows = sorted(kinds.items(), key=lambda item: -len(item[1]))
    for kind, group in [*rows, ("all", samples)]:
        if kind == "all":
            print("-" * len(header))
        counts = _counts(group)
        times = [s.ms for s in group if s.status is not None] or [0.0]
        print(
            f"{kind:<24}{len(group):>9}{counts['5xx']:>6}{counts['4xx']:>6}{counts['409']:>6}"
            f"{counts['none']:>10}{harness.percentile(times, 0.5):>9.0f}"
            f"{harness.percentile(times, 0.95):>9.0f}"
        )
    print("4xx*: other than the 409 an edit conflict answers")
    counts = _counts(samples)
    return Totals(len(samples), counts["5xx"], counts["4xx"], counts["none"])


def _counts(samples: list[Sample]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for s in samples:
        if s.status is None:
            counts["none"] += 1
        elif s.status >= 500:
            counts["5xx"] += 1
        elif s.status in EXPECTED_4XX:
            counts["409"] += 1
        elif s.status >= 400:
            counts["4xx"] += 1
    return counts


def print_findings(recorder: Recorder, findings: Findings) -> None:
    writes = Counter(w.kind for w in recorder.writes if w.acknowledged)
    tried = Counter(w.kind for w in recorder.writes)
    print(
        "acknowledged writes: "
        + ", ".join(f"{writes[k]} of {tried[k]} {k}" for k in ("create", "edit", "move", "status"))
    )
    print(
        f"history events: {findings.run_events} by the users, {findings.matched_events} "
        "matched to their acknowledged writes"
    )
    for label, name in Findings.FIGURES:
        problems = getattr(findings, name)
        print(f"  {label:<44}{len(problems):>6}")
        for problem in problems[:10]:
            print(f"      {problem}")
        if len(problems) > 10:
            print(f"      … and {len(problems) - 10} more")
    for note in findings.notes[:10]:
        print(f"  note: {note}")


def print_server_errors(samples: list[Sample], server: Gunicorn) -> None:
    """The failed requests and the server's log, to report what went wrong."""
    failed = [
        s for s in samples if s.status is None or (s.status >= 400 and s.status not in EXPECTED_4XX)
    ]
    if not failed:
        return
    start = samples[0].sent
    print("failed requests (first 10; s from the first request):")
    for s in failed[:10]:
        print(f"  {s.sent - start:7.1f} s {s.method} {s.path} → {s.status or s.error} "
              f"after {s.ms:.0f} ms")  # fmt: skip
    print(f"server log ({server.log}), last lines:\n{server.tail(60)}")


# --- main ------------------------------------------------------------------------------------


def parser(description: str, *, seconds: bool = True) -> argparse.ArgumentParser:
    """The options load.py and outage.py share; `seconds`: whether the load's length is one."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=10, help="simulated users (%(default)s)")
    if seconds:
        parser.add_argument(
            "--seconds", type=float, default=120, help="length of the load (%(default)s)"
        )
    parser.add_argument(
        "--max-requests", type=int, default=50_000, help="stop after this many (%(default)s)"
    )
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (%(default)s)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (%(default)s)")
    parser.add_argument(
        "--think",
        default="0.5,2.0",
        help="think time between requests, MIN,MAX seconds (%(default)s)",
    )
    parser.add_argument("--seed", type=int, default=1, help="the users' choices (%(default)s)")
    parser.add_argument("--activities", type=int, default=300, help="generated plan (%(default)s)")
    parser.add_argument("--groups", type=int, default=20, help="generated plan (%(default)s)")
    parser.add_argument("--messages", type=int, default=30, help="generated plan (%(default)s)")
    parser.add_argument("--channels", type=int, default=12, help="generated plan (%(default)s)")
    parser.add_argument("--goals", type=int, default=4, help="generated plan (%(default)s)")
    return parser


def think_times(text: str) -> tuple[float, float]:
    low, _, high = text.partition(",")
    return float(low), float(high or low)


def run_and_check(
    args: argparse.Namespace, server: Gunicorn, setup: Setup, recorder: Recorder
) -> tuple[Totals, Findings]:
    began = time.monotonic()
    budget = Budget(deadline=began + args.seconds, max_requests=args.max_requests)
    asyncio.run(
        simulate(
            server.url, setup, budget, users=args.users, think=think_times(args.think),
            seed=args.seed, recorder=recorder,
        )
    )  # fmt: skip
    print_rate(recorder, time.monotonic() - began)
    totals = print_table(recorder.samples)
    totals.not_logged_in = recorder.not_logged_in
    findings = check(recorder, setup)
    print()
    print_findings(recorder, findings)
    return totals, findings


def main() -> None:
    arguments = parser(__doc__)
    arguments.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    arguments.add_argument(
        "--postgres-url", default=POSTGRES_URL,
        help=f"the server on which {POSTGRES_DATABASE} is made and dropped "
        f"(default {POSTGRES_URL}; only 127.0.0.1)",
    )  # fmt: skip
    args = arguments.parse_args()
    if args.db == "postgres" and "@127.0.0.1:" not in args.postgres_url:
        raise SystemExit("--postgres-url: only a server on 127.0.0.1")

    with contextlib.ExitStack() as stack:
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="komplan-load-")))
        if args.db == "postgres":
            # Django is not set up yet; the drop closes its connections first.
            url = stack.enter_context(postgres_database(args.postgres_url, POSTGRES_DATABASE))
        else:
            url = f"sqlite:///{data_dir / 'komplan.sqlite3'}"
        env = server_environment(data_dir, url)
        use_environment(env)
        print(f"preparing {harness.describe_database(in_memory=False)} in {data_dir} …",
              flush=True)  # fmt: skip
        setup = prepare(args, data_dir)
        server = Gunicorn(env, data_dir / "gunicorn.log", workers=args.workers,
                          threads=args.threads)  # fmt: skip
        stack.callback(server.stop)
        server.wait_ready()
        print(
            f"load: {args.users} users for {args.seconds:.0f} s (at most {args.max_requests} "
            f"requests), think time {args.think} s, against gunicorn {server.url} with "
            f"{args.workers} gthread workers × {args.threads} threads\n{setup.description}",
            flush=True,
        )
        recorder = Recorder()
        totals, findings = run_and_check(args, server, setup, recorder)
        print_server_errors(recorder.samples, server)
        server.stop()
        if machine := harness.describe_machine():
            print(machine)
    sys.exit(1 if totals.failed() or findings.failed() else 0)


if __name__ == "__main__":
    main()
