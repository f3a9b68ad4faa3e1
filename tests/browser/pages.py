"""Every page a signed-in user can reach from komplan's navigation, found by following links.

The crawl starts at the home page and follows same-origin `<a href>` links breadth-first with
Django's test client (fast, no browser), keeping the HTML each page served. It never submits
a form (logout, language switch, moves and deletes are all POST), skips files (anything not
served as text/html) and the admin, and is bounded: addresses that differ only in their
numbers and query values ("/plans/1/goals/7/edit/" and "/plans/2/goals/9/edit/") are one
*kind* of page, and only the first of each kind is kept. So one entry of each register
gives its edit and delete-confirmation forms, and new pages join the crawl as soon as
something links to them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urlsplit

from django.test import Client

START = "/"
LIMIT = 250
# /api/: JSON, and the API's browsable page is Swagger UI's (tests/browser/test_api_tokens.py).
SKIPPED_PREFIXES = ("/admin/", "/i18n/", "/accounts/logout/", "/static/", "/media/", "/api/")
DOWNLOAD_ENDINGS = (".ics", ".pdf", ".docx", ".xlsx", ".csv", ".json", ".zip", ".png", ".svg")


@dataclass(frozen=True)
class CrawledPage:
    name: str  # a file-name-safe name that stays the same between runs
    url: str  # path and query, as linked
    html: str
    linked_from: str


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def kind(url: str) -> str:
    """The shape of an address: its numbers and query values blanked out."""
    parts = urlsplit(url)
    path = re.sub(r"/\d+(?=/|$)", "/N", parts.path)
    path = re.sub(r"/[A-Za-z0-9_:-]{20,}(?=/|$)", "/T", path)  # secret tokens (signed: with ":")
    keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return path + ("?" + "&".join(keys) if keys else "")


def page_name(url: str) -> str:
    """A stable file name for the page: the kind of address, without the blanks' noise."""
    name = re.sub(r"[^A-Za-z0-9]+", "-", kind(url)).strip("-")
    return name or "home"


def _same_origin_path(href: str, base: str) -> str | None:
    href, _fragment = urldefrag(href)
    if not href:
        return None
    parts = urlsplit(href)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None  # mailto:, tel:, javascript:
    if parts.netloc and parts.netloc not in ("testserver", urlsplit(base).netloc):
        return None
    path = parts.path
    if not path.startswith("/"):
        # A relative link, resolved against the linking page's directory.
        directory = urlsplit(base).path.rsplit("/", 1)[0]
        path = f"{directory}/{path}" if path else urlsplit(base).path
    return path + (f"?{parts.query}" if parts.query else "")


@dataclass
class Crawl:
    pages: list[CrawledPage]
    broken: list[str]  # "url (status) linked from page", for links that answer an error


def crawl(client: Client, starts: tuple[str, ...] = (START,), limit: int = LIMIT) -> Crawl:
    """The HTML pages reachable from `starts`, one of each kind, in the order found, and the
    links that answered an error. The first start wins its kind: start at a plan's overview
    to crawl that plan rather than the first in the list."""
    queue = [(start, "") for start in starts]
    seen_kinds = {kind(start) for start in starts}
    result = Crawl([], [])
    while queue and len(result.pages) < limit:
        url, linked_from = queue.pop(0)
        response = client.get(url, follow=True)
        if response.status_code != 200:
            result.broken.append(f"{url} ({response.status_code}) linked from {linked_from}")
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode(response.charset or "utf-8")
        result.pages.append(CrawledPage(page_name(url), url, html, linked_from))
        for href in links(html):
            target = _same_origin_path(href, url)
            if target is None or target.startswith(SKIPPED_PREFIXES):
                continue
            if urlsplit(target).path.endswith(DOWNLOAD_ENDINGS):
                continue
            if kind(target) not in seen_kinds:
                seen_kinds.add(kind(target))
                queue.append((target, url))
    return result
