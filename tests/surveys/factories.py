"""Plain factories of surveys for the tests."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core import mail

from komplan.people.models import Contact
from komplan.surveys import services
from komplan.surveys.models import Question, QuestionKind, Survey

TOKEN_IN_EMAIL = re.compile(r"/s/([A-Za-z0-9_-]+)/")


def make_contacts(group: Any, n: int = 5, *, without_email: int = 0) -> list[Contact]:
    contacts = []
    for i in range(n + without_email):
        contact = Contact.objects.create(
            organization=group.plan.organization,
            name=f"Kontakt {i + 1} Ek",
            email=f"kontakt{i + 1}@ekby.example" if i < n else "",
        )
        contact.groups.add(group)
        contacts.append(contact)
    return contacts


def make_survey(plan: Any, group: Any = None, **fields: Any) -> Survey:
    survey = Survey.objects.create(
        plan=plan,
        title=fields.pop("title", "Nyttan med det nya ärendesystemet"),
        group=group,
        closes_on=fields.pop("closes_on", dt.date(2031, 6, 30)),
        **fields,
    )
    services.question_add(survey, kind=QuestionKind.LIKERT, text="Jag har nytta av systemet")
    services.question_add(survey, kind=QuestionKind.YES_NO, text="Har du fått utbildning?")
    services.question_add(survey, kind=QuestionKind.TEXT, text="Vad kan bli bättre?")
    return survey


def likert(survey: Survey) -> Question:
    return survey.questions.get(kind=QuestionKind.LIKERT)


def tokens_sent() -> dict[str, str]:
    """Email address → the token in the email sent to it."""
    found = {}
    for message in mail.outbox:
        match = TOKEN_IN_EMAIL.search(message.body)
        assert match, message.body
        found[message.to[0]] = match.group(1)
    return found
