"""Links that apps above accounts add to a person's profile page (the API's tokens), without
the page's app importing them: an app registers a link in its `AppConfig.ready`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["ProfileLink", "profile_links", "register_profile_link"]


@dataclass(frozen=True)
class ProfileLink:
    url_name: str
    label: Any


_LINKS: dict[str, ProfileLink] = {}


def register_profile_link(url_name: str, label: Any) -> None:
    _LINKS[url_name] = ProfileLink(url_name, label)


def profile_links() -> list[ProfileLink]:
    return list(_LINKS.values())
