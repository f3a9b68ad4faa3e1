"""The minutes: notes per item, following action items up, attachments, justered versions and
the Word and PDF exports. Decisions and action items are added, edited and deleted on their
register pages (`registers.py`); the justering steps are in `justering.py`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from komplan.accounts.access import EDIT, VIEW
from komplan.meetings import documents, services, uploads
from komplan.meetings.access import meeting_view
from komplan.meetings.forms import (
    ActionStatusForm,
    AttachmentForm,
    NotesForm,
    ToActivityForm,
)
from komplan.meetings.models import (
    ActionItem,
    Attachment,
    ItemKind,
    Meeting,
    MinutesStatus,
)
from komplan.meetings.views import delete_page, get_in, minutes_open, save_form
from komplan.meetings.views.meetings import file_response, meeting_context


def minutes_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("meetings:minutes", args=[meeting.pk])
    return f"{url}#{anchor}" if anchor else url


@meeting_view(VIEW)
def minutes(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    items = list(meeting.items.order_by("position", "pk"))
    timing = services.agenda_schedule(meeting, items)
    decisions = list(meeting.decisions.select_related("plan").order_by("pk"))
    actions = list(meeting.actions.select_related("activity__plan").order_by("pk"))
    for item, slot in zip(items, timing.slots, strict=True):
        item.number = slot.number
        item.decision_list = [d for d in decisions if d.item_id == item.pk]
        item.action_list = [a for a in actions if a.item_id == item.pk]
    previous = previous_actions = None
    if any(item.reviews_previous for item in items):
        previous = services.previous_meeting(meeting)
        previous_actions = list(services.open_actions(previous)) if previous else []
    participants = list(meeting.participants.all())
    version = services.current_version(meeting)
    approved = {a.participant_id: a for a in version.approvals.all()} if version else {}
    adjusters = [(p, approved.get(p.pk)) for p in participants if p.adjuster]
    context = meeting_context(meeting, "minutes")
    context.update(
        {
            "items": [item for item in items if not item.is_break],
            "other_decisions": [d for d in decisions if d.item_id is None],
            "other_actions": [a for a in actions if a.item_id is None],
            "previous": previous,
            "previous_actions": previous_actions,
            "attachments": meeting.attachments.order_by("pk"),
            "note_taker": next((p for p in participants if p.pk == meeting.note_taker_id), None),
            "adjusters": adjusters,
            "version": version,
            "may_approve": meeting.minutes_status == MinutesStatus.SUBMITTED
            and any(p.user_id == request.user.pk and a is None for p, a in adjusters),
            "problems": services.submission_problems(meeting, participants)
            if meeting.minutes_status == MinutesStatus.DRAFT
            else [],
            "versions": meeting.versions.filter(status=MinutesStatus.JUSTERED).order_by("number"),
            "can_change": context["can_edit"] and meeting.minutes_open,
            "action_statuses": ActionItem._meta.get_field("status").choices,
            "base": reverse("meetings:meeting", args=[meeting.pk]),
        }
    )
    return render(request, "meetings/minutes.html", context)


@meeting_view(EDIT)
@minutes_open
def notes_edit(request: HttpRequest, meeting: Meeting, item_id: int) -> HttpResponse:
    item = get_in(meeting.items.exclude(kind=ItemKind.BREAK), item_id)
    form = NotesForm(request.POST or None, instance=item)
    form.fields["notes"].label = _("Notes on “%(item)s”") % {"item": item.description}
    return save_form(
        request,
        form,
        "meetings/form.html",
        {
            **meeting_context(meeting, "minutes"),
            "heading": _("Minutes of “%(item)s”") % {"item": item.description},
            "cancel_url": minutes_url(meeting, f"item-{item.pk}"),
        },
        minutes_url(meeting, f"item-{item.pk}"),
        _("The notes were saved."),
    )


# --- following action items up ------------------------------------------------------------------


@meeting_view(EDIT)
@require_POST
def action_status(request: HttpRequest, meeting: Meeting, action_id: int) -> HttpResponse:
    """Follow an action item up: its status may change after justering, its text may not."""
    action = get_in(meeting.actions.all(), action_id)
    form = ActionStatusForm(request.POST, instance=action)
    if form.is_valid():
        form.save()
        messages.success(
            request,
            _("The action item is now “%(status)s”.") % {"status": action.get_status_display()},
        )
    else:
        messages.error(request, _("Choose one of the statuses offered."))
    return redirect(minutes_url(meeting, f"action-{action.pk}"))


@meeting_view(EDIT)
def action_to_activity(request: HttpRequest, meeting: Meeting, action_id: int) -> HttpResponse:
    """Make the action item an activity of one of the meeting's plans, in one step."""
    action = get_in(meeting.actions.select_related("activity__plan"), action_id)
    if action.activity is not None:
        messages.info(request, _("This action item is already an activity of a plan."))
        return redirect(minutes_url(meeting, f"action-{action.pk}"))
    form = ToActivityForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        plan = form.cleaned_data["plan"]
        activity = services.action_to_activity(action, plan, user=request.user)
        messages.success(
            request,
            _("“%(activity)s” is now an activity of %(plan)s.")
            % {"activity": activity.title, "plan": plan.name},
        )
        return redirect(minutes_url(meeting, f"action-{action.pk}"))
    context = meeting_context(meeting, "minutes")
    context.update({"form": form, "action": action, "cancel_url": minutes_url(meeting)})
    return render(request, "meetings/to_activity.html", context)


# --- attachments --------------------------------------------------------------------------------


@meeting_view(EDIT)
@minutes_open
def attachment_create(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploads.attach(Attachment, form.cleaned_data["file"], request.user, meeting=meeting)
        messages.success(request, _("The attachment was added."))
        return redirect(minutes_url(meeting, "attachments"))
    status = 400 if form.is_bound else 200
    context = meeting_context(meeting, "minutes")
    context.update(
        {
            "form": form,
            "heading": _("Add an attachment"),
            "multipart": True,
            "submit_label": _("Upload"),
            "cancel_url": minutes_url(meeting, "attachments"),
        }
    )
    return render(request, "meetings/form.html", context, status=status)


@meeting_view(VIEW)
@require_safe
def attachment_download(request: HttpRequest, meeting: Meeting, attachment_id: int) -> Any:
    attachment = get_in(meeting.attachments.all(), attachment_id)
    return uploads.download(attachment)


@meeting_view(EDIT)
@minutes_open
def attachment_delete(request: HttpRequest, meeting: Meeting, attachment_id: int) -> HttpResponse:
    attachment = get_in(meeting.attachments.all(), attachment_id)
    return delete_page(
        request,
        attachment,
        meeting_context(meeting, "minutes"),
        minutes_url(meeting, "attachments"),
        _("The file is removed from the meeting."),
    )


# --- versions and exports -----------------------------------------------------------------------


def _minutes_snapshot(meeting: Meeting) -> dict[str, Any]:
    """The current minutes: as justered if they are, else as they read now."""
    if meeting.minutes_status == MinutesStatus.JUSTERED:
        version = meeting.versions.filter(number=meeting.minutes_version).first()
        if version is not None and version.snapshot:
            return dict(version.snapshot)
    return services.minutes_data(meeting)


def _justered(meeting: Meeting, number: int) -> dict[str, Any]:
    version = meeting.versions.filter(number=number, status=MinutesStatus.JUSTERED).first()
    if version is None or not version.snapshot:
        raise Http404
    return dict(version.snapshot)


@meeting_view(VIEW)
@require_safe
def minutes_export(request: HttpRequest, meeting: Meeting, fmt: str) -> HttpResponse:
    data = _minutes_snapshot(meeting)
    build = documents.minutes_docx if fmt == "docx" else documents.minutes_pdf
    return file_response(build(data), documents.filename(data, "minutes", fmt), fmt)


@meeting_view(VIEW)
@require_safe
def version_export(request: HttpRequest, meeting: Meeting, version: int, fmt: str) -> HttpResponse:
    data = _justered(meeting, version)
    build = documents.minutes_docx if fmt == "docx" else documents.minutes_pdf
    return file_response(build(data), documents.filename(data, "minutes", fmt), fmt)


@meeting_view(VIEW)
def minutes_version(request: HttpRequest, meeting: Meeting, version: int) -> HttpResponse:
    """A justered version as it was approved, read from its snapshot."""
    data = _justered(meeting, version)
    row = meeting.versions.get(number=version)
    context = meeting_context(meeting, "minutes")
    context.update(
        {
            "doc": documents.minutes_layout(data),
            "number": version,
            "row": row,
            "superseded": version < meeting.minutes_version,
        }
    )
    return render(request, "meetings/minutes_version.html", context)
