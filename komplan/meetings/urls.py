"""Forums under their organisation, then meetings and everything in them by meeting id.

Every view looks its forum or meeting up through `komplan.accounts.access` (forum_view,
meeting_view, organization_view); objects inside a meeting are looked up within it.
"""

from django.urls import path

from komplan.meetings.views import forums, history, justering, meetings, minutes, registers

app_name = "meetings"

M = "meetings/<int:meeting_id>/"

urlpatterns = [
    # Forums and their members
    path("orgs/<slug:slug>/forums/", forums.forum_list, name="forums"),
    path("orgs/<slug:slug>/forums/new/", forums.forum_create, name="forum_create"),
    path("forums/<int:forum_id>/", forums.forum_detail, name="forum"),
    path("forums/<int:forum_id>/edit/", forums.forum_edit, name="forum_edit"),
    path("forums/<int:forum_id>/delete/", forums.forum_delete, name="forum_delete"),
    path("forums/<int:forum_id>/members/new/", forums.member_create, name="member_create"),
    path(
        "forums/<int:forum_id>/members/<int:member_id>/edit/",
        forums.member_edit,
        name="member_edit",
    ),
    path(
        "forums/<int:forum_id>/members/<int:member_id>/delete/",
        forums.member_delete,
        name="member_delete",
    ),
    path("forums/<int:forum_id>/meetings/new/", forums.meeting_create, name="meeting_create"),
    path("forums/<int:forum_id>/history/", history.forum_history, name="forum_history"),
    path(M + "history/", history.meeting_history, name="meeting_history"),
    # The meeting, its participants and agenda, and the notice
    path(M, meetings.meeting_detail, name="meeting"),
    path(M + "edit/", meetings.meeting_edit, name="meeting_edit"),
    path(M + "delete/", meetings.meeting_delete, name="meeting_delete"),
    path(M + "participants/", registers.participants.list, name="participants"),
    path(M + "participants/add/", meetings.participants_add, name="participants_add"),
    path(M + "participants/new/", registers.participants.create, name="participant_create"),
    path(
        M + "participants/<int:participant_id>/edit/",
        registers.participants.edit,
        name="participant_edit",
    ),
    path(
        M + "participants/<int:participant_id>/delete/",
        registers.participants.delete,
        name="participant_delete",
    ),
    path(M + "agenda/", registers.agenda.list, name="agenda"),
    path(M + "agenda/new/", registers.agenda.create, name="item_create"),
    path(M + "agenda/order/", meetings.agenda_order, name="agenda_order"),
    path(M + "agenda/<int:item_id>/edit/", registers.agenda.edit, name="item_edit"),
    path(M + "agenda/<int:item_id>/delete/", registers.agenda.delete, name="item_delete"),
    path(M + "agenda/<int:item_id>/move/", registers.agenda.move, name="item_move"),
    path(M + "notice.docx", meetings.notice_export, {"fmt": "docx"}, name="notice_docx"),
    path(M + "notice.pdf", meetings.notice_export, {"fmt": "pdf"}, name="notice_pdf"),
    path(M + "notice/send/", meetings.notice_send, name="notice_send"),
    # The minutes: notes, decisions, action items, attachments, justering and versions
    path(M + "minutes/", minutes.minutes, name="minutes"),
    path(M + "minutes/<int:item_id>/notes/edit/", minutes.notes_edit, name="notes_edit"),
    path(M + "decisions/new/", registers.decisions.create, name="decision_create"),
    path(M + "decisions/<int:decision_id>/edit/", registers.decisions.edit, name="decision_edit"),
    path(
        M + "decisions/<int:decision_id>/delete/",
        registers.decisions.delete,
        name="decision_delete",
    ),
    path(M + "actions/new/", registers.actions.create, name="action_create"),
    path(M + "actions/<int:action_id>/edit/", registers.actions.edit, name="action_edit"),
    path(M + "actions/<int:action_id>/delete/", registers.actions.delete, name="action_delete"),
    path(M + "actions/<int:action_id>/status/", minutes.action_status, name="action_status"),
    path(
        M + "actions/<int:action_id>/activity/new/",
        minutes.action_to_activity,
        name="action_to_activity",
    ),
    path(M + "attachments/new/", minutes.attachment_create, name="attachment_create"),
    path(
        M + "attachments/<int:attachment_id>/",
        minutes.attachment_download,
        name="attachment",
    ),
    path(
        M + "attachments/<int:attachment_id>/delete/",
        minutes.attachment_delete,
        name="attachment_delete",
    ),
    path(M + "minutes/submit/", justering.minutes_submit, name="minutes_submit"),
    path(M + "minutes/withdraw/", justering.minutes_withdraw, name="minutes_withdraw"),
    path(M + "minutes/approve/", justering.minutes_approve, name="minutes_approve"),
    path(M + "minutes/correct/", justering.minutes_correct, name="minutes_correct"),
    path(M + "minutes.docx", minutes.minutes_export, {"fmt": "docx"}, name="minutes_docx"),
    path(M + "minutes.pdf", minutes.minutes_export, {"fmt": "pdf"}, name="minutes_pdf"),
    path(
        M + "minutes/versions/<int:version>/",
        minutes.minutes_version,
        name="minutes_version",
    ),
    path(
        M + "minutes/versions/<int:version>/minutes.docx",
        minutes.version_export,
        {"fmt": "docx"},
        name="version_docx",
    ),
    path(
        M + "minutes/versions/<int:version>/minutes.pdf",
        minutes.version_export,
        {"fmt": "pdf"},
        name="version_pdf",
    ),
]
