"""The notice goes out by email: one message per participant with an address, the agenda in
the body and the notice as a PDF attachment, in the forum's language."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from komplan.meetings.models import Participant

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_the_notice_is_emailed_to_every_participant_with_an_address(
    editor_client: Any, meeting: Any, filled: dict[str, Any]
) -> None:
    guest = filled["guest"]  # no address
    page = editor_client.get(f"/meetings/{meeting.pk}/notice/send/")
    assert guest in page.context["without"]
    recipients = page.context["recipients"]
    assert len(recipients) == 5

    response = editor_client.post(f"/meetings/{meeting.pk}/notice/send/")
    assert response.status_code == 302
    assert len(mail.outbox) == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in recipients)
    message = mail.outbox[0]
    assert len(message.to) == 1  # nobody sees the others' addresses
    assert message.subject == f"Kallelse: {meeting.forum.name} 2026-03-05"
    for item in filled["items"]:
        assert item.description in message.body
    assert "09.00" in message.body and "Dagordning" in message.body
    ((name, content, content_type),) = message.attachments
    assert name.endswith(".pdf") and content_type == "application/pdf"
    assert content.startswith(b"%PDF")
    meeting.refresh_from_db()
    assert meeting.notice_sent_at is not None


def test_a_participants_user_account_gives_the_address_when_none_is_typed(
    editor_client: Any, meeting: Any, admin_user: Any
) -> None:
    Participant.objects.create(meeting=meeting, name="Alice", user=admin_user)
    editor_client.post(f"/meetings/{meeting.pk}/notice/send/")
    assert [m.to for m in mail.outbox] == [[admin_user.email]]


def test_without_addresses_nothing_is_sent(editor_client: Any, meeting: Any) -> None:
    Participant.objects.create(meeting=meeting, name="Utan adress")
    response = editor_client.post(f"/meetings/{meeting.pk}/notice/send/")
    assert response.status_code == 200
    assert not mail.outbox
