"""System checks of the exports: the fonts the plan's PDF is set in can be embedded."""

from __future__ import annotations

import subprocess
from typing import Any

from django.core import checks


def check_fonts(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """An error, at start, for a face fontconfig finds no TrueType file for: else the plan's
    PDF fails at its first download."""
    from komplan.exports.printing.fonts import FACES, FontError, font_file

    errors: list[checks.CheckMessage] = []
    for key in FACES:
        try:
            font_file(key)
        except (FontError, OSError, subprocess.SubprocessError) as error:
            errors.append(checks.Error(str(error), id="exports.E001"))
    return errors
