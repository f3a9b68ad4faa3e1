"""A contact's survey invitations under the GDPR (export and erasure know them), and plans
with surveys copied and restored."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from pypdf import PdfReader

from komplan.people import gdpr
from komplan.plans.services import plan_copy
from komplan.surveys import services
from komplan.surveys.models import Invitation, Response, Survey, SurveyStatus
from komplan.versions import services as versions
from tests.surveys.factories import likert, make_contacts, make_survey, tokens_sent

pytestmark = pytest.mark.django_db


def _invite_and_answer(plan: Any, group: Any, **fields: Any) -> Survey:
    survey = make_survey(plan, group, status=SurveyStatus.OPEN, **fields)
    services.survey_send(survey)
    for token in tokens_sent().values():
        entry = services.entry_for(token)
        services.response_submit(entry, {likert(survey).pk: "4"}, today=dt.date(2031, 5, 1))
    return survey


def test_a_contacts_export_lists_their_invitations_and_named_answers(
    plan: Any, entries: dict[str, Any]
) -> None:
    (contact,) = make_contacts(entries["groups"], 1)
    _invite_and_answer(plan, entries["groups"], anonymous=False)
    (row,) = gdpr.contact_data(contact)["surveys"]
    assert row["survey"] == "Nyttan med det nya ärendesystemet" and row["answered"]
    assert row["answers"] == [{"question": "Jag har nytta av systemet", "value": 4, "text": ""}]


def test_a_contacts_readable_pdf_lists_their_surveys(
    plan: Any, entries: dict[str, Any], admin_client_: Any
) -> None:
    (contact,) = make_contacts(entries["groups"], 1)
    _invite_and_answer(plan, entries["groups"], anonymous=False)
    url = f"/orgs/{plan.organization.slug}/contacts/{contact.pk}/data.pdf"
    pdf = PdfReader(io.BytesIO(admin_client_.get(url).content))
    text = " ".join((page.extract_text() or "") for page in pdf.pages)
    assert "Enkäter" in text and "Nyttan med det nya ärendesystemet" in text
    assert "Jag har nytta av systemet: 4" in text


def test_erasing_a_contact_unlinks_their_invitations_and_answers_and_keeps_the_totals(
    plan: Any, entries: dict[str, Any]
) -> None:
    (contact,) = make_contacts(entries["groups"], 1)
    survey = _invite_and_answer(plan, entries["groups"], anonymous=False)
    gdpr.contact_erase(contact=contact)
    assert not Invitation.objects.filter(contact=contact).exists()
    assert not Response.objects.filter(contact=contact).exists()
    assert Invitation.objects.get(survey=survey).answered_at is not None
    assert Response.objects.filter(survey=survey).count() == 1
    assert gdpr.contact_data(contact)["surveys"] == []


def test_a_plan_with_surveys_is_copied_and_restored(
    plan: Any, entries: dict[str, Any], admin_user: Any
) -> None:
    make_contacts(entries["groups"], 2)
    survey = _invite_and_answer(plan, entries["groups"])
    snapshot = versions.take_snapshot(plan, user=admin_user)
    copy = plan_copy(plan=plan, user=admin_user)
    # The copy has the survey with its totals, closed, and none of its people: no invitation
    # and no single answer (tests/surveys/test_planjson.py has the rest).
    (copied,) = Survey.objects.filter(plan=copy)
    assert copied.status == SurveyStatus.CLOSED and copied.earlier_responses == 2
    assert not Invitation.objects.filter(survey=copied).exists()
    assert not Response.objects.filter(survey=copied).exists()
    versions.restore(plan, snapshot, user=admin_user)
    survey.refresh_from_db()  # still the survey, with its own answers
    assert Response.objects.filter(survey=survey).count() == 2
    assert Survey.objects.filter(plan=plan).count() == 1
