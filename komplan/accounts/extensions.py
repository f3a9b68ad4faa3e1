"""Links that apps above accounts add to accounts' pages without accounts knowing the apps
(as `komplan.plans.extensions` does for a plan's pages); an app registers them in its
`AppConfig.ready`:

- `register_settings_page`: an organisation's settings page links to one of the app's pages
  for the organisation (a URL taking its slug: the webhooks);
- `register_profile_link`: a person's profile page links to one of the app's pages for them
  (a URL without arguments: the API's tokens).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

__all__ = [
    "Link",
    "profile_links",
    "register_profile_link",
    "register_settings_page",
    "settings_links",
]


@dataclass(frozen=True)
class Link:
    url_name: str
    label: Any  # lazy translated texts
    description: Any = ""


SETTINGS_PAGES: dict[str, Link] = {}
PROFILE_LINKS: dict[str, Link] = {}


def register_settings_page(url_name: str, label: Any, description: Any) -> None:
    SETTINGS_PAGES[url_name] = Link(url_name, label, description)


def settings_links(slug: str) -> list[tuple[str, Any, Any]]:
    """(address, label, description) of every registered page for the organisation."""
    return [
        (reverse(p.url_name, args=[slug]), p.label, p.description) for p in SETTINGS_PAGES.values()
    ]


def register_profile_link(url_name: str, label: Any) -> None:
    PROFILE_LINKS[url_name] = Link(url_name, label)


def profile_links() -> list[tuple[str, Any]]:
    """(address, label) of every registered page for a person's profile."""
    return [(reverse(p.url_name), p.label) for p in PROFILE_LINKS.values()]
