"""Acceptance: every page reachable from komplan's navigation, on the rich demo plan as the
demo admin, reads well at 1366×900 and on a 390×844 phone, and is valid HTML.

The pages are found by following links (tests/browser/pages.py), so pages added later are
checked as soon as something links to them; a short list of key pages must be among them.
Screenshots go to test-artifacts/pages/<name>-<width>.png. KOMPLAN_PAGES=coverage,plans-N
checks only the pages whose names contain one of those words (while working on them).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from komplan.accounts.models import User
from komplan.core.models import TaskFailure
from komplan.demo.services import demo_organization_create
from komplan.people.models import Contact
from komplan.plans.models import ActivityStatus
from komplan.reminders.digest import unsubscribe_token
from tests.browser.conftest import ARTIFACTS, REPO, axe_violations, log_in_quickly
from tests.browser.pages import Crawl, crawl, kind

WIDTHS = {1366: 900, 390: 844}
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Key pages by the kind of their address (tests/browser/pages.py `kind`).
KEY_PAGES = {
    "home": "/",
    "plan list": "/plans/",
    "plan overview": "/plans/N/",
    "activity plan": "/plans/N/activities/",
    "spokespersons": "/plans/N/spokespersons/",
    "spokesperson form": "/plans/N/spokespersons/N/edit/",
    "risks": "/plans/N/risks/",
    "risks by score": "/plans/N/risks/?sort",
    "risk form": "/plans/N/risks/N/edit/",
    "coverage": "/plans/N/coverage/",
    "timeline": "/plans/N/timeline/",
    "members": "/orgs/norrvik/members/",
    "meetings": "/orgs/norrvik/forums/",
    "meeting": "/meetings/N/",
    "cascade": "/plans/N/cascade/",
    "cascade material": "/plans/N/cascade/materials/N/",
    "people": "/plans/N/people/",
    "engagement grid": "/plans/N/people/engagement/",
    "group engagement": "/plans/N/people/groups/N/engagement/edit/",
    "profile": "/profile/",
    "api tokens": "/profile/api-tokens/",
    "failed work": "/orgs/norrvik/failed-work/",
    "unsubscribe": "/reminders/unsubscribe/T/",
    "personal data": "/orgs/norrvik/personal-data/",
    "erase a contact": "/orgs/norrvik/contacts/N/erase/",
    "erase a member": "/orgs/norrvik/personal-data/members/N/erase/",
    "log a held activity": "/plans/N/people/activities/N/log/",
    "follow-up": "/plans/N/follow-up/",
    "final report texts": "/plans/N/follow-up/report/edit/",
}

# Words split inside a table cell: see the docstring of the test below.
SPLIT_WORDS = r"""() => {
  const found = [];
  const word = /[\p{L}\p{N}]+/gu;
  for (const cell of document.querySelectorAll("table th, table td")) {
    const box = cell.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    const style = getComputedStyle(cell);
    const content = box.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
      - parseFloat(style.borderLeftWidth) - parseFloat(style.borderRightWidth);
    if (content < 2) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest(".visually-hidden, svg, [hidden]")) continue;
      for (const match of node.data.matchAll(word)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const rects = [...range.getClientRects()].filter(r => r.width > 0);
        if (!rects.length) continue;
        const tops = new Set(rects.map(r => Math.round(r.top)));
        const width = range.getBoundingClientRect().width;
        if (tops.size > 1) found.push(`"${match[0]}" split over ${tops.size} lines`);
        else if (width > content + 1.5) found.push(
          `"${match[0]}" ${Math.round(width)}px wide in a ${Math.round(content)}px cell`);
        if (found.length > 5) return found;
      }
    }
  }
  return found;
}"""

HORIZONTAL_SCROLL = "() => document.documentElement.scrollWidth - window.innerWidth"


def _failed_digest(organization_id: int, user_id: int) -> None:
    """A digest that failed after its last try: the failed-work list shows its table."""
    now = timezone.now()
    TaskFailure.objects.create(
        task_path="komplan.reminders.tasks.send_digest",
        arguments={"kwargs": {"user_id": user_id, "period": "2027-03-01"}},
        fingerprint="pages",
        organization_id=organization_id,
        attempts=4,
        gave_up=True,
        error="smtplib.SMTPServerDisconnected: Connection unexpectedly closed",
        first_failed_at=now,
        last_failed_at=now,
    )


@pytest.fixture
def crawled(transactional_db: Any) -> Crawl:
    """The demo loaded, and every page its admin Anna reaches from the plan list."""
    # The rich plan (its pages are crawled, not the other's), with its cascade.
    plan = demo_organization_create(cascade=True)
    client = Client()
    anna = User.objects.get(username="anna")
    client.force_login(anna)
    unsubscribe = reverse("reminders:unsubscribe", args=[unsubscribe_token(anna)])
    _failed_digest(plan.organization_id, anna.pk)
    # The progress page of a document is linked only from a plan large enough to need it.
    progress = f"/plans/{plan.pk}/export/pdf/progress/"
    # A contact of the first group (the demo has none), whose page offers export and erasure;
    # a held activity's page links to logging it, reached here directly.
    contact = Contact.objects.create(
        organization=plan.organization, name="Signe Holm", role="Rektor", email="signe@example.org"
    )
    contact.groups.add(plan.groups.order_by("position").first())
    held = plan.activities.filter(status=ActivityStatus.DONE).order_by("position").first()
    log = f"/plans/{plan.pk}/people/activities/{held.pk}/log/"
    result = crawl(client, starts=(f"/plans/{plan.pk}/", "/", unsubscribe, progress, log))
    assert not result.broken, "links that answer an error:\n  " + "\n  ".join(result.broken)
    kinds = {kind(page.url) for page in result.pages}
    missing = {name for name, address in KEY_PAGES.items() if address not in kinds}
    assert not missing, f"key pages not reached from the navigation: {sorted(missing)}"
    only = [word for word in os.environ.get("KOMPLAN_PAGES", "").split(",") if word]
    if only:
        result.pages = [p for p in result.pages if any(word in p.name for word in only)]
    return result


# One test per width, so that pytest-xdist runs the two on two workers: as one test it was
# the longest of the suite and ran on one worker while the other waited. (Each part crawls
# the demo anew, which costs about as much as checking a quarter of the pages: finer parts
# would not pay.)
@pytest.mark.parametrize("width", WIDTHS, ids=lambda width: f"{width}px")
def test_every_page_reads_at_desktop_and_phone_width(
    page: Page, crawled: Crawl, live_server: Any, width: int
) -> None:
    """Each page is screenshot at the width and checked with axe (no serious or critical
    violation); at 390 px the page must not scroll sideways.

    Split words are found with the DOM (SPLIT_WORDS): for every text node in a visible
    th/td, outside screen-reader-only text and cells hidden that way (a card table's header
    row), each word (a maximal run of letters and digits) is wrapped in a Range. The word is
    split when the Range's client rectangles lie on more than one line, and too wide when
    it is wider than the cell's content box. Breaks at spaces, hyphens and slashes are a
    table's normal wrapping and are allowed.
    """
    log_in_quickly(page.context, User.objects.get(username="anna"), live_server.url)
    folder = ARTIFACTS / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    axe_count = 0
    page.set_viewport_size({"width": width, "height": WIDTHS[width]})
    for each in crawled.pages:
        where = f"{each.name} at {width}px ({each.url})"
        response = page.goto(each.url)
        assert response is not None and response.ok, f"{where} answered {response}"
        page.screenshot(path=str(folder / f"{each.name}-{width}.png"), full_page=True)
        if width < 768 and (overflow := page.evaluate(HORIZONTAL_SCROLL)) > 0:
            problems.append(f"{where}: the page scrolls sideways by {overflow}px")
        problems += [f"{where}: word split in a table: {w}" for w in page.evaluate(SPLIT_WORDS)]
        violations = axe_violations(page)
        axe_count += len(violations)
        problems += [f"{where}: axe {v}" for v in violations]
    print(f"{len(crawled.pages)} pages checked at {width}px; {axe_count} axe violations")
    if problems:
        pytest.fail(f"{len(problems)} problems:\n  " + "\n  ".join(problems), pytrace=False)


def vnu_command() -> list[str] | None:
    java = shutil.which("java")
    if java and VNU_JAR.exists():
        return [java, "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always"]
    reason = f"the Nu Html Checker needs java and {VNU_JAR.relative_to(REPO)} (make node)"
    if os.environ.get("KOMPLAN_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)
    return None


def test_every_page_is_valid_html(crawled: Crawl, tmp_path: Path) -> None:
    """All pages go to the checker in one run (the JVM starts slowly); errors fail, warnings
    are allowed."""
    command = vnu_command()
    assert command is not None
    files = {}
    for each in crawled.pages:
        path = tmp_path / f"{each.name}.html"
        path.write_text(each.html, encoding="utf-8")
        files[path.name] = each
    run = subprocess.run(
        [*command, *(str(p) for p in sorted(tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    print(f"{len(files)} pages validated; {len(errors)} errors")
    lines = []
    for error in errors:
        page = files.get(error.get("url", "").rsplit("/", 1)[-1])
        where = f"{page.name} ({page.url})" if page else error.get("url", "?")
        lines.append(
            f"{where} line {error.get('lastLine', '?')}: {error['message']}"
            f" [{error.get('extract', '').strip()[:120]}]"
        )
    assert not lines, f"{len(lines)} HTML errors:\n  " + "\n  ".join(lines)
