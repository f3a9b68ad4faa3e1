"""A meeting: its facts, the forum's members brought in as participants, the agenda's order,
and the notice that sends the agenda out. The participants' and the agenda's register pages
are in `registers.py`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from komplan.accounts.access import EDIT, VIEW
from komplan.exports.text import attachment_header
from komplan.meetings import documents, services
from komplan.meetings.access import meeting_view
from komplan.meetings.forms import AddMembersForm, MeetingForm
from komplan.meetings.models import Attendance, Meeting, MinutesStatus
from komplan.meetings.views import can_edit, delete_page, minutes_open, save_form


def meeting_context(meeting: Meeting, nav: str) -> dict[str, Any]:
    return {"meeting": meeting, "forum": meeting.forum, "nav": nav, "can_edit": can_edit(meeting)}


def _agenda_rows(meeting: Meeting) -> tuple[list[tuple[Any, Any]], Any]:
    items = list(meeting.items.order_by("position", "pk"))
    timing = services.agenda_schedule(meeting, items)
    return list(zip(items, timing.slots, strict=True)), timing


@meeting_view(VIEW)
def meeting_detail(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    participants = list(meeting.participants.all())
    rows, timing = _agenda_rows(meeting)
    context = meeting_context(meeting, "meeting")
    context.update(
        {
            "plans": meeting.plans.order_by("name"),
            "present": [p for p in participants if p.attendance != Attendance.ABSENT],
            "absent": [p for p in participants if p.attendance == Attendance.ABSENT],
            "adjusters": [p for p in participants if p.adjuster],
            "rows": rows,
            "timing": timing,
            "approvals": meeting.decisions.filter(plan__isnull=False)
            .select_related("plan", "item")
            .order_by("pk"),
            "versions": meeting.versions.filter(status=MinutesStatus.JUSTERED).order_by("number"),
        }
    )
    return render(request, "meetings/meeting_detail.html", context)


@meeting_view(EDIT)
@minutes_open
def meeting_edit(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    form = MeetingForm(request.POST or None, instance=meeting, forum=meeting.forum)
    back = reverse("meetings:meeting", args=[meeting.pk])
    return save_form(
        request,
        form,
        "meetings/form.html",
        {**meeting_context(meeting, "meeting"), "heading": _("Edit meeting"), "cancel_url": back},
        back,
        _("The meeting was saved."),
    )


@meeting_view(EDIT)
@minutes_open
def meeting_delete(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    return delete_page(
        request,
        meeting,
        meeting_context(meeting, "meeting"),
        reverse("meetings:forum", args=[meeting.forum_id]),
        _("Its agenda, minutes, decisions, action items and attachments are deleted."),
    )


# --- participants: the forum's members ----------------------------------------------------------


@meeting_view(EDIT)
@minutes_open
def participants_add(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    """Every chosen member of the forum becomes a participant, in one step."""
    form = AddMembersForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        added = services.members_add(meeting, form.cleaned_data["members"], user=request.user)
        count = len(added)
        messages.success(
            request,
            ngettext(
                "%(count)d participant was added.", "%(count)d participants were added.", count
            )
            % {"count": count},
        )
        return redirect("meetings:participants", meeting_id=meeting.pk)
    return render(
        request,
        "meetings/form.html",
        {
            **meeting_context(meeting, "participants"),
            "form": form,
            "heading": _("Add the forum's members"),
            "submit_label": _("Add"),
            "cancel_url": reverse("meetings:participants", args=[meeting.pk]),
        },
    )


# --- the agenda ---------------------------------------------------------------------------------


def agenda_context(meeting: Meeting) -> dict[str, Any]:
    """The agenda page's and its table's context: the items with their numbers and times."""
    rows, timing = _agenda_rows(meeting)
    context = meeting_context(meeting, "agenda")
    context.update({"rows": rows, "timing": timing, "count": len(rows)})
    context["can_change"] = context["can_edit"] and meeting.minutes_open
    return context


@meeting_view(EDIT)
@minutes_open
def agenda_order(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    """Set the whole order at once: the drag-and-drop script posts it, and without a script
    the same form takes a position number per item."""
    context = agenda_context(meeting)
    if request.method == "POST":
        ordered = _posted_order(request, [item.pk for item, _slot in context["rows"]])
        if ordered is None:
            messages.error(request, _("The new order must name every agenda item once."))
            status = 400
        else:
            services.agenda_reorder(meeting, ordered)
            if request.htmx:
                return render(request, "meetings/_agenda_table.html", agenda_context(meeting))
            messages.success(request, _("The agenda's order was saved."))
            return redirect("meetings:agenda", meeting_id=meeting.pk)
        if request.htmx:
            return render(request, "meetings/_agenda_table.html", context, status=status)
        return render(request, "meetings/agenda_order.html", context, status=status)
    return render(request, "meetings/agenda_order.html", context)


def _posted_order(request: HttpRequest, ids: list[int]) -> list[int] | None:
    """The item ids in their new order from `order` (comma-separated ids) or from one
    `position-<id>` number per item (ties keep the old order); None when malformed."""
    if "order" in request.POST:
        try:
            ordered = [int(part) for part in request.POST["order"].split(",") if part.strip()]
        except ValueError:
            return None
        return ordered if sorted(ordered) == sorted(ids) else None
    try:
        wanted = {pk: float(request.POST[f"position-{pk}"]) for pk in ids}
    except (KeyError, ValueError):
        return None
    return sorted(ids, key=lambda pk: (wanted[pk], ids.index(pk)))


# --- the notice ---------------------------------------------------------------------------------


@meeting_view(VIEW)
@require_safe
def notice_export(request: HttpRequest, meeting: Meeting, fmt: str) -> HttpResponse:
    data = services.minutes_data(meeting)
    build = documents.notice_docx if fmt == "docx" else documents.notice_pdf
    return file_response(build(data), documents.filename(data, "notice", fmt), fmt)


def file_response(body: bytes, filename: str, fmt: str) -> HttpResponse:
    content_type = documents.DOCX if fmt == "docx" else documents.PDF
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = attachment_header(filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@meeting_view(EDIT)
def notice_send(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    """Show who gets the notice; send it on POST."""
    participants = list(meeting.participants.select_related("user"))
    recipients, without = services.notice_recipients(participants)
    if request.method == "POST" and recipients:
        sent = services.notice_send(meeting, user=request.user)
        messages.success(
            request,
            ngettext(
                "The notice was sent to %(count)d participant.",
                "The notice was sent to %(count)d participants.",
                len(sent),
            )
            % {"count": len(sent)},
        )
        return redirect("meetings:meeting", meeting_id=meeting.pk)
    context = meeting_context(meeting, "meeting")
    context.update({"recipients": recipients, "without": without})
    return render(request, "meetings/notice_send.html", context)
