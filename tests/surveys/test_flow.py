"""A survey from the editor's first question to its results, as the people involved meet it:
emails with personal links, answers through them, one answer per link, closing, results."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import connection

from komplan.surveys import services
from komplan.surveys.models import Answer, Invitation, Response, Survey, SurveyStatus
from komplan.surveys.results import question_results, share_at_least
from komplan.surveys.tasks import close_past_date
from tests.surveys.factories import likert, make_contacts, make_survey, tokens_sent

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2031, 5, 12, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _on_a_day() -> Any:
    with time_machine.travel(DAY, tick=False):
        yield


def _answer(client: Any, token: str, survey: Survey, scale: int, yes: bool = True) -> Any:
    q = {x.kind: x for x in survey.questions.all()}
    return client.post(
        f"/s/{token}/",
        {
            f"q{q['likert'].pk}": str(scale),
            f"q{q['yes_no'].pk}": "1" if yes else "0",
            f"q{q['text'].pk}": f"Svar {scale}",
        },
    )


def _sent_survey(plan: Any, group: Any, editor_client: Any, **fields: Any) -> Survey:
    survey = make_survey(plan, group, **fields)
    assert editor_client.post(f"/plans/{plan.pk}/surveys/{survey.pk}/open/").status_code == 302
    editor_client.post(f"/plans/{plan.pk}/surveys/{survey.pk}/send/")
    return survey


def test_each_contact_gets_a_personal_link_and_each_link_takes_one_answer(
    plan: Any, entries: dict[str, Any], editor_client: Any, client: Any
) -> None:
    group = entries["groups"]
    make_contacts(group, 5, without_email=1)
    survey = make_survey(plan, group)
    page = editor_client.get(f"/plans/{plan.pk}/surveys/{survey.pk}/send/").content.decode()
    assert "Kan inte nås" in page and "Kontakt 6 Ek" in page
    editor_client.post(f"/plans/{plan.pk}/surveys/{survey.pk}/open/")
    editor_client.post(f"/plans/{plan.pk}/surveys/{survey.pk}/send/")

    assert len(mail.outbox) == 5
    message = mail.outbox[0]
    assert message.subject == "Enkät: Nyttan med det nya ärendesystemet"  # the plan's language
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"  # no auto-replies
    assert message.extra_headers["Content-Language"] == "sv"
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    tokens = tokens_sent()
    link = f"http://127.0.0.1:8000/s/{tokens[message.to[0]]}/"
    assert link in message.body and f'href="{link}"' in html
    assert len(set(tokens.values())) == 5

    for scale, token in zip([5, 4, 4, 2], list(tokens.values())[:4], strict=True):
        response = _answer(client, token, survey, scale, yes=scale >= 4)
        assert response.status_code == 200 and "Tack" in response.content.decode()
    again = _answer(client, next(iter(tokens.values())), survey, 1)
    assert "redan besvarats" in again.content.decode()
    assert Response.objects.filter(survey=survey).count() == 4

    share = share_at_least(likert(survey), 4)
    assert (share.answered, share.agreeing, share.percent) == (4, 3, Decimal("75.0"))
    yes = share_at_least(survey.questions.get(kind="yes_no"), 1)
    assert (yes.answered, yes.agreeing) == (4, 3)

    editor_client.post(f"/plans/{plan.pk}/surveys/{survey.pk}/close/")
    closed = _answer(client, list(tokens.values())[4], survey, 5)
    assert "stängd" in closed.content.decode()
    assert Response.objects.filter(survey=survey).count() == 4

    results = editor_client.get(f"/plans/{plan.pk}/surveys/{survey.pk}/results/").content.decode()
    assert "4 av 5 inbjudna (80,0 %)" in results
    assert "50,0 %" in results and "25,0 %" in results  # scale 4: two of four; 5 and 2: one
    assert "Svar 2" in results  # the free texts


def test_sending_again_reaches_only_those_not_yet_sent(
    plan: Any, entries: dict[str, Any], editor_client: Any
) -> None:
    group = entries["groups"]
    make_contacts(group, 2)
    survey = _sent_survey(plan, group, editor_client)
    make_contacts(group, 0)
    assert len(mail.outbox) == 2
    editor_client.post(f"/plans/{plan.pk}/surveys/{survey.pk}/send/")
    assert len(mail.outbox) == 2


def test_no_token_is_stored_only_its_hash(
    plan: Any, entries: dict[str, Any], editor_client: Any
) -> None:
    group = entries["groups"]
    make_contacts(group, 3)
    survey = _sent_survey(plan, group, editor_client)
    page = editor_client.post(f"/plans/{plan.pk}/surveys/{survey.pk}/link/").content.decode()
    link_token = re.search(r'value="[^"]*/s/([A-Za-z0-9_-]+)/"', page).group(1)
    tokens = [*tokens_sent().values(), link_token]
    for token in tokens:
        assert len(token) >= 43  # 32 random bytes: 256 bits
    hashes = set(Invitation.objects.values_list("token_hash", flat=True))
    hashes.add(Survey.objects.get(pk=survey.pk).link_token_hash)
    assert hashes == {hashlib.sha256(t.encode()).hexdigest() for t in tokens}
    # Every text column of every table in the database.
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                text = " ".join(str(value) for value in row)
                assert not any(token in text for token in tokens), table


def test_an_unknown_token_or_a_draft_is_a_plain_404(
    plan: Any, entries: dict[str, Any], client: Any
) -> None:
    survey = make_survey(plan, entries["groups"])
    token = services.link_make(survey)  # the survey is still a draft
    assert client.get(f"/s/{token}/").status_code == 404
    assert client.get(f"/s/{'x' * 43}/").status_code == 404


def test_two_submits_at_once_with_one_token_give_one_response(
    plan: Any, entries: dict[str, Any], editor_client: Any
) -> None:
    group = entries["groups"]
    make_contacts(group, 1)
    survey = _sent_survey(plan, group, editor_client)
    token = next(iter(tokens_sent().values()))
    entry = services.entry_for(token)
    answers = {likert(survey).pk: "4"}
    # Both read the invitation as unanswered before either writes.
    outcomes = []
    for _ in range(2):
        try:
            services.response_submit(entry, answers, today=DAY.date())
            outcomes.append("written")
        except services.NotAnswerable as refused:
            outcomes.append(refused.reason)
    assert outcomes == ["written", "answered"]
    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.filter(response__survey=survey).count() == 1


def test_answers_are_anonymous_unless_the_survey_says_otherwise(
    plan: Any, entries: dict[str, Any], editor_client: Any, client: Any
) -> None:
    group = entries["groups"]
    make_contacts(group, 1)
    survey = _sent_survey(plan, group, editor_client)
    _answer(client, next(iter(tokens_sent().values())), survey, 3)
    assert Response.objects.get(survey=survey).contact_id is None

    mail.outbox.clear()
    named = _sent_survey(plan, group, editor_client, anonymous=False, title="Namngiven")
    _answer(client, next(iter(tokens_sent().values())), named, 3)
    assert Response.objects.get(survey=named).contact.name == "Kontakt 1 Ek"


def test_a_survey_closes_itself_after_its_closing_date(
    plan: Any, entries: dict[str, Any], editor_client: Any, client: Any
) -> None:
    group = entries["groups"]
    make_contacts(group, 1)
    survey = _sent_survey(plan, group, editor_client, closes_on=dt.date(2031, 5, 12))
    token = next(iter(tokens_sent().values()))
    with time_machine.travel(dt.datetime(2031, 5, 13, 8, 0, tzinfo=dt.UTC), tick=False):
        # Past the date the page refuses answers before the hourly task has run …
        assert "stängd" in _answer(client, token, survey, 4).content.decode()
        assert close_past_date.call() == 1
    assert Survey.objects.get(pk=survey.pk).status == SurveyStatus.CLOSED
    assert not Response.objects.exists()


def test_the_shared_link_takes_one_answer_per_browser_and_limits_an_address(
    plan: Any, entries: dict[str, Any], editor_client: Any, client: Any, settings: Any
) -> None:
    survey = _sent_survey(plan, entries["groups"], editor_client)
    page = editor_client.post(f"/plans/{plan.pk}/surveys/{survey.pk}/link/").content.decode()
    assert "<svg" in page and "QR" in page
    token = re.search(r'value="[^"]*/s/([A-Za-z0-9_-]+)/"', page).group(1)
    assert "Tack" in _answer(client, token, survey, 5).content.decode()
    assert "redan besvarats" in _answer(client, token, survey, 5).content.decode()

    from komplan.surveys import views

    for n in range(views.SHARED_ADDRESS_LIMIT - 1):
        client.cookies.clear()
        assert _answer(client, token, survey, 4).status_code == 200, n
    client.cookies.clear()
    assert _answer(client, token, survey, 4).status_code == 429
    assert Response.objects.filter(survey=survey).count() == views.SHARED_ADDRESS_LIMIT

    # A new link stops the old one.
    editor_client.post(f"/plans/{plan.pk}/surveys/{survey.pk}/link/")
    assert client.get(f"/s/{token}/").status_code == 404


def test_the_public_page_speaks_the_plans_language_and_switches(
    plan: Any, entries: dict[str, Any], editor_client: Any, client: Any
) -> None:
    group = entries["groups"]
    make_contacts(group, 1)
    _sent_survey(plan, group, editor_client)
    token = next(iter(tokens_sent().values()))
    page = client.get(f"/s/{token}/")
    assert (
        '<html lang="sv">' in page.content.decode() and "Skicka mina svar" in page.content.decode()
    )
    english = client.get(f"/s/{token}/?lang=en").content.decode()
    assert '<html lang="en">' in english and "Send my answers" in english
    assert "<legend" in english and "<fieldset" in english
    assert "Nyttan med det nya" in english  # the survey's own text stays as written


def test_questions_are_added_reordered_and_removed_only_while_a_draft(
    plan: Any, entries: dict[str, Any], editor_client: Any
) -> None:
    base = f"/plans/{plan.pk}/surveys/"
    response = editor_client.post(
        base + "new/",
        {
            "title": "Kännedom",
            "group": entries["groups"].pk,
            "closes_on": "2031-06-01",
            "anonymous": "on",
        },
    )
    survey = Survey.objects.get(title="Kännedom")
    assert response["Location"] == f"{base}{survey.pk}/"
    add = f"{base}{survey.pk}/questions/add/"
    editor_client.post(add, {"kind": "likert", "text": "Jag vet vad projektet gör"})
    editor_client.post(add, {"kind": "text", "text": "Något mer?"})
    refused = editor_client.post(add, {"kind": "text", "text": "Och mer?"})
    assert "högst en fritextfråga" in refused.content.decode()
    _first, second = survey.questions.all()
    editor_client.post(f"{base}{survey.pk}/questions/{second.pk}/move/", {"direction": "up"})
    assert [q.text for q in survey.questions.all()] == ["Något mer?", "Jag vet vad projektet gör"]
    editor_client.post(f"{base}{survey.pk}/questions/{second.pk}/delete/")
    assert survey.questions.count() == 1
    editor_client.post(f"{base}{survey.pk}/open/")
    editor_client.post(add, {"kind": "yes_no", "text": "Sent?"})
    assert survey.questions.count() == 1


def test_an_opened_survey_keeps_its_promise_of_anonymity(
    plan: Any, entries: dict[str, Any], editor_client: Any
) -> None:
    survey = make_survey(plan, entries["groups"], status=SurveyStatus.OPEN)
    form = editor_client.get(f"/plans/{plan.pk}/surveys/{survey.pk}/edit/").content.decode()
    editor_client.post(
        f"/plans/{plan.pk}/surveys/{survey.pk}/edit/",
        {
            "title": "Nytt namn",
            "group": entries["groups"].pk,
            "lock_version": survey.lock_version,
            # "anonymous" left out: an unticked box
        },
    )
    survey.refresh_from_db()
    assert "disabled" in form and survey.title == "Nytt namn" and survey.anonymous


def test_a_survey_without_questions_does_not_open(plan: Any, editor_client: Any) -> None:
    survey = Survey.objects.create(plan=plan, title="Tom")
    editor_client.post(f"/plans/{plan.pk}/surveys/{survey.pk}/open/")
    assert Survey.objects.get(pk=survey.pk).status == SurveyStatus.DRAFT


def test_opening_an_open_survey_again_does_not_ask_for_questions(
    plan: Any, entries: dict[str, Any], editor_client: Any
) -> None:
    # Reported: a second click on "Open" said "A survey needs at least one question before it
    # opens" of a survey with questions that was open already.
    survey = make_survey(plan, entries["groups"], status=SurveyStatus.OPEN)
    page = editor_client.post(f"/plans/{plan.pk}/surveys/{survey.pk}/open/", follow=True)
    text = page.content.decode()  # the plan's language, Swedish
    assert "behöver minst en fråga" not in text
    assert "Enkäten är öppen: den tar emot svar." in text
    assert Survey.objects.get(pk=survey.pk).status == SurveyStatus.OPEN


def test_results_count_each_value_with_its_percentage(plan: Any, entries: dict[str, Any]) -> None:
    survey = make_survey(plan, entries["groups"], status=SurveyStatus.OPEN)
    entry = services.Entry(survey, None)
    q = {x.kind: x for x in survey.questions.all()}
    for scale in [5, 4, 4, 1]:
        services.response_submit(entry, {q["likert"].pk: str(scale)}, today=DAY.date())
    services.response_submit(entry, {q["text"].pk: "Bra"}, today=DAY.date())
    scale, yes_no, text = question_results(survey)
    assert scale.answered == 4
    assert [(v.value, v.count, v.percent) for v in scale.values] == [
        (1, 1, Decimal("25.0")),
        (2, 0, Decimal("0.0")),
        (3, 0, Decimal("0.0")),
        (4, 2, Decimal("50.0")),
        (5, 1, Decimal("25.0")),
    ]
    assert yes_no.answered == 0 and all(v.percent is None for v in yes_no.values)
    assert text.texts == ["Bra"]


# Session, user, plan and membership (the gate), then: the list one query of the surveys with
# their counts; the survey its row, questions and the response rate (two); the results the
# survey, questions, counts, free texts and the response rate (two); the rest is the frame.
PINNED = {"": 5, "{id}/": 8, "{id}/results/": 10}


@pytest.mark.parametrize("page", ["", "{id}/", "{id}/results/"])
def test_the_survey_pages_read_a_constant_number_of_queries(
    page: str,
    plan: Any,
    entries: dict[str, Any],
    viewer_client: Any,
    django_assert_num_queries: Any,
) -> None:
    survey = make_survey(plan, entries["groups"], status=SurveyStatus.OPEN)
    url = f"/plans/{plan.pk}/surveys/" + page.format(id=survey.pk)
    viewer_client.get(url)
    counts = []
    for extra in range(2):
        more = make_survey(plan, entries["groups"], status=SurveyStatus.OPEN, title=f"S{extra}")
        for target in (survey, more):
            services.response_submit(
                services.Entry(target, None), {likert(target).pk: "4"}, today=DAY.date()
            )
        from django.db import connection as conn
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(conn) as queries:
            assert viewer_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == PINNED[page], counts
    with django_assert_num_queries(counts[0]):
        viewer_client.get(url)


def test_the_thread_safe_claim_is_one_conditional_update(
    plan: Any, entries: dict[str, Any], editor_client: Any
) -> None:
    group = entries["groups"]
    make_contacts(group, 1)
    survey = _sent_survey(plan, group, editor_client)
    entry = services.entry_for(next(iter(tokens_sent().values())))
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        services.response_submit(entry, {likert(survey).pk: "4"}, today=DAY.date())
    claims = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert len(claims) == 1 and '"answered_at" IS NULL' in claims[0]


def test_a_drafts_question_is_edited_and_an_opened_surveys_is_not(
    plan: Any, entries: dict[str, Any], editor_client: Any
) -> None:
    survey = make_survey(plan, entries["groups"])
    question = likert(survey)
    url = f"/plans/{plan.pk}/surveys/{survey.pk}/questions/{question.pk}/edit/"
    page = editor_client.get(url).content.decode()
    assert "Jag har nytta av systemet" in page and "Redigera frågan" in page
    saved = editor_client.post(url, {"kind": "likert", "text": "Systemet hjälper mig"})
    assert saved["Location"] == f"/plans/{plan.pk}/surveys/{survey.pk}/#questions"
    refused = editor_client.post(url, {"kind": "text", "text": "Vad mer?"})  # one text already
    assert "högst en fritextfråga" in refused.content.decode()

    editor_client.post(f"/plans/{plan.pk}/surveys/{survey.pk}/open/")
    opened = editor_client.post(url, {"kind": "likert", "text": "Efteråt"}, follow=True)
    assert "kan inte ändras" in opened.content.decode()
    assert survey.questions.first().text == "Systemet hjälper mig"


def test_the_add_question_page_says_what_its_button_does(
    plan: Any, entries: dict[str, Any], editor_client: Any
) -> None:
    survey = make_survey(plan, entries["groups"])
    page = editor_client.get(f"/plans/{plan.pk}/surveys/{survey.pk}/questions/add/")
    assert '<button type="submit">Lägg till frågan</button>' in page.content.decode()


def test_a_free_text_answer_is_held_to_the_forms_limit_in_the_browser_too(
    plan: Any, entries: dict[str, Any], editor_client: Any, client: Any
) -> None:
    from komplan.surveys.forms import TEXT_LIMIT

    group = entries["groups"]
    make_contacts(group, 1)
    _sent_survey(plan, group, editor_client)
    page = client.get(f"/s/{next(iter(tokens_sent().values()))}/").content.decode()
    assert f'maxlength="{TEXT_LIMIT}"' in page


def test_a_surveys_questions_hold_the_places_one_to_n_through_adds_moves_and_deletes(
    plan: Any, entries: dict[str, Any], editor_client: Any
) -> None:
    survey = make_survey(plan, entries["groups"])  # three questions
    base = f"/plans/{plan.pk}/surveys/{survey.pk}/questions/"
    first, second, third = survey.questions.all()
    editor_client.post(f"{base}{third.pk}/move/", {"direction": "up"})
    editor_client.post(f"{base}{second.pk}/delete/")
    editor_client.post(base + "add/", {"kind": "yes_no", "text": "Fler?"})
    placed = [(q.position, q.text) for q in survey.questions.all()]
    assert placed == [(1, first.text), (2, third.text), (3, "Fler?")]


def test_emailing_one_invitation_reads_the_survey_and_contact_once(
    plan: Any, entries: dict[str, Any], django_assert_num_queries: Any
) -> None:
    from komplan.surveys.tasks import invitation_send

    (contact,) = make_contacts(entries["groups"], 1)
    survey = make_survey(plan, entries["groups"], status=SurveyStatus.OPEN)
    # The survey (with plan and organisation), the contact, the invitation looked for, made
    # (savepoint, insert, release) and claimed: nothing read again for the email itself.
    with django_assert_num_queries(7):
        assert invitation_send.call(
            survey_id=survey.pk, contact_id=contact.pk, organization_id=plan.organization_id
        )
    assert len(mail.outbox) == 1 and "Nyttan med det nya" in mail.outbox[0].body


def test_the_public_page_reads_the_token_survey_and_questions_only(
    plan: Any, entries: dict[str, Any], client: Any, django_assert_num_queries: Any
) -> None:
    survey = make_survey(plan, entries["groups"], status=SurveyStatus.OPEN)
    token = services.link_make(survey)
    # No invitation has the token; the survey with its plan and organisation (the page's
    # heading names it) has; its questions.
    with django_assert_num_queries(3):
        page = client.get(f"/s/{token}/")
    assert plan.organization.name in page.content.decode()
