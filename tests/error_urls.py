"""komplan's URLs and error handlers, plus pages that fail on purpose: the error page tests
use it with `@pytest.mark.urls("tests.error_urls")`."""

from __future__ import annotations

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path

from komplan.urls import handler400, handler403, handler404, handler500
from komplan.urls import urlpatterns as komplan_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("Norrviks bokningskalender svarade med nonsens")


def database_gone(request: HttpRequest) -> HttpResponse:
    # What a query raises when PostgreSQL has gone away (for the browser test, which cannot
    # reach into the live server's thread to break its connection).
    raise OperationalError("server closed the connection unexpectedly")


def remember_visit(request: HttpRequest) -> HttpResponse:
    """Changes the session, so that the session middleware writes it after the view."""
    request.session["seen_error_tests"] = True
    return HttpResponse("Sparat.")


urlpatterns = [
    *komplan_urlpatterns,
    path("trasig/", broken),
    path("databasen-borta/", database_gone),
    path("besok/", remember_visit),
]
