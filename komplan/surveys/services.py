"""What is done to a survey: its questions, opening and closing it, sending its invitations,
its shared link, and answering it.

The rules of tokens:
- Each invitation's token and the shared link's token are `secrets.token_urlsafe(32)`
  (256 random bits). komplan stores only their SHA-256 (`token_hash`); the token itself is
  in the email or on the page that made the link, and nowhere else (not in the task queue:
  the sending task draws the token itself, just before the email goes).
- An invitation's token lets in one response. Answering claims the invitation with one
  conditional UPDATE (`answered_at IS NULL`) in the transaction that writes the response: of
  two submits at once, one writes and the other is refused.
- The shared link lets in any number of responses while the survey is open; the public view
  limits how many one browser and one client address may send (`komplan/surveys/views.py`).
- A survey takes answers while it is open and its closing date has not passed; the hourly
  task `surveys.close` marks the ones past their date closed.
- Answers are anonymous unless the survey says otherwise: the response is then not linked to
  the contact, and the invitation records only that it was used.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from komplan.people.models import Contact
from komplan.surveys.models import (
    Answer,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyStatus,
)

TOKEN_BYTES = 32  # 256 bits


class NotAnswerable(Exception):
    """The survey takes no answers through this token (closed, or the token was used)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "closed" or "answered"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh token and its hash."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def takes_answers(survey: Survey, today: dt.date) -> bool:
    return survey.status == SurveyStatus.OPEN and (
        survey.closes_on is None or today <= survey.closes_on
    )


# --- questions ---------------------------------------------------------------------------


def question_add(survey: Survey, *, kind: str, text: str) -> Question:
    """A new question, last of the survey's (its place taken under the survey's lock)."""
    return Question.objects.create(survey=survey, kind=kind, text=text)


# --- opening and closing ------------------------------------------------------------------


class WithoutQuestions(Exception):
    """A survey without questions cannot open."""

    def __init__(self) -> None:
        super().__init__(_("A survey needs at least one question before it opens."))


def survey_open(survey: Survey) -> bool:
    """Open a draft (or reopen a closed survey); whether it changed (False: it was open
    already). A survey without questions stays as it is: WithoutQuestions."""
    if not survey.questions.exists():
        raise WithoutQuestions
    changed = Survey.objects.filter(pk=survey.pk).exclude(status=SurveyStatus.OPEN)
    return bool(
        changed.update(status=SurveyStatus.OPEN, closed_at=None, lock_version=F("lock_version") + 1)
    )


def survey_close(survey: Survey, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    changed = Survey.objects.filter(pk=survey.pk, status=SurveyStatus.OPEN)
    return bool(
        changed.update(
            status=SurveyStatus.CLOSED, closed_at=now, lock_version=F("lock_version") + 1
        )
    )


def close_past_date(*, today: dt.date, now: dt.datetime | None = None) -> int:
    """Close every open survey whose closing date has passed; how many."""
    now = now or timezone.now()
    due = Survey.objects.filter(status=SurveyStatus.OPEN, closes_on__lt=today)
    return due.update(status=SurveyStatus.CLOSED, closed_at=now, lock_version=F("lock_version") + 1)


# --- invitations --------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipients:
    reachable: list[Contact]  # with an email address, not yet sent to
    sent: list[Contact]  # invited already
    unreachable: list[Contact]  # no email address


def recipients(survey: Survey) -> Recipients:
    """The contacts of the survey's target group, sorted into who gets an email (two
    queries)."""
    if survey.group_id is None:
        return Recipients([], [], [])
    contacts = list(Contact.objects.filter(groups=survey.group_id).order_by("name", "pk"))
    invited = set(
        Invitation.objects.filter(survey=survey, sent_at__isnull=False).values_list(
            "contact_id", flat=True
        )
    )
    return Recipients(
        [c for c in contacts if c.email and c.pk not in invited],
        [c for c in contacts if c.pk in invited],
        [c for c in contacts if not c.email and c.pk not in invited],
    )


def survey_send(survey: Survey) -> int:
    """Queue an email to each reachable contact not yet invited; how many were queued."""
    from komplan.surveys.tasks import invitation_send

    contacts = recipients(survey).reachable
    organization_id = survey.plan.organization_id
    for contact in contacts:
        invitation_send.enqueue(
            survey_id=survey.pk, contact_id=contact.pk, organization_id=organization_id
        )
    return len(contacts)


def invitation_claim(survey: Survey, contact: Contact) -> tuple[Invitation, str] | None:
    """The contact's invitation with a fresh token, claimed for sending (`sent_at` set); None
    when it was sent already or another worker is sending it."""
    invitation = Invitation.objects.filter(survey=survey, contact=contact).first()
    if invitation is None:
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    survey=survey, contact=contact, token_hash=new_token()[1]
                )
        except IntegrityError:
            invitation = Invitation.objects.get(survey=survey, contact=contact)
    token, digest = new_token()
    now = timezone.now()
    claimed = Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(
        token_hash=digest, sent_at=now
    )
    if not claimed:
        return None
    # What the UPDATE wrote, and the survey and contact the caller has read already (the
    # email needs them): reading them again would cost five queries per email.
    invitation.token_hash, invitation.sent_at = digest, now
    invitation.survey, invitation.contact = survey, contact
    return invitation, token


def invitation_unclaim(invitation: Invitation) -> None:
    """The email could not be sent: the next try draws a new token (the old one reached no
    one)."""
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=None, token_hash=new_token()[1])


# --- the shared link ----------------------------------------------------------------------


def link_make(survey: Survey) -> str:
    """A new shared link's token for `survey` (an earlier link stops working)."""
    token, digest = new_token()
    Survey.objects.filter(pk=survey.pk).update(link_token_hash=digest)
    survey.link_token_hash = digest
    return token


def link_remove(survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(link_token_hash="")
    survey.link_token_hash = ""


# --- answering ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """What a token opens: the survey, and the invitation unless it is the shared link."""

    survey: Survey
    invitation: Invitation | None


def entry_for(token: str) -> Entry | None:
    """The survey (and invitation) `token` opens, with its plan and organisation (the page's
    heading), None for an unknown token or a survey not yet opened (one query for an
    invitation's token, two for the shared link's)."""
    digest = hash_token(token)
    invitation = (
        Invitation.objects.select_related("survey__plan__organization")
        .filter(token_hash=digest, sent_at__isnull=False)
        .exclude(survey__status=SurveyStatus.DRAFT)
        .first()
    )
    if invitation is not None:
        return Entry(invitation.survey, invitation)
    survey = (
        Survey.objects.select_related("plan__organization")
        .filter(link_token_hash=digest)
        .exclude(status=SurveyStatus.DRAFT)
        .first()
    )
    return Entry(survey, None) if survey is not None else None


def answer_value(question: Question, raw: Any) -> tuple[int | None, str]:
    """The stored (value, text) of a raw answer, already validated by the form."""
    if question.kind == QuestionKind.TEXT:
        return None, str(raw or "").strip()
    if raw in (None, ""):
        return None, ""
    return int(raw), ""


@transaction.atomic
def response_submit(
    entry: Entry, answers: dict[int, Any], *, today: dt.date, now: dt.datetime | None = None
) -> Response:
    """Write one response of `answers` (question id → raw value); raise NotAnswerable when
    the survey is closed or the invitation was used."""
    now = now or timezone.now()
    survey = Survey.objects.get(pk=entry.survey.pk)
    if not takes_answers(survey, today):
        raise NotAnswerable("closed")
    contact_id = None
    if entry.invitation is not None:
        claimed = Invitation.objects.filter(pk=entry.invitation.pk, answered_at__isnull=True)
        if not claimed.update(answered_at=now):
            raise NotAnswerable("answered")
        if not survey.anonymous:
            contact_id = entry.invitation.contact_id
    response = Response.objects.create(survey=survey, submitted_at=now, contact_id=contact_id)
    rows = []
    for question in survey.questions.all():
        value, text = answer_value(question, answers.get(question.pk))
        if value is None and not text:
            continue
        rows.append(Answer(response=response, question=question, value=value, text=text))
    Answer.objects.bulk_create(rows)
    return response
