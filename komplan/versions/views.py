"""The versions page of a plan: its approval workflow, revision table, frozen versions,
comparison and public address."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from komplan.accounts.access import APPROVE, EDIT, VIEW
from komplan.plans.access import plan_view
from komplan.plans.coverage_display import open_gaps
from komplan.plans.models import Plan, PlanStatus
from komplan.plans.planjson import plan_to_json
from komplan.plans.planjson_read import PlanJSONError
from komplan.versions import downloads, services
from komplan.versions.diff import diff_plans
from komplan.versions.document import screen_document
from komplan.versions.forms import ApproveForm, RevisionForm, StepForm
from komplan.versions.models import Revision, Snapshot

StrOrPromise = str | Promise

FORMATS = [("docx", "Word"), ("pdf", "PDF"), ("xlsx", "Excel"), ("json", "JSON")]


@plan_view(VIEW)
@require_safe
def overview(request: HttpRequest, plan: Plan) -> HttpResponse:
    membership = plan.membership
    snapshots = list(plan.snapshots.select_related("created_by").defer("data"))
    publication = services.live_publication(plan)
    context = {
        "plan": plan,
        "nav": "versions",
        "can_edit": membership.allows(EDIT),
        "can_approve": membership.allows(APPROVE),
        "approval_refusal": (
            services.approval_refusal(plan, request.user)
            if plan.status == PlanStatus.SUBMITTED and membership.allows(APPROVE)
            else ""
        ),
        "revision_rows": services.revision_rows(plan),
        "snapshots": snapshots,
        "formats": FORMATS,
        "publication": publication,
        "public_url": (
            request.build_absolute_uri(reverse("public:plan", args=[publication.token]))
            if publication
            else ""
        ),
        "published": next((s for s in reversed(snapshots) if s.status == "published"), None),
        "step_form": StepForm(),
        "approve_form": ApproveForm(),
    }
    return render(request, "versions/overview.html", context)


@dataclass(frozen=True)
class Step:
    """A workflow step's screen: who may take it, what it does and what it says."""

    role: str
    action: Callable[..., Any]
    title: StrOrPromise  # may name %(version)s, the plan's version now
    explanation: StrOrPromise
    button: StrOrPromise
    done: StrOrPromise  # names %(version)s, the plan's version after the step
    form_class: type[StepForm] = StepForm
    # What the person should see before taking the step (a plan's open gaps); when it is
    # not empty, the step is taken only with "anyway" (the ANYWAY button) pressed.
    check: Callable[[Plan], Any] | None = None
    anyway: StrOrPromise = ""
    # Why this person may not take the step ("" when they may).
    refusal: Callable[[Plan, Any], str] | None = None


ANYWAY = "anyway"


def _step_view(step: Step) -> Callable[..., HttpResponse]:
    """The view of `step`: GET shows its form, POST takes it and goes back to the versions
    page; the gate is the step's role. A step with a check shows what it found and asks
    once more; a step refused to this person says why and takes no form."""

    @plan_view(step.role)
    def view(request: HttpRequest, plan: Plan) -> HttpResponse:
        refusal = step.refusal(plan, request.user) if step.refusal else ""
        if refusal and request.method == "POST":
            messages.error(request, refusal)
            return redirect("versions:overview", plan_id=plan.pk)
        form = step.form_class(request.POST if request.method == "POST" else None)
        found = step.check(plan) if step.check else None
        confirmed = not found or ANYWAY in request.POST
        if request.method == "POST" and form.is_valid() and confirmed:
            try:
                step.action(plan, user=request.user, **form.cleaned_data)
            except services.TransitionError:
                plan.refresh_from_db(fields=["status", "version"])
                messages.error(
                    request,
                    _(
                        "The plan is now “%(status)s”: someone else took a step first. "
                        "Nothing changed."
                    )
                    % {"status": plan.get_status_display()},
                )
            except services.ApprovalRefused as refused:
                messages.error(request, refused.reason)
            else:
                plan.refresh_from_db(fields=["status", "version"])
                messages.success(request, str(step.done) % {"version": plan.version})
            return redirect("versions:overview", plan_id=plan.pk)
        context = {
            "plan": plan,
            "nav": "versions",
            "form": form,
            "title": str(step.title) % {"version": plan.version},
            "explanation": step.explanation,
            "button": step.button,
            "refusal": refusal,
            "found": found,
            "anyway": ANYWAY if found else "",
            "anyway_button": step.anyway,
        }
        return render(request, "versions/step.html", context)

    return view


submit = _step_view(
    Step(
        role=EDIT,
        action=services.submit,
        title=gettext_lazy("Submit version %(version)s for approval"),
        explanation=gettext_lazy(
            "The plan is frozen as it is now and an approver can approve it. Changing the plan "
            "before it is approved withdraws the submission."
        ),
        button=gettext_lazy("Submit for approval"),
        done=gettext_lazy("Version %(version)s was submitted for approval."),
        check=open_gaps,
        anyway=gettext_lazy("Submit anyway"),
    )
)
withdraw = _step_view(
    Step(
        role=EDIT,
        action=services.withdraw,
        title=gettext_lazy("Withdraw the submission"),
        explanation=gettext_lazy("The plan becomes a draft again, with the next version number."),
        button=gettext_lazy("Withdraw"),
        done=gettext_lazy("The submission was withdrawn. The plan is draft %(version)s."),
    )
)
approve = _step_view(
    Step(
        role=APPROVE,
        action=services.approve,
        title=gettext_lazy("Approve version %(version)s"),
        explanation=gettext_lazy(
            "The submitted plan becomes the next main version, frozen as approved. You are "
            "recorded as its approver, with the body you approve for if you name one."
        ),
        button=gettext_lazy("Approve"),
        done=gettext_lazy("The plan was approved as version %(version)s."),
        form_class=ApproveForm,
        refusal=services.approval_refusal,
    )
)
return_to_draft = _step_view(
    Step(
        role=APPROVE,
        action=services.return_to_draft,
        title=gettext_lazy("Return the plan for changes"),
        explanation=gettext_lazy(
            "Say what should change. The plan becomes a draft with the next version."
        ),
        button=gettext_lazy("Return for changes"),
        done=gettext_lazy("The plan was returned for changes as draft %(version)s."),
    )
)
publish = _step_view(
    Step(
        role=EDIT,
        action=services.publish,
        title=gettext_lazy("Publish version %(version)s"),
        explanation=gettext_lazy(
            "The approved version gets a public page at a secret address, readable without "
            "logging in, with its Word, PDF and Excel files. You can revoke the address."
        ),
        button=gettext_lazy("Publish"),
        done=gettext_lazy("Version %(version)s was published."),
    )
)


@plan_view(EDIT)
def publication_new(request: HttpRequest, plan: Plan) -> HttpResponse:
    if request.method == "POST":
        if services.published_snapshot(plan) is None:
            messages.error(request, _("Publish an approved version first."))
        else:
            services.live_publication(plan, user=request.user, create=True)
            messages.success(request, _("The plan has a new public address."))
        return redirect("versions:overview", plan_id=plan.pk)
    return render(
        request,
        "versions/confirm.html",
        {
            "plan": plan,
            "nav": "versions",
            "title": _("Make a public address"),
            "explanation": _(
                "Anyone with the address can read the published version without logging in."
            ),
            "button": _("Make the address"),
            "danger": False,
        },
    )


@plan_view(EDIT)
def publication_revoke(request: HttpRequest, plan: Plan) -> HttpResponse:
    publication = services.live_publication(plan)
    if publication is None:
        raise Http404
    if request.method == "POST":
        services.revoke_publication(publication)
        messages.success(request, _("The public address was revoked. It no longer works."))
        return redirect("versions:overview", plan_id=plan.pk)
    return render(
        request,
        "versions/confirm.html",
        {
            "plan": plan,
            "nav": "versions",
            "title": _("Revoke the public address?"),
            "explanation": _(
                "The address stops working at once, also for people who saved it. You can make "
                "a new address afterwards."
            ),
            "button": _("Revoke"),
            "danger": True,
        },
    )


# --- free revision entries -------------------------------------------------------------------


def _manual_revision(plan: Plan, revision_id: int) -> Revision:
    revision = get_object_or_404(plan.revisions, pk=revision_id)
    if revision.is_automatic:
        raise Http404  # komplan wrote it; nobody edits it
    return revision


@plan_view(EDIT)
def revision_create(request: HttpRequest, plan: Plan) -> HttpResponse:
    return _revision_form(request, plan, Revision(plan=plan, version=plan.version))


@plan_view(EDIT)
def revision_edit(request: HttpRequest, plan: Plan, revision_id: int) -> HttpResponse:
    return _revision_form(request, plan, _manual_revision(plan, revision_id))


def _revision_form(request: HttpRequest, plan: Plan, revision: Revision) -> HttpResponse:
    initial = {} if revision.pk else {"changed_by": services.person(request.user)}
    form = RevisionForm(request.POST or None, instance=revision, initial=initial)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.plan = plan
        if entry.pk is None:
            entry.user = request.user
        entry.save()
        messages.success(request, _("The revision table was saved."))
        return redirect(reverse("versions:overview", args=[plan.pk]) + "#revisions")
    return render(
        request,
        "versions/revision_form.html",
        {"plan": plan, "nav": "versions", "form": form, "revision": revision},
    )


@plan_view(EDIT)
def revision_delete(request: HttpRequest, plan: Plan, revision_id: int) -> HttpResponse:
    revision = _manual_revision(plan, revision_id)
    if request.method == "POST":
        revision.delete()
        messages.success(request, _("The entry was removed from the revision table."))
        return redirect(reverse("versions:overview", args=[plan.pk]) + "#revisions")
    return render(
        request,
        "versions/confirm.html",
        {
            "plan": plan,
            "nav": "versions",
            "title": _("Remove the entry “%(comment)s”?") % {"comment": revision.comment[:80]},
            "explanation": _("It is removed from the revision table."),
            "button": _("Remove"),
            "danger": True,
        },
    )


# --- frozen versions and comparison ----------------------------------------------------------


def _snapshot(plan: Plan, snapshot_id: int) -> Snapshot:
    return get_object_or_404(plan.snapshots.select_related("created_by"), pk=snapshot_id)


@plan_view(VIEW)
@require_safe
def snapshot_detail(request: HttpRequest, plan: Plan, snapshot_id: int) -> HttpResponse:
    snapshot = _snapshot(plan, snapshot_id)
    context = {
        "plan": plan,
        "nav": "versions",
        "snapshot": snapshot,
        "doc": screen_document(snapshot.data),
        "formats": FORMATS,
        "can_edit": plan.membership.allows(EDIT),
    }
    return render(request, "versions/snapshot.html", context)


@plan_view(VIEW)
@require_safe
def snapshot_export(
    request: HttpRequest, plan: Plan, snapshot_id: int, format: str
) -> HttpResponse:
    """The frozen version as a file, every entry in it; a large one not made yet: to the
    progress page, which offers it when a task has made it (see `downloads`)."""
    snapshot = get_object_or_404(plan.snapshots.defer("data"), pk=snapshot_id)
    progress_url = reverse("versions:snapshot_progress", args=[plan.pk, snapshot.pk, format])
    return downloads.download(snapshot, format, public=False, progress_url=progress_url)


@plan_view(VIEW)
@require_safe
def snapshot_progress(
    request: HttpRequest, plan: Plan, snapshot_id: int, format: str
) -> HttpResponse:
    """How far the frozen version's file is; as the live plan's progress page."""
    snapshot = get_object_or_404(plan.snapshots.defer("data"), pk=snapshot_id)
    context = {
        "plan": plan,
        "nav": "versions",
        **downloads.progress(
            request,
            snapshot,
            format,
            public=False,
            download_url=reverse("versions:snapshot_export", args=[plan.pk, snapshot.pk, format]),
            progress_url=reverse("versions:snapshot_progress", args=[plan.pk, snapshot.pk, format]),
        ),
    }
    template = "exports/_document_progress.html" if request.htmx else "exports/progress.html"
    response = render(request, template, context)
    response["Cache-Control"] = "private, no-store"
    return response


@plan_view(EDIT)
def snapshot_restore(request: HttpRequest, plan: Plan, snapshot_id: int) -> HttpResponse:
    """Restore a frozen version as the plan's next draft: GET asks to confirm, showing what
    is replaced; POST restores and goes back to the versions page."""
    snapshot = _snapshot(plan, snapshot_id)
    form = StepForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.restore(plan, snapshot, user=request.user, **form.cleaned_data)
        except PlanJSONError as error:
            messages.error(
                request,
                _("Version %(version)s cannot be restored: %(problem)s")
                % {"version": snapshot.version, "problem": error},
            )
            return redirect("versions:snapshot", plan_id=plan.pk, snapshot_id=snapshot.pk)
        plan.refresh_from_db(fields=["status", "version"])
        messages.success(
            request,
            _("Version %(old)s was restored. The plan is draft %(version)s.")
            % {"old": snapshot.version, "version": plan.version},
        )
        return redirect("versions:overview", plan_id=plan.pk)
    context = {
        "plan": plan,
        "nav": "versions",
        "snapshot": snapshot,
        "label": version_label(snapshot),
        "preview": services.restore_preview(plan, snapshot),
        "form": form,
    }
    return render(request, "versions/restore.html", context)


CURRENT = "current"


def _status_word(status: str) -> str:
    """The status inside a sentence: "approved", "godkänd"."""
    return str(PlanStatus(status).label).lower()


def version_label(snapshot: Snapshot) -> str:
    return _("%(version)s (%(status)s %(date)s)") % {
        "version": snapshot.version,
        "status": _status_word(snapshot.status),
        "date": date_format(timezone.localdate(snapshot.created_at)),
    }


@plan_view(VIEW)
@require_safe
def compare(request: HttpRequest, plan: Plan) -> HttpResponse:
    """Two versions side by side: any frozen version or the plan as it is now."""
    snapshots = list(plan.snapshots.defer("data"))
    by_id = {str(s.pk): s for s in snapshots}
    default_old = next(
        (s for s in reversed(snapshots) if s.status in ("approved", "published")),
        snapshots[-1] if snapshots else None,
    )
    old_key = request.GET.get("old") or (str(default_old.pk) if default_old else CURRENT)
    new_key = request.GET.get("new") or CURRENT
    for key in (old_key, new_key):
        if key != CURRENT and key not in by_id:
            raise Http404

    current_label = _("The plan now (%(status)s %(version)s)") % {
        "status": _status_word(plan.status),
        "version": plan.version,
    }

    def side(key: str) -> tuple[dict[str, Any], str]:
        if key == CURRENT:
            return plan_to_json(plan), current_label
        snapshot = Snapshot.objects.only("data").get(pk=by_id[key].pk)
        return snapshot.data, version_label(by_id[key])

    (old_data, old_label), (new_data, new_label) = side(old_key), side(new_key)
    choices = [(str(s.pk), version_label(s)) for s in reversed(snapshots)]
    choices.append((CURRENT, current_label))
    context = {
        "plan": plan,
        "nav": "versions",
        "diff": diff_plans(old_data, new_data),
        "old_label": old_label,
        "new_label": new_label,
        "old_key": old_key,
        "new_key": new_key,
        "choices": choices,
    }
    return render(request, "versions/compare.html", context)
