"""Surveys in the API (docs/api.md): a plan's surveys through the screen's form, a survey's
questions while it is a draft (409 with the screen's reason once opened), opening and closing
it, and its results as the results page counts them (`komplan.surveys.results`): counts and
percentages per question, never a single answer, a free text or a token."""

# No `from __future__ import annotations`: django-ninja reads the operations' annotations.

import zlib
from decimal import Decimal
from typing import Annotated, Any

from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status
from ninja.errors import HttpError
from pydantic import Field as PydanticField
from pydantic import create_model

from komplan.accounts.access import EDIT, VIEW
from komplan.api import examples, schemas, writing
from komplan.api.auth import survey_for
from komplan.api.endpoints import (
    CHANGES,
    LOCKED,
    PLAN,
    READS,
    DeleteIfMatch,
    Entries,
    EntryId,
    IfMatch,
    Page,
    _read,
    api,
    entries_router,
    model_out,
)
from komplan.surveys import results, services
from komplan.surveys.forms import QuestionForm, SurveyForm
from komplan.surveys.models import Question, QuestionKind, Survey, SurveyStatus

Filter = schemas.Filter

with translation.override("en"):  # the document's language, whatever the import's
    SURVEY_WRITTEN = ["title", "introduction", "group", "closes_on", "anonymous"]
    survey_documents = schemas.Documents(
        Survey,
        examples.SURVEY,
        written=SURVEY_WRITTEN,
        read=["status", "closed_at"],
        described={
            "group": "The target group whose contacts the survey is emailed to: the id of one "
            "of the plan's target groups, or null.",
            "anonymous": "Answers are not linked to the person who gave them. Cannot be "
            "changed once the survey has been opened.",
            "status": "`draft` (its questions can be changed; takes no answers), `open` (takes "
            "answers), `closed`. Changed by the open and close operations alone.",
            "closed_at": "When it was closed; null while it has not been.",
        },
        filters=[
            Filter(
                "status",
                "status",
                str,
                "Only surveys in this state: "
                + ", ".join(f"`{v}`" for v in SurveyStatus.values)
                + ".",
                "open",
                enum=[*SurveyStatus.values, None],
            )
        ],
    )


# --- a plan's surveys -------------------------------------------------------------------------

surveys = Entries(
    slug="surveys",
    plural="surveys",
    model=Survey,
    form_class=SurveyForm,
    documents=survey_documents,
    out=model_out(Survey, survey_documents.fields),
    listed=lambda plan, filters: Survey.objects.filter(
        plan=plan, **survey_documents.lookups(filters)
    ).order_by("-created_at", "pk"),
    get=lambda plan, pk: Survey.objects.get(plan=plan, pk=pk),
    new=lambda plan: Survey(plan=plan),
    tag="surveys",
)
_survey_out = surveys.out

# --- opening, closing, results, questions -----------------------------------------------------

survey_router = Router(tags=["surveys"])
SurveyId = Annotated[int, Path(description="The survey's id.", example=9, ge=1, le=schemas.MAX_ID)]


@survey_router.post(
    "/{survey_id}/open",
    response={200: survey_documents.out, **CHANGES},
    operation_id="surveys_open",
    summary="Open a survey: it takes answers",
)
def survey_open(request: HttpRequest, survey_id: SurveyId, response: HttpResponse) -> Any:
    """As the screen's "Open": a draft (or a closed survey) opens; a survey without questions
    is refused (409). An open survey stays open."""
    survey = survey_for(request, survey_id, EDIT)
    try:
        services.survey_open(survey)
    except services.WithoutQuestions as refused:
        raise HttpError(409, str(refused)) from None
    survey.refresh_from_db()
    return _read(response, survey, _survey_out)


@survey_router.post(
    "/{survey_id}/close",
    response={200: survey_documents.out, **CHANGES},
    operation_id="surveys_close",
    summary="Close a survey: it takes no more answers",
)
def survey_close(request: HttpRequest, survey_id: SurveyId, response: HttpResponse) -> Any:
    """As the screen's "Close": an open survey closes; any other stays as it is."""
    survey = survey_for(request, survey_id, EDIT)
    services.survey_close(survey)
    survey.refresh_from_db()
    return _read(response, survey, _survey_out)


# --- results ----------------------------------------------------------------------------------


class ValueOut(schemas.Schema):
    value: int = PydanticField(
        ..., description="The value: 1–5 on a scale; 1 (yes) or 0 (no).", examples=[4]
    )
    label: str = PydanticField(
        ..., description="The value as the results page shows it.", examples=["Ja"]
    )
    count: int = PydanticField(..., description="How many gave it.", examples=[12])
    percent: str | None = PydanticField(
        ...,
        description="Its share of those who answered the question, in per cent, rounded half "
        "up to one decimal, a decimal number written as a string; null: nobody answered.",
        examples=["40.0"],
    )


class QuestionResultOut(schemas.Schema):
    question: int = PydanticField(..., description="The question's id.", examples=[21])
    position: int = PydanticField(..., description="Its place in the survey, 1..N.", examples=[1])
    kind: str = PydanticField(
        ...,
        description="`likert` (scale 1–5), `yes_no` or `text` (free text).",
        examples=["likert"],
        json_schema_extra={"enum": QuestionKind.values},
    )
    text: str = PydanticField(
        ..., description="The question.", examples=["Informationen före mötet var tydlig."]
    )
    answered: int = PydanticField(
        ...,
        description="How many answered this question (a free text: how many wrote one). "
        "Earlier totals of a copied, imported or restored survey included.",
        examples=[30],
    )
    values: list[ValueOut] = PydanticField(
        ...,
        description="Every possible value with its count and percentage; empty for a "
        "free-text question (its texts are not given: answers are read on the results page).",
        examples=[[{"value": 5, "label": "5", "count": 12, "percent": "40.0"}]],
    )


class ResultsOut(schemas.Schema):
    survey: int = PydanticField(..., description="The survey's id.", examples=[9])
    status: str = PydanticField(
        ...,
        description="The survey's state: `draft`, `open` or `closed`.",
        examples=["open"],
        json_schema_extra={"enum": SurveyStatus.values},
    )
    invited: int = PydanticField(
        ..., description="How many invitations were emailed.", examples=[40]
    )
    invited_answered: int = PydanticField(
        ..., description="How many of the invited answered.", examples=[25]
    )
    invited_percent: str | None = PydanticField(
        ...,
        description="The response rate of the invited, in per cent, a decimal number written "
        "as a string; null: nobody was invited.",
        examples=["62.5"],
    )
    responses: int = PydanticField(
        ...,
        description="Every questionnaire submitted, through the shared link too.",
        examples=[30],
    )
    questions: list[QuestionResultOut] = PydanticField(
        ...,
        description="Each question in order with its counts. Never a single answer: answers "
        "are anonymous.",
        examples=[
            [
                {
                    "question": 21,
                    "position": 1,
                    "kind": "yes_no",
                    "text": "Fick du svar på dina frågor?",
                    "answered": 30,
                    "values": [
                        {"value": 1, "label": "Ja", "count": 24, "percent": "80.0"},
                        {"value": 0, "label": "Nej", "count": 6, "percent": "20.0"},
                    ],
                }
            ]
        ],
    )


def _percent(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@survey_router.get(
    "/{survey_id}/results",
    response={200: ResultsOut, **READS},
    operation_id="surveys_results",
    summary="A survey's results: counts and percentages per question",
)
def survey_results(request: HttpRequest, survey_id: SurveyId) -> Any:
    survey = survey_for(request, survey_id, VIEW)
    rate = results.response_rate(survey)
    return {
        "survey": survey.pk,
        "status": survey.status,
        "invited": rate.invited,
        "invited_answered": rate.answered,
        "invited_percent": _percent(rate.percent),
        "responses": rate.responses,
        "questions": [
            {
                "question": row.question.pk,
                "position": row.question.position,
                "kind": row.question.kind,
                "text": row.question.text,
                "answered": row.answered,
                "values": [
                    {
                        "value": v.value,
                        "label": v.label,
                        "count": v.count,
                        "percent": _percent(v.percent),
                    }
                    for v in row.values
                ],
            }
            for row in results.question_results(survey)
        ],
    }


# --- a survey's questions ---------------------------------------------------------------------
# A question has no version of its own (the screen saves it plainly): its ETag is a checksum
# of what it says and where, so a change based on a stale read is refused all the same.

with translation.override("en"):
    QUESTION_FIELDS = {
        name: schemas.model_field(
            Question,
            name,
            examples.QUESTION[name],
            required=True,
            description={
                "kind": "`likert` (a scale 1–5), `yes_no` or `text` (free text; at most one "
                "per survey).",
                "text": "The question.",
            }[name],
        )
        for name in ["kind", "text"]
    }
    QuestionOut = create_model(  # type: ignore[call-overload]
        "QuestionOut",
        __base__=schemas.Schema,
        id=(int, PydanticField(..., description="The question's id.", examples=[21])),
        position=(
            int,
            PydanticField(..., description="Its place in the survey, 1..N.", examples=[1]),
        ),
        **QUESTION_FIELDS,
    )
    QuestionNew = create_model(  # type: ignore[call-overload]
        "QuestionNew", __base__=schemas.Schema, **QUESTION_FIELDS
    )
    QuestionChange = create_model(  # type: ignore[call-overload]
        "QuestionChange",
        __base__=schemas.Schema,
        **{
            name: (annotation | None, redone)
            for name, (annotation, info) in QUESTION_FIELDS.items()
            for redone in [
                PydanticField(None, description=info.description, examples=info.examples)
            ]
        },
    )
    QuestionPage = schemas.page_of(QuestionOut, "Question")


class QuestionFilters(schemas.Schema):
    kind: str | None = PydanticField(
        None,
        description="Only questions of this kind: `likert`, `yes_no` or `text`.",
        examples=["likert"],
        json_schema_extra={"enum": [*QuestionKind.values, None]},
    )


def _question_out(question: Question) -> dict[str, Any]:
    return {
        "id": question.pk,
        "position": question.position,
        "kind": question.kind,
        "text": question.text,
    }


def _question_etag(question: Question) -> str:
    said = f"{question.position}\x00{question.kind}\x00{question.text}"
    return f'"q{zlib.crc32(said.encode()):08x}"'


def _question_read(response: HttpResponse, question: Question) -> dict[str, Any]:
    response["ETag"] = _question_etag(question)
    return _question_out(question)


def _check_question_etag(question: Question, if_match: str | None, *, required: bool) -> None:
    if not if_match:
        if required:
            raise HttpError(428, _("Send the entry's ETag in If-Match to change it."))
        return
    value = if_match.strip().removeprefix("W/")
    if value != "*" and value != _question_etag(question):
        raise writing.Stale


def _draft(request: HttpRequest, survey_id: int) -> Survey:
    """The survey, for a change of its questions: editors, while it is a draft (409 with the
    screen's reason once opened)."""
    survey = survey_for(request, survey_id, EDIT)
    if survey.status != SurveyStatus.DRAFT:
        raise HttpError(409, _("The questions of an opened survey cannot be changed."))
    return survey


def _question(survey: Survey, question_id: int) -> Question:
    try:
        return survey.questions.get(pk=question_id)
    except Question.DoesNotExist:
        raise Http404 from None


@survey_router.get(
    "/{survey_id}/questions",
    response={200: QuestionPage, **READS},
    operation_id="questions_list",
    summary="The survey's questions",
)
def question_list(
    request: HttpRequest, survey_id: SurveyId, filters: Query[QuestionFilters], page: Query[Page]
) -> Any:
    survey = survey_for(request, survey_id, VIEW)
    found = survey.questions.order_by("position", "pk")
    if filters.kind:
        found = found.filter(kind=filters.kind)
    rows = found[page.offset : page.offset + page.limit]
    return {
        "count": found.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": [_question_out(q) for q in rows],
    }


@survey_router.get(
    "/{survey_id}/questions/{entry_id}",
    response={200: QuestionOut, **READS},
    operation_id="questions_read",
    summary="One of the survey's questions",
)
def question_read(
    request: HttpRequest, survey_id: SurveyId, entry_id: EntryId, response: HttpResponse
) -> Any:
    return _question_read(response, _question(survey_for(request, survey_id, VIEW), entry_id))


@survey_router.post(
    "/{survey_id}/questions",
    response={201: QuestionOut, **CHANGES},
    operation_id="questions_create",
    summary="Add a question, last of the survey's (while it is a draft)",
)
def question_create(
    request: HttpRequest,
    survey_id: SurveyId,
    body: QuestionNew,  # type: ignore[valid-type]
    response: HttpResponse,
) -> Any:
    survey = _draft(request, survey_id)
    values = body.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
    data = writing.form_data(["kind", "text"], values)
    form = writing.valid(QuestionForm(data, instance=Question(survey=survey), survey=survey))
    question = services.question_add(
        survey, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"]
    )
    return Status(201, _question_read(response, question))


@survey_router.patch(
    "/{survey_id}/questions/{entry_id}",
    response={200: QuestionOut, **LOCKED},
    operation_id="questions_update",
    summary="Change one of the survey's questions (while it is a draft)",
)
def question_update(
    request: HttpRequest,
    survey_id: SurveyId,
    entry_id: EntryId,
    body: QuestionChange,  # type: ignore[valid-type]
    response: HttpResponse,
    if_match: IfMatch = None,
) -> Any:
    survey = _draft(request, survey_id)
    question = _question(survey, entry_id)
    _check_question_etag(question, if_match, required=True)
    values = model_to_dict(question, fields=["kind", "text"])
    values.update(body.model_dump(exclude_unset=True))  # type: ignore[attr-defined]
    data = writing.form_data(["kind", "text"], values)
    form = writing.valid(QuestionForm(data, instance=question, survey=survey))
    return _question_read(response, form.save())


@survey_router.delete(
    "/{survey_id}/questions/{entry_id}",
    response={204: None, **CHANGES},
    operation_id="questions_delete",
    summary="Delete one of the survey's questions (while it is a draft)",
)
def question_delete(
    request: HttpRequest, survey_id: SurveyId, entry_id: EntryId, if_match: DeleteIfMatch = None
) -> Any:
    survey = _draft(request, survey_id)
    question = _question(survey, entry_id)
    _check_question_etag(question, if_match, required=False)
    question.delete()
    return Status(204, None)


with translation.override("en"):
    api.add_router("/plans", entries_router(PLAN, surveys))
    api.add_router("/surveys", survey_router)
