"""Justering: the note-taker submits the minutes, the appointed adjusters approve them, an
editor may withdraw submitted minutes or open a correction of justered ones. Each step is a
page that explains it (GET) and a button that takes it (POST)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from komplan.accounts.access import EDIT, VIEW
from komplan.meetings import services
from komplan.meetings.access import meeting_view
from komplan.meetings.forms import CorrectionForm
from komplan.meetings.models import Meeting, MinutesStatus
from komplan.meetings.views.meetings import meeting_context
from komplan.meetings.views.minutes import minutes_url

# --- justering ----------------------------------------------------------------------------------


def _step(
    request: HttpRequest,
    meeting: Meeting,
    *,
    allowed: bool,
    heading: str,
    explanation: str,
    button: str,
    form: Any = None,
) -> HttpResponse:
    context = meeting_context(meeting, "minutes")
    context.update(
        {
            "allowed": allowed,
            "heading": heading,
            "explanation": explanation,
            "button": button,
            "form": form,
            "cancel_url": minutes_url(meeting),
        }
    )
    return render(request, "meetings/justering_step.html", context)


def _run_step(request: HttpRequest, meeting: Meeting, step: Any, done: str) -> HttpResponse:
    try:
        step()
    except services.MinutesError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, done)
    return redirect(minutes_url(meeting, "justering"))


@meeting_view(EDIT)
def minutes_submit(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    """The note-taker hands the minutes to the adjusters; they are locked from now on."""
    if request.method == "POST":
        return _run_step(
            request,
            meeting,
            lambda: services.minutes_submit(meeting, user=request.user),
            _("The minutes were submitted for approval."),
        )
    if meeting.minutes_status != MinutesStatus.DRAFT:
        allowed, explanation = False, _("These minutes have already been submitted.")
    else:
        problems = services.submission_problems(meeting, list(meeting.participants.all()))
        allowed = not problems
        explanation = " ".join(problems) or _(
            "The adjusters are asked to approve the minutes as they are now. Until they have, "
            "or until you withdraw them, nobody can change them."
        )
    return _step(
        request,
        meeting,
        allowed=allowed,
        heading=_("Submit the minutes for approval"),
        explanation=explanation,
        button=_("Submit for minutes approval"),
    )


@meeting_view(EDIT)
def minutes_withdraw(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    if request.method == "POST":
        return _run_step(
            request,
            meeting,
            lambda: services.minutes_withdraw(meeting, user=request.user),
            _("The minutes were withdrawn and can be changed again."),
        )
    allowed = meeting.minutes_status == MinutesStatus.SUBMITTED
    return _step(
        request,
        meeting,
        allowed=allowed,
        heading=_("Withdraw the minutes"),
        explanation=_(
            "The minutes can be changed again; approvals given so far no longer count and "
            "they must be submitted again."
        )
        if allowed
        else _("Only minutes waiting for approval can be withdrawn."),
        button=_("Withdraw"),
    )


# Any member may open this page; only an appointed adjuster's POST counts (403 otherwise):
# an adjuster may hold only the viewer role, since justering is a person's task, not an edit.
@meeting_view(VIEW)
def minutes_approve(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    if request.method == "POST":

        def approve() -> None:
            if services.minutes_approve(meeting, user=request.user):
                messages.info(request, _("All adjusters have approved: the minutes are approved."))

        return _run_step(request, meeting, approve, _("Your approval was recorded."))
    allowed = (
        meeting.minutes_status == MinutesStatus.SUBMITTED
        and meeting.participants.filter(adjuster=True, user=request.user)
        .exclude(approvals__version__number=meeting.minutes_version)
        .exists()
    )
    return _step(
        request,
        meeting,
        allowed=allowed,
        heading=_("Approve the minutes"),
        explanation=_(
            "By approving you confirm that the minutes of version %(version)s say what the "
            "meeting said and decided. Your name and the time are recorded."
        )
        % {"version": meeting.minutes_version}
        if allowed
        else _("Only an appointed adjuster can approve minutes submitted for approval."),
        button=_("Approve the minutes"),
    )


@meeting_view(EDIT)
def minutes_correct(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    """Open a new version of justered minutes; the justered version stays readable."""
    form = CorrectionForm(request.POST or None)
    allowed = meeting.minutes_status == MinutesStatus.JUSTERED
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        return _run_step(
            request,
            meeting,
            lambda: services.minutes_correct(meeting, user=request.user, reason=reason),
            _("Version %(version)s of the minutes is open for the correction.")
            % {"version": meeting.minutes_version + 1},
        )
    return _step(
        request,
        meeting,
        allowed=allowed,
        heading=_("Correct the approved minutes"),
        explanation=_(
            "A correction makes version %(next)s, which is written, submitted and approved "
            "like the first; version %(version)s stays readable as it was approved."
        )
        % {"next": meeting.minutes_version + 1, "version": meeting.minutes_version}
        if allowed
        else _("Only approved minutes are corrected in a new version."),
        button=_("Start a correction"),
        form=form if allowed else None,
    )
