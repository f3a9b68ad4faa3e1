"""The report texts' screen and the reports' downloads. One permission gate each: the texts
are written by editors, the reports read by anyone who may view the plan (an outsider gets
404 from `plan_view`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from komplan.accounts.access import EDIT, VIEW
from komplan.audit.models import Action, AuditEvent
from komplan.audit.recording import user_name
from komplan.exports.text import attachment_header
from komplan.followup.forms import ReportTextsForm
from komplan.followup.models import ReportTexts
from komplan.followup.report import (
    ReportError,
    parse_period,
    quarters_of,
    report_content,
    report_filename,
)
from komplan.followup.reportdoc import DOCX, PDF, report_docx, report_pdf
from komplan.followup.richtext import to_html
from komplan.plans.access import plan_view
from komplan.plans.editing import save_form
from komplan.plans.models import Plan


def today() -> dt.date:
    """The edge reads the clock (tests move it with time-machine)."""
    from komplan.followup import views

    return views.today()


def report_links(plan: Plan, day: dt.date) -> dict[str, Any]:
    """The follow-up page's report section: the download addresses and the quarters to
    choose from (no query)."""
    return {
        "final_docx": reverse("followup:final_docx", args=[plan.pk]),
        "final_pdf": reverse("followup:final_pdf", args=[plan.pk]),
        "quarterly_docx": reverse("followup:quarterly_docx", args=[plan.pk]),
        "quarterly_pdf": reverse("followup:quarterly_pdf", args=[plan.pk]),
        "texts": reverse("followup:report_texts", args=[plan.pk]),
        "quarters": quarters_of(plan, day),
    }


@plan_view(EDIT)
def texts_edit(request: HttpRequest, plan: Plan) -> HttpResponse:
    """The team's own evaluation and lessons learned, for the final report."""
    texts = ReportTexts.objects.filter(plan=plan).first() or ReportTexts(plan=plan)
    before = {name: getattr(texts, name) for name in ("evaluation", "lessons")}
    form = ReportTextsForm(request.POST or None, instance=texts)
    url = reverse("followup:plan", args=[plan.pk]) + "#reports-heading"

    def save(form: ReportTextsForm) -> Any:
        saved = form.save_locked(user=request.user)
        assert isinstance(saved, ReportTexts)
        _audit(plan, request.user, before, saved)
        return saved

    return save_form(
        request,
        form,
        "followup/report_texts.html",
        {
            "plan": plan,
            "organization": plan.organization,
            "nav": "followup",
            "heading": _("Evaluation and lessons learned"),
            "cancel_url": url,
            "preview": [
                (form.fields[name].label, to_html(before[name]))
                for name in ("evaluation", "lessons")
            ],
        },
        url,
        _("The report texts were saved."),
        save=save,
    )


def _audit(plan: Plan, user: Any, before: dict[str, str], saved: ReportTexts) -> None:
    """A change of the texts in the plan's history, beside its facts."""
    labels = {"evaluation": _("Evaluation"), "lessons": _("Lessons learned")}
    changes = [
        {"field": name, "label": labels[name], "old": old, "new": getattr(saved, name)}
        for name, old in before.items()
        if old != getattr(saved, name)
    ]
    if not changes:
        return
    AuditEvent.objects.create(
        organization=plan.organization,
        plan=plan,
        plan_name=plan.name[:300],
        register="plan",
        object_id=plan.pk,
        object_repr=plan.name[:300],
        action=Action.UPDATE,
        changes=changes,
        user=user,
        user_name=user_name(user),
    )


@plan_view(VIEW)  # first: an outsider gets 404 whatever the method
@require_safe
def download(request: HttpRequest, plan: Plan, kind: str, fmt: str) -> HttpResponse:
    """The final report (every section, the whole plan) or the follow-up report of
    `?period=` ("now" up to today, or a quarter "2026-Q3"), as Word or PDF, made now."""
    final = kind == "final"
    try:
        period = parse_period(None if final else request.GET.get("period"))
    except ReportError as error:
        return HttpResponseBadRequest(
            _("“%(period)s” is not a period: give a quarter such as 2026-Q3, or “now”.")
            % {"period": str(error)[:40]},
            content_type="text/plain; charset=utf-8",
        )
    doc = report_content(plan, today=today(), period=period, final=final)
    body = report_docx(doc) if fmt == "docx" else report_pdf(doc)
    response = HttpResponse(body, content_type=DOCX if fmt == "docx" else PDF)
    response["Content-Disposition"] = attachment_header(report_filename(doc, fmt, period))
    response["Cache-Control"] = "private, no-store"
    return response
