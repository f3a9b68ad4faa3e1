"""Surveys through the API as a client uses them: a plan's surveys through the screen's form,
its questions while it is a draft, opening and closing it, and its results as the results
page counts them; then what the survey's pages show."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from komplan.surveys import services
from komplan.surveys.models import Question, Survey, SurveyStatus
from tests.api.helpers import bearer, make_token
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(editor: Any, organization: Any) -> Any:
    return bearer(make_token(editor, organization))


def send(client: Any, method: str, url: str, body: Any = None, **headers: Any) -> Any:
    return getattr(client, method)(
        url, data=json.dumps(body or {}), content_type="application/json", **headers
    )


def test_a_survey_is_made_asked_opened_and_closed_as_on_the_screens(
    api: Any, plan: Any, editor: Any, editor_client: Any
) -> None:
    group = plan.groups.create(name="Medborgare")
    created = send(
        api,
        "post",
        f"/api/v1/plans/{plan.pk}/surveys",
        {"title": "Vad tyckte du om mötet?", "group": group.pk, "closes_on": "2031-06-30"},
    )
    assert created.status_code == 201, created.content
    survey = created.json()
    assert (survey["status"], survey["anonymous"], survey["group"]) == ("draft", True, group.pk)
    url = f"/api/v1/surveys/{survey['id']}"

    # Opening a survey without questions is refused, with the screen's reason.
    refused = send(api, "post", url + "/open")
    assert refused.status_code == 409
    assert refused.json()["detail"] == "A survey needs at least one question before it opens."
    in_swedish = send(api, "post", url + "/open", HTTP_ACCEPT_LANGUAGE="sv")
    with translation.override("sv"):
        said = translation.gettext("A survey needs at least one question before it opens.")
    assert (in_swedish.status_code, in_swedish.json()["detail"]) == (409, said)
    assert said != refused.json()["detail"]

    asked = send(api, "post", url + "/questions", {"kind": "likert", "text": "Mötet var bra."})
    assert asked.status_code == 201, asked.content
    assert asked.json()["position"] == 1
    send(api, "post", url + "/questions", {"kind": "text", "text": "Vad kan bli bättre?"})
    second_text = send(api, "post", url + "/questions", {"kind": "text", "text": "Något mer?"})
    assert second_text.status_code == 422
    assert second_text.json()["errors"] == {
        "kind": ["A survey has at most one free-text question."]
    }

    question_url = f"{url}/questions/{asked.json()['id']}"
    etag = api.get(question_url)["ETag"]
    body = {"text": "Mötet var givande."}
    assert send(api, "patch", question_url, body).status_code == 428
    changed = send(api, "patch", question_url, body, HTTP_IF_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["kind"] == "likert"  # only what the body names changes
    assert send(api, "patch", question_url, {"text": "X"}, HTTP_IF_MATCH=etag).status_code == 412

    opened = send(api, "post", url + "/open")
    assert opened.status_code == 200
    assert opened.json()["status"] == "open"
    assert opened["ETag"] == f'"{opened.json()["lock_version"]}"'
    # Once opened, its questions stay as they were asked (the screen's reason), and the
    # promise of anonymity stays.
    late = send(api, "post", url + "/questions", {"kind": "yes_no", "text": "Kommer du igen?"})
    assert late.status_code == 409
    assert late.json()["detail"] == "The questions of an opened survey cannot be changed."
    assert send(api, "delete", question_url).status_code == 409
    named = send(
        api,
        "patch",
        f"/api/v1/plans/{plan.pk}/surveys/{survey['id']}",
        {"anonymous": False},
        HTTP_IF_MATCH=opened["ETag"],
    )
    assert named.status_code == 200
    assert named.json()["anonymous"] is True

    closed = send(api, "post", url + "/close")
    assert (closed.status_code, closed.json()["status"]) == (200, "closed")
    assert closed.json()["closed_at"] is not None

    stored = Survey.objects.get()
    assert (stored.status, stored.updated_by) == (SurveyStatus.CLOSED, editor)
    page = editor_client.get(reverse("surveys:survey", args=[plan.pk, stored.pk]))
    assert "Vad tyckte du om mötet?" in page.text
    assert "Mötet var givande." in page.text
    listed = api.get(f"/api/v1/plans/{plan.pk}/surveys?status=closed").json()
    assert [s["title"] for s in listed["items"]] == ["Vad tyckte du om mötet?"]
    assert api.get(f"/api/v1/plans/{plan.pk}/surveys?status=open").json()["count"] == 0


def test_a_question_is_deleted_and_the_others_close_up(api: Any, plan: Any) -> None:
    survey = make_survey(plan)
    first = survey.questions.order_by("position").first()
    url = f"/api/v1/surveys/{survey.pk}/questions"
    assert send(api, "delete", f"{url}/{first.pk}", HTTP_IF_MATCH='"stale"').status_code == 412
    assert send(api, "delete", f"{url}/{first.pk}").status_code == 204
    listed = api.get(url).json()
    assert [q["position"] for q in listed["items"]] == [1, 2]
    assert listed["count"] == Question.objects.filter(survey=survey).count() == 2


def test_the_results_are_the_results_pages_counts_never_an_answer(
    api: Any, plan: Any, editor_client: Any
) -> None:
    survey = make_survey(plan)
    services.survey_open(survey)
    survey.refresh_from_db()
    link = services.link_make(survey)
    entry = services.entry_for(link)
    assert entry is not None
    questions = list(survey.questions.order_by("position"))
    day = dt.date(2031, 1, 10)
    for value, text in [(5, "Bättre skyltar"), (4, ""), (5, "")]:
        answers = {questions[0].pk: str(value), questions[1].pk: "1", questions[2].pk: text}
        services.response_submit(entry, answers, today=day)

    got = api.get(f"/api/v1/surveys/{survey.pk}/results")
    assert got.status_code == 200
    found = got.json()
    assert found["responses"] == 3
    scale, yes_no, free = found["questions"]
    assert scale["answered"] == 3
    assert [(v["value"], v["count"], v["percent"]) for v in scale["values"]] == [
        (1, 0, "0.0"),
        (2, 0, "0.0"),
        (3, 0, "0.0"),
        (4, 1, "33.3"),
        (5, 2, "66.7"),
    ]
    assert [(v["label"], v["count"]) for v in yes_no["values"]] == [("Yes", 3), ("No", 0)]
    assert (free["answered"], free["values"]) == (1, [])
    assert "Bättre skyltar" not in got.text  # a free text is an answer: not given
    assert "token" not in got.text
    page = editor_client.get(reverse("surveys:results", args=[plan.pk, survey.pk]))
    assert page.status_code == 200
    assert "66,7" in page.text or "66.7" in page.text


def test_roles_as_on_the_screens(plan: Any, organization: Any, viewer: Any, outsider: Any) -> None:
    survey = make_survey(plan)
    reader = bearer(make_token(viewer, organization))
    assert reader.get(f"/api/v1/surveys/{survey.pk}/results").status_code == 200
    assert reader.get(f"/api/v1/plans/{plan.pk}/surveys/{survey.pk}").status_code == 200
    assert send(reader, "post", f"/api/v1/surveys/{survey.pk}/open").status_code == 403
    stranger = bearer(make_token(outsider, outsider.memberships.get().organization))
    assert stranger.get(f"/api/v1/surveys/{survey.pk}/questions").status_code == 404
    assert Survey.objects.get().status == SurveyStatus.DRAFT


def test_the_surveys_list_costs_the_same_for_one_survey_and_many(api: Any, plan: Any) -> None:
    url = f"/api/v1/plans/{plan.pk}/surveys"
    make_survey(plan)
    api.get(url)  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as one:
        assert api.get(url).status_code == 200
    for n in range(4):
        make_survey(plan, title=f"Enkät {n}")
    with CaptureQueriesContext(connection) as five:
        assert api.get(url).json()["count"] == 5
    assert len(five) == len(one) == 5
