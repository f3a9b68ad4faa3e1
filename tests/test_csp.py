"""Every HTML page carries the Content-Security-Policy and needs nothing it forbids: no inline
style, no <style> element, no inline script without the request's nonce, no event-handler
attribute. The pages are enumerated from the URL configuration (tests/test_access.py), not
from a hand-kept list."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver

from tests.test_access import _version_ids, _walk, all_urls

pytestmark = pytest.mark.django_db


def policy(response: Any) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy", "")
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


class InlineFinder(HTMLParser):
    """Collects what the policy would block: style attributes and elements, inline scripts
    without the nonce, on* handler attributes and javascript: addresses."""

    def __init__(self, nonce: str | None) -> None:
        super().__init__()
        self.nonce = nonce
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "style":
            self.found.append("<style>")
        nonced = self.nonce is not None and names.get("nonce") == self.nonce
        if tag == "script" and "src" not in names and not nonced:
            self.found.append(f"<script> without src or nonce: {names}")


def assert_strict(url: str, response: Any) -> None:
    directives = policy(response)
    assert directives, f"{url}: no Content-Security-Policy"
    assert directives["default-src"] == ["'self'"], url
    assert directives["object-src"] == ["'none'"], url
    assert directives["frame-ancestors"] == ["'none'"], url
    assert directives["form-action"] == ["'self'"], url
    assert directives["base-uri"] == ["'self'"], url
    for name in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives[name] and "'unsafe-eval'" not in directives[name]
    nonce = next(
        (s[len("'nonce-") : -1] for s in directives["script-src"] if s.startswith("'nonce-")),
        None,
    )
    html = response.content.decode()
    finder = InlineFinder(nonce)
    finder.feed(html)
    assert finder.found == [], f"{url}: {finder.found}"
    assert "style=" not in html and "<style" not in html.lower(), url


def html_pages(client: Client, urls: list[str]) -> int:
    """Check every URL that answers HTML; return how many did."""
    checked = 0
    for url in urls:
        response = client.get(url)
        if response.get("Content-Type", "").startswith("text/html"):
            assert_strict(url, response)
            checked += 1
    return checked


def unscoped_urls() -> list[str]:
    """The pages that name no plan, organisation or token: the plan list, the login page…"""
    return [
        "/" + route
        for route, pattern in _walk(get_resolver().url_patterns)
        if not pattern.pattern.converters
        and not pattern.pattern.regex.groupindex
        and not route.startswith("admin/")
    ]


def test_every_page_a_member_opens_has_the_strict_policy_and_nothing_inline(
    plan: Any, entries: dict[str, Any], admin_user: Any, admin_client_: Client
) -> None:
    urls = all_urls(plan, entries, admin_user.memberships.get().pk) + unscoped_urls()
    assert "/plans/" in urls and f"/plans/{plan.pk}/timeline/" in urls
    assert html_pages(admin_client_, urls) > 60


def test_the_pages_of_a_visitor_have_the_strict_policy_and_nothing_inline(
    client: Client, plan: Any, entries: dict[str, Any], admin_user: Any
) -> None:
    from komplan.versions.models import Publication

    all_urls(plan, entries, admin_user.memberships.get().pk)  # publishes a version
    _version_ids(plan)
    token = Publication.objects.get(plan=plan, revoked_at=None).token
    urls = [f"/p/{token}/", "/accounts/login/", "/accounts/password_reset/", "/finns-inte/"]
    assert html_pages(client, urls) == len(urls)
    assert client.get(f"/p/{token}/").status_code == 200


def test_error_pages_have_the_strict_policy_too(viewer_client: Client, plan: Any) -> None:
    response = viewer_client.get(f"/plans/{plan.pk}/edit/")
    assert response.status_code == 403
    assert_strict("403", response)
    response = viewer_client.get("/plans/0/")
    assert response.status_code == 404
    assert_strict("404", response)


def test_the_page_tells_htmx_not_to_inject_styles_or_evaluate_code(
    admin_client_: Client,
) -> None:
    html = admin_client_.get("/plans/").content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)
    assert config is not None
    assert '"includeIndicatorStyles": false' in config.group(1)
    assert '"allowEval": false' in config.group(1)
