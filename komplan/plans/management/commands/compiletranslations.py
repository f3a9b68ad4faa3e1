"""Compile the .po catalogues to .mo without GNU gettext.

Django's compilemessages needs `msgfmt`, which a newcomer's machine may lack; the
install step of `make run` and `make test` must work with Python alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile every locale/*/LC_MESSAGES/*.po of komplan to .mo."

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        for locale_path in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")):
                polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
        self.stdout.write(f"Compiled {count} translation catalogues.")
