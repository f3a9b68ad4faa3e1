"""The one permission gate, tested from outside: every URL pattern that names a plan or
an organisation, enumerated from the URL configuration rather than a hand-kept list."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from komplan.exports.exports import FORMATS as EXPORT_FORMATS
from komplan.plans.registers import REGISTERS

pytestmark = pytest.mark.django_db

# Path parameters that scope a URL to one organisation's data.
SCOPED = {"plan_id", "slug", "forum_id", "meeting_id"}


def _walk(
    patterns: list[Any], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        else:
            yield prefix + str(entry.pattern), entry


def scoped_patterns() -> list[tuple[str, URLPattern]]:
    found = []
    for route, pattern in _walk(get_resolver().url_patterns):
        names = set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)
        # The API answers in JSON (401, not the login page): tests/api/test_api_access.py
        # walks every operation of its OpenAPI document the same way.
        if names & SCOPED and not route.startswith(("admin/", "api/")):
            found.append((route, pattern))
    return found


def fill(route: str, plan: Any, entries: dict[str, Any], membership_id: int) -> list[str]:
    """Every concrete URL of a route, with real ids of the plan's own objects."""
    url = "/" + route.replace("<int:plan_id>", str(plan.pk)).replace(
        "<slug:slug>", plan.organization.slug
    ).replace("<int:membership_id>", str(membership_id))
    url = url.replace("<int:group_id>", str(entries["groups"].pk))
    if "<int:invitation_id>" in url:
        url = url.replace("<int:invitation_id>", str(_invitation(plan).pk))
    if "<int:failure_id>" in url:
        url = url.replace("<int:failure_id>", str(_failure(plan).pk))
    if "<int:feed_id>" in url:
        url = url.replace("<int:feed_id>", str(_feed(plan).pk))
    if "<int:webhook_id>" in url:
        url = url.replace("<int:webhook_id>", str(_webhook(plan).pk))
    if "<int:snapshot_id>" in url or "<int:revision_id>" in url:
        for name, pk in _version_ids(plan).items():
            url = url.replace(f"<int:{name}>", str(pk))
    if "/activities/options/<str:name>" in url:  # the activity plan's on-demand filter options
        return [url.replace("<str:name>", name) for name in ("group", "channel", "message")]
    if "<export_format:format>" in url:
        return [url.replace("<export_format:format>", fmt) for fmt in EXPORT_FORMATS]
    if any(part in url for part in ("/contacts/", "/interactions/", "/people/", "/personal-data/")):
        for name, pk in _people_ids(plan, entries).items():
            url = url.replace(f"<int:{name}>", str(pk))
    if "/surveys/" in url:
        for name, pk in _survey_ids(plan, entries).items():
            url = url.replace(f"<int:{name}>", str(pk))
    if "/follow-up/" in url:
        for name, pk in _followup_ids(entries).items():
            url = url.replace(f"<int:{name}>", str(pk))
    if "/cascade/" in url:
        for name, pk in _cascade_ids(plan).items():
            url = url.replace(f"<int:{name}>", str(pk))
    if "<slug:register>" in url:  # the history of what the plan holds beside its registers
        measurement = _followup_ids(entries)["measurement_id"]
        url = url.replace("<slug:register>", "measurements")
        return [url.replace("<int:object_id>", str(measurement))]
    if "_id>" in url or "<int:version>" in url:
        for name, pk in _meeting_ids(plan).items():
            url = url.replace(f"<int:{name}>", str(pk))
    if "<register:register>" not in url:
        return [url]
    return [
        url.replace("<register:register>", slug)
        .replace("<int:pk>", str(entries[slug].pk))
        .replace("<int:object_id>", str(entries[slug].pk))
        for slug in REGISTERS
    ]


def _invitation(plan: Any) -> Any:
    """An open invitation to the plan's organisation, made on first use."""
    from komplan.accounts.models import Invitation

    return Invitation.objects.get_or_create(
        organization=plan.organization, email="dora@ekby.example", withdrawn_at=None
    )[0]


def _failure(plan: Any) -> Any:
    """Work of the organisation that failed after its last try, made on first use."""
    from django.utils import timezone

    from komplan.core.models import TaskFailure

    now = timezone.now()
    return TaskFailure.objects.get_or_create(
        organization_id=plan.organization_id,
        defaults={
            "task_path": "komplan.reminders.tasks.send_digest",
            "fingerprint": "access",
            "gave_up": True,
            "attempts": 4,
            "first_failed_at": now,
            "last_failed_at": now,
        },
    )[0]


def _feed(plan: Any) -> Any:
    """A live calendar feed of the plan, made on first use."""
    from komplan.plans.models import CalendarFeed

    return CalendarFeed.objects.get_or_create(plan=plan, responsible="", revoked_at=None)[0]


def _webhook(plan: Any) -> Any:
    """A webhook of the plan's organisation, made on first use."""
    from komplan.webhooks.models import Webhook

    return Webhook.objects.get_or_create(
        organization=plan.organization, defaults={"url": "https://hooks.example.org/komplan"}
    )[0]


def _version_ids(plan: Any) -> dict[str, int]:
    """A published frozen version of the plan with its public address, and a free entry of
    its revision table, made on first use."""
    from komplan.versions.models import Publication, Revision, Snapshot

    snapshot = Snapshot.objects.filter(plan=plan).first() or Snapshot.objects.create(
        plan=plan, version="1.0", status="published", data=_plan_json(plan)
    )
    Publication.objects.get_or_create(plan=plan, revoked_at=None)
    revision = Revision.objects.filter(plan=plan, kind="manual").first()
    if revision is None:
        revision = Revision.objects.create(plan=plan, version="0.1", comment="Utkast framtaget")
    return {"snapshot_id": snapshot.pk, "revision_id": revision.pk}


def _plan_json(plan: Any) -> dict[str, Any]:
    from komplan.plans.planjson import plan_to_json

    return plan_to_json(plan)


def _meeting_ids(plan: Any) -> dict[str, int]:
    """Ids of one of everything in the organisation's meetings, made on first use: a forum
    with members and a meeting of the plan whose version 1 is justered and version 2 open."""
    from komplan.meetings.models import Forum
    from tests.meetings.factories import (
        fill_meeting,
        justera,
        make_adjuster,
        make_attachment,
        make_forum,
        make_meeting,
    )

    forum = Forum.objects.filter(organization=plan.organization).first()
    if forum is None:
        from komplan.meetings import services

        forum = make_forum(plan.organization)
        meeting = make_meeting(forum, plans=(plan,))
        filled = fill_meeting(meeting, plan=plan)
        make_attachment(meeting)
        justera(meeting, make_adjuster(meeting))
        services.minutes_correct(meeting, user=None, reason="Stavfel i punkt 2")
    else:
        meeting = forum.meetings.get()
        filled = {
            "participants": list(meeting.participants.all()),
            "items": list(meeting.items.exclude(kind="break")),
            "decision": meeting.decisions.first(),
            "action": meeting.actions.first(),
        }
    return {
        "forum_id": forum.pk,
        "member_id": forum.members.first().pk,
        "meeting_id": meeting.pk,
        "participant_id": filled["participants"][0].pk,
        "item_id": filled["items"][0].pk,
        "decision_id": filled["decision"].pk,
        "action_id": filled["action"].pk,
        "attachment_id": meeting.attachments.first().pk,
        "version": 1,
    }


def _cascade_ids(plan: Any) -> dict[str, int]:
    """A step of the plan's cascade and a released material with an attachment, made on
    first use."""
    from komplan.cascade import services
    from komplan.cascade.models import Material, Step
    from tests.cascade.factories import make_material

    material = Material.objects.filter(plan=plan).first()
    if material is None:
        group = plan.groups.first()
        Step.objects.create(plan=plan, group=group, how="written")
        material = make_material(plan)
        services.material_approve(material, user=None, kind="chair", name="Mette Lund")
        services.material_release(material, user=None, today=plan.start_date)
        from django.core.files.base import ContentFile

        from komplan.cascade.models import MaterialAttachment
        from tests.meetings.factories import PDF_BYTES

        attachment = MaterialAttachment(material=material, name="Status.pdf", kind="pdf")
        attachment.file.save("Status.pdf", ContentFile(PDF_BYTES), save=True)
    return {
        "step_id": Step.objects.filter(plan=plan).first().pk,
        "material_id": material.pk,
        "attachment_id": material.attachments.first().pk,
    }


def _survey_ids(plan: Any, entries: dict[str, Any]) -> dict[str, int]:
    """A draft survey of the plan with a question, made on first use."""
    from komplan.surveys import services
    from komplan.surveys.models import Survey

    survey = Survey.objects.filter(plan=plan).first()
    if survey is None:
        survey = Survey.objects.create(plan=plan, title="Nyttan", group=entries["groups"])
        services.question_add(survey, kind="likert", text="Jag har nytta av systemet")
    return {"survey_id": survey.pk, "question_id": survey.questions.first().pk}


def _followup_ids(entries: dict[str, Any]) -> dict[str, int]:
    """A goal of the plan with an entered measurement, made on first use."""
    import datetime as dt

    from komplan.followup.models import Indicator, Measurement

    goal = entries["goals"]
    indicator, _ = Indicator.objects.get_or_create(goal=goal)
    measurement = indicator.measurements.first() or Measurement.objects.create(
        indicator=indicator, date=dt.date(2026, 3, 1), value=40
    )
    return {"goal_id": goal.pk, "measurement_id": measurement.pk}


def _people_ids(plan: Any, entries: dict[str, Any]) -> dict[str, int]:
    """A contact of the plan's first group and an interaction with them, made on first use."""
    from komplan.people.models import Contact, Interaction

    contact = Contact.objects.filter(organization=plan.organization).first()
    if contact is None:
        contact = Contact.objects.create(organization=plan.organization, name="Karin Ek")
        contact.groups.add(entries["groups"])
        interaction = Interaction.objects.create(
            organization=plan.organization, day=plan.start_date, subject="Rektorsmöte"
        )
        interaction.contacts.add(contact)
    return {
        "contact_id": contact.pk,
        "interaction_id": Interaction.objects.filter(organization=plan.organization).first().pk,
        "activity_id": entries["activities"].pk,
        # A member's personal data: the first member (the administrator).
        "user_id": plan.organization.memberships.order_by("pk").first().user_id,
    }


def all_urls(plan: Any, entries: dict[str, Any], membership_id: int) -> list[str]:
    urls = [u for route, _ in scoped_patterns() for u in fill(route, plan, entries, membership_id)]
    assert all("<" not in url for url in urls), urls
    return urls


def test_the_walk_finds_every_kind_of_plan_page(
    plan: Any, entries: dict[str, Any], admin_user: Any
) -> None:
    urls = all_urls(plan, entries, admin_user.memberships.get().pk)
    assert f"/plans/{plan.pk}/" in urls
    assert f"/plans/{plan.pk}/activities/{entries['activities'].pk}/delete/" in urls
    assert f"/orgs/{plan.organization.slug}/members/" in urls
    assert any(url.endswith("/minutes/versions/1/") for url in urls)  # and every meeting page
    assert any(url.endswith("/release/") and "/cascade/" in url for url in urls)  # cascade
    assert any(url.endswith("/remove/") and "/people/groups/" in url for url in urls)  # people
    assert any(url.endswith("/interactions/new/") and "/contacts/" in url for url in urls)
    assert f"/plans/{plan.pk}/people/engagement/" in urls  # the engagement grid
    assert any(url.endswith("/move/") and "/surveys/" in url for url in urls)  # surveys
    assert any(url.endswith("/engagement/edit/") and "/people/groups/" in url for url in urls)
    assert f"/plans/{plan.pk}/follow-up/report/edit/" in urls  # the final report's texts
    assert f"/plans/{plan.pk}/follow-up/report/final.pdf" in urls  # … and the reports
    assert f"/plans/{plan.pk}/follow-up/report/follow-up.docx" in urls
    assert len(urls) > 30


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_outsider_gets_404_on_every_scoped_url(
    method: str, plan: Any, entries: dict[str, Any], admin_user: Any, outsider_client: Any
) -> None:
    membership_id = admin_user.memberships.get().pk
    for url in all_urls(plan, entries, membership_id):
        response = getattr(outsider_client, method)(url, {"name": "x", "direction": "up"})
        assert response.status_code == 404, f"{method.upper()} {url}: {response.status_code}"
    plan.refresh_from_db()
    assert plan.name == "Nytt ärendesystem"


def test_an_anonymous_visitor_is_sent_to_log_in(
    plan: Any, entries: dict[str, Any], admin_user: Any, client: Any
) -> None:
    for url in all_urls(plan, entries, admin_user.memberships.get().pk):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


# The cascade's steps that change a material: approving it, releasing it, marking a step
# and sending one out of its turn.
CASCADE_CHANGES = {"approve", "release", "mark", "override"}


# A person's data (export, erasure) and logging an activity as an interaction: for
# administrators (editors, for the log) only.
PERSONAL = {"data.json", "data.pdf", "erase", "personal-data", "log"}


def is_change(url: str) -> bool:
    if url.rstrip("/").rsplit("/", 1)[-1] in PERSONAL:
        return True
    if "/cascade/" in url and url.rstrip("/").rsplit("/", 1)[-1] in CASCADE_CHANGES:
        return True
    if "/import/" in url:  # every step of an import, e.g. /plans/import/<organisation>/
        return True
    if url.endswith("/versions/approve/"):  # a plan's approval: approvers only
        return True
    if "/webhooks/" in url:  # an organisation's webhooks and their secrets: administrators only
        return True
    return url.rstrip("/").rsplit("/", 1)[-1] in {
        "new",
        "edit",
        "delete",
        "move",
        "copy",
        "add",
        "role",
        "remove",
        "status",  # the activity plan's bulk status change
        "settings",  # an organisation's settings: administrators only
        "failed-work",  # background work that failed: administrators only
        "retry",  # … tried again
        "dismiss",  # … removed from the list
        "revoke",  # a calendar feed's address
        "order",  # a meeting's agenda, reordered at once
        "send",  # a meeting's notice, emailed
        "submit",  # minutes, to the adjusters
        "withdraw",
        "correct",  # justered minutes, into a new version
        "return",  # a submitted plan, for changes
        "publish",  # an approved plan
        "restore",  # a frozen version, as the next draft
        "import",  # a list of contacts, previewed and imported
        "open",  # a survey, to answers
        "close",  # … and closed
        "link",  # a survey's shared link, made anew
        # Not a meeting's "approve": justering is a person's task, not an edit; any member
        # may open the page and only an appointed adjuster's POST counts
        # (tests/meetings/test_justering.py).
    }


# A reader's own choices about a plan (following it, hiding its checklist): any member may
# make them, by POST only; they change nothing of the plan.
READER_CHOICES = {"follow", "hide"}


def is_reader_choice(url: str) -> bool:
    return url.rstrip("/").rsplit("/", 1)[-1] in READER_CHOICES


def test_a_viewer_makes_the_readers_choices_by_post(
    plan: Any, entries: dict[str, Any], admin_user: Any, viewer_client: Any
) -> None:
    choices = list(all_urls(plan, entries, admin_user.memberships.get().pk))
    choices = [u for u in choices if is_reader_choice(u)]
    assert len(choices) == len(READER_CHOICES)
    for url in choices:
        assert viewer_client.get(url).status_code == 405, url
        assert viewer_client.post(url).status_code == 302, url


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_viewer_gets_403_on_every_create_edit_and_delete(
    method: str, plan: Any, entries: dict[str, Any], admin_user: Any, viewer_client: Any
) -> None:
    changes = [u for u in all_urls(plan, entries, admin_user.memberships.get().pk) if is_change(u)]
    assert len(changes) >= 6 * 4
    for url in changes:
        response = getattr(viewer_client, method)(url, {"name": "x", "direction": "up"})
        assert response.status_code == 403, f"{method.upper()} {url}: {response.status_code}"


def test_a_viewer_reads_every_page(
    plan: Any, entries: dict[str, Any], admin_user: Any, viewer_client: Any
) -> None:
    reads = [
        u
        for u in all_urls(plan, entries, admin_user.memberships.get().pk)
        if not is_change(u) and not is_reader_choice(u)
    ]
    for url in reads:
        assert viewer_client.get(url).status_code == 200, url


def test_an_editor_cannot_manage_members_or_delete_the_plan(
    plan: Any, admin_user: Any, editor_client: Any
) -> None:
    slug = plan.organization.slug
    assert editor_client.get(f"/orgs/{slug}/members/add/").status_code == 403
    assert editor_client.post(f"/plans/{plan.pk}/delete/").status_code == 403
    assert editor_client.get(f"/orgs/{slug}/members/").status_code == 200


def test_the_gate_and_the_header_share_one_membership_query(
    viewer_client: Client, plan: Any
) -> None:
    """A plan page checks the visitor's role and lists their organisations in the header from
    the same memberships, read once per request (issue 21: two queries before)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from komplan.accounts.models import Membership

    table = Membership._meta.db_table
    with CaptureQueriesContext(connection) as captured:
        response = viewer_client.get(f"/plans/{plan.pk}/")
    assert response.status_code == 200
    assert plan.organization.name in response.content.decode()  # the header's organisation
    reads = [q["sql"] for q in captured.captured_queries if f'FROM "{table}"' in q["sql"]]
    assert len(reads) == 1, reads
