"""The base of komplan's management commands (`komplan import`, `export`, `check`, …).

Run from the command line, a command that fails prints its message alone on stderr and exits
with the error's status; Django's own `BaseCommand` prefixes it with "CommandError: ", which
tells a user of komplan nothing. Called from code (`call_command`, the tests), the error is
raised as before; `--traceback` still shows the traceback.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, SystemCheckError

__all__ = ["KomplanCommand"]


class KomplanCommand(BaseCommand):
    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            return super().execute(*args, **options)
        except CommandError as error:
            from_shell = getattr(self, "_called_from_command_line", False)
            if not from_shell or options.get("traceback") or isinstance(error, SystemCheckError):
                raise
            self.stderr.write(str(error))
            sys.exit(error.returncode)
