"""Surveys travel in plan JSON and through the one writer (an import, a copy, a restored
version) with their questions and their answers as totals only: never a token, an
invitation, a contact or a text someone wrote."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from komplan.followup.models import Indicator, Method
from komplan.followup.progress import goal_progress
from komplan.plans.models import Goal
from komplan.plans.planjson import plan_to_json
from komplan.plans.planjson_read import PlanJSONError, load_plan_json, read_plan_json
from komplan.plans.services import plan_copy
from komplan.plans.writer import plan_write
from komplan.surveys import services
from komplan.surveys.models import (
    Answer,
    EarlierTotal,
    Invitation,
    QuestionKind,
    Response,
    Survey,
    SurveyStatus,
)
from komplan.surveys.results import question_results, response_rate
from komplan.versions import services as versions
from tests.surveys.factories import make_contacts, make_survey, tokens_sent

pytestmark = pytest.mark.django_db


def answered(plan: Any, group: Any, *, invite: bool = True) -> Survey:
    """A closed survey of the group with four questionnaires: scale 5, 4, 4, 2; yes, yes,
    no and one skipped; two free texts (one naming a person) and two left empty. Its
    invitations were sent (their tokens and contacts must not travel)."""
    survey = make_survey(plan, group, anonymous=False, status=SurveyStatus.OPEN)
    if invite:
        make_contacts(group, 2)
        services.survey_send(survey)
        assert len(tokens_sent()) == 2
    questions = {q.kind: q for q in survey.questions.all()}
    rows = [
        (5, 1, "Anna Berg på IT borde ringa mig"),
        (4, 1, ""),
        (4, 0, "Snabbare"),
        (2, None, ""),
    ]
    for scale, yes, text in rows:
        response = Response.objects.create(survey=survey, submitted_at=timezone.now())
        Answer.objects.create(response=response, question=questions["likert"], value=scale)
        Answer.objects.create(response=response, question=questions["yes_no"], value=yes)
        Answer.objects.create(response=response, question=questions["text"], text=text)
    services.survey_close(survey)
    make_survey(plan, None, title="Utkast till enkät", closes_on=None)  # a draft, no answers
    return survey


def surveys_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The surveys part without ids (they differ between plans by design)."""
    return [{k: v for k, v in s.items() if k != "id"} for s in data["surveys"]["surveys"]]


def test_plan_json_carries_the_questions_and_the_answers_as_totals_only(
    plan: Any, entries: dict[str, Any]
) -> None:
    survey = answered(plan, entries["groups"])
    data = plan_to_json(plan)
    first, draft = data["surveys"]["surveys"]
    assert first["id"] == survey.pk
    assert {k: v for k, v in first.items() if k not in ("id", "questions")} == {
        "title": "Nyttan med det nya ärendesystemet",
        "introduction": "",
        "status": "closed",
        "closes_on": "2031-06-30",
        "anonymous": False,
        "group": "group-2",
        "responses": 4,
    }
    assert first["questions"] == [
        {
            "position": 1,
            "kind": "likert",
            "text": "Jag har nytta av systemet",
            "totals": {"1": 0, "2": 1, "3": 0, "4": 2, "5": 1},
        },
        {
            "position": 2,
            "kind": "yes_no",
            "text": "Har du fått utbildning?",
            "totals": {"yes": 2, "no": 1},
        },
        {"position": 3, "kind": "text", "text": "Vad kan bli bättre?", "totals": {"answered": 2}},
    ]
    assert draft["status"] == "draft" and draft["responses"] == 0 and draft["group"] is None
    text = json.dumps(data, ensure_ascii=False)
    assert "Anna Berg" not in text and "Snabbare" not in text  # what someone wrote
    assert "kontakt1@ekby.example" not in text and "token" not in text


def test_surveys_round_trip_through_an_import_as_closed_surveys_with_earlier_totals(
    plan: Any, entries: dict[str, Any], admin_user: Any
) -> None:
    answered(plan, entries["groups"])
    data = plan_to_json(plan)
    written = plan_write(
        data=load_plan_json(json.dumps(data)), user=admin_user, organization=plan.organization
    )
    again = plan_to_json(written.plan)
    assert surveys_of(again) == surveys_of(data)
    imported, draft = Survey.objects.filter(plan=written.plan).order_by("created_at", "pk")
    assert imported.status == SurveyStatus.CLOSED and imported.closed_at is not None
    assert draft.status == SurveyStatus.DRAFT
    assert imported.group is not None and imported.group.plan_id == written.plan.pk
    # Nobody's answers, invitations or links came along: the totals are read-only results.
    assert not Response.objects.filter(survey=imported).exists()
    assert not Invitation.objects.filter(survey=imported).exists()
    assert imported.link_token_hash == ""
    assert EarlierTotal.objects.filter(question__survey=imported).count() == 6  # nonzero only
    # Its results page shows the totals, and says where they came from.
    scale, yes_no, free = question_results(imported)
    assert [v.count for v in scale.values] == [0, 1, 0, 2, 1] and scale.answered == 4
    assert [v.count for v in yes_no.values] == [2, 1]
    assert free.answered == 2 and free.texts == [] and free.earlier_texts == 2
    assert response_rate(imported).responses == 4


def test_the_results_page_of_an_imported_survey_shows_its_earlier_totals(
    plan: Any, entries: dict[str, Any], admin_user: Any, admin_client_: Any
) -> None:
    answered(plan, entries["groups"])
    copied = plan_copy(plan=plan, user=admin_user)
    survey = Survey.objects.filter(plan=copied).order_by("created_at", "pk").first()
    assert survey is not None
    page = admin_client_.get(f"/plans/{copied.pk}/surveys/{survey.pk}/results/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "4 svar som gavs innan" in text and "2 tidigare svar" in text
    assert "Anna Berg" not in text


def test_a_copy_carries_the_surveys_and_a_goal_measured_by_one_keeps_its_value(
    plan: Any, entries: dict[str, Any], admin_user: Any, today: dt.date
) -> None:
    survey = answered(plan, entries["groups"])
    goal = Goal.objects.create(plan=plan, text="75 % upplever nytta", target_value=75)
    Indicator.objects.create(
        goal=goal,
        method=Method.SURVEYED,
        question=survey.questions.get(kind=QuestionKind.LIKERT),
        minimum=4,
    )
    copied = plan_copy(plan=plan, user=admin_user)
    assert surveys_of(plan_to_json(copied)) == surveys_of(plan_to_json(plan))
    (row,) = [r for r in goal_progress(copied, today=today) if r.goal.text == goal.text]
    assert row.value == 75  # 3 of the 4 earlier answers were 4 or 5
    assert row.status == "achieved"


def test_a_copy_of_a_copy_keeps_the_totals_and_adds_new_answers(
    plan: Any, entries: dict[str, Any], admin_user: Any
) -> None:
    answered(plan, entries["groups"])
    copied = plan_copy(plan=plan, user=admin_user)
    survey = Survey.objects.filter(plan=copied).order_by("created_at", "pk").first()
    assert survey is not None
    services.survey_open(survey)
    response = Response.objects.create(survey=survey, submitted_at=timezone.now())
    Answer.objects.create(response=response, question=survey.questions.get(kind="likert"), value=1)
    (first, _) = plan_to_json(plan_copy(plan=copied, user=admin_user))["surveys"]["surveys"]
    assert first["responses"] == 5
    assert first["questions"][0]["totals"] == {"1": 1, "2": 1, "3": 0, "4": 2, "5": 1}


def test_a_restore_keeps_the_surveys_still_there_and_brings_back_deleted_ones(
    plan: Any, entries: dict[str, Any], admin_user: Any
) -> None:
    survey = answered(plan, entries["groups"])
    snapshot = versions.take_snapshot(plan, user=admin_user)
    before = surveys_of(plan_to_json(plan))
    Survey.objects.filter(plan=plan, status=SurveyStatus.DRAFT).delete()
    later = make_survey(plan, None, title="Ny enkät efter versionen")
    versions.restore(plan, snapshot, user=admin_user)
    # The answered survey is the same one, with its own answers and invitations.
    assert Response.objects.filter(survey=survey).count() == 4
    assert Invitation.objects.filter(survey=survey).count() == 2
    # The deleted draft is back; the survey made since is not deleted (people may answer it).
    assert Survey.objects.filter(plan=plan, title="Utkast till enkät").exists()
    assert Survey.objects.filter(pk=later.pk).exists()
    after = [s for s in surveys_of(plan_to_json(plan)) if s["title"] != later.title]
    assert after == before
    # Restoring again changes nothing: each survey of the version is in the plan now.
    versions.restore(plan, snapshot, user=admin_user)
    assert Survey.objects.filter(plan=plan).count() == 3


def test_a_survey_deleted_since_the_version_comes_back_closed_with_its_totals(
    plan: Any, entries: dict[str, Any], admin_user: Any
) -> None:
    survey = answered(plan, entries["groups"])
    snapshot = versions.take_snapshot(plan, user=admin_user)
    before = surveys_of(plan_to_json(plan))
    survey.delete()
    versions.restore(plan, snapshot, user=admin_user)
    assert sorted(surveys_of(plan_to_json(plan)), key=str) == sorted(before, key=str)
    back = Survey.objects.get(plan=plan, title=survey.title)
    assert back.status == SurveyStatus.CLOSED and back.earlier_responses == 4


BAD = [
    (lambda d: d.update(surveys="Nyttoenkät"), "$.surveys.surveys", "a list"),
    (lambda d: d["surveys"].append(7), "$.surveys.surveys[2]", "not an object"),
    (lambda d: d["surveys"][0].update(title=""), "$.surveys.surveys[0].title", "text"),
    (lambda d: d["surveys"][0].update(status="paused"), "$.surveys.surveys[0].status", "one of"),
    (lambda d: d["surveys"][0].update(closes_on="juni"), "$.surveys.surveys[0].closes_on", "date"),
    (lambda d: d["surveys"][0].update(anonymous="ja"), "$.surveys.surveys[0].anonymous", "true"),
    (lambda d: d["surveys"][0].update(group=2), "$.surveys.surveys[0].group", "key"),
    (lambda d: d["surveys"][0].update(responses=-1), "$.surveys.surveys[0].responses", "whole"),
    (lambda d: d["surveys"][0].update(id="1"), "$.surveys.surveys[0].id", "whole"),
    (lambda d: d["surveys"][0].update(questions={}), "$.surveys.surveys[0].questions", "list"),
    (
        lambda d: d["surveys"][0]["questions"].append("Fråga"),
        "$.surveys.surveys[0].questions[3]",
        "not an object",
    ),
    (
        lambda d: d["surveys"][0]["questions"][0].update(kind="stars"),
        "$.surveys.surveys[0].questions[0].kind",
        "one of",
    ),
    (
        lambda d: d["surveys"][0]["questions"][1].update(text=None),
        "$.surveys.surveys[0].questions[1].text",
        "text",
    ),
    (
        lambda d: d["surveys"][0]["questions"][1].update(position=1),
        "$.surveys.surveys[0].questions[1].position",
        "given twice",
    ),
    (
        lambda d: d["surveys"][0]["questions"][2].update(position=0),
        "$.surveys.surveys[0].questions[2].position",
        "whole",
    ),
    (
        lambda d: d["surveys"][0]["questions"][0].update(totals=[1, 2]),
        "$.surveys.surveys[0].questions[0].totals",
        "object",
    ),
    (
        lambda d: d["surveys"][0]["questions"][0]["totals"].update({"6": 1}),
        "$.surveys.surveys[0].questions[0].totals.6",
        "one of 1, 2, 3, 4, 5",
    ),
    (
        lambda d: d["surveys"][0]["questions"][1]["totals"].update(yes=1.5),
        "$.surveys.surveys[0].questions[1].totals.yes",
        "whole",
    ),
    (
        lambda d: d["surveys"][0]["questions"][2]["totals"].update(texts=["Snabbare"]),
        "$.surveys.surveys[0].questions[2].totals.texts",
        "one of answered",
    ),
]


@pytest.mark.parametrize(("spoil", "path", "said"), BAD, ids=[p for _, p, _ in BAD])
def test_each_bad_survey_in_plan_json_is_named_by_its_path(
    plan: Any, entries: dict[str, Any], admin_user: Any, spoil: Any, path: str, said: str
) -> None:
    answered(plan, entries["groups"])
    data = copy.deepcopy(plan_to_json(plan))
    spoil(data["surveys"])
    with pytest.raises(PlanJSONError) as raised:
        read_plan_json(data)
    problems = {p.path: p.text for p in raised.value.problems}
    assert path in problems and said in problems[path], problems
    surveys = Survey.objects.count()
    with pytest.raises(PlanJSONError):
        plan_write(
            data=load_plan_json(json.dumps(data)), user=admin_user, organization=plan.organization
        )
    assert Survey.objects.count() == surveys  # nothing written


def test_plan_json_reads_the_surveys_in_the_same_number_of_queries_however_many(
    plan: Any, entries: dict[str, Any]
) -> None:
    answered(plan, entries["groups"])
    with CaptureQueriesContext(connection) as few:
        plan_to_json(plan)
    for _ in range(3):
        answered(plan, entries["groups"], invite=False)
    with CaptureQueriesContext(connection) as many:
        data = plan_to_json(plan)
    assert len(data["surveys"]["surveys"]) == 8
    assert len(many.captured_queries) == len(few.captured_queries)
