"""A meeting's four registers — participants, agenda items, decisions and action items — on
the register pages that the plans' registers use (`komplan.plans.register_views`): list, add,
edit, delete after a confirmation and move, behind `meeting_view`; every change also needs
open minutes (`minutes_open`). What is a meeting's own (bringing in the forum's members, the
agenda's order by numbers, the minutes page listing decisions and actions) stays in the
neighbouring modules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy

from komplan.meetings.access import meeting_view
from komplan.meetings.forms import (
    ActionItemForm,
    AddMembersForm,
    AgendaItemForm,
    DecisionForm,
    ParticipantForm,
)
from komplan.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    Participant,
)
from komplan.meetings.views import minutes_open
from komplan.meetings.views.meetings import agenda_context, meeting_context
from komplan.plans.register_views import RegisterPages, RegisterViews, register_views


@dataclass(frozen=True, eq=False)
class MeetingRegisterPages(RegisterPages):
    """A register of a meeting; its pages carry the meeting's navigation and its texts."""

    parent_name = "meeting"
    form_template = "meetings/form.html"
    delete_template = "meetings/confirm_delete.html"
    deleted = gettext_lazy("“%(entry)s” was deleted.")

    model: Any
    form_class: Any
    related_name: str  # the meeting's entries: `meeting.<related_name>`
    nav: str  # the meeting's tab the pages belong to
    list_name: str  # the URL name of the page that lists the entries
    anchor: str  # the rows' ids there: "<anchor>-<pk>"
    add_heading: Any
    edit_heading: Any
    added: Any
    saved: Any
    explanation: Any  # what deleting an entry takes with it
    list_template: str = ""
    table_template: str = ""

    def get(self, meeting: Meeting, pk: int) -> Any:
        return getattr(meeting, self.related_name).get(pk=pk)

    def context(self, meeting: Meeting, entry: Any | None) -> dict[str, Any]:
        back = self.list_url(meeting)
        return {
            **meeting_context(meeting, self.nav),
            "entry": entry,
            "heading": self.add_heading if entry is None else self.edit_heading,
            "cancel_url": back,  # the form's
            "back_url": back,  # the delete confirmation's
            "explanation": self.explanation,
        }

    def list_url(self, meeting: Meeting) -> str:
        return reverse(self.list_name, args=[meeting.pk])

    def saved_url(self, meeting: Meeting, entry: Any) -> str:
        return f"{self.list_url(meeting)}#{self.anchor}-{entry.pk}"


class ParticipantPages(MeetingRegisterPages):
    def list_context(self, request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
        participants = list(meeting.participants.select_related("user"))
        context = meeting_context(meeting, "participants")
        context["participants"] = participants
        context["counts"] = {
            attendance: sum(1 for p in participants if p.attendance == attendance)
            for attendance in Attendance.values
        }
        if context["can_edit"] and meeting.minutes_open:
            context["add_form"] = AddMembersForm(meeting=meeting)
        return context

    def initial(self, request: HttpRequest) -> dict[str, Any] | None:
        return {"attendance": Attendance.GUEST} if request.GET.get("guest") else None


class AgendaPages(MeetingRegisterPages):
    def list_context(self, request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
        return agenda_context(meeting)


class MinutesEntryPages(MeetingRegisterPages):
    """Decisions and action items: listed by the minutes, under the agenda item they belong
    to, whose "add" link names it (`?item=<pk>`)."""

    def initial(self, request: HttpRequest) -> dict[str, Any] | None:
        item = request.GET.get("item", "")
        return {"item": int(item)} if item.isdigit() else None


def _views(pages: MeetingRegisterPages, pk: str) -> RegisterViews:
    return register_views(pages, gate=meeting_view, guard=minutes_open, pk=pk)


participants = _views(
    ParticipantPages(
        model=Participant,
        form_class=ParticipantForm,
        related_name="participants",
        nav="participants",
        list_name="meetings:participants",
        anchor="participant",
        add_heading=gettext_lazy("Add a participant"),
        edit_heading=gettext_lazy("Edit participant"),
        added=gettext_lazy("The participant was added."),
        saved=gettext_lazy("The participant was saved."),
        explanation=gettext_lazy("The participant is removed from this meeting only."),
        list_template="meetings/participants.html",
    ),
    pk="participant_id",
)

agenda = _views(
    AgendaPages(
        model=AgendaItem,
        form_class=AgendaItemForm,
        related_name="items",
        nav="agenda",
        list_name="meetings:agenda",
        anchor="item",
        add_heading=gettext_lazy("Add an agenda item"),
        edit_heading=gettext_lazy("Edit agenda item"),
        added=gettext_lazy("The agenda item was added."),
        saved=gettext_lazy("The agenda item was saved."),
        explanation=gettext_lazy(
            "Its notes go with it; its decisions and action items stay in the minutes."
        ),
        list_template="meetings/agenda.html",
        table_template="meetings/_agenda_table.html",
    ),
    pk="item_id",
)

decisions = _views(
    MinutesEntryPages(
        model=Decision,
        form_class=DecisionForm,
        related_name="decisions",
        nav="minutes",
        list_name="meetings:minutes",
        anchor="decision",
        add_heading=gettext_lazy("Record a decision"),
        edit_heading=gettext_lazy("Edit decision"),
        added=gettext_lazy("The decision was recorded."),
        saved=gettext_lazy("The decision was saved."),
        explanation=gettext_lazy("The decision is removed from the minutes."),
    ),
    pk="decision_id",
)

actions = _views(
    MinutesEntryPages(
        model=ActionItem,
        form_class=ActionItemForm,
        related_name="actions",
        nav="minutes",
        list_name="meetings:minutes",
        anchor="action",
        add_heading=gettext_lazy("Add an action item"),
        edit_heading=gettext_lazy("Edit action item"),
        added=gettext_lazy("The action item was added."),
        saved=gettext_lazy("The action item was saved."),
        explanation=gettext_lazy("An activity made from it stays in its plan."),
    ),
    pk="action_id",
)
