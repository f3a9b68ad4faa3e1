"""Pages that apps above accounts add to a person's or an organisation's settings, without
accounts (or the page) knowing the apps: an app registers them in its `AppConfig.ready`.

- `register_settings_page`: the organisation's settings page links to it (webhooks).
- `register_profile_link`: a person's profile page links to it (the API's tokens).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class SettingsPage:
    url_name: str  # a URL taking the organisation's slug
    label: Any  # lazy translated texts
    description: Any


SETTINGS_PAGES: dict[str, SettingsPage] = {}


def register_settings_page(page: SettingsPage) -> None:
    SETTINGS_PAGES[page.url_name] = page


def settings_links(slug: str) -> list[tuple[str, Any, Any]]:
    """(address, label, description) of every registered page for the organisation."""
    return [
        (reverse(p.url_name, args=[slug]), p.label, p.description) for p in SETTINGS_PAGES.values()
    ]


@dataclass(frozen=True)
class ProfileLink:
    url_name: str  # a URL taking no arguments
    label: Any  # a lazy translated text


PROFILE_LINKS: dict[str, ProfileLink] = {}


def register_profile_link(link: ProfileLink) -> None:
    PROFILE_LINKS[link.url_name] = link


def profile_links() -> list[tuple[str, Any]]:
    """(address, label) of every registered page for a person's profile."""
    return [(reverse(link.url_name), link.label) for link in PROFILE_LINKS.values()]
