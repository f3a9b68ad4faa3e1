"""The cascade's pages: the diagram and table of a plan's cascade, its steps, its material
with approval, release and attachments, and marking or overriding a step. Every page takes
the plan through the one gate (`plan_view`); reading is for viewers, changing for editors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from html import escape  # django.utils.html.escape without its SafeString per call
from typing import Any, NamedTuple, TypedDict

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komplan.accounts.access import EDIT, VIEW
from komplan.cascade import scheduling, services
from komplan.cascade.diagram import Node, cascade_svg
from komplan.cascade.forms import (
    ApproveForm,
    AttachmentForm,
    MarkForm,
    MaterialForm,
    OverrideForm,
    SettingsForm,
    StepForm,
)
from komplan.cascade.models import (
    CascadeSettings,
    Dispatch,
    DispatchState,
    Material,
    MaterialAttachment,
    Step,
)
from komplan.meetings import uploads
from komplan.plans.access import plan_view
from komplan.plans.editing import confirm_delete, save_form
from komplan.plans.models import Plan

# A piece of material as the cascade page reads it (a model object where a test passes one).
Shown = Material | services.ShownMaterial


def _today() -> dt.date:
    return timezone.localdate()


def _get(queryset: Any, pk: int) -> Any:
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def _context(plan: Plan, **extra: Any) -> dict[str, Any]:
    return {
        "plan": plan,
        "nav": "cascade",
        "can_edit": plan.membership.allows(EDIT),  # type: ignore[attr-defined]
        **extra,
    }


def cascade_url(plan: Plan, material: Material | None = None) -> str:
    url = reverse("cascade:cascade", args=[plan.pk])
    return f"{url}?material={material.pk}" if material is not None else url


def material_url(material: Material) -> str:
    return reverse("cascade:material", args=[material.plan_id, material.pk])


STATE_TEXT: dict[str, Any] = {
    "planned": gettext_lazy("Planned"),
    "sent": gettext_lazy("Sent"),
    "confirmed": gettext_lazy("Confirmed"),
    "skipped": gettext_lazy("Not in this phase"),
    "": "",
}


def how_text(step: Step | services.ShownStep) -> str:
    text = str(step.get_how_display())
    if step.lead_days:
        text += " " + _("+%(days)s d") % {"days": step.lead_days}
    return text


class Line(TypedDict):
    """One step on the cascade page, every text and link of its table row and diagram box
    worked out once in Python: the template only prints them. With the texts, links and
    translations worked out in the template, a 200-step cascade spent most of its time there.
    A dict, not an object: the template finds a key at its first try, an attribute at its
    second, after an exception."""

    row: services.Row
    pk: int
    number: str
    depth: int
    overdue: bool
    name: str
    kind: str
    how: str
    passed_on: str
    responsible: str
    used: str
    day: str
    state: str
    state_class: str
    override_note: str
    mark_url: str
    override_url: str
    edit_url: str
    delete_url: str


def url_maker(name: str, *args: int) -> Callable[[int], str]:
    """`reverse(name, args=[*args, pk])` for many a `pk` at the cost of one reverse: the URL
    is reversed once with a marker for the last argument, and each call puts `pk` in its place."""
    marker = "2147483647"
    prefix, _marker, suffix = reverse(name, args=[*args, int(marker)]).rpartition(marker)
    return lambda pk: f"{prefix}{pk}{suffix}"


def page_lines(rows: list[services.Row], plan: Plan, material: Shown | None) -> list[Line]:
    """The page's lines for `rows`; the names of kinds, ways and states translated once, and
    each day written out once."""
    by_pk = {row.step.pk: row.step for row in rows}
    kinds: dict[str, str] = {}
    hows: dict[tuple[str, int], str] = {}  # a choice's label is slow to look up: once per way
    states = {key: str(text) for key, text in STATE_TEXT.items()}
    edit, delete = (
        url_maker("cascade:step_edit", plan.pk),
        url_maker("cascade:step_delete", plan.pk),
    )
    mark = override = None
    if material is not None:
        mark = url_maker("cascade:mark", plan.pk, material.pk)
        override = url_maker("cascade:override", plan.pk, material.pk)
    no_meeting = _("no meeting planned")
    days: dict[dt.date, str] = {}  # formatting a date is slow too: once per day
    used: dict[tuple[int | None, dt.date | None], str] = {}
    overdue = _("%(state)s, overdue")
    lines = []
    for row in rows:
        step, dispatch = row.step, row.dispatch
        after = by_pk.get(step.after_id) if step.delegated and step.after_id else None
        if row.day:
            day = days.get(row.day) or days.setdefault(row.day, formats.date_format(row.day))
        elif row.state != "skipped" and material is not None and material.released_on:
            day = no_meeting
        else:
            day = "–"
        note = ""
        if dispatch is not None and dispatch.override_by:
            note = _("sent now by %(who)s: %(why)s") % {
                "who": dispatch.override_by,
                "why": dispatch.override_reason,
            }
        state = states.get(row.state, row.state)
        kind = "forum" if step.forum_id else "group" if step.group_id else "channel"
        if kind not in kinds:
            kinds[kind] = str(step.target_kind).lower()
        lines.append(
            Line(
                row=row,
                pk=step.pk,
                number=row.number,
                depth=row.depth,
                overdue=row.overdue,
                responsible=step.responsible or "–",
                name=step.target_name,
                kind=kinds[kind],
                how=hows.get((step.how, step.lead_days))
                or hows.setdefault((step.how, step.lead_days), how_text(step)),
                passed_on=after.target_name if after is not None else "–",
                used=used.get((step.from_phase, step.from_date))
                or used.setdefault((step.from_phase, step.from_date), _used(step)),
                day=day,
                state=overdue % {"state": state} if row.overdue else state,
                state_class="overdue" if row.overdue else row.state or "none",
                override_note=note,
                mark_url=mark(step.pk) if mark and dispatch and row.state != "skipped" else "",
                override_url=override(step.pk)
                if override and dispatch and row.state == "planned"
                else "",
                edit_url=edit(step.pk),
                delete_url=delete(step.pk),
            )
        )
    return lines


def table_rows(lines: list[Line], *, material: bool, can_edit: bool) -> SafeString:
    """The `<tr>`s of the page's table for `lines`, every text escaped; with `material` the
    day and state columns, with `can_edit` the actions. What a `{% for %}` over the lines
    printed, without its cost: at 200 steps the loop's 4,000 variables were half the page's
    time (tests/cascade/test_page_rendering.py holds the two equal)."""
    mark, override, edit, delete = (
        escape(_(text)) for text in ("Mark", "Send now", "Edit", "Delete")
    )
    rows = []
    for line in lines:
        name = escape(line["name"])
        overdue = ' class="overdue"' if line["overdue"] else ""
        row = (
            f'\n    <tr id="step-{line["pk"]}"{overdue}>'
            f"\n      <td>{escape(line['number'])}</td>"
            f'\n      <th scope="row" class="depth-{line["depth"]}">{name} '
            f'<span class="muted">({escape(line["kind"])})</span></th>'
            f"\n      <td>{escape(line['how'])}</td>"
            f"\n      <td>{escape(line['passed_on'])}</td>"
            f"\n      <td>{escape(line['responsible'])}</td>"
            f"\n      <td>{escape(line['used'])}</td>\n      "
        )
        if material:
            note = line["override_note"]
            if note:
                note = f'<br><span class="muted">{escape(note)}</span>'
            row += (
                f"<td>{escape(line['day'])}{note}</td>"
                f'\n      <td><span class="badge cascade-state state-{line["state_class"]}">'
                f"{escape(line['state'] or '–')}</span></td>"
            )
        row += "\n      "
        if can_edit:
            hidden = f'<span class="visually-hidden">: {name}</span></a>'
            mark_link = override_link = ""
            if line["mark_url"]:
                mark_link = f'<a href="{escape(line["mark_url"])}">{mark}{hidden}'
            if line["override_url"]:
                override_link = f'<a href="{escape(line["override_url"])}">{override}{hidden}'
            row += (
                f'<td class="actions">\n        {mark_link}\n        {override_link}'
                f'\n        <a href="{escape(line["edit_url"])}">{edit}{hidden}'
                f'\n        <a href="{escape(line["delete_url"])}">{delete}{hidden}'
                "\n      </td>"
            )
        rows.append(row + "\n    </tr>")
    return mark_safe("".join(rows))  # every text above is escaped


def _used(step: Step | services.ShownStep) -> str:
    """When the step is used: from a phase, from a day, both, or always."""
    parts = []
    if step.from_phase:
        parts.append(_("from phase %(phase)s") % {"phase": step.from_phase})
    if step.from_date:
        parts.append(_("from %(day)s") % {"day": formats.date_format(step.from_date)})
    return ", ".join(parts) or _("always")


def diagram(lines: list[Line], plan: Plan, material: Shown | None) -> str:
    nodes = [
        Node(
            key=line["pk"],
            parent=line["row"].step.after_id,
            depth=line["depth"],
            title=f"{line['number']} {line['name']}",
            detail=line["how"] + (f" · {line['row'].day.isoformat()}" if line["row"].day else ""),
            state="overdue" if line["overdue"] else line["row"].state,
            state_text=line["state"],
        )
        for line in lines
    ]
    if material is not None:
        title = _("Cascade of “%(title)s”") % {"title": material.title}
    else:
        title = _("Cascade of %(plan)s") % {"plan": plan.name}
    description = _("%(count)s steps; the table below says the same.") % {"count": len(lines)}
    return cascade_svg(nodes, title=title, description=description)


# --- the cascade page ---------------------------------------------------------------------------


@plan_view(VIEW)
def cascade(request: HttpRequest, plan: Plan) -> HttpResponse:
    today = _today()
    steps = services.shown_steps(plan)
    materials = services.shown_materials(plan)  # not their texts: a hundred are many bytes
    chosen = _chosen_material(request, materials)
    dispatches = list(services.shown_dispatches(chosen)) if chosen is not None else []
    rows = services.cascade_rows(steps, dispatches, today)
    lines = page_lines(rows, plan, chosen)
    reached = [
        (d.marked_at and timezone.localdate(d.marked_at)) or d.day
        for d in dispatches
        if d.state != DispatchState.PLANNED and d.day
    ]
    approved_on = timezone.localdate(chosen.approved_at) if chosen and chosen.approved_at else None
    lag = scheduling.lag_days(approved_on, [day for day in reached if day])
    can_edit = plan.membership.allows(EDIT)  # type: ignore[attr-defined]
    return render(
        request,
        "cascade/cascade.html",
        _context(
            plan,
            lines=lines,
            rows=table_rows(lines, material=chosen is not None, can_edit=can_edit),
            svg=mark_safe(diagram(lines, plan, chosen)) if lines else "",
            materials=materials,
            material_choices=material_choices(materials, plan, chosen),
            material=chosen,
            overdue=sum(1 for row in rows if row.overdue),
            lag=lag,
            settings=services.cascade_settings(plan),
            today=today,
        ),
    )


class MaterialChoices(NamedTuple):
    options: SafeString  # the <option>s of the choice of material
    items: SafeString  # the <li>s of the list of material, each a link


def material_choices(
    materials: Sequence[Shown], plan: Plan, chosen: Shown | None
) -> MaterialChoices:
    """The page's two lists of `materials`, escaped, each status translated once: printed
    by a `{% for %}` they cost as much again as the rest of the page's template."""
    link = url_maker("cascade:material", plan.pk)
    statuses: dict[str, str] = {}
    options, items = [], []
    for m in materials:
        title = escape(m.title)
        status = statuses.get(_status_key(m)) or statuses.setdefault(
            _status_key(m), escape(str(m.status))
        )
        selected = " selected" if chosen is not None and m.pk == chosen.pk else ""
        options.append(f'<option value="{m.pk}"{selected}>{title} ({status})</option>')
        badge = f'<span class="badge">{status}</span>'
        items.append(f'<li><a href="{escape(link(m.pk))}">{title}</a> {badge}</li>')
    # every text above is escaped
    return MaterialChoices(mark_safe("".join(options)), mark_safe("".join(items)))


def _status_key(material: Shown) -> str:
    return "released" if material.is_released else "approved" if material.is_approved else ""


def _chosen_material(request: HttpRequest, materials: Sequence[Shown]) -> Shown | None:
    wanted = request.GET.get("material", "")
    if wanted.isdigit():
        for material in materials:
            if material.pk == int(wanted):
                return material
        raise Http404
    released = [m for m in materials if m.is_released]
    return max(released, key=lambda m: (m.released_on, m.pk)) if released else None


@plan_view(EDIT)
def settings_edit(request: HttpRequest, plan: Plan) -> HttpResponse:
    instance = CascadeSettings.objects.filter(plan=plan).first() or CascadeSettings(plan=plan)
    form = SettingsForm(request.POST or None, instance=instance)
    return save_form(
        request,
        form,
        "cascade/form.html",
        _context(plan, heading=_("Approval of material"), cancel_url=cascade_url(plan)),
        cascade_url(plan),
        _("The approval settings were saved."),
    )


# --- steps ----------------------------------------------------------------------------------


@plan_view(EDIT)
def step_create(request: HttpRequest, plan: Plan) -> HttpResponse:
    form = StepForm(request.POST or None, instance=Step(plan=plan), plan=plan)
    return save_form(
        request,
        form,
        "cascade/form.html",
        _context(plan, heading=_("Add a step"), cancel_url=cascade_url(plan)),
        cascade_url(plan),
        lambda step: _("The step “%(name)s” was added.") % {"name": step.target_name},
    )


@plan_view(EDIT)
def step_edit(request: HttpRequest, plan: Plan, step_id: int) -> HttpResponse:
    step = _get(Step.objects.filter(plan=plan), step_id)
    form = StepForm(request.POST or None, instance=step, plan=plan)
    return save_form(
        request,
        form,
        "cascade/form.html",
        _context(
            plan,
            heading=_("Edit the step “%(name)s”") % {"name": step.target_name},
            cancel_url=cascade_url(plan),
        ),
        cascade_url(plan),
        _("The step was saved."),
    )


@plan_view(EDIT)
def step_delete(request: HttpRequest, plan: Plan, step_id: int) -> HttpResponse:
    step = _get(Step.objects.filter(plan=plan), step_id)
    return _confirm_delete(
        request,
        plan,
        step,
        step.target_name,
        _("The steps after it and its record for every material go with it."),
        cascade_url(plan),
        cascade_url(plan),
        _("The step was removed, with the steps after it."),
    )


def _confirm_delete(
    request: HttpRequest,
    plan: Plan,
    entry: Any,
    name: str,
    explanation: str,
    cancel_url: str,
    success_url: str,
    success_message: str,
) -> HttpResponse:
    """The cascade's delete pages: the confirmation names `entry` and says what goes with it."""
    context = _context(plan, entry=name, explanation=explanation, cancel_url=cancel_url)
    return confirm_delete(
        request, entry, "cascade/confirm_delete.html", context, success_url, success_message
    )


# --- material -------------------------------------------------------------------------------


@plan_view(EDIT)
def material_create(request: HttpRequest, plan: Plan) -> HttpResponse:
    form = MaterialForm(request.POST or None, instance=Material(plan=plan), plan=plan)
    return save_form(
        request,
        form,
        "cascade/form.html",
        _context(plan, heading=_("Write material"), cancel_url=cascade_url(plan)),
        material_url,
        _("The material was saved. The approving body approves it before it is released."),
    )


def _material(plan: Plan, material_id: int) -> Material:
    queryset = Material.objects.filter(plan=plan).select_related(
        "decision__meeting__forum", "approved_by", "released_by"
    )
    return _get(queryset, material_id)  # type: ignore[no-any-return]


@plan_view(VIEW)
def material_detail(request: HttpRequest, plan: Plan, material_id: int) -> HttpResponse:
    material = _material(plan, material_id)
    settings = services.cascade_settings(plan)
    return render(
        request,
        "cascade/material.html",
        _context(
            plan,
            material=material,
            attachments=list(material.attachments.all()),
            carried=list(material.messages.order_by("position")),
            settings=settings,
            releasable=material.is_approved or not settings.approval_required,
        ),
    )


@plan_view(EDIT)
def material_edit(request: HttpRequest, plan: Plan, material_id: int) -> HttpResponse:
    material = _material(plan, material_id)
    if material.is_released:
        messages.error(request, _("Released material is no longer changed."))
        return redirect(material_url(material))
    form = MaterialForm(request.POST or None, instance=material, plan=plan)
    return save_form(
        request,
        form,
        "cascade/form.html",
        _context(
            plan,
            heading=_("Edit “%(title)s”") % {"title": material.title},
            cancel_url=material_url(material),
        ),
        material_url,
        _("The material was saved."),
    )


@plan_view(EDIT)
def material_delete(request: HttpRequest, plan: Plan, material_id: int) -> HttpResponse:
    material = _material(plan, material_id)
    return _confirm_delete(
        request,
        plan,
        material,
        material.title,
        _(
            "Its attachments and its record at every step go with it; the meetings' "
            "agenda items and the activity stay."
        ),
        material_url(material),
        cascade_url(plan),
        _("The material was deleted."),
    )


@plan_view(EDIT)
def material_approve(request: HttpRequest, plan: Plan, material_id: int) -> HttpResponse:
    material = _material(plan, material_id)
    settings = services.cascade_settings(plan)
    form = ApproveForm(request.POST or None, plan=plan, forum=settings.approving_forum)
    context = _context(
        plan,
        material=material,
        form=form,
        settings=settings,
        cancel_url=material_url(material),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.material_approve(
                material,
                user=request.user,
                kind=form.cleaned_data["kind"],
                meeting=form.cleaned_data.get("meeting"),
                name=form.cleaned_data.get("name") or "",
            )
        except services.CascadeError as error:
            messages.error(request, str(error))
            return render(request, "cascade/approve.html", context, status=400)
        messages.success(request, _("The approval was recorded."))
        return redirect(material_url(material))
    return render(request, "cascade/approve.html", context, status=400 if form.is_bound else 200)


@plan_view(EDIT)
def material_release(request: HttpRequest, plan: Plan, material_id: int) -> HttpResponse:
    """GET: what the release will do (each step's day); POST: release."""
    material = _material(plan, material_id)
    settings = services.cascade_settings(plan)
    refused = settings.approval_required and not material.is_approved
    if request.method == "POST":
        try:
            services.material_release(material, user=request.user, today=_today())
        except services.CascadeError as error:
            messages.error(request, str(error))
            return redirect(material_url(material))
        messages.success(
            request,
            _(
                "The material was released: every step is dated and the meetings have it on "
                "their agenda."
            ),
        )
        return redirect(cascade_url(plan, material))
    preview: list[Any] = []
    if not refused and not material.is_released:
        steps = list(services.steps_of(plan))
        material.released_on = _today()
        dated = services._schedule(material, steps, ())
        material.released_on = None
        preview = [(step, dated[step.pk]) for step in steps]
    return render(
        request,
        "cascade/release.html",
        _context(plan, material=material, refused=refused, preview=preview),
    )


# --- attachments ----------------------------------------------------------------------------


@plan_view(EDIT)
def attachment_create(request: HttpRequest, plan: Plan, material_id: int) -> HttpResponse:
    material = _material(plan, material_id)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploads.attach(
            MaterialAttachment, form.cleaned_data["file"], request.user, material=material
        )
        messages.success(request, _("The attachment was added."))
        return redirect(material_url(material))
    return render(
        request,
        "cascade/form.html",
        _context(
            plan,
            form=form,
            heading=_("Add an attachment"),
            multipart=True,
            submit_label=_("Upload"),
            cancel_url=material_url(material),
        ),
        status=400 if form.is_bound else 200,
    )


@plan_view(VIEW)
def attachment_download(
    request: HttpRequest, plan: Plan, material_id: int, attachment_id: int
) -> Any:
    material = _material(plan, material_id)
    attachment = _get(material.attachments.all(), attachment_id)
    return uploads.download(attachment)


@plan_view(EDIT)
def attachment_delete(
    request: HttpRequest, plan: Plan, material_id: int, attachment_id: int
) -> HttpResponse:
    material = _material(plan, material_id)
    attachment = _get(material.attachments.all(), attachment_id)
    return _confirm_delete(
        request,
        plan,
        attachment,
        attachment.name,
        _("The file is removed from the material."),
        material_url(material),
        material_url(material),
        _("The attachment was removed."),
    )


# --- one step of one material ---------------------------------------------------------------


def _dispatch(plan: Plan, material_id: int, step_id: int) -> Dispatch:
    material = _material(plan, material_id)
    queryset = Dispatch.objects.filter(material=material).select_related("step", "material")
    dispatch = queryset.filter(step_id=step_id).first()
    if dispatch is None:
        raise Http404
    return dispatch  # type: ignore[no-any-return]


@plan_view(EDIT)
def dispatch_mark(request: HttpRequest, plan: Plan, material_id: int, step_id: int) -> HttpResponse:
    dispatch = _dispatch(plan, material_id, step_id)
    form = MarkForm(request.POST or None, initial={"state": dispatch.state})
    if request.method == "POST" and form.is_valid():
        services.dispatch_mark(dispatch, state=form.cleaned_data["state"], user=request.user)
        messages.success(
            request,
            _("“%(step)s” is marked %(state)s.")
            % {
                "step": dispatch.step.target_name,
                "state": str(STATE_TEXT[form.cleaned_data["state"]]).lower(),
            },
        )
        return redirect(cascade_url(plan, dispatch.material))
    return render(
        request,
        "cascade/form.html",
        _context(
            plan,
            form=form,
            heading=_("Mark “%(step)s”") % {"step": dispatch.step.target_name},
            cancel_url=cascade_url(plan, dispatch.material),
        ),
        status=400 if form.is_bound else 200,
    )


@plan_view(EDIT)
def dispatch_override(
    request: HttpRequest, plan: Plan, material_id: int, step_id: int
) -> HttpResponse:
    dispatch = _dispatch(plan, material_id, step_id)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_override(
                dispatch, user=request.user, why=form.cleaned_data["why"], today=_today()
            )
        except services.CascadeError as error:
            form.add_error("why", str(error))
        else:
            messages.success(
                request,
                _("“%(step)s” is sent now, out of its turn; your name and reason are recorded.")
                % {"step": dispatch.step.target_name},
            )
            return redirect(cascade_url(plan, dispatch.material))
    return render(
        request,
        "cascade/form.html",
        _context(
            plan,
            form=form,
            heading=_("Send “%(step)s” now") % {"step": dispatch.step.target_name},
            intro=_(
                "The step is dated today, and the steps above it that come later are brought "
                "forward with it."
            ),
            submit_label=_("Send now"),
            cancel_url=cascade_url(plan, dispatch.material),
        ),
        status=400 if form.is_bound else 200,
    )
