"""The static files' storage: WhiteNoise's compressed, hashed files, with each file's URL
worked out once per process.

Every page's header links a few stylesheets, icons and scripts, and Django's manifest storage
looks up the hashed name and joins the URL anew for each. The manifest is read when the
storage is made and does not change while it lives (a new `collectstatic` comes with a
restart), so a name's URL is kept after its first use.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

__all__ = ["StaticStorage"]


class StaticStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple[str, bool], str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if force or not name:
            return super().url(name, force)  # type: ignore[no-any-return]
        key = (name, settings.DEBUG)  # with DEBUG on, Django links the unhashed name
        found = self._urls.get(key)
        if found is None:
            found = self._urls[key] = super().url(name)
        return found
