"""The overview is kept, rendered, until the plan changes (komplan.plans.overview): every
change a reader would notice shows on the next request, and a kept page never reaches a
reader it was not made for."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from komplan.accounts.models import Membership, Role
from komplan.plans.models import Plan, PlanStatus, TargetGroup
from tests.conftest import login
from tests.factories import make_organization, make_plan

pytestmark = pytest.mark.django_db


def overview(client: Client, plan: Plan, language: str = "en") -> str:
    response = client.get(f"/plans/{plan.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def served_twice(client: Client, plan: Plan) -> str:
    """The overview as a second request sees it: from what the first one kept."""
    first = overview(client, plan)
    again = overview(client, plan)
    assert _without_tokens(again) == _without_tokens(first)
    return again


def _without_tokens(page: str) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+', r"\1", page)


def test_a_changed_entry_shows_on_the_kept_overview(
    plan: Plan, entries: dict[str, Any], editor_client: Client
) -> None:
    assert "Kommunstyrelsen" in served_twice(editor_client, plan)
    group = TargetGroup.objects.get(plan=plan, name="Kommunstyrelsen")
    group.name = "Regionstyrelsen"
    group.save()
    page = overview(editor_client, plan)
    assert "Regionstyrelsen" in page and "Kommunstyrelsen" not in page
    group.delete()
    assert "Regionstyrelsen" not in overview(editor_client, plan)


def test_the_plans_facts_and_status_show_on_the_kept_overview(
    plan: Plan, editor_client: Client
) -> None:
    served_twice(editor_client, plan)
    # The versions workflow changes the status and version without a save.
    Plan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.APPROVED, version="1.0", purpose="Ett nytt syfte."
    )
    page = overview(editor_client, plan)
    assert "Ett nytt syfte." in page and "1.0" in page


def test_an_edited_revision_entry_shows_on_the_kept_overview(
    plan: Plan, viewer_client: Client
) -> None:
    from komplan.versions.models import Revision

    revision = Revision.objects.create(plan=plan, version="0.1", comment="Utkast framtaget")
    assert "Utkast framtaget" in served_twice(viewer_client, plan)
    revision.comment = "Utkast skickat på remiss"
    revision.save()
    page = overview(viewer_client, plan)
    assert "Utkast skickat på remiss" in page and "Utkast framtaget" not in page


def test_approved_minutes_of_a_decision_show_on_the_kept_overview(
    plan: Plan, viewer_client: Client
) -> None:
    from komplan.meetings.models import Decision, Meeting, MinutesStatus
    from tests.meetings.factories import make_forum, make_meeting

    meeting = make_meeting(make_forum(plan.organization), plans=(plan,))
    Decision.objects.create(
        meeting=meeting, text="Rådet godkänner planen.", plan=plan, plan_version="0.1"
    )
    provisional = "minutes not yet approved"
    assert provisional in served_twice(viewer_client, plan)
    # The minutes' status changes without a change time (meetings.services).
    Meeting.objects.filter(pk=meeting.pk).update(minutes_status=MinutesStatus.JUSTERED)
    assert provisional not in overview(viewer_client, plan)


def test_a_closed_survey_shows_on_the_kept_overview(plan: Plan, viewer_client: Client) -> None:
    from django.db.models import F

    from komplan.surveys.models import Survey, SurveyStatus

    survey = Survey.objects.create(plan=plan, title="Hur når vi er?", status=SurveyStatus.OPEN)
    assert "Hur når vi er?" in served_twice(viewer_client, plan)
    # As the hourly task closes it: without a change time.
    Survey.objects.filter(pk=survey.pk).update(
        status=SurveyStatus.CLOSED, lock_version=F("lock_version") + 1
    )
    assert f"Hur når vi er?</a>: {SurveyStatus.CLOSED.label}" in overview(viewer_client, plan)


def test_the_readers_role_language_and_following_change_the_overview(
    plan: Plan, viewer: Any, viewer_client: Client
) -> None:
    page = served_twice(viewer_client, plan)
    assert "Edit project facts" not in page and "Follow the plan" in page
    Membership.objects.filter(user=viewer).update(role=Role.EDITOR)
    assert "Edit project facts" in overview(viewer_client, plan)
    assert "Redigera projektuppgifter" in overview(viewer_client, plan, "sv")
    viewer_client.post(f"/plans/{plan.pk}/follow/")
    page = overview(viewer_client, plan)  # with the message that says so: made, not kept
    assert "Stop following" in page
    assert "You follow this plan: its changes are listed on your home page." in page
    assert "Stop following" in overview(viewer_client, plan)


def test_the_header_shows_the_readers_own_organisations(plan: Plan, viewer: Any) -> None:
    client = login(viewer)
    assert "Contacts of Västby kommun" not in served_twice(client, plan)
    Membership.objects.create(
        user=viewer, organization=make_organization("Västby kommun", "vastby"), role=Role.VIEWER
    )
    assert "Contacts of Västby kommun" in overview(client, plan)


def test_a_kept_overview_never_reaches_an_outsider_or_another_role(
    plan: Plan, editor_client: Client, viewer_client: Client, outsider_client: Client
) -> None:
    assert "Edit project facts" in served_twice(editor_client, plan)
    # The gate comes first: another organisation's member learns nothing.
    assert outsider_client.get(f"/plans/{plan.pk}/").status_code == 404
    page = overview(viewer_client, plan)
    assert "Edit project facts" not in page and "cecilia" in page and "bertil" not in page


def test_two_plans_alike_keep_overviews_of_their_own(organization: Any, editor: Any) -> None:
    other_organization = make_organization("Västby kommun", "vastby")
    Membership.objects.create(user=editor, organization=other_organization, role=Role.EDITOR)
    ours = make_plan(organization, name="Samma namn")
    theirs = make_plan(other_organization, name="Samma namn")
    client = login(editor)
    served_twice(client, ours)
    page = overview(client, theirs)
    assert f"/plans/{theirs.pk}/edit/" in page and f"/plans/{ours.pk}/" not in page


def test_each_reader_gets_a_csrf_token_of_their_own(plan: Plan, editor: Any, viewer: Any) -> None:
    overview(login(editor), plan)  # kept with the editor's first request
    client = Client(enforce_csrf_checks=True)
    client.force_login(viewer)
    page = overview(client, plan)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token
    response = client.post(f"/plans/{plan.pk}/follow/", {"csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302
    assert plan.follows.filter(user=viewer).exists()


def test_the_first_request_reads_a_fixed_number_of_queries(organization: Any, editor: Any) -> None:
    from tests.factories import fill_everything

    client = login(editor)
    counts = []
    for activities in (2, 40):
        plan = make_plan(organization)
        fill_everything(plan, activities=activities)
        with CaptureQueriesContext(connection) as captured:
            overview(client, plan)
        counts.append(len(captured))
    # Session, user, the plan with its stamps, memberships; then the body: the register
    # counts, coverage (its stamp, the cache, the plan's graph, caching it), tiers, first
    # messages, goals, groups, channels, activities, direct messages, times to check (two),
    # revisions (two), engagement, surveys. Served again: 4 (tests/plans/test_query_counts.py).
    assert counts == [26, 26]
    assert counts == [counts[0], counts[0]]


def test_a_plan_that_does_not_exist_is_not_found(editor_client: Client) -> None:
    # The gate's precompiled query (komplan.core.prepared) answers as the ORM did.
    for plan_id in (987654, 2**63, 10**30):
        assert editor_client.get(f"/plans/{plan_id}/").status_code == 404
        assert editor_client.get(f"/plans/{plan_id}/activities/").status_code == 404
