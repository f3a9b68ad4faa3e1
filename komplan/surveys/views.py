"""The survey pages of a plan (list, survey, questions, sending, shared link, results) and
the public page that answers one (`/s/<token>/`).

Plan pages take the plan through `plan_view`: reading (the list, a survey, its results) is
for viewers, every change for editors. The public page needs no login: the token is the only
key; an unknown token, or one of a survey not yet opened, is a 404 that does not say which.

The shared link is protected against stuffing in two ways: a browser that answered through it
carries a signed cookie and is told it has answered; and one client address may send at most
`SHARED_ADDRESS_LIMIT` answers to a survey in `SHARED_WINDOW` seconds (counted in the shared
cache under a hash of the survey and the address; the address itself is kept nowhere).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from functools import wraps
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komplan.accounts.access import EDIT, VIEW
from komplan.accounts.throttling import client_address
from komplan.plans.access import plan_view
from komplan.plans.editing import confirm_delete, save_form
from komplan.plans.models import Plan
from komplan.surveys import results, services
from komplan.surveys.forms import AnswerForm, QuestionForm, SurveyForm
from komplan.surveys.models import Question, Survey, SurveyStatus
from komplan.surveys.tasks import public_url, survey_language

SHARED_ADDRESS_LIMIT = 30
SHARED_WINDOW = 3600
ANSWERED_COOKIE = "komplan_survey_answered"
COOKIE_SALT = "komplan.surveys.answered"


def _context(plan: Plan, **extra: Any) -> dict[str, Any]:
    return {
        "plan": plan,
        "organization": plan.organization,
        "nav": "surveys",
        "can_edit": plan.membership.allows(EDIT),  # type: ignore[attr-defined]
        **extra,
    }


def _survey(plan: Plan, survey_id: int) -> Survey:
    try:
        return Survey.objects.select_related("group").get(plan=plan, pk=survey_id)
    except Survey.DoesNotExist:
        raise Http404 from None


def _question(survey: Survey, question_id: int) -> Question:
    try:
        return survey.questions.get(pk=question_id)
    except Question.DoesNotExist:
        raise Http404 from None


def survey_url(survey: Survey) -> str:
    return reverse("surveys:survey", args=[survey.plan_id, survey.pk])


# --- the plan's surveys -------------------------------------------------------------------


def surveys_of(plan: Any) -> Any:
    return (
        Survey.objects.filter(plan=plan)
        .select_related("group")
        .annotate(
            n_questions=Count("questions", distinct=True),
            n_responses=Count("responses", distinct=True),
        )
    )


@plan_view(VIEW)
def survey_list(request: HttpRequest, plan: Plan) -> HttpResponse:
    return render(request, "surveys/list.html", _context(plan, surveys=list(surveys_of(plan))))


def overview_context(plan: Any) -> dict[str, Any] | None:
    """The plan overview's section: the latest surveys (one query)."""
    latest = list(
        Survey.objects.filter(plan=plan)
        .annotate(n_responses=Count("responses"))
        .order_by("-created_at", "pk")[:3]
    )
    return {"surveys": latest, "surveys_url": reverse("surveys:list", args=[plan.pk])}


@plan_view(EDIT)
def survey_create(request: HttpRequest, plan: Plan) -> HttpResponse:
    form = SurveyForm(request.POST or None, instance=Survey(plan=plan), plan=plan)
    return save_form(
        request,
        form,
        "surveys/form.html",
        _context(
            plan,
            heading=_("New survey"),
            cancel_url=reverse("surveys:list", args=[plan.pk]),
            submit_label=_("Create the survey"),
        ),
        survey_url,
        _("The survey was created: add its questions."),
    )


@plan_view(VIEW)
def survey_detail(request: HttpRequest, plan: Plan, survey_id: int) -> HttpResponse:
    survey = _survey(plan, survey_id)
    questions = list(survey.questions.all())
    can_edit = plan.membership.allows(EDIT)  # type: ignore[attr-defined]
    return render(
        request,
        "surveys/detail.html",
        _context(
            plan,
            survey=survey,
            questions=questions,
            rate=results.response_rate(survey),
            takes_answers=services.takes_answers(survey, timezone.localdate()),
            question_form=QuestionForm(survey=survey)
            if can_edit and survey.status == SurveyStatus.DRAFT
            else None,
        ),
    )


@plan_view(EDIT)
def survey_edit(request: HttpRequest, plan: Plan, survey_id: int) -> HttpResponse:
    survey = _survey(plan, survey_id)
    form = SurveyForm(request.POST or None, instance=survey, plan=plan)
    return save_form(
        request,
        form,
        "surveys/form.html",
        _context(
            plan,
            survey=survey,
            heading=_("Edit the survey “%(title)s”") % {"title": survey.title},
            cancel_url=survey_url(survey),
        ),
        survey_url,
        _("The survey was saved."),
    )


@plan_view(EDIT)
def survey_delete(request: HttpRequest, plan: Plan, survey_id: int) -> HttpResponse:
    survey = _survey(plan, survey_id)
    return confirm_delete(
        request,
        survey,
        "surveys/confirm.html",
        _context(
            plan,
            survey=survey,
            heading=_("Delete the survey “%(title)s”?") % {"title": survey.title},
            explanation=_("Its questions, invitations and every answer are deleted."),
            submit_label=_("Delete"),
            danger=True,
            cancel_url=survey_url(survey),
        ),
        reverse("surveys:list", args=[plan.pk]),
        _("The survey was deleted."),
    )


# --- questions ----------------------------------------------------------------------------


def draft_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The question views: the survey of `survey_id` instead, and only while it is a draft;
    an opened survey's questions stay as they were asked (back to it, saying so).

    Goes inside `plan_view`: the gate decides who may ask, this decides whether now."""

    @wraps(view)
    def wrapper(request: HttpRequest, plan: Plan, survey_id: int, **kwargs: Any) -> HttpResponse:
        survey = _survey(plan, survey_id)
        if survey.status != SurveyStatus.DRAFT:
            messages.error(request, _("The questions of an opened survey cannot be changed."))
            return redirect(survey_url(survey))
        return view(request, plan, survey, **kwargs)

    return wrapper


def _question_page(
    request: HttpRequest,
    plan: Plan,
    survey: Survey,
    form: QuestionForm,
    heading: str,
    success_message: str,
    **extra: Any,
) -> HttpResponse:
    """A question's form page; a question has no lock version, so a plain save."""
    return save_form(
        request,
        form,
        "surveys/question_form.html",
        _context(plan, survey=survey, heading=heading, cancel_url=survey_url(survey), **extra),
        survey_url(survey) + "#questions",
        success_message,
        save=lambda form: form.save(),
    )


@plan_view(EDIT)
@draft_only
def question_add(request: HttpRequest, plan: Plan, survey: Survey) -> HttpResponse:
    form = QuestionForm(request.POST or None, instance=Question(survey=survey), survey=survey)
    return _question_page(
        request,
        plan,
        survey,
        form,
        _("Add a question"),
        _("The question was added."),
        submit_label=_("Add the question"),
    )


@plan_view(EDIT)
@draft_only
def question_edit(
    request: HttpRequest, plan: Plan, survey: Survey, question_id: int
) -> HttpResponse:
    question = _question(survey, question_id)
    form = QuestionForm(request.POST or None, instance=question, survey=survey)
    return _question_page(
        request,
        plan,
        survey,
        form,
        _("Edit the question"),
        _("The question was saved."),
    )


@plan_view(EDIT)
@draft_only
def question_delete(
    request: HttpRequest, plan: Plan, survey: Survey, question_id: int
) -> HttpResponse:
    question = _question(survey, question_id)
    return confirm_delete(
        request,
        question,
        "surveys/confirm.html",
        _context(
            plan,
            survey=survey,
            heading=_("Delete the question “%(text)s”?") % {"text": question.text},
            explanation="",
            submit_label=_("Delete"),
            danger=True,
            cancel_url=survey_url(survey),
        ),
        survey_url(survey) + "#questions",
        _("The question was deleted."),
    )


@plan_view(EDIT)
@require_POST
@draft_only
def question_move(
    request: HttpRequest, plan: Plan, survey: Survey, question_id: int
) -> HttpResponse:
    question = _question(survey, question_id)
    question.move(-1 if request.POST.get("direction") == "up" else 1)
    return redirect(survey_url(survey) + f"#question-{question.pk}")


# --- opening, closing, sending ------------------------------------------------------------


@plan_view(EDIT)
@require_POST
def survey_open(request: HttpRequest, plan: Plan, survey_id: int) -> HttpResponse:
    survey = _survey(plan, survey_id)
    try:
        services.survey_open(survey)  # opened now, or open already (a second click)
    except services.WithoutQuestions as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The survey is open: it takes answers."))
    return redirect(survey_url(survey))


@plan_view(EDIT)
@require_POST
def survey_close(request: HttpRequest, plan: Plan, survey_id: int) -> HttpResponse:
    survey = _survey(plan, survey_id)
    if services.survey_close(survey):
        messages.success(request, _("The survey is closed: it takes no more answers."))
    return redirect(survey_url(survey))


@plan_view(EDIT)
def survey_send(request: HttpRequest, plan: Plan, survey_id: int) -> HttpResponse:
    """GET lists who will get an email and who cannot be reached; POST queues the emails."""
    survey = _survey(plan, survey_id)
    if request.method == "POST":
        if survey.status != SurveyStatus.OPEN:
            messages.error(request, _("Open the survey before sending it."))
            return redirect(survey_url(survey))
        survey.plan = plan
        queued = services.survey_send(survey)
        messages.success(
            request,
            translation.ngettext(
                "An email with a personal link is on its way to %(count)d contact.",
                "Emails with personal links are on their way to %(count)d contacts.",
                queued,
            )
            % {"count": queued},
        )
        return redirect(survey_url(survey))
    return render(
        request,
        "surveys/send.html",
        _context(plan, survey=survey, recipients=services.recipients(survey)),
    )


@plan_view(EDIT)
def survey_link(request: HttpRequest, plan: Plan, survey_id: int) -> HttpResponse:
    """The shared link: GET explains it, POST makes a new one and shows it once, with its QR
    code inline (the token is stored only hashed, so it cannot be shown again)."""
    survey = _survey(plan, survey_id)
    context = _context(plan, survey=survey)
    if request.method == "POST":
        if request.POST.get("remove"):
            services.link_remove(survey)
            messages.success(request, _("The shared link no longer works."))
            return redirect(survey_url(survey))
        url = public_url(services.link_make(survey))
        context.update(url=url, qr=qr_svg(url))
    response = render(request, "surveys/link.html", context)
    response["Cache-Control"] = "no-store"
    return response


def qr_svg(url: str) -> str:
    """The QR code of `url` as an inline SVG element (no XML declaration), labelled."""
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=6,
        border=4,
        title=_("QR code of the survey's link"),
        svgclass="survey-qr",
        lineclass=None,
        dark="#000",
        light="#fff",
    )
    svg = out.getvalue().decode()
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))


@plan_view(VIEW)
def survey_results(request: HttpRequest, plan: Plan, survey_id: int) -> HttpResponse:
    survey = _survey(plan, survey_id)
    return render(
        request,
        "surveys/results.html",
        _context(
            plan,
            survey=survey,
            results=results.question_results(survey),
            rate=results.response_rate(survey),
        ),
    )


# --- the public page ----------------------------------------------------------------------


def _language(request: HttpRequest, survey: Survey) -> str:
    wanted = request.GET.get("lang", "")
    return wanted if wanted in dict(settings.LANGUAGES) else survey_language(survey)


def _answered_here(request: HttpRequest, survey: Survey) -> bool:
    value = request.get_signed_cookie(ANSWERED_COOKIE, default="", salt=COOKIE_SALT)
    return str(survey.pk) in value.split(",")


def _over_limit(request: HttpRequest, survey: Survey) -> bool:
    """Count this answer against the client address's limit; whether it is over it."""
    address = client_address(request) or "?"
    key = "surveys:shared:" + hashlib.sha256(f"{survey.pk}:{address}".encode()).hexdigest()
    cache.add(key, 0, timeout=SHARED_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired in between
        cache.set(key, 1, timeout=SHARED_WINDOW)
        count = 1
    return count > SHARED_ADDRESS_LIMIT


def _public(response: HttpResponse, language: str) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    # Not "no-referrer": a POST would then carry "Origin: null" and fail the CSRF check;
    # "same-origin" still keeps the token from other sites.
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    return response


def survey_public(request: HttpRequest, token: str) -> HttpResponse:
    """The questionnaire of the token's survey, no login: answer it once."""
    entry = services.entry_for(token)
    if entry is None:
        raise Http404
    survey = entry.survey
    language = _language(request, survey)
    with translation.override(language):
        response = _public_page(request, token, entry, language)
    return _public(response, language)


def _public_page(
    request: HttpRequest, token: str, entry: services.Entry, language: str
) -> HttpResponse:
    survey = entry.survey
    context: dict[str, Any] = {
        "survey": survey,
        "language": language,
        "languages": [
            (code, translation.get_language_info(code)["name_local"])
            for code, _name in settings.LANGUAGES
        ],
        "path": reverse("survey_public", args=[token]),
    }
    shared = entry.invitation is None
    if entry.invitation is not None and entry.invitation.answered_at is not None:
        return render(request, "surveys/public_done.html", {**context, "reason": "answered"})
    if shared and _answered_here(request, survey):
        return render(request, "surveys/public_done.html", {**context, "reason": "answered"})
    if not services.takes_answers(survey, timezone.localdate()):
        return render(request, "surveys/public_done.html", {**context, "reason": "closed"})
    questions = list(survey.questions.all())
    form = AnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        if shared and _over_limit(request, survey):
            return render(
                request, "surveys/public_done.html", {**context, "reason": "limit"}, status=429
            )
        try:
            services.response_submit(entry, form.answers(), today=timezone.localdate())
        except services.NotAnswerable as refused:
            return render(
                request, "surveys/public_done.html", {**context, "reason": refused.reason}
            )
        response = render(request, "surveys/public_done.html", {**context, "reason": "thanks"})
        if shared:
            _remember_answered(request, response, survey)
        return response
    return render(request, "surveys/public.html", {**context, "form": form})


def _remember_answered(request: HttpRequest, response: HttpResponse, survey: Survey) -> None:
    before = request.get_signed_cookie(ANSWERED_COOKIE, default="", salt=COOKIE_SALT)
    ids = [*[i for i in before.split(",") if i][-50:], str(survey.pk)]
    response.set_signed_cookie(
        ANSWERED_COOKIE,
        ",".join(ids),
        salt=COOKIE_SALT,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
