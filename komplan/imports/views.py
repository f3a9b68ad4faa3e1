"""Import a file into a new plan of an organisation or into an existing plan: upload, preview
with the column mapping, commit.

The uploaded file waits in Django's storage under a random name, known only to the uploader's
session, between the upload and the commit; the preview reads it with the user's choices
(sent as form fields) and keeps what it read beside it as JSON, and the commit writes that
very draft — what the preview showed — in one transaction. Nothing is written before the
commit. Plan JSON needs no draft: the preview and the commit read the file itself
(`importers.planjson_import`).
"""

from __future__ import annotations

import contextlib
import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from komplan.accounts.access import EDIT, organization_view
from komplan.imports.forms import (
    FIELD_LABELS,
    ImportUploadForm,
    column_fields,
    json_options_form,
    options_form,
    read_options,
)
from komplan.imports.importers import ReadOptions, RefusedFile, read_upload
from komplan.imports.importers.commit import ImportRefused, import_commit, preview
from komplan.imports.importers.draft import ImportDraft, draft_from_json, draft_to_json
from komplan.imports.importers.planjson_import import (
    JsonImport,
    JsonRefused,
    json_commit,
    json_preview,
    json_report,
)
from komplan.imports.importers.report import report
from komplan.imports.importers.safety import MAX_BYTES, inspect
from komplan.plans.access import plan_view
from komplan.plans.models import Plan

SESSION_KEY = "komplan_imports"
FOLDER = "imports"
KEEP = timedelta(days=1)  # uploads left behind by an abandoned preview
MAX_PENDING = 5  # per session


# --- where the uploaded file waits -----------------------------------------------------------


def _scope(organization: Any, plan: Plan | None) -> str:
    return f"plan:{plan.pk}" if plan is not None else f"org:{organization.pk}"


def _store(
    request: HttpRequest, data: bytes, filename: str, scope: str, kind: str, fmt: str = ""
) -> str:
    _sweep()
    token = secrets.token_urlsafe(18)
    extension = filename.rsplit(".", 1)[-1].casefold()[:5] if "." in filename else "bin"
    path = default_storage.save(f"{FOLDER}/{token}.{extension}", ContentFile(data))
    pending = dict(request.session.get(SESSION_KEY, {}))
    oldest_first = sorted(pending, key=lambda t: pending[t]["at"])
    for old in oldest_first[: max(0, len(pending) - MAX_PENDING + 1)]:
        _delete_upload(pending.pop(old))
    pending[token] = {
        "path": path,
        "filename": filename[:200],
        "scope": scope,
        "kind": kind,
        "format": fmt,
        "at": timezone.now().isoformat(),
    }
    request.session[SESSION_KEY] = pending
    return token


def _pending(request: HttpRequest, token: str, scope: str) -> dict[str, Any] | None:
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if not entry or entry.get("scope") != scope or not default_storage.exists(entry["path"]):
        return None
    return dict(entry)


def _stash_path(entry: dict[str, Any]) -> str:
    return f"{entry['path'].rsplit('.', 1)[0]}-draft.json"


def _stash(entry: dict[str, Any], draft: ImportDraft) -> None:
    """Keep the draft just read beside the upload: a 5,000-row sheet is parsed once for its
    preview, and the commit writes that very draft instead of parsing the file again."""
    path = _stash_path(entry)
    with contextlib.suppress(OSError):
        _delete(path)
        default_storage.save(path, ContentFile(draft_to_json(draft).encode()))


def _stashed(entry: dict[str, Any], options: ReadOptions) -> ImportDraft | None:
    """The kept draft, if it was read with the choices `options` names (the commit form
    names them all); else None, and the file is read again."""
    try:
        with default_storage.open(_stash_path(entry), "rb") as stored:
            draft = draft_from_json(stored.read().decode())
    except (OSError, ValueError, TypeError, KeyError):
        return None
    same = (
        options.kind == draft.kind
        and options.sheet == draft.sheet
        and options.header_row == draft.header_row
        and options.columns == {column.index: column.field for column in draft.columns}
        and options.language in ("", draft.language)
    )
    return draft if same else None


def _discard(request: HttpRequest, token: str) -> None:
    pending = dict(request.session.get(SESSION_KEY, {}))
    entry = pending.pop(token, None)
    if entry:
        _delete_upload(entry)
    request.session[SESSION_KEY] = pending


def _delete_upload(entry: dict[str, Any]) -> None:
    """Delete an upload and the draft kept beside it."""
    _delete(entry["path"])
    _delete(_stash_path(entry))


def _delete(path: str) -> None:
    with contextlib.suppress(OSError):
        default_storage.delete(path)


def _sweep() -> None:
    """Delete uploads older than a day: previews that were never committed."""
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except (FileNotFoundError, NotImplementedError, OSError):
        return
    limit = timezone.now() - KEEP
    for name in files:
        path = f"{FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
        except (NotImplementedError, OSError):
            continue


# --- views -----------------------------------------------------------------------------------


@organization_view(EDIT)
def import_new_upload(request: HttpRequest, organization: Any, membership: Any) -> HttpResponse:
    return _upload(request, organization, None)


@plan_view(EDIT)
def import_plan_upload(request: HttpRequest, plan: Plan) -> HttpResponse:
    return _upload(request, plan.organization, plan)


@organization_view(EDIT)
def import_new_preview(request: HttpRequest, organization: Any, membership: Any) -> HttpResponse:
    return _preview(request, organization, None)


@plan_view(EDIT)
def import_plan_preview(request: HttpRequest, plan: Plan) -> HttpResponse:
    return _preview(request, plan.organization, plan)


@organization_view(EDIT)  # first: an outsider gets 404 whatever the method
@require_POST
def import_new_commit(request: HttpRequest, organization: Any, membership: Any) -> HttpResponse:
    return _commit(request, organization, None)


@plan_view(EDIT)
@require_POST
def import_plan_commit(request: HttpRequest, plan: Plan) -> HttpResponse:
    return _commit(request, plan.organization, plan)


def _urls(organization: Any, plan: Plan | None) -> dict[str, str]:
    if plan is None:
        args: list[Any] = [organization.slug]
        prefix = "imports:import_new"
        cancel = reverse("plans:list")
    else:
        args = [plan.pk]
        prefix = "imports:import_plan"
        cancel = reverse("plans:overview", args=[plan.pk])
    return {
        "upload": reverse(f"{prefix}_upload", args=args),
        "preview": reverse(f"{prefix}_preview", args=args),
        "commit": reverse(f"{prefix}_commit", args=args),
        "cancel": cancel,
    }


def _shown(shown: Any) -> dict[str, Any]:
    """What the preview page shows of a report, the same for every kind of file."""
    names = (
        "kind_label",
        "counts",
        "register_lines",
        "problems",
        "facts",
        "activity_rows",
        "hidden_activities",
        "registers",
        "goals",
        "nothing_to_do",
        "missing_rows",
    )
    return {name: getattr(shown, name) for name in names}


def _context(organization: Any, plan: Plan | None, **extra: Any) -> dict[str, Any]:
    return {
        "organization": organization,
        "plan": plan,
        "urls": _urls(organization, plan),
        "max_mb": MAX_BYTES // 1024 // 1024,
        **extra,
    }


def _upload(request: HttpRequest, organization: Any, plan: Plan | None) -> HttpResponse:
    if request.method != "POST":
        return _upload_page(request, organization, plan, ImportUploadForm())
    form = ImportUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(MAX_BYTES + 1)
        try:
            fmt = inspect(data, upload.name).format
        except RefusedFile as error:
            form.add_error("file", str(error))
        else:
            kind = form.cleaned_data["kind"]
            scope = _scope(organization, plan)
            token = _store(request, data, upload.name, scope, kind, fmt)
            query = {"upload": token, **({"kind": kind} if kind else {})}
            return redirect(f"{_urls(organization, plan)['preview']}?{urlencode(query)}")
    return _upload_page(request, organization, plan, form, status=400)


def _upload_page(
    request: HttpRequest,
    organization: Any,
    plan: Plan | None,
    form: ImportUploadForm | None = None,
    *,
    refused: str = "",
    status: int = 200,
) -> HttpResponse:
    context = _context(organization, plan, form=form or ImportUploadForm(), refused=refused)
    return render(request, "imports/import_upload.html", context, status=status)


def _read(
    request: HttpRequest, organization: Any, plan: Plan | None, data: Any
) -> tuple[Any, str, dict[str, Any]] | HttpResponse:
    """The pending upload read with the user's choices, or the upload page saying why not."""
    token = str(data.get("upload", ""))
    entry = _pending(request, token, _scope(organization, plan)) if token else None
    if entry is None:
        notice = _("That upload is no longer available. Upload the file again.") if token else ""
        return _upload_page(request, organization, plan, refused=notice)
    options, name = read_options(data, kind=entry["kind"])
    if entry.get("format") == "json":
        return None, token, {"options": options, "name": name, "entry": entry}
    draft = _stashed(entry, options)
    if draft is None:
        try:
            with default_storage.open(entry["path"], "rb") as stored:
                content = stored.read(MAX_BYTES + 1)
            draft = read_upload(content, entry["filename"], options)
        except RefusedFile as error:
            _discard(request, token)
            return _upload_page(request, organization, plan, refused=str(error), status=400)
        _stash(entry, draft)
    return draft, token, {"options": options, "name": name, "entry": entry}


def _preview(request: HttpRequest, organization: Any, plan: Plan | None) -> HttpResponse:
    read = _read(request, organization, plan, request.GET)
    if isinstance(read, HttpResponse):
        return read
    draft, token, extra = read
    if draft is None:
        result = json_preview(
            _content(extra["entry"]),
            filename=extra["entry"]["filename"],
            organization=organization,
            plan=plan,
            name=extra["name"],
        )
        return _render_json_preview(request, organization, plan, result, token, extra)
    result = preview(
        draft,
        organization=organization,
        plan=plan,
        language=extra["options"].language,
        name=extra["name"],
    )
    return _render_preview(request, organization, plan, draft, result, token, extra)


def _render_preview(
    request: HttpRequest,
    organization: Any,
    plan: Plan | None,
    draft: Any,
    result: Any,
    token: str,
    extra: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    form = options_form(
        draft,
        extra["options"],
        name=str(result.facts.get("name", "")),
        new_plan=plan is None,
        language=result.target.language,
    )
    shown = report(result)
    context = _context(
        organization,
        plan,
        draft=draft,
        result=result,
        token=token,
        form=form,
        columns=[
            (column, bound, FIELD_LABELS.get(column.detected, ""))
            for column, bound in column_fields(form, draft)
        ],
        **_shown(shown),
        filename=extra["entry"]["filename"],
        # The rows offered as checkboxes: those unticked are left out of the commit.
        offered=" ".join(
            [r.choice for r in shown.activity_rows if r.state != "unchanged"]
            + [r.choice for r in shown.missing_rows]
        )
        if plan is not None
        else "",
    )
    return render(request, "imports/import_preview.html", context, status=status)


def _commit(request: HttpRequest, organization: Any, plan: Plan | None) -> HttpResponse:
    read = _read(request, organization, plan, request.POST)
    if isinstance(read, HttpResponse):
        return read
    draft, token, extra = read
    if draft is None:
        return _json_commit(request, organization, plan, token, extra)
    try:
        done = import_commit(
            draft=draft,
            organization=organization,
            plan=plan,
            user=request.user,
            language=extra["options"].language,
            name=extra["name"],
            skip=_skipped(request.POST),
        )
    except ImportRefused as refused:
        if request.htmx:  # htmx does not swap an error response: show the preview again
            return HttpResponseClientRedirect(
                f"{_urls(organization, plan)['preview']}?{request.POST.urlencode()}"
            )
        return _render_preview(
            request, organization, plan, draft, refused.plan, token, extra, status=400
        )
    return _done(request, organization, plan, token, done)


def _skipped(data: Any) -> set[str]:
    """The rows the user unticked: offered as a checkbox in the preview, not sent back."""
    offered = set(str(data.get("offered", "")).split())
    return offered - set(data.getlist("apply"))


def _done(
    request: HttpRequest, organization: Any, plan: Plan | None, token: str, done: Any
) -> HttpResponse:
    """After a commit: the upload is deleted and the plan shown, with what was imported."""
    _discard(request, token)
    created = done.created
    summary = _summary(created)
    changed = getattr(done, "changed", {})
    if changed.get("changed") or changed.get("deleted"):
        summary += " " + _(
            "%(changed)s activities of the plan were changed and %(deleted)s deleted."
        ) % {"changed": changed["changed"], "deleted": changed["deleted"]}
    messages.success(request, summary)
    if created["activities"]:
        target = reverse("plans:activity_plan", args=[done.plan.pk])
    else:
        target = reverse("plans:overview", args=[done.plan.pk])
    if request.htmx:
        return HttpResponseClientRedirect(target)
    return redirect(target)


# --- plan JSON -------------------------------------------------------------------------------


def _content(entry: dict[str, Any]) -> bytes:
    with default_storage.open(entry["path"], "rb") as stored:
        return bytes(stored.read(MAX_BYTES + 1))


def _render_json_preview(
    request: HttpRequest,
    organization: Any,
    plan: Plan | None,
    result: JsonImport,
    token: str,
    extra: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    """The preview page for a plan-JSON file: the same page as the other files' previews."""
    form = json_options_form(name=str(result.facts.get("name", "")), new_plan=plan is None)
    shown = json_report(result)
    context = _context(
        organization,
        plan,
        draft=result.draft,
        result=result,
        token=token,
        form=form,
        columns=[],
        **_shown(shown),
        filename=extra["entry"]["filename"],
        # The rows offered as checkboxes: those unticked are left out of the commit.
        offered=" ".join(
            [r.choice for r in shown.activity_rows if r.state != "unchanged"]
            + [r.choice for r in shown.missing_rows]
        )
        if plan is not None
        else "",
    )
    return render(request, "imports/import_preview.html", context, status=status)


def _json_commit(
    request: HttpRequest, organization: Any, plan: Plan | None, token: str, extra: dict[str, Any]
) -> HttpResponse:
    try:
        done = json_commit(
            _content(extra["entry"]),
            filename=extra["entry"]["filename"],
            organization=organization,
            plan=plan,
            user=request.user,
            name=extra["name"],
        )
    except JsonRefused as refused:
        if request.htmx:  # htmx does not swap an error response: show the preview again
            return HttpResponseClientRedirect(
                f"{_urls(organization, plan)['preview']}?{request.POST.urlencode()}"
            )
        return _render_json_preview(
            request, organization, plan, refused.result, token, extra, status=400
        )
    return _done(request, organization, plan, token, done)


def _summary(created: dict[str, int]) -> str:
    parts = [
        ngettext("%(n)s activity", "%(n)s activities", created["activities"])
        % {"n": created["activities"]},
        ngettext("%(n)s target group", "%(n)s target groups", created["groups"])
        % {"n": created["groups"]},
        ngettext("%(n)s message", "%(n)s messages", created["messages"])
        % {"n": created["messages"]},
        ngettext("%(n)s channel", "%(n)s channels", created["channels"])
        % {"n": created["channels"]},
    ]
    return _("The file was imported: %(parts)s.") % {"parts": ", ".join(parts)}
