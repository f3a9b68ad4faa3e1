from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest
from django.db import transaction


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Callable[[], AbstractContextManager[Any]]:
    """`with committed(): …` runs the block as a transaction of its own whose commit hooks run
    at its end, as after a real commit: the audit trail is written on commit, and a test's
    transaction never commits. (A savepoint, so that the block's changes are not merged with
    the fixtures' in the test's transaction, as they would not be in a real one.)"""

    @contextmanager
    def block() -> Iterator[Any]:
        with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
            yield callbacks

    return block


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    # Pages in English, so that assertions read as the source strings do.
    settings.LANGUAGE_CODE = "en"
