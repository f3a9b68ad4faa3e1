"""Pages of an organisation's settings that apps above accounts add (webhooks, …): the
settings page links to each, without accounts knowing the apps."""

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
