"""komplan's URLs plus two references for `benchmarks/throughput.py`: a bare view (Django's
routing and middleware, nothing else) and a session view (reads the session and the user,
renders a template of about the overview's size)."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from komplan.urls import urlpatterns as komplan_urls

# About the size of a small plan's overview (~23 KiB of HTML).
_SESSION_PAGE = engines["django"].from_string(
    "<!doctype html><title>{{ user.username }}</title><p>"
    + "{{ user.get_full_name }} " * 10
    + "x" * 23_000
    + "</p>"
)


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok")


def session(request: HttpRequest) -> HttpResponse:
    assert request.user.is_authenticated
    return HttpResponse(_SESSION_PAGE.render({"user": request.user}, request))


urlpatterns = [
    path("reference/bare/", bare),
    path("reference/session/", session),
    *komplan_urls,
]
