"""A contact's survey invitations under the GDPR (docs/gdpr.md), registered with the people's
export and erasure (`komplan.people.gdpr.CONTACT_PARTS`): the export lists each invitation
(survey, plan, when sent, whether answered, and the answers when the survey was not
anonymous); erasure unlinks the invitations and any non-anonymous responses from the contact,
so the totals stay and nothing points at the person."""

from __future__ import annotations

from typing import Any

from komplan.surveys.models import Invitation, Response


def _day(value: Any) -> str | None:
    return value.date().isoformat() if value else None


def contact_data(contact: Any) -> list[dict[str, Any]]:
    invitations = Invitation.objects.filter(contact=contact).select_related("survey__plan")
    responses = (
        Response.objects.filter(contact=contact)
        .select_related("survey")
        .prefetch_related("answers__question")
    )
    answers: dict[int, list[dict[str, Any]]] = {}
    for response in responses:
        answers.setdefault(response.survey_id, []).extend(
            {"question": a.question.text, "value": a.value, "text": a.text}
            for a in response.answers.all()
        )
    return [
        {
            "survey": i.survey.title,
            "plan": i.survey.plan.name,
            "sent": _day(i.sent_at),
            "answered": i.answered_at is not None,
            "answers": answers.get(i.survey_id, []),
        }
        for i in invitations.order_by("survey__created_at", "pk")
    ]


def contact_erase(contact: Any) -> None:
    Invitation.objects.filter(contact=contact).update(contact=None)
    Response.objects.filter(contact=contact).update(contact=None)
