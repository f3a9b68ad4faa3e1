"""The `komplan` console script: Django's management commands with komplan's settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, e.g. `komplan migrate` or `komplan runserver`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komplan.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["komplan", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
