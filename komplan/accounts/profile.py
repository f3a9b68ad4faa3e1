"""The profile page's links, kept with the settings page's in `komplan.accounts.extensions`;
these names stay for the apps that import them from here."""

from __future__ import annotations

from komplan.accounts.extensions import Link as ProfileLink
from komplan.accounts.extensions import profile_links, register_profile_link

__all__ = ["ProfileLink", "profile_links", "register_profile_link"]
