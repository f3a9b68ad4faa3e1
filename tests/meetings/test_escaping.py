"""Text typed into forums, meetings and minutes is escaped on every meeting page."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models

from komplan.meetings.models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Decision,
    Forum,
    ForumMember,
    Meeting,
    MinutesVersion,
    Participant,
)
from tests.test_access import all_urls

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>&<b>"'


def poison(instance: models.Model) -> None:
    """Every free text field holds a script tag (cut to the field's length)."""
    for field in instance._meta.get_fields():
        if isinstance(field, models.CharField | models.TextField) and not field.choices:
            if field.name in {"file", "kind"}:
                continue
            value = HOSTILE + field.name
            setattr(instance, field.name, value[: field.max_length or None])
    instance.save()


def test_no_meeting_page_lets_user_text_through_unescaped(
    plan: Any, entries: dict[str, Any], admin_user: Any, admin_client_: Any
) -> None:
    urls = all_urls(plan, entries, admin_user.memberships.get().pk)
    for model in [Forum, ForumMember, Meeting, Participant, AgendaItem, Decision, ActionItem]:
        for instance in model.objects.all():
            poison(instance)
    for attachment in Attachment.objects.all():
        attachment.name = HOSTILE + ".pdf"
        attachment.save()
    # The justered version's snapshot is the minutes as they were: poison it too.
    from komplan.meetings.services import minutes_data

    version = MinutesVersion.objects.get(number=1)
    version.snapshot = minutes_data(version.meeting) | {"status": "justered"}
    version.save()
    post_only = ("/move/", "/status/")
    pages = [
        u for u in urls if ("/meetings/" in u or "/forums/" in u) and not u.endswith(post_only)
    ]
    assert len(pages) > 30
    for url in pages:
        response = admin_client_.get(url)
        assert response.status_code == 200, url
        if not response["Content-Type"].startswith("text/html"):
            continue
        assert "<script>alert" not in response.content.decode(), url
