"""Every request that may write (any method but GET, HEAD, OPTIONS and TRACE) is one
transaction, run again from the start when it lost a race with another.

- The request runs inside `transaction.atomic()`: it commits when the answer is ready, and
  rolls back when the view raised or the answer is a server error (≥ 500), so a failed
  request keeps nothing of what it wrote, its audit events included.
- A deadlock, a serialization failure or a locked SQLite database (`is_conflict`), raised in
  the view or at the commit, rolls the request back and runs it again after a short jittered
  pause, up to `ATTEMPTS` times in all.
- If every attempt lost, nothing was kept and the person gets the "try again" page
  (`conflict_retry.html`, 503), with a button that sends the same form again.

It sits above the session, authentication and messages middleware, so each attempt starts
from the request as it came in: no message, session change or login of a lost attempt leaks
into the next. The answer page too passes through them, in the person's language.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import OperationalError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from komplan.core.transactions import is_conflict

logger = logging.getLogger(__name__)

ATTEMPTS = 3
PAUSE = 0.05  # seconds before the second attempt; doubled before each next one, ±50 %
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
NOT_RESENT = ("csrfmiddlewaretoken", "password")  # field names never written into the page


@dataclass
class _Attempt:
    number: int
    conflict: BaseException | None = None  # lost a race: roll back, try again
    raised: bool = False  # the view raised: roll back, as Django's ATOMIC_REQUESTS would


def pause(number: int) -> float:
    """Seconds to wait after attempt `number` lost, before the next one."""
    return float(PAUSE * 2 ** (number - 1) * random.uniform(0.5, 1.5))  # jitter, no secret


class RetryConflictsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        for number in range(1, ATTEMPTS + 1):
            attempt = _Attempt(number)
            request.komplan_attempt = attempt  # type: ignore[attr-defined]
            try:
                with transaction.atomic():
                    response = self.get_response(request)
                    if attempt.conflict or attempt.raised or response.status_code >= 500:
                        transaction.set_rollback(True)
            except OperationalError as error:  # at the commit, or the audit's flush before it
                if not is_conflict(error):
                    raise
                attempt.conflict = error
            if attempt.conflict is None:
                return response
            logger.warning(
                "%s %s lost a race (attempt %d of %d): %s",
                request.method,
                request.path,
                number,
                ATTEMPTS,
                str(attempt.conflict).splitlines()[0],
            )
            if number < ATTEMPTS:
                time.sleep(pause(number))
                _rewind_uploads(request)
        request.komplan_attempt = None  # type: ignore[attr-defined]
        request.komplan_gave_up = True  # type: ignore[attr-defined]
        return self.get_response(request)  # the answer, through the other middleware

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if getattr(request, "komplan_gave_up", False):
            return conflict_response(request)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        attempt: _Attempt | None = getattr(request, "komplan_attempt", None)
        if attempt is None:
            return None
        attempt.raised = True
        if is_conflict(exception):
            attempt.conflict = exception
            return HttpResponse(status=503)  # never shown: the next attempt or the answer is
        return None


def _rewind_uploads(request: HttpRequest) -> None:
    if request.content_type == "multipart/form-data":
        for _name, files in request.FILES.lists():
            for upload in files:
                upload.seek(0)


def conflict_response(request: HttpRequest) -> HttpResponse:
    """The "nothing was saved, try again" page, with the form's fields to send them again."""
    resend = None
    if not request.FILES:
        resend = [
            (name, value)
            for name, values in request.POST.lists()
            if not any(word in name for word in NOT_RESENT)
            for value in values
        ]
    back = request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    response = render(request, "conflict_retry.html", {"resend": resend, "back": back}, status=503)
    response["Retry-After"] = "1"
    if getattr(request, "htmx", False):
        # htmx swaps only 2xx answers: show this one as the whole page instead of nothing.
        response.status_code = 200
        response["HX-Retarget"] = "body"
        response["HX-Reswap"] = "innerHTML"
    return response
