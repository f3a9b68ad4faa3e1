"""The survey's work outside the request: one email per invitation, and the hourly closing of
surveys past their closing date."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from komplan.core.mail import templated_email
from komplan.people.models import Contact
from komplan.surveys import services
from komplan.surveys.models import Invitation, Survey, SurveyStatus


def survey_language(survey: Survey) -> str:
    language = survey.plan.language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def public_url(token: str) -> str:
    return f"{settings.KOMPLAN_SITE_URL}{reverse('survey_public', args=[token])}"


def invitation_email(invitation: Invitation, token: str) -> EmailMultiAlternatives:
    """The invitation's email (plain text and HTML) in the plan's language."""
    survey = invitation.survey
    assert invitation.contact is not None
    context = {
        "survey": survey,
        "contact": invitation.contact,
        "organization": survey.plan.organization,
        "url": public_url(token),
    }
    return templated_email(
        "surveys/email", context, to=invitation.contact.email, language=survey_language(survey)
    )


@task()
def invitation_send(*, survey_id: int, contact_id: int, organization_id: int) -> bool:
    """Email one contact their invitation with a token drawn here (never a task argument);
    whether an email went out. Safe to run again: a sent invitation is not sent twice."""
    survey = Survey.objects.select_related("plan__organization").filter(pk=survey_id).first()
    contact = Contact.objects.filter(pk=contact_id).first()
    if survey is None or contact is None or not contact.email:
        return False
    if survey.status != SurveyStatus.OPEN:
        return False
    claimed = services.invitation_claim(survey, contact)
    if claimed is None:
        return False
    invitation, token = claimed
    try:
        invitation_email(invitation, token).send()
    except BaseException:
        services.invitation_unclaim(invitation)
        raise
    return True


@task()
def close_past_date() -> int:
    """Close the open surveys whose closing date has passed."""
    return services.close_past_date(today=timezone.localdate())
