"""User text is escaped everywhere: every text field holds a script tag, every page is read."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models

from komplan.accounts.models import Invitation
from komplan.plans.models import Activity, Channel, Goal, Message, Plan, PriorityTier, TargetGroup
from komplan.versions.models import Revision
from tests.test_access import all_urls

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>&<b>"'


def poison(instance: models.Model) -> None:
    text_fields = (
        field
        for field in instance._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.choices
    )
    for field in text_fields:
        # Cut to the column's size (a version number holds 20): PostgreSQL refuses more.
        setattr(instance, field.name, (HOSTILE + field.name)[: field.max_length])
    instance.save()


def test_no_page_lets_user_text_through_unescaped(
    plan: Any, entries: dict[str, Any], admin_user: Any, admin_client_: Any
) -> None:
    admin_user.first_name = HOSTILE
    admin_user.save()
    plan.organization.name = HOSTILE
    plan.organization.save()
    for model in [Plan, PriorityTier, TargetGroup, Message, Channel, Activity, Goal]:
        for instance in model.objects.all():
            poison(instance)
    admin_user.memberships.update(can_approve=True)  # the approval page too
    admin_client_.cookies.load({})
    urls = all_urls(plan, entries, admin_user.memberships.get().pk)
    for revision in Revision.objects.all():  # made by the walk, with the frozen version
        poison(revision)
    for invitation in Invitation.objects.all():  # made by the walk: the members page lists it
        poison(invitation)
    # POST-only: they answer GET with 405 (the coverage fixes render the gap list, read below).
    post_only = ("/move/", "/copy/", "/role/", "/status/")
    post_only += ("/fix/message/add/", "/fix/activity/new/")
    post_only += ("/commit/",)  # an import
    post_only += ("/follow/", "/hide/")  # a reader's choices about a plan
    post_only += ("/retry/", "/dismiss/")  # failed work: retry and dismiss are POSTs
    pages = [u for u in urls if not u.endswith(post_only)]
    pages = [u for u in pages if "/invitations/" not in u]  # withdrawing one: POST only
    for url in [*pages, "/plans/", "/"]:
        # A released material's edit page sends the reader back to the material: read that.
        response = admin_client_.get(url, follow=True)
        if response.status_code == 405 and response["Allow"] == "POST":
            continue  # an action (open, close, revoke, delete…): it renders nothing for GET
        assert response.status_code == 200, url
        if not response["Content-Type"].startswith("text/html"):
            continue  # files such as .ics carry the text as it is, in their own escaping
        page = response.content.decode()
        assert "<script>alert" not in page, url
    overview = admin_client_.get(f"/plans/{plan.pk}/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&lt;b&gt;&quot;name" in overview
