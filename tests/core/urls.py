"""komplan's addresses plus one that writes and then loses races, for the middleware's tests."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import path

from komplan.core.transactions import before_commit
from komplan.urls import urlpatterns as komplan_urlpatterns
from tests.core.races import lose_a_race


@dataclass
class Script:
    """What the view does on its next attempts; the tests set it, `reset()` clears it."""

    attempts: int = 0  # how many times the view ran
    lose_in_view: int = 0  # the next this many attempts lose a race in the view
    lose_at_commit: int = 0  # … or just before the commit
    then: str = "answer"  # "answer" 200, "raise" an error, "fail" a 500 answer

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]


script = Script()


def add_group(request: HttpRequest) -> HttpResponse:
    """Save a group named in the form, then do what the script says."""
    script.attempts += 1
    Group.objects.create(name=request.POST.get("name", "Kommunikatörer"))
    if script.lose_in_view:
        script.lose_in_view -= 1
        lose_a_race()
    if script.lose_at_commit:
        script.lose_at_commit -= 1
        before_commit(lose_a_race)
    if script.then == "raise":
        raise RuntimeError("the view failed after writing")
    status = 500 if script.then == "fail" else 200
    return HttpResponse(f"in a transaction: {connection.in_atomic_block}", status=status)


def group_form(request: HttpRequest) -> HttpResponse:
    """A bare form that posts to `add_group`, for a browser."""
    return HttpResponse(
        '<!doctype html><html lang="sv"><title>Ny grupp</title><main><form method="post" '
        f'action="/test/groups/"><input type="hidden" name="csrfmiddlewaretoken" '
        f'value="{get_token(request)}"><label>Namn <input name="name" value="Ekonomer"></label>'
        "<button>Spara</button></form></main></html>"
    )


urlpatterns = [
    *komplan_urlpatterns,
    path("test/groups/", add_group, name="test_add_group"),
    path("test/groups/new/", group_form, name="test_group_form"),
]
