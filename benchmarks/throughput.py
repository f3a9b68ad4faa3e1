"""Throughput benchmark: komplan's pages side by side with a bare Django view and a session
view, through gunicorn, on PostgreSQL and SQLite.

Run from a clean clone with

    python benchmarks/throughput.py [--db sqlite|postgres|both] [--seconds S] [--clients 1,8]
                                    [--workers N] [--activities N] [--postgres-name NAME]
                                    [--only WORDS] [--set KOMPLAN_NAME=VALUE ...]

For each database the script makes a fresh one (SQLite in a temporary folder; PostgreSQL
`--postgres-name`, by default `throughput_run`, on 127.0.0.1:5432, dropped afterwards: give
each person on a shared server a name of their own), migrates it, loads the demo
(`loaddemo`) and generates a 10,000-activity plan (`generate`: 300 groups, 600 messages, 150
channels), then starts gunicorn (production settings, DEBUG off, `--workers` sync-like
gthread workers with one thread) on a free port of 127.0.0.1 with two reference views added
(`benchmarks/throughput_urls.py`): a bare view and a view that reads the session and the user
and renders a template of the overview's size. Each page is driven by 1 and by 8 concurrent
clients (keep-alive, logged in) for `--seconds` each, after a warm-up; the script prints
requests/s, p50/p95/p99 in ms and the ratio of the requests/s to each reference's, with the
machine's 1-minute load average as each figure was taken (the references are driven first and
the ratios are only fair while the load holds), and stops gunicorn. Nothing but 127.0.0.1 is
contacted; every loop is bounded by time and by a request count. `--set KOMPLAN_NAME=VALUE`
gives the run a setting of its own (the script otherwise clears every KOMPLAN_ variable), to
compare one, e.g. `--set KOMPLAN_DB_PREPARE=0`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import harness, load

HOST = load.HOST
ROOT = load.ROOT
MAX_REQUESTS = 20_000  # per page and concurrency, whatever the time
WARMUP_REQUESTS = 5
LARGE = {"activities": 10_000, "groups": 300, "messages": 600, "channels": 150, "goals": 6}
ORG = "genomflode"


@dataclass(frozen=True)
class Figure:
    page: str
    clients: int
    requests: int
    per_second: float
    p50: float
    p95: float
    p99: float
    errors: int
    load: float  # 1-minute load average when the figure was taken


def pages(demo: int, large: int) -> list[tuple[str, str]]:
    out = [
        ("reference: bare view", "/reference/bare/"),
        ("reference: session view", "/reference/session/"),
    ]
    for label, plan in (("demo", demo), ("10k", large)):
        out += [
            (f"{label} overview", f"/plans/{plan}/"),
            (f"{label} activity plan", f"/plans/{plan}/activities/"),
            (f"{label} coverage matrix", f"/plans/{plan}/coverage/"),
            (f"{label} gap list", f"/plans/{plan}/coverage/gaps/"),
            (f"{label} timeline", f"/plans/{plan}/timeline/"),
        ]
    return out


def prepare(data_dir: Path, activities: int) -> tuple[int, int, dict[str, str]]:
    """Migrate, load the demo, generate the large plan, log a user in: (demo plan id, large
    plan id, cookies)."""
    import io

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    from komplan.accounts.models import Membership, Organization, Role, User
    from komplan.plans.models import Plan

    call_command("migrate", interactive=False, verbosity=0)
    call_command("loaddemo", stdout=io.StringIO())
    out = io.StringIO()
    call_command(
        "generate", **{**LARGE, "activities": activities}, org=ORG, stdout=out,
        stderr=io.StringIO(),
    )  # fmt: skip
    large = int(out.getvalue().strip())
    demo = (
        Plan.objects.filter(organization__slug="norrvik")
        .order_by("pk")
        .values_list("pk", flat=True)[0]
    )
    load.collect_static(data_dir)
    user = User.objects.create_user(username="genomflode", password=None)
    for organization in Organization.objects.filter(slug__in=[ORG, "norrvik"]):
        Membership.objects.create(user=user, organization=organization, role=Role.ADMIN)
    client = Client()
    client.force_login(user)
    cookies = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
    connections.close_all()
    return demo, large, cookies


async def drive(
    base: str, path: str, cookies: dict[str, str], clients: int, seconds: float
) -> Figure:
    import httpx

    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(
        base_url=base, cookies=cookies, limits=limits, timeout=60,
        headers={"accept-language": "en"},
    ) as client:  # fmt: skip
        for _ in range(WARMUP_REQUESTS):
            response = await client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"GET {path} answered {response.status_code}")
        end = time.perf_counter() + seconds
        started = time.perf_counter()

        async def one_client() -> None:
            nonlocal errors
            while time.perf_counter() < end and len(latencies) < MAX_REQUESTS:
                t = time.perf_counter()
                response = await client.get(path)
                latencies.append((time.perf_counter() - t) * 1000)
                errors += response.status_code != 200

        await asyncio.gather(*(one_client() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    n = len(latencies)
    return Figure(
        path, clients, n, n / elapsed,
        harness.percentile(latencies, 0.5), harness.percentile(latencies, 0.95),
        harness.percentile(latencies, 0.99), errors, os.getloadavg()[0],
    )  # fmt: skip


def run_one(args: argparse.Namespace) -> None:
    """One database: set up, serve, drive, print."""
    with tempfile.TemporaryDirectory(prefix="komplan-throughput-") as folder:
        data_dir = Path(folder)
        with contextlib.ExitStack() as stack:
            if args.db == "postgres":
                url = stack.enter_context(
                    load.postgres_database(args.postgres_url, args.postgres_name)
                )
            else:
                url = f"sqlite:///{data_dir / 'komplan.sqlite3'}"
            env = {**load.server_environment(data_dir, url), **args.set}
            load.use_environment(env)
            start = time.perf_counter()
            demo, large, cookies = prepare(data_dir, args.activities)
            print(f"{args.db}: set up in {time.perf_counter() - start:.0f} s", flush=True)
            env = {**env, "DJANGO_SETTINGS_MODULE": "benchmarks.throughput_settings"}
            env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
            server = load.Gunicorn(env, data_dir / "gunicorn.log", workers=args.workers, threads=1)
            stack.callback(server.stop)
            server.wait_ready()
            figures: list[tuple[str, Figure]] = []
            for label, path in pages(demo, large):
                if args.only and not any(word in label for word in args.only.split(",")):
                    continue
                for clients in args.clients:
                    figure = asyncio.run(drive(server.url, path, cookies, clients, args.seconds))
                    figures.append((label, figure))
                    print(
                        f"  {label} at {clients}: {figure.per_second:.1f}/s, "
                        f"p95 {figure.p95:.0f} ms, load {figure.load:.1f}",
                        flush=True,
                    )
            print_table(args, figures)


def print_table(args: argparse.Namespace, figures: list[tuple[str, Figure]]) -> None:
    reference = {
        (label, f.clients): f.per_second for label, f in figures if label.startswith("reference")
    }
    print()
    print(
        f"database: {harness.describe_database(in_memory=False)} · gunicorn {args.workers} "
        f"workers · {args.seconds:g} s per page and concurrency · DEBUG off"
        + "".join(f" · {name}={value}" for name, value in args.set.items())
    )
    header = (
        f"{'page':<26} {'clients':>7} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'/bare':>6} {'/session':>8} {'errors':>6} {'load':>5}"
    )
    print(header)
    print("-" * len(header))
    for label, f in figures:
        bare = reference.get(("reference: bare view", f.clients)) or 0
        session = reference.get(("reference: session view", f.clients)) or 0
        print(
            f"{label:<26} {f.clients:>7} {f.per_second:>8.1f} {f.p50:>7.0f} {f.p95:>7.0f} "
            f"{f.p99:>7.0f} {f.per_second / bare if bare else 0:>6.2f} "
            f"{f.per_second / session if session else 0:>8.2f} {f.errors:>6} {f.load:>5.1f}"
        )
    if machine := harness.describe_machine():
        print(machine)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres-url", default=load.POSTGRES_URL)
    parser.add_argument(
        "--postgres-name", default="throughput_run", help="the database made and dropped"
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="per page and concurrency")
    parser.add_argument("--clients", default="1,8", help="concurrencies, comma-separated")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--activities", type=int, default=LARGE["activities"])
    parser.add_argument("--only", default="", help="only pages whose label has one of these words")
    parser.add_argument(
        "--set", action="append", default=[], metavar="KOMPLAN_NAME=VALUE",
        help="a setting for the run, e.g. KOMPLAN_DB_PREPARE=0 (may be repeated)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    pairs = [item.partition("=") for item in args.set]
    if any(not name.startswith("KOMPLAN_") or not sep for name, sep, _ in pairs):
        parser.error("--set takes KOMPLAN_NAME=VALUE")
    args.set = {name: value for name, _, value in pairs}
    if not 0 < args.seconds <= 120:
        parser.error("--seconds must be between 0 and 120")
    args.clients = [int(c) for c in args.clients.split(",")]
    if args.db == "both":
        # One process per database: Django is set up once per process.
        rest = list(argv if argv is not None else sys.argv[1:])
        status = 0
        for db in ("postgres", "sqlite"):
            command = [sys.executable, __file__, *rest, "--db", db]
            status |= subprocess.call(command, cwd=ROOT)
        return status
    run_one(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
