"""Throttling of guesses: logins (through django-axes) and requests for a set-password link.

The rules:
- Logins: after `AXES_FAILURE_LIMIT` (5) wrong passwords for one account, or
  `KOMPLAN_ADDRESS_FAILURE_LIMIT` (20) for any accounts from one address, each without a
  `AXES_COOLOFF_TIME` (15 minutes) pause, logging in is refused until that pause has passed:
  the password is not even checked (no hasher runs). The login page says until when. A
  correct password resets the account's count, not the address's.
- Set-password links: at most `KOMPLAN_RESET_EMAIL_LIMIT` (3) an hour for one email address
  and `KOMPLAN_RESET_ADDRESS_LIMIT` (10) an hour from one client address.
- The client's address is `REMOTE_ADDR`, or behind `KOMPLAN_TRUSTED_PROXIES` reverse proxies
  the address the outermost of them saw (X-Forwarded-For, counted from the right).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import PasswordResetView
from django.db import transaction
from django.db.models import Min, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from komplan.accounts.models import PasswordResetRequest

RESET_WINDOW = dt.timedelta(hours=1)


def client_address(request: HttpRequest) -> str | None:
    """The address of the person's own computer as the outermost trusted proxy saw it."""
    proxies = settings.KOMPLAN_TRUSTED_PROXIES
    if proxies:
        # Each proxy appends the address it was called from; entries further left than the
        # outermost trusted proxy's are whatever the client chose to send.
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses logins over the web for a locked-out account or address before any backend
    checks the password. Logins without a request (scripts, the test client's `login`) are
    not throttled: there is no one to throttle."""

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, *args: Any, **kwargs: Any
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)  # type: ignore[no-any-return]


def _failures(attempts: QuerySet[Any]) -> int:
    return int(attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0)


class LoginThrottleHandler(AxesDatabaseHandler):
    """django-axes' database handler with a limit of its own for the address, so a whole
    municipality behind one address is not locked out by five typing mistakes."""

    def _per_account_and_address(
        self, request: HttpRequest, credentials: dict[str, Any] | None
    ) -> tuple[QuerySet[Any], QuerySet[Any]]:
        # One query set per AXES_LOCKOUT_PARAMETERS entry: ["username", "ip_address"].
        account, address = self.get_user_attempts(request, credentials)
        return account, address

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        account, address = self._per_account_and_address(request, credentials)
        failures = _failures(account)
        if _failures(address) >= settings.KOMPLAN_ADDRESS_FAILURE_LIMIT:
            return max(failures, settings.AXES_FAILURE_LIMIT)
        return failures

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        # Only the account's: logging in to one's own account must not reset the address's
        # count for someone trying passwords on other accounts from there.
        account, _address = self._per_account_and_address(request, credentials)
        count, _ = account.delete()
        return int(count)

    def locked_until(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> dt.datetime | None:
        """When the lock on this account or address lifts: when enough of the failures that
        reached a limit are older than the cool-off."""
        cool_off = get_cool_off(request)
        if cool_off is None:
            return None
        limits = (settings.AXES_FAILURE_LIMIT, settings.KOMPLAN_ADDRESS_FAILURE_LIMIT)
        ends = []
        for attempts, limit in zip(
            self._per_account_and_address(request, credentials), limits, strict=True
        ):
            total = 0
            rows = attempts.order_by("-attempt_time").values_list(
                "attempt_time", "failures_since_start"
            )
            for attempt_time, failures in rows:
                total += failures
                if total >= limit:
                    ends.append(attempt_time + cool_off)
                    break
        return max(ends, default=None)


def lockout_response(
    request: HttpRequest, _original: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """The login page again, saying that logging in is paused and until when (429)."""
    handler = AxesProxyHandler.get_implementation()
    until = handler.locked_until(request, credentials) if hasattr(handler, "locked_until") else None
    username = get_client_username(request, credentials) or ""
    context = {
        "form": AuthenticationForm(request, initial={"username": username}),
        "locked_until": until,
        "locked": True,
        "next": request.POST.get("next", request.GET.get("next", "")),
    }
    return render(request, "registration/login.html", context, status=429)


class ResetThrottled(Exception):
    """Too many set-password links were asked for; `retry_at` says when one may be again."""

    def __init__(self, retry_at: dt.datetime) -> None:
        super().__init__("too many password reset requests")
        self.retry_at = retry_at


def password_reset_record(*, email: str, address: str | None) -> None:
    """Count a request for a set-password link, or raise ResetThrottled (and count nothing)."""
    now = timezone.now()
    since = now - RESET_WINDOW
    email = email.strip().lower()
    with transaction.atomic():
        PasswordResetRequest.objects.filter(requested_at__lt=since).delete()
        PasswordResetRequest.objects.create(email=email, address=address, requested_at=now)
        recent = PasswordResetRequest.objects.filter(requested_at__gte=since)
        limits = [(recent.filter(email=email), settings.KOMPLAN_RESET_EMAIL_LIMIT)]
        if address:
            limits.append((recent.filter(address=address), settings.KOMPLAN_RESET_ADDRESS_LIMIT))
        # Counted after the insert: two requests at once never both slip under a limit. The
        # exception rolls the insert back, so refused requests do not prolong the pause.
        for rows, limit in limits:
            if rows.count() > limit:
                oldest = rows.aggregate(oldest=Min("requested_at"))["oldest"]
                raise ResetThrottled(oldest + RESET_WINDOW)


class ThrottledPasswordResetView(PasswordResetView):
    """Django's password reset, refusing (429) past the limits instead of sending."""

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            password_reset_record(
                email=form.cleaned_data["email"], address=client_address(self.request)
            )
        except ResetThrottled as throttled:
            local = timezone.localtime(throttled.retry_at)
            form.add_error(
                None,
                _("Too many links to set a password were asked for. Try again after %(time)s.")
                % {"time": time_format(local)},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
