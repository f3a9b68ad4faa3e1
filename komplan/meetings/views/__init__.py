"""Views of forums, meetings and minutes. What they share: saving a locked form (the plans'
`save_form`), refusing
changes to minutes that are submitted or justered, and finding an object inside a meeting."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from komplan.accounts.access import EDIT
from komplan.meetings.models import Meeting, MinutesStatus
from komplan.plans.editing import confirm_delete, save_form

__all__ = ["can_edit", "get_in", "locked_message", "save_form"]


def get_in(queryset: QuerySet[Any], pk: int) -> Any:
    """The object `pk` of `queryset` (one meeting's or forum's objects), else 404."""
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def can_edit(scoped: Any) -> bool:
    return bool(scoped.membership.allows(EDIT))


def locked_message(meeting: Meeting) -> str:
    if meeting.minutes_status == MinutesStatus.JUSTERED:
        return _(
            "The minutes of this meeting are approved (version %(version)s) and can no longer "
            "be changed. To correct them, start a new version: the approved version stays "
            "readable as it was approved."
        ) % {"version": meeting.minutes_version}
    return _(
        "The minutes have been submitted for approval and cannot be changed while the "
        "adjusters read them. Withdraw them to make changes."
    )


def minutes_open(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Refuse, with the reason, every change to a meeting whose minutes are locked.

    Goes inside `meeting_view`: the gate decides who may ask, this decides whether now.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, meeting: Meeting, *args: Any, **kwargs: Any) -> HttpResponse:
        if meeting.minutes_open:
            return view(request, meeting, *args, **kwargs)
        return render(
            request,
            "meetings/locked.html",
            {
                "meeting": meeting,
                "forum": meeting.forum,
                "nav": "minutes",
                "message": locked_message(meeting),
                "can_edit": can_edit(meeting),
            },
            status=409,
        )

    return wrapper


def delete_page(
    request: HttpRequest,
    entry: Model,
    context: dict[str, Any],
    back_url: str,
    explanation: str,
) -> HttpResponse:
    """Confirm, then delete `entry` and go back."""
    return confirm_delete(
        request,
        entry,
        "meetings/confirm_delete.html",
        {**context, "entry": entry, "back_url": back_url, "explanation": explanation},
        back_url,
        _("“%(entry)s” was deleted.") % {"entry": entry},
    )
