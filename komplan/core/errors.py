"""What a visitor sees when a request fails: translated pages that say what happened and the
way back (400, 403, 404, 413, 500 and, while the database cannot be reached, 503 with
Retry-After). They are rendered without context processors, which may query: the 500 and
503 pages never touch the database, the others only to learn who is logged in.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme

from komplan.core.transactions import is_conflict

logger = logging.getLogger(__name__)

# What the database raises when it is down, restarting, unreachable or locked: worth a retry.
UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def error_page(
    request: HttpRequest, template: str, status: int, *, database: bool = True, **extra: Any
) -> HttpResponse:
    """`template` (which extends error.html) for `request` with `status`. With `database`
    false, or when the database fails, the page does not know who is logged in and offers to
    log in only when the browser has no session at all."""
    user = _user(request) if database else None
    if user is not None:
        offer_login = not user.is_authenticated
    else:
        offer_login = settings.SESSION_COOKIE_NAME not in request.COOKIES
    context = {
        "request": request,
        "user": user,
        "offer_login": offer_login,
        "status": status,
        "back": _back(request),
    }
    if user is not None and user.is_authenticated:
        # The header's forms (log out, language) post; a visitor's page has no form, and so
        # no token that would make two pages differ.
        context["csrf_token"] = get_token(request)
    context.update(extra)
    return HttpResponse(render_to_string(template, context), status=status)


def _back(request: HttpRequest) -> str | None:
    """The page the visitor came from, when it is komplan's own and not this one: the error
    page's "back" link (no script needed). None otherwise."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return None
    if urlsplit(referer).path == request.path:
        return None
    return referer


def _user(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    if user is None:
        return None
    try:
        user.is_authenticated  # noqa: B018 - loads the session and the user: a query
    except DatabaseError:
        return None
    return user


def caused_by_database(exception: BaseException | None) -> bool:
    """Whether `exception`, or one it was raised from or while handling, says the database
    is unavailable (Django turns a failed session update into a 400, for example)."""
    seen: set[int] = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, UNAVAILABLE):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: the database could not be reached. Logs the cause."""
    logger.error("The database is unavailable; answering 503", exc_info=True)
    response = error_page(request, "503.html", 503, database=False)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    """413, naming the most komplan accepts."""
    return error_page(request, "413.html", 413, limit=limit)


# --- the handlers named in komplan/urls.py and settings.CSRF_FAILURE_VIEW -------------------


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if caused_by_database(exception):
        return database_unavailable(request)
    if isinstance(exception, RequestDataTooBig):
        return too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return error_page(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, "404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the exception: a database that failed outside a view
    # (creating the session, in a middleware) still gets the 503 rather than the 500.
    if caused_by_database(sys.exc_info()[1]):
        return database_unavailable(request)
    return error_page(request, "500.html", 500, database=False)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_page(request, "403_csrf.html", 403)


# --- middleware ------------------------------------------------------------------------------


class RequestSizeLimitMiddleware:
    """Refuses a request whose body is larger than settings.KOMPLAN_MAX_REQUEST_BYTES with
    413, before anything reads it; Django's own limits leave file uploads out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit: int = settings.KOMPLAN_MAX_REQUEST_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return too_large(request, limit)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A view that loses the database answers 503 with Retry-After instead of 500. Django
    reconnects on the next request (CONN_HEALTH_CHECKS), so komplan recovers by itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # A lost race in a writing request is RetryConflictsMiddleware's to run again.
        if is_conflict(exception) and getattr(request, "komplan_attempt", None) is not None:
            return None
        if caused_by_database(exception):
            return database_unavailable(request)
        return None
