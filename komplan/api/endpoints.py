"""The REST API under /api/v1/ (docs/api.md): plans, every register of the plan's schema,
the versions workflow and coverage. Every plan-scoped operation fetches its plan through
`komplan.api.auth.plan_for` (the screens' gate); every change goes through the screens' forms
and services (`komplan.api.writing`)."""

# No `from __future__ import annotations`: django-ninja reads the operations' annotations,
# and the registers' documents are local to the function that makes their operations.

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Header, NinjaAPI, Path, Query, Router, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger
from pydantic import Field as PydanticField

from komplan.accounts.access import APPROVE, EDIT, MANAGE, VIEW
from komplan.api import schemas, writing
from komplan.api.auth import AUTH, organization_for, plan_for, plans_for
from komplan.plans import schema, services
from komplan.plans.coverage_display import coverage_summary, open_gaps
from komplan.plans.forms import PlanCreateForm, PlanForm
from komplan.plans.models import Plan
from komplan.plans.registers import REGISTERS
from komplan.versions import services as versions
from komplan.versions.models import Snapshot

DESCRIPTION = """komplan's communication plans for your organisation's other systems: the plans and
their registers, versions and coverage; forums, their meetings with agenda, decisions and
action items; each goal's follow-up and measurements; a plan's surveys, their questions and
results; the dissemination cascade: its steps, material, approval, release and tracking.

Open it with a personal API token (`Authorization: Bearer kp_…`, made on your profile page)
or, on this page, with your logged-in session. You reach what your role in the token's
organisation lets you reach: another organisation's plans are not found (404), a viewer or a
read token may not change anything (403).

Reads answer with an `ETag`; a change (PATCH) sends it back in `If-Match`, and is refused
with 412 when someone changed the object in between. Lists are paginated with `limit` and
`offset`. Errors name what is wrong with each field in the screens' words, in the language
of `Accept-Language` (sv, da, nb, en). More in docs/api.md."""


class KomplanAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        document = super().get_openapi_schema(*args, **kwargs)
        # A parameter's `examples` is a map of Example Objects in OpenAPI 3.1; django-ninja
        # copies its schema's list there: the parameter keeps one `example` instead.
        for operations in document["paths"].values():
            for operation in operations.values():
                for parameter in operation.get("parameters", []):
                    if isinstance(parameter.get("examples"), list):
                        parameter["example"] = parameter.pop("examples")[0]
        _link_creates(document)
        return document


def _link_creates(document: dict[str, Any]) -> None:
    """OpenAPI links from each create (`<x>_create`, 201) to the read, change and delete of
    what it made (`<x>_read`, `_update`, `_delete`): the id comes from the answer's body, the
    parent's from the request's path. django-ninja writes no links itself; clients and
    Schemathesis' stateful tests follow them."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for path, operations in document["paths"].items():
        for operation in operations.values():
            found[operation.get("operationId", "")] = (path, operation)

    def path_names(operation: dict[str, Any]) -> list[str]:
        return [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]

    for operation_id, (_path, create) in found.items():
        created = next((k for k in create["responses"] if str(k) == "201"), None)
        if not operation_id.endswith("_create") or created is None:
            continue
        resource = operation_id.removesuffix("_create")
        given = path_names(create)
        links = {}
        for step, verb in [("read", "Read"), ("update", "Change"), ("delete", "Delete")]:
            if f"{resource}_{step}" not in found:
                continue
            parameters = {
                name: f"$request.path.{name}" if name in given else "$response.body#/id"
                for name in path_names(found[f"{resource}_{step}"][1])
            }
            if step != "read":  # the version it was made in: its ETag
                parameters["header.If-Match"] = "$response.header.ETag"
            links[f"{verb}It"] = {
                "operationId": f"{resource}_{step}",
                "parameters": parameters,
                "description": f"{verb} what was created: its `id` is the answer's.",
            }
        if links:
            create["responses"][created]["links"] = links


api = KomplanAPI(
    title="komplan API",
    version="1",
    description=DESCRIPTION,
    auth=AUTH,
    urls_namespace="api-v1",
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)

READS = {401: schemas.Problem, 403: schemas.Problem, 404: schemas.Problem, 422: schemas.Problem}
CHANGES = {**READS, 400: schemas.Problem, 409: schemas.Problem, 412: schemas.Problem}
LOCKED = {**CHANGES, 428: schemas.Problem}
PAGE_LIMIT = 500
PlanId = Annotated[int, Path(description="The plan's id.", example=12, ge=1, le=schemas.MAX_ID)]
EntryId = Annotated[int, Path(description="The entry's id.", example=42, ge=1, le=schemas.MAX_ID)]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description='Required on a change (428 without it). The ETag of your read of it (`"3"`): '
        "refused with 412 if it changed since.",
    ),
]
DeleteIfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description='Optional on a delete. The ETag of your read of it (`"3"`): refused with 412 '
        "if it changed since.",
    ),
]


# --- errors, in one shape ---------------------------------------------------------------------


def _problem(request: HttpRequest, status: int, detail: str, errors: Any = None) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _problem(request, 404, _("Not found."))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _problem(request, 403, str(exc) or _("You may not do this."))


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _problem(request, 401, _("Log in, or send a valid API token."))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _problem(request, exc.status_code, str(exc))


@api.exception_handler(writing.FormInvalid)
def _invalid(request: HttpRequest, exc: writing.FormInvalid) -> HttpResponse:
    return _problem(request, 422, _("Please correct the errors below."), exc.errors)


@api.exception_handler(NinjaValidationError)
def _malformed(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        where = [
            str(part)
            for part in error.get("loc", ())
            if part not in ("body", "query", "path", "payload")
        ]
        errors.setdefault(".".join(where) or "__all__", []).append(str(error.get("msg", "")))
    return _problem(request, 422, _("Please correct the errors below."), errors)


@api.exception_handler(writing.Stale)
def _stale(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _problem(
        request,
        412,
        _("Someone else saved this after you read it. Read it again, then send your change."),
    )


# --- plans ------------------------------------------------------------------------------------

plans = Router(tags=["plans"])


def plan_out(plan: Plan) -> dict[str, Any]:
    out = {name: getattr(plan, name) for name in schemas.PlanOut.model_fields}
    out["organization"] = plan.organization.slug
    return out


class PlanFilters(schemas.Schema):
    organization: str | None = PydanticField(
        None, description="Only this organisation's plans (its slug).", examples=["ekby"]
    )
    status: str | None = PydanticField(
        None,
        description="Only plans with this status: draft, submitted, approved or published.",
        examples=["draft"],
        json_schema_extra={"enum": ["draft", "submitted", "approved", "published", None]},
    )


class Page(schemas.Schema):
    limit: int = PydanticField(
        100,
        ge=1,
        le=PAGE_LIMIT,
        description=f"Entries per page, at most {PAGE_LIMIT}.",
        examples=[100],
    )
    offset: int = PydanticField(
        0, ge=0, le=schemas.MAX_ID, description="Entries to skip.", examples=[200]
    )


def _page(queryset: Any, page: Page, item: Any) -> dict[str, Any]:
    rows = queryset[page.offset : page.offset + page.limit]
    return {
        "count": queryset.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": [item(row) for row in rows],
    }


def _read(response: HttpResponse, found: Any, out: Any) -> Any:
    """`found` as `out` shows it, its version in the answer's ETag."""
    response["ETag"] = writing.etag(found.lock_version)
    return out(found)


@plans.get(
    "",
    response={200: schemas.PlanPage, **READS},
    operation_id="plans_list",
    summary="The plans you may read",
)
def plan_list(request: HttpRequest, filters: Query[PlanFilters], page: Query[Page]) -> Any:
    found = plans_for(request).filter(organization__memberships__user=request.user)
    if filters.organization:
        found = found.filter(organization__slug=filters.organization)
    if filters.status:
        found = found.filter(status=filters.status)
    return _page(found.order_by("pk"), page, plan_out)


@plans.get(
    "/{plan_id}",
    response={200: schemas.PlanOut, **READS},
    operation_id="plans_read",
    summary="A plan's facts",
)
def plan_read(request: HttpRequest, plan_id: PlanId, response: HttpResponse) -> Any:
    return _read(response, plan_for(request, plan_id, VIEW), plan_out)


@plans.post(
    "",
    response={201: schemas.PlanOut, **CHANGES},
    operation_id="plans_create",
    summary="Create a plan",
)
def plan_create(request: HttpRequest, body: schemas.PlanNew, response: HttpResponse) -> Any:
    values = body.model_dump(exclude_unset=True)
    organization = organization_for(request, values.pop("organization"), EDIT)
    values["organization"] = organization.pk
    data = writing.form_data(list(PlanCreateForm._meta.fields), values)
    form = writing.valid(PlanCreateForm(data, organizations=[organization]))
    plan = services.plan_create(form=form, user=request.user)
    return Status(201, _read(response, plan, plan_out))


@plans.patch(
    "/{plan_id}",
    response={200: schemas.PlanOut, **LOCKED},
    operation_id="plans_update",
    summary="Change a plan's facts",
)
def plan_update(
    request: HttpRequest,
    plan_id: PlanId,
    body: schemas.PlanChange,
    response: HttpResponse,
    if_match: IfMatch = None,
) -> Any:
    plan = plan_for(request, plan_id, EDIT)
    saved = writing.save(
        request,
        PlanForm,
        body.model_dump(exclude_unset=True),
        instance=plan,
        if_match=if_match,
    )
    return _read(response, saved, plan_out)


@plans.delete(
    "/{plan_id}",
    response={204: None, **CHANGES},
    operation_id="plans_delete",
    summary="Delete a plan (administrators)",
)
def plan_delete(request: HttpRequest, plan_id: PlanId, if_match: DeleteIfMatch = None) -> Any:
    writing.delete(plan_for(request, plan_id, MANAGE), if_match)
    return Status(204, None)


# --- registers of a parent: the plan's, a meeting's, a forum's meetings, a goal's measurements --


@dataclass(frozen=True)
class Parent:
    """What a register's entries belong to, reached through the screens' gate: `get(request,
    id, role)`. `name` names the path's parameter (`{plan_id}`) and the forms' keyword."""

    name: str
    prefix: str  # "/plans": the entries are at <prefix>/{<name>_id}/<slug>
    get: Callable[[HttpRequest, int, str], Any]

    @property
    def id(self) -> Any:
        return Annotated[
            int,
            Path(
                alias=f"{self.name}_id",
                description=f"The {self.name}'s id.",
                example=12,
                ge=1,
                le=schemas.MAX_ID,
            ),
        ]


@dataclass(frozen=True)
class Entries:
    """A register under a parent: the screen's form and what differs from the plan's
    registers. `listed(parent, filters)` is the list's queryset (ordered, its links
    prefetched), `get(parent, pk)` one entry (`model.DoesNotExist` if none of the parent's).
    Optional: `form_kwargs(parent)` (default: the parent by its name), `new(parent)` the
    unsaved entry a create starts from, `prepare(values)` the form's values from the API's,
    `save(form, parent, user)` a create's service, `guard(parent, entry)` refusing a change
    now (a meeting's submitted minutes: 409), `delete_role` above EDIT."""

    slug: str
    plural: str
    model: Any
    form_class: Any
    documents: Any
    out: Callable[[Any], dict[str, Any]]
    listed: Callable[[Any, Any], Any]
    get: Callable[[Any, int], Any]
    form_kwargs: Callable[[Any], dict[str, Any]] | None = None
    new: Callable[[Any], Any] | None = None
    prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    save: Callable[[Any, Any, Any], Any] | None = None
    guard: Callable[[Any, Any], None] | None = None
    tag: str = ""


def model_out(model: Any, names: list[str], **computed: Callable[[Any], Any]) -> Any:
    """An entry as its document `names` it: values (decimals as strings), references as ids,
    many-to-many fields as lists of ids (prefetched); `computed` adds what is not a field."""
    kinds = {}
    for name in names:
        field = model._meta.get_field(name)
        if field.many_to_many:
            kinds[name] = "many"
        elif field.is_relation:
            kinds[name] = "ref"
        elif isinstance(field, models.DecimalField):
            kinds[name] = f".{field.decimal_places}f"  # as stored: "520.00"
        else:
            kinds[name] = "value"

    def out(entry: Any) -> dict[str, Any]:
        data: dict[str, Any] = {"id": entry.pk}
        for name, kind in kinds.items():
            if kind == "many":
                data[name] = [linked.pk for linked in getattr(entry, name).all()]
            elif kind == "ref":
                data[name] = getattr(entry, f"{name}_id")
            else:
                value = getattr(entry, name)
                data[name] = value if value is None or kind == "value" else format(value, kind)
        for name, make in computed.items():
            data[name] = make(entry)
        data["lock_version"] = entry.lock_version
        data["updated_at"] = entry.updated_at
        return data

    return out


def entries_router(parent: Parent, entries: Entries) -> Router:
    """List, read, create, update and delete of `entries` under `parent`, with the screens'
    gate (VIEW to read, EDIT to change), forms, locking and messages."""
    slug, documents, out = entries.slug, entries.documents, entries.out
    router = Router(tags=[entries.tag or slug])
    ParentId = parent.id

    def entry(found: Any, entry_id: int) -> Any:
        try:
            return entries.get(found, entry_id)
        except entries.model.DoesNotExist:
            raise Http404 from None

    def changeable(request: HttpRequest, parent_id: int, entry_id: int | None = None) -> Any:
        found = parent.get(request, parent_id, EDIT)
        chosen = None if entry_id is None else entry(found, entry_id)
        if entries.guard is not None:
            entries.guard(found, chosen)
        return found, chosen

    def form_kwargs(found: Any) -> dict[str, Any]:
        if entries.form_kwargs is not None:
            return entries.form_kwargs(found)
        return {parent.name: found}

    @router.get(
        f"/{{{parent.name}_id}}/{slug}",
        response={200: documents.page, **READS},
        operation_id=f"{slug}_list",
        summary=f"The {parent.name}'s {entries.plural}",
    )
    def entry_list(
        request: HttpRequest,
        parent_id: ParentId,  # type: ignore[valid-type]
        filters: Query[documents.filters],  # type: ignore[name-defined]
        page: Query[Page],
    ) -> Any:
        return _page(entries.listed(parent.get(request, parent_id, VIEW), filters), page, out)

    @router.get(
        f"/{{{parent.name}_id}}/{slug}/{{entry_id}}",
        response={200: documents.out, **READS},
        operation_id=f"{slug}_read",
        summary=f"One of the {parent.name}'s {entries.plural}",
    )
    def entry_read(
        request: HttpRequest,
        parent_id: ParentId,  # type: ignore[valid-type]
        entry_id: EntryId,
        response: HttpResponse,
    ) -> Any:
        return _read(response, entry(parent.get(request, parent_id, VIEW), entry_id), out)

    @router.post(
        f"/{{{parent.name}_id}}/{slug}",
        response={201: documents.out, **CHANGES},
        operation_id=f"{slug}_create",
        summary=f"Add to the {parent.name}'s {entries.plural}",
    )
    def entry_create(
        request: HttpRequest,
        parent_id: ParentId,  # type: ignore[valid-type]
        body: documents.new,  # type: ignore[name-defined]
        response: HttpResponse,
    ) -> Any:
        found, _none = changeable(request, parent_id)
        save = entries.save
        saved = writing.save(
            request,
            entries.form_class,
            body.model_dump(exclude_unset=True),
            new=entries.new(found) if entries.new is not None else None,
            prepare=entries.prepare,
            saver=(lambda form: save(form, found, request.user)) if save is not None else None,
            **form_kwargs(found),
        )
        return Status(201, _read(response, saved, out))

    @router.patch(
        f"/{{{parent.name}_id}}/{slug}/{{entry_id}}",
        response={200: documents.out, **LOCKED},
        operation_id=f"{slug}_update",
        summary=f"Change one of the {parent.name}'s {entries.plural}",
    )
    def entry_update(
        request: HttpRequest,
        parent_id: ParentId,  # type: ignore[valid-type]
        entry_id: EntryId,
        body: documents.change,  # type: ignore[name-defined]
        response: HttpResponse,
        if_match: IfMatch = None,
    ) -> Any:
        found, chosen = changeable(request, parent_id, entry_id)
        saved = writing.save(
            request,
            entries.form_class,
            body.model_dump(exclude_unset=True),
            instance=chosen,
            if_match=if_match,
            prepare=entries.prepare,
            **form_kwargs(found),
        )
        return _read(response, saved, out)

    @router.delete(
        f"/{{{parent.name}_id}}/{slug}/{{entry_id}}",
        response={204: None, **CHANGES},
        operation_id=f"{slug}_delete",
        summary=f"Delete one of the {parent.name}'s {entries.plural}",
    )
    def entry_delete(
        request: HttpRequest,
        parent_id: ParentId,  # type: ignore[valid-type]
        entry_id: EntryId,
        if_match: DeleteIfMatch = None,
    ) -> Any:
        _found, chosen = changeable(request, parent_id, entry_id)
        writing.delete(chosen, if_match)
        return Status(204, None)

    return router


# --- the plan's registers, from the schema ----------------------------------------------------


def _entry_out(described: schema.Register) -> Any:
    values = [f.name for f in described.values]
    # Written as strings, as the documents say (`schemas._base_type`).
    decimals = {
        name
        for name in values
        if isinstance(described.model._meta.get_field(name), models.DecimalField)
    }
    single = [r.name for r in described.refs if not r.many]
    many = [r.name for r in described.links]

    def out(entry: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": entry.pk,
            "position": entry.position,
            "lock_version": entry.lock_version,
            "updated_at": entry.updated_at,
        }
        if described.numbered:
            data["number"] = entry.position
        for name in values:
            value = getattr(entry, name)
            data[name] = str(value) if value is not None and name in decimals else value
        for name in single:
            data[name] = getattr(entry, f"{name}_id")
        for name in many:
            data[name] = [linked.pk for linked in getattr(entry, name).all()]
        return data

    return out


def _links(described: schema.Register) -> list[Prefetch]:
    """Each many-to-many field's ids, one query each whatever the page's length."""
    return [
        Prefetch(ref.name, queryset=schema.by_slug(ref.register).model.objects.only("pk"))
        for ref in described.links
    ]


PLAN = Parent("plan", "/plans", plan_for)


def _utc(moment: dt.datetime) -> dt.datetime:
    """`moment` in UTC: ISO 8601 allows an offset up to ±23:59, PostgreSQL one up to ±15:59
    (a time sent as it was a server error there). Past the first or last moment Python holds,
    the first or last one; a moment without an offset is Django's to read."""
    if moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:
        offset = moment.utcoffset() or dt.timedelta(0)
        return (dt.datetime.min if offset > dt.timedelta(0) else dt.datetime.max).replace(
            tzinfo=dt.UTC
        )


def _plan_register(slug: str) -> Entries:
    screens = REGISTERS[slug]
    described = screens.schema
    documents = schemas.REGISTERS[slug]
    filter_names = [n for n in documents.filters.model_fields if n != "updated_since"]

    def listed(plan: Plan, filters: Any) -> Any:
        found = described.model.objects.filter(plan=plan)
        for name in filter_names:
            value = getattr(filters, name)
            if value is not None:
                found = found.filter(**{name: value})
        if filters.updated_since is not None:
            found = found.filter(updated_at__gte=_utc(filters.updated_since))
        return found.prefetch_related(*_links(described)).order_by("position", "pk")

    return Entries(
        slug=slug,
        plural=str(described.model._meta.verbose_name_plural),
        model=described.model,
        form_class=screens.form_class,
        documents=documents,
        out=_entry_out(described),
        listed=listed,
        get=screens.get,
    )


# --- versions and coverage --------------------------------------------------------------------

workflow = Router(tags=["versions"])


DECISION = "decision"  # a revision row that is a meeting's decision


def _versions(plan: Plan) -> dict[str, Any]:
    return {
        "status": plan.status,
        "version": plan.version,
        # The revision table of the screens and documents: a meeting's decision approving a
        # version too, once its minutes are approved.
        "revisions": [
            {
                "version": row.version,
                "date": row.date,
                "comment": row.comment,
                "changed_by": row.changed_by,
                "kind": row.revision.kind if row.revision else DECISION,
            }
            for row in versions.revision_rows(plan)
            if not row.provisional
        ],
        "snapshots": list(
            Snapshot.objects.filter(plan=plan)
            .order_by("created_at", "pk")
            .values("id", "version", "status", "created_at")
        ),
    }


@workflow.get(
    "/{plan_id}/versions",
    response={200: schemas.VersionsOut, **READS},
    operation_id="versions_read",
    summary="The plan's status, revisions and frozen versions",
)
def versions_read(request: HttpRequest, plan_id: PlanId) -> Any:
    return _versions(plan_for(request, plan_id, VIEW))


def _step(
    role: str, action: Any, body_schema: Any, name: str, summary: str, *, gaps: bool = False
) -> None:
    @workflow.post(
        f"/{{plan_id}}/versions/{name}",
        response={200: schemas.VersionsOut, **CHANGES},
        operation_id=f"versions_{name}",
        summary=summary,
    )
    def step(request: HttpRequest, plan_id: PlanId, body: body_schema) -> Any:  # type: ignore[valid-type]
        plan = plan_for(request, plan_id, role)
        values = body.model_dump()
        anyway = values.pop("anyway", False)
        if gaps and not anyway and (found := open_gaps(plan)):
            # All that the screens list before a submission: a loop alone is open too.
            count = found.gap_count + found.idle_count + found.unaddressed_count + found.cycles
            raise HttpError(
                409,
                _("The plan leaves %(gaps)s gaps open. Send “anyway”: true to submit it anyway.")
                % {"gaps": count},
            )
        try:
            action(plan, user=request.user, **values)
        except versions.TransitionError:
            plan.refresh_from_db(fields=["status", "version"])
            raise HttpError(
                409,
                _("The plan is now “%(status)s”: someone else took a step first. Nothing changed.")
                % {"status": plan.get_status_display()},
            ) from None
        except versions.ApprovalRefused as refused:
            raise PermissionDenied(refused.reason) from None
        plan.refresh_from_db(fields=["status", "version"])
        return _versions(plan)


class CommentIn(schemas.Schema):
    comment: str = schemas.StepIn.model_fields["comment"]  # type: ignore[assignment]


_step(EDIT, versions.submit, schemas.StepIn, "submit", "Submit the plan for approval", gaps=True)
_step(EDIT, versions.withdraw, CommentIn, "withdraw", "Withdraw the submission")
_step(APPROVE, versions.approve, schemas.ApproveIn, "approve", "Approve the submitted plan")
_step(APPROVE, versions.return_to_draft, CommentIn, "return", "Return the plan for changes")
_step(EDIT, versions.publish, CommentIn, "publish", "Publish the approved version")


@workflow.get(
    "/{plan_id}/coverage",
    response={200: schemas.CoverageOut, **READS},
    operation_id="coverage_read",
    summary="Who must know what, and is it carried",
)
def coverage_read(request: HttpRequest, plan_id: PlanId) -> Any:
    return coverage_summary(plan_for(request, plan_id, VIEW))  # the overview's summary


api.add_router("/plans", plans)
with translation.override("en"):  # the document's language, whatever the import's
    for _described in schema.REGISTERS:
        api.add_router("/plans", entries_router(PLAN, _plan_register(_described.slug)))
api.add_router("/plans", workflow)
