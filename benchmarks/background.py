"""Pages while PDFs are made: what large documents made in the request cost everyone else,
and what making them in a worker saves.

Run from a clean clone (after `pip install -e '.[dev]'`) with PostgreSQL on 127.0.0.1:5432
(user postgres, trust; `--postgres-url` names another server):

    python benchmarks/background.py [--users 50] [--downloaders 5] [--seconds 40]
                                    [--activities 10000] [--workers 3] [--threads 4]

It makes a fresh database `background_bench` (dropped afterwards), migrates it, generates a
plan of `--activities` activities (300 groups, 600 messages, 150 channels) and logs
`--users` + `--downloaders` members in. Then three runs of `--seconds` each, every one against
a freshly started gunicorn (production settings, the database cache) on a free port:

1. **no downloads**: `--users` people read pages of the large plan (overview, activity plan,
   coverage, timeline, target groups) with 1–3 s between requests, while `--downloaders`
   editors change one activity every ~5 s (so that the plan's cached results go stale as in
   real use);
2. **direct (before)**: the same, and after each change the editor downloads the PDF, made in
   the request as before issue 18 (`KOMPLAN_BACKGROUND_SECONDS` set very high);
3. **background (after)**: the same, the PDF made by one worker (`komplan db_worker`) while the
   editor's progress page asks every second, then downloaded.

It prints, for each run, the page requests' count, p50, p95 and slowest, the PDFs received
and how long each took from asking to having it, and the machine's load, and p95 of runs
2 and 3 over run 1 (the target: at most 1.5). A page request that failed (timed out) counts
as slower than every answered one.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import harness
from benchmarks.load import (
    HOST,
    ROOT,
    Gunicorn,
    collect_static,
    postgres_database,
    server_environment,
    use_environment,
)

DATABASE = "background_bench"
PAGES = ("", "activities/", "coverage/", "timeline/", "groups/")


@dataclass
class Run:
    name: str
    pages: list[float] = field(default_factory=list)
    page_errors: int = 0
    downloads: list[float] = field(default_factory=list)
    download_errors: int = 0
    load: str = ""


def prepare(activities: int, people: int) -> tuple[int, list[str]]:
    """Migrate, generate the plan, make the members and their sessions; (plan id, cookies)."""
    import io

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connections

    from komplan.accounts.models import Membership, Organization, Role, User

    call_command("migrate", interactive=False, verbosity=0)
    out = io.StringIO()
    call_command(
        "generate",
        groups=300,
        messages=600,
        channels=150,
        activities=activities,
        goals=6,
        org="bakgrund",
        stdout=out,
        stderr=io.StringIO(),
    )
    plan_id = int(out.getvalue().strip())
    organization = Organization.objects.get(slug="bakgrund")
    cookies = []
    for n in range(people):
        user = User.objects.create(username=f"person{n:02d}", password="!")
        Membership.objects.create(user=user, organization=organization, role=Role.EDITOR)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append(session.session_key)
    connections.close_all()
    return plan_id, cookies


def touch(plan_id: int) -> None:
    """Change one of the plan's activities, as an editor saving it does."""
    from django.db import connection
    from django.utils import timezone

    from komplan.plans.models import Activity

    pk = Activity.objects.filter(plan_id=plan_id).order_by("?").values_list("pk", flat=True)[0]
    Activity.objects.filter(pk=pk).update(updated_at=timezone.now())
    connection.close()


def reader(base: str, cookie: str, plan_id: int, stop: float, run: Run, lock: threading.Lock):
    import httpx

    rng = random.Random(cookie)
    with httpx.Client(base_url=base, cookies={"sessionid": cookie}, timeout=120) as client:
        time.sleep(rng.uniform(0, 2))
        while time.monotonic() < stop:
            path = f"/plans/{plan_id}/{rng.choice(PAGES)}"
            began = time.perf_counter()
            try:
                ok = client.get(path).status_code == 200
            except httpx.HTTPError:
                ok = False
            took = time.perf_counter() - began
            with lock:
                if ok:
                    run.pages.append(took)
                else:
                    run.page_errors += 1
            time.sleep(rng.uniform(1, 3))


def downloader(
    base: str, cookie: str, plan_id: int, stop: float, run: Run, lock: threading.Lock, pdf: bool
):
    import httpx

    rng = random.Random(cookie)
    export = f"/plans/{plan_id}/export/pdf/"
    with httpx.Client(base_url=base, cookies={"sessionid": cookie}, timeout=180) as client:
        time.sleep(rng.uniform(0, 3))
        while time.monotonic() < stop:
            touch(plan_id)
            if not pdf:
                time.sleep(rng.uniform(4, 6))
                continue
            began = time.perf_counter()
            ok = False
            with contextlib.suppress(httpx.HTTPError):
                response = client.get(export)
                while response.status_code == 302 and time.monotonic() < stop + 120:
                    # The progress page, asked again every second as htmx does, until it
                    # offers the file.
                    time.sleep(1)
                    progress = client.get(response.headers["location"])
                    if 'data-hx-get="' not in progress.text:
                        response = client.get(export)
                ok = response.status_code == 200 and response.content[:5] == b"%PDF-"
            took = time.perf_counter() - began
            with lock:
                if ok:
                    run.downloads.append(took)
                else:
                    run.download_errors += 1
            time.sleep(rng.uniform(1, 2))


def run_once(
    name: str, env: dict[str, str], data_dir: Path, args: argparse.Namespace,
    plan_id: int, cookies: list[str], *, pdf: bool, worker: bool,
) -> Run:  # fmt: skip
    run = Run(name)
    lock = threading.Lock()
    server = Gunicorn(
        env, data_dir / f"gunicorn-{name}.log", workers=args.workers, threads=args.threads
    )
    processes = []
    try:
        server.wait_ready()
        if worker:
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "komplan.cli", "db_worker", "--no-startup-delay",
                     "--interval", "0.5"],
                    cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )  # fmt: skip
        stop = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=reader, args=(server.url, c, plan_id, stop, run, lock))
            for c in cookies[: args.users]
        ] + [
            threading.Thread(target=downloader, args=(server.url, c, plan_id, stop, run, lock, pdf))
            for c in cookies[args.users :]
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        run.load = " ".join(f"{n:.1f}" for n in os.getloadavg())
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        server.stop()
    return run


def report(run: Run, baseline: Run | None) -> None:
    # A page request that failed (a timeout, an error) counts as slower than any answered.
    pages = sorted(run.pages) + [float("inf")] * run.page_errors
    p50 = harness.percentile(pages, 0.5) if pages else float("nan")
    p95 = harness.percentile(pages, 0.95) if pages else float("nan")
    line = (
        f"| {run.name} | {len(pages)} | {run.page_errors} | {p50 * 1000:.0f} ms | "
        f"{p95 * 1000:.0f} ms | {max(run.pages, default=0) * 1000:.0f} ms | "
    )
    if run.downloads:
        line += (
            f"{len(run.downloads)} ({run.download_errors} failed), median "
            f"{sorted(run.downloads)[len(run.downloads) // 2]:.1f} s | "
        )
    else:
        line += f"– ({run.download_errors} failed) | "
    if baseline is not None and baseline.pages:
        base = sorted(baseline.pages) + [float("inf")] * baseline.page_errors
        line += f"{p95 / harness.percentile(base, 0.95):.2f}× | "
    else:
        line += "1.00× | "
    print(line + run.load + " |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--downloaders", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (3)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="komplan-background-") as folder:
        data_dir = Path(folder)
        with postgres_database(args.postgres_url, DATABASE) as url:
            env = server_environment(data_dir, url)
            env["KOMPLAN_LIBREOFFICE"] = ""
            env["KOMPLAN_MEDIA_ROOT"] = str(data_dir / "media")
            use_environment(env)
            plan_id, cookies = prepare(args.activities, args.users + args.downloaders)
            collect_static(data_dir)
            print(
                f"plan: {args.activities} activities, 300 groups, 600 messages, 150 channels; "
                f"{args.users} readers, {args.downloaders} editors; gunicorn {args.workers} "
                f"workers × {args.threads} threads on {HOST}; PostgreSQL; {args.seconds:.0f} s "
                "a run",
                flush=True,
            )
            print(
                "| run | page requests | failed | p50 | p95 | slowest | PDFs | p95 / run 1 "
                "| load (1/5/15) |"
            )
            print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |", flush=True)
            direct = {**env, "KOMPLAN_BACKGROUND_SECONDS": "1000000"}
            baseline = run_once(
                "no downloads", env, data_dir, args, plan_id, cookies, pdf=False, worker=False
            )
            report(baseline, None)
            before = run_once(
                "direct (before)", direct, data_dir, args, plan_id, cookies, pdf=True, worker=False
            )
            report(before, baseline)
            after = run_once(
                "background (after)", env, data_dir, args, plan_id, cookies, pdf=True, worker=True
            )
            report(after, baseline)
            print(harness.describe_machine())


if __name__ == "__main__":
    main()
