"""Outage harness: what colleagues see while PostgreSQL goes away under them and comes back,
and whether anything they were told was saved is lost.

Run from a clean clone (after `pip install -e '.[dev]'`, on a machine with PostgreSQL 15's
server programs) with

    python benchmarks/outage.py [--users N] [--before S] [--down S] [--after S] [--port P]

The script starts a PostgreSQL instance of its own (`initdb` into a temporary folder and
`pg_ctl`, on 127.0.0.1:`--port`, as the `postgres` user when run as root, since PostgreSQL
refuses to run as root), prepares komplan on it as `benchmarks/load.py` does (migrate, the
demo, a generated plan, `--users` editors) and starts gunicorn on a free port of 127.0.0.1.
The users of load.py log in and then work with it for `--before` seconds; PostgreSQL is stopped
(`pg_ctl stop -m fast`) and kept down `--down` seconds, started again, and the users go on
for `--after` seconds. Afterwards the database is checked as load.py checks it.

It prints the requests per kind, then:
- during the outage (answers that came between the stop and the restart): how many were the
  translated 503 page with Retry-After, and how many were anything else: a 500, a 503 without
  Retry-After, no answer at all;
- the seconds from the restart until a request succeeds again, and how many failed after it;
- the correctness figures of load.py (lost writes, positions, history).

It exits 1 when a request during the outage was not a 503 with Retry-After, when requests did
not succeed again after the restart, when a request failed with a 500 at any time, when a user
could not log in, or when a correctness figure is not 0. Everything it started (gunicorn,
PostgreSQL, the folders) is ended and removed, also when interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import harness, load

PG_BIN = Path("/usr/lib/postgresql/15/bin")
DEFAULT_PORT = 54329


class Postgres:
    """A PostgreSQL instance of our own in `folder`, on 127.0.0.1:`port`."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.data = folder / "data"
        self.log = folder / "postgres.log"
        self.port = port
        self.url = f"postgres://postgres@{load.HOST}:{port}"
        # PostgreSQL refuses to run as root: then its programs run as `postgres`.
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            folder.parent.chmod(0o711)  # postgres may pass through, not list
            shutil.chown(folder, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        folder.chmod(0o700)

    def _run(self, *command: str) -> None:
        program = str(PG_BIN / command[0])
        subprocess.run([*self.as_user, program, *command[1:]], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--no-sync")  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses={load.HOST}"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w",
                  "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"postgresql://postgres@{load.HOST}:{self.port}/postgres",
                             autocommit=True) as connection:  # fmt: skip
            connection.execute(f'CREATE DATABASE "{name}"')
        return f"{self.url}/{name}"


@dataclass
class Outage:
    """When (time.time()) PostgreSQL was stopped and started."""

    stop_began: float = 0.0
    stopped: float = 0.0
    start_began: float = 0.0
    started: float = 0.0


async def outage(
    postgres: Postgres,
    budget: load.Budget,
    times: Outage,
    recorder: load.Recorder,
    args: argparse.Namespace,
) -> None:
    """Stop PostgreSQL `before` seconds after every user has logged in (Argon2 takes seconds
    on a busy machine), start it after `down`, and let the users go on for `after` more."""
    while recorder.logins_done < args.users:
        await asyncio.sleep(0.2)
    await asyncio.sleep(args.before)
    times.stop_began = time.time()
    print(f"{_clock()} stopping PostgreSQL (pg_ctl stop -m fast)", flush=True)
    await asyncio.to_thread(postgres.stop, "fast")
    times.stopped = time.time()
    await asyncio.sleep(args.down)
    times.start_began = time.time()
    print(f"{_clock()} starting PostgreSQL", flush=True)
    await asyncio.to_thread(postgres.start)
    times.started = time.time()
    print(f"{_clock()} PostgreSQL is back", flush=True)
    budget.deadline = time.monotonic() + args.after


def _clock() -> str:
    return time.strftime("%H:%M:%S")


def good(sample: load.Sample) -> bool:
    return sample.status is not None and sample.status < 400


def report(samples: list[load.Sample], times: Outage) -> bool:
    """Print the figures of the outage; whether they are as they should be."""
    during = [s for s in samples if times.stop_began <= s.answered <= times.started]
    translated = [s for s in during if s.status == 503 and s.retry_after]
    succeeded = [s for s in during if good(s)]
    wrong = [s for s in during if not good(s) and s not in translated]
    print(
        f"\nPostgreSQL stopped in {times.stopped - times.stop_began:.1f} s, down for "
        f"{times.start_began - times.stopped:.1f} s, started in "
        f"{times.started - times.start_began:.1f} s"
    )
    print(f"during the outage (from the stop until PostgreSQL was back): {len(during)} answers")
    print(f"  503 with Retry-After (the translated page)  {len(translated):>6}")
    print(f"  succeeded (answered before the stop took)   {len(succeeded):>6}")
    print(f"  anything else                               {len(wrong):>6}")
    for kind, count in sorted(_kinds(wrong).items()):
        print(f"      {count} × {kind}")
    posts = [s for s in during if s.method == "POST"]
    print(f"  of them saves (POST), refused with 503: {sum(s.status == 503 for s in posts)} "
          f"of {len(posts)}")  # fmt: skip

    after = sorted((s for s in samples if s.answered > times.started), key=lambda s: s.answered)
    first_good = next((s for s in after if good(s)), None)
    failed_after = [s for s in after if not good(s) and s.status not in load.EXPECTED_4XX]
    recovered = first_good is not None
    if first_good is not None:
        print(
            f"after the restart: the first request succeeded "
            f"{first_good.answered - times.started:.1f} s after PostgreSQL was back "
            f"({first_good.method} {first_good.path})"
        )
    else:
        print("after the restart: no request succeeded")
    last = ""
    if failed_after:
        last = f", the last {failed_after[-1].answered - times.started:.1f} s after"
    print(f"  {len(failed_after)} requests failed after the restart{last}")
    for kind, count in sorted(_kinds(failed_after).items()):
        print(f"      {count} × {kind}")
    server_errors = [s for s in samples if s.status == 500]
    print(f"500 answers during the whole run: {len(server_errors)}")
    return not wrong and recovered and not server_errors and during != []


def _kinds(samples: list[load.Sample]) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for s in samples:
        what = s.error or f"HTTP {s.status}" + ("" if s.retry_after else " without Retry-After")
        kinds[what] = kinds.get(what, 0) + 1
    return kinds


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        # As PostgreSQL binds: connections of a previous run waiting out TIME_WAIT do not count.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((load.HOST, port))
        except OSError:
            return False
    return True


def main() -> None:
    arguments = load.parser(__doc__, seconds=False)
    arguments.set_defaults(users=5, think="0.2,1.0", activities=100)
    arguments.add_argument("--before", type=float, default=15, help="load before the stop (15)")
    arguments.add_argument("--down", type=float, default=10, help="PostgreSQL down (10)")
    arguments.add_argument("--after", type=float, default=25, help="load after the restart (25)")
    arguments.add_argument("--port", type=int, default=DEFAULT_PORT,
                           help=f"PostgreSQL's port ({DEFAULT_PORT})")  # fmt: skip
    args = arguments.parse_args()
    if not (PG_BIN / "initdb").exists():
        raise SystemExit(f"{PG_BIN}/initdb is missing: install postgresql-15")
    if not port_is_free(args.port):
        raise SystemExit(f"port {args.port} is taken: choose another with --port")

    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="komplan-outage-")))
        (folder / "postgres").mkdir()
        postgres = Postgres(folder / "postgres", args.port)
        postgres.init()
        postgres.start()
        stack.callback(lambda: postgres.running() and postgres.stop("immediate"))
        data_dir = folder / "komplan"
        data_dir.mkdir()
        env = load.server_environment(data_dir, postgres.create_database("komplan"))
        load.use_environment(env)
        print(f"preparing {harness.describe_database(in_memory=False)} on port {args.port} …",
              flush=True)  # fmt: skip
        setup = load.prepare(args, data_dir)
        server = load.Gunicorn(env, data_dir / "gunicorn.log", workers=args.workers,
                               threads=args.threads)  # fmt: skip
        stack.callback(server.stop)
        server.wait_ready()
        print(
            f"load: {args.users} users, think time {args.think} s, {args.before:.0f} s before "
            f"the stop, {args.down:.0f} s down, {args.after:.0f} s after; gunicorn {server.url} "
            f"with {args.workers} gthread workers × {args.threads} threads\n{setup.description}",
            flush=True,
        )
        recorder = load.Recorder()
        times = Outage()
        began = time.monotonic()
        # Until the restart moves it: the whole outage, with room for slow stops and starts.
        budget = load.Budget(began + args.before + args.down + args.after + 120,
                             max_requests=args.max_requests)  # fmt: skip

        async def run() -> None:
            await asyncio.gather(
                load.simulate(server.url, setup, budget, users=args.users,
                              think=load.think_times(args.think), seed=args.seed,
                              recorder=recorder),
                outage(postgres, budget, times, recorder, args),
            )  # fmt: skip

        asyncio.run(run())
        load.print_rate(recorder, time.monotonic() - began)
        load.print_table(recorder.samples)
        outage_ok = report(recorder.samples, times)
        findings = load.check(recorder, setup)
        print()
        load.print_findings(recorder, findings)
        if not outage_ok:
            print(f"server log ({server.log}), last lines:\n{server.tail(60)}")
        server.stop()
        if machine := harness.describe_machine():
            print(machine)
    sys.exit(0 if outage_ok and not findings.failed() and not recorder.not_logged_in else 1)


if __name__ == "__main__":
    main()
