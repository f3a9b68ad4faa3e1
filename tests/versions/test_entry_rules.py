"""Submitting a plan with open gaps asks once more, listing them; an organisation may require
that its plans are approved by someone other than their submitter."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from komplan.accounts.models import Membership, Role
from komplan.plans.models import Plan, TargetGroup
from tests.conftest import login
from tests.factories import fill_plan, make_member

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _english_interface(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def gappy_plan(plan: Plan) -> Plan:
    """Ekby's plan with one core group that no activity reaches: its core message is a gap."""
    fill_plan(plan)
    TargetGroup.objects.create(
        plan=plan, name="Fackliga företrädare", tier=plan.tiers.get(position=1)
    )
    return plan


def status(plan: Plan) -> str:
    plan.refresh_from_db()
    return str(plan.status)


# --- e. open gaps before submitting ----------------------------------------------------------


def test_submitting_a_plan_with_gaps_lists_them_first(
    editor_client: Client, gappy_plan: Plan
) -> None:
    url = f"/plans/{gappy_plan.pk}/versions/submit/"
    page = editor_client.get(url).content.decode()
    assert "The plan still has open gaps" in page
    assert "Fackliga företrädare: message 1" in page
    assert "Target groups no activity reaches: Fackliga företrädare" in page
    assert 'name="anyway"' in page and "Submit anyway" in page
    # A plain submit (no "anyway") shows the gaps again and changes nothing.
    response = editor_client.post(url, {"comment": "Till styrgruppen"})
    assert (
        response.status_code == 200 and "The plan still has open gaps" in response.content.decode()
    )
    assert status(gappy_plan) == "draft"


def test_a_plan_with_gaps_can_be_submitted_anyway(editor_client: Client, gappy_plan: Plan) -> None:
    url = f"/plans/{gappy_plan.pk}/versions/submit/"
    response = editor_client.post(url, {"comment": "", "anyway": "1"}, follow=True)
    assert "was submitted for approval" in response.content.decode()
    assert status(gappy_plan) == "submitted"


def test_a_plan_without_gaps_is_submitted_without_the_extra_step(
    editor_client: Client, plan: Plan
) -> None:
    fill_plan(plan)
    url = f"/plans/{plan.pk}/versions/submit/"
    page = editor_client.get(url).content.decode()
    assert "open gaps" not in page and 'name="anyway"' not in page
    editor_client.post(url, {"comment": ""})
    assert status(plan) == "submitted"


# --- f. the approver must be another person --------------------------------------------------


@pytest.fixture
def approving_editor(organization: Any) -> Any:
    user = make_member(organization, "dagny", Role.EDITOR)
    Membership.objects.filter(user=user).update(can_approve=True)
    return user


def test_with_the_rule_the_submitter_cannot_approve_and_is_told_why(
    organization: Any, plan: Plan, approving_editor: Any, admin_user: Any
) -> None:
    organization.approver_must_differ = True
    organization.save()
    client = login(approving_editor)
    client.post(f"/plans/{plan.pk}/versions/submit/", {"comment": ""})
    assert status(plan) == "submitted"
    overview = client.get(f"/plans/{plan.pk}/versions/").content.decode()
    assert "You submitted this version yourself" in overview
    assert f'href="/plans/{plan.pk}/versions/approve/"' not in overview
    page = client.get(f"/plans/{plan.pk}/versions/approve/").content.decode()
    assert (
        "requires that another person approves it" in page and "<form" not in page.split("<main")[1]
    )
    response = client.post(f"/plans/{plan.pk}/versions/approve/", {"comment": ""}, follow=True)
    assert "requires that another person approves it" in response.content.decode()
    assert status(plan) == "submitted"
    # Another approver may.
    Membership.objects.filter(user=admin_user).update(can_approve=True)
    login(admin_user).post(f"/plans/{plan.pk}/versions/approve/", {"comment": ""})
    assert status(plan) == "approved"


def test_without_the_rule_the_submitter_may_approve(plan: Plan, approving_editor: Any) -> None:
    client = login(approving_editor)
    client.post(f"/plans/{plan.pk}/versions/submit/", {"comment": ""})
    client.post(f"/plans/{plan.pk}/versions/approve/", {"comment": ""})
    assert status(plan) == "approved"


def test_the_service_itself_refuses_the_submitter(
    organization: Any, plan: Plan, approving_editor: Any
) -> None:
    from komplan.versions import services

    organization.approver_must_differ = True
    organization.save()
    services.submit(plan, user=approving_editor)
    with pytest.raises(services.ApprovalRefused):
        services.approve(Plan.objects.get(pk=plan.pk), user=approving_editor)
    assert status(plan) == "submitted"


def test_an_admin_sets_the_rule_and_an_editor_cannot(
    organization: Any, admin_client_: Client, editor_client: Client
) -> None:
    # The rule sits on the organisation's one settings screen, beside seasons and profile.
    url = f"/orgs/{organization.slug}/settings/"
    season = {"season_system": organization.season_system, "accent_color": ""}
    assert editor_client.get(url).status_code == 403
    editor_client.post(url, {**season, "approver_must_differ": "on"})
    organization.refresh_from_db()
    assert not organization.approver_must_differ
    assert 'id="id_approver_must_differ"' in admin_client_.get(url).content.decode()
    admin_client_.post(url, {**season, "approver_must_differ": "on"})
    organization.refresh_from_db()
    assert organization.approver_must_differ
