"""Every change recorded during a request is the request's user's (see `komplan.audit.actor`)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from komplan.audit.actor import act_for_request, stop_acting


class ActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = act_for_request(request)
        try:
            return self.get_response(request)
        finally:
            stop_acting(token)
