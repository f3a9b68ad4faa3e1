"""The people's pages: an organisation's contacts (list, page, form, import, delete), the
people of a plan's target groups, and the interaction log with its timelines. Organisation
pages take the organisation through `organization_view`, plan pages the plan through
`plan_view`: reading is for viewers, changing for editors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from komplan.accounts.access import EDIT, MANAGE, VIEW, organization_view
from komplan.people import engagement, importing, services
from komplan.people.forms import (
    AddToMeetingForm,
    ContactForm,
    ContactImportForm,
    EngagementForm,
    InteractionForm,
    LinkForm,
)
from komplan.people.grid import Point, grid_svg
from komplan.people.models import Contact, Engagement, Interaction, Level, Weight
from komplan.plans.access import plan_view
from komplan.plans.editing import confirm_delete, save_form
from komplan.plans.models import Plan, TargetGroup

PAGE = 50
HISTORY = 20  # the latest changes of a group's engagement its page shows
IMPORT_KEY = "people-import"


def _get(queryset: Any, pk: int) -> Any:
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def _page(request: HttpRequest, queryset: Any) -> Any:
    return Paginator(queryset, PAGE).get_page(request.GET.get("page"))


def contact_url(contact: Contact) -> str:
    return reverse("people:contact", args=[contact.organization.slug, contact.pk])


def group_url(group: TargetGroup) -> str:
    return reverse("people:group", args=[group.plan_id, group.pk])


def _org_context(organization: Any, membership: Any, **extra: Any) -> dict[str, Any]:
    return {
        "organization": organization,
        "nav": "contacts",
        "can_edit": membership.allows(EDIT),
        "can_manage": membership.allows(MANAGE),
        **extra,
    }


def _plan_context(plan: Plan, **extra: Any) -> dict[str, Any]:
    return {
        "plan": plan,
        "organization": plan.organization,
        "nav": "people",
        "can_edit": plan.membership.allows(EDIT),  # type: ignore[attr-defined]
        **extra,
    }


# --- contacts of the organisation ------------------------------------------------------------


@organization_view(VIEW)
def contact_list(request: HttpRequest, organization: Any, membership: Any) -> HttpResponse:
    contacts = (
        Contact.objects.filter(organization=organization)
        .annotate(n_groups=Count("groups", distinct=True))
        .order_by("name", "pk")
    )
    query = request.GET.get("q", "").strip()
    if query:
        contacts = contacts.filter(name__icontains=query)
    return render(
        request,
        "people/contact_list.html",
        _org_context(organization, membership, page=_page(request, contacts), query=query),
    )


@organization_view(EDIT)
def contact_create(request: HttpRequest, organization: Any, membership: Any) -> HttpResponse:
    initial = {}
    wanted = request.GET.get("group", "")
    if wanted.isdigit():
        initial["groups"] = [int(wanted)]
    form = ContactForm(
        request.POST or None,
        instance=Contact(organization=organization),
        organization=organization,
        initial=initial,
    )
    cancel = reverse("people:contacts", args=[organization.slug])
    return save_form(
        request,
        form,
        "people/form.html",
        _org_context(organization, membership, heading=_("Add a contact"), cancel_url=cancel),
        contact_url,
        lambda c: _("The contact “%(name)s” was added.") % {"name": c.name},
    )


def _contact(organization: Any, contact_id: int) -> Contact:
    return _get(Contact.objects.filter(organization=organization), contact_id)  # type: ignore[no-any-return]


@organization_view(VIEW)
def contact_detail(
    request: HttpRequest, organization: Any, membership: Any, contact_id: int
) -> HttpResponse:
    contact = _contact(organization, contact_id)
    groups = list(contact.groups.select_related("plan").order_by("plan__name", "position"))
    interactions = services.timeline(contact.interactions.all())
    return render(
        request,
        "people/contact_detail.html",
        _org_context(
            organization,
            membership,
            contact=contact,
            groups=groups,
            page=_page(request, interactions),
            meeting_form=AddToMeetingForm(organization=organization)
            if membership.allows(EDIT)
            else None,
        ),
    )


@organization_view(EDIT)
def contact_edit(
    request: HttpRequest, organization: Any, membership: Any, contact_id: int
) -> HttpResponse:
    contact = _contact(organization, contact_id)
    form = ContactForm(request.POST or None, instance=contact, organization=organization)
    return save_form(
        request,
        form,
        "people/form.html",
        _org_context(
            organization,
            membership,
            heading=_("Edit the contact “%(name)s”") % {"name": contact.name},
            cancel_url=contact_url(contact),
        ),
        contact_url,
        _("The contact was saved."),
    )


@organization_view(EDIT)
def contact_delete(
    request: HttpRequest, organization: Any, membership: Any, contact_id: int
) -> HttpResponse:
    contact = _contact(organization, contact_id)
    return confirm_delete(
        request,
        contact,
        "people/confirm_delete.html",
        _org_context(
            organization,
            membership,
            entry=contact.name,
            explanation=_(
                "The contact leaves every target group and every interaction; the "
                "interactions stay."
            ),
            cancel_url=contact_url(contact),
        ),
        reverse("people:contacts", args=[organization.slug]),
        _("The contact was deleted."),
    )


@organization_view(EDIT)
def contact_meeting_add(
    request: HttpRequest, organization: Any, membership: Any, contact_id: int
) -> HttpResponse:
    """Add the contact to a meeting of the organisation as a participant."""
    contact = _contact(organization, contact_id)
    form = AddToMeetingForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        meeting = form.cleaned_data["meeting"]
        services.invite(contact, meeting, user=request.user)
        messages.success(
            request,
            _("%(name)s takes part in %(meeting)s.") % {"name": contact.name, "meeting": meeting},
        )
        return redirect(contact_url(contact))
    return render(
        request,
        "people/form.html",
        _org_context(
            organization,
            membership,
            form=form,
            heading=_("Add %(name)s to a meeting") % {"name": contact.name},
            submit_label=_("Add to the meeting"),
            cancel_url=contact_url(contact),
        ),
        status=400 if form.is_bound else 200,
    )


# --- import ---------------------------------------------------------------------------------


@organization_view(EDIT)
def contact_import(request: HttpRequest, organization: Any, membership: Any) -> HttpResponse:
    """Upload a list (GET, POST with a file) or confirm its preview (POST `confirm`)."""
    back = reverse("people:contacts", args=[organization.slug])
    context = _org_context(organization, membership, cancel_url=back)
    pending = request.session.get(IMPORT_KEY)
    if request.method == "POST" and "confirm" in request.POST:
        if not pending or pending.get("organization") != organization.pk:
            messages.error(request, _("Upload the list again: its preview has expired."))
            return redirect(reverse("people:import", args=[organization.slug]))
        rows = importing.from_session(pending["rows"])
        groups = list(TargetGroup.objects.filter(pk__in=pending["groups"]))
        try:
            count = importing.commit(
                rows, organization=organization, groups=groups, user=request.user
            )
        except importing.RefusedFile as refused:
            messages.error(request, str(refused))
            return redirect(reverse("people:import", args=[organization.slug]))
        del request.session[IMPORT_KEY]
        messages.success(request, _("%(count)s contacts were imported.") % {"count": count})
        return redirect(back)
    form = ContactImportForm(request.POST or None, request.FILES or None)
    group = _import_group(request, organization)
    context.update(form=form, group=group)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = importing.read_contacts(upload.read(), upload.name)
        except importing.RefusedFile as refused:
            form.add_error("file", str(refused))
        else:
            request.session[IMPORT_KEY] = {
                "organization": organization.pk,
                "groups": [group.pk] if group else [],
                "rows": importing.to_session(rows),
            }
            context.update(
                rows=rows,
                errors=sum(1 for row in rows if row.errors),
                filename=upload.name,
            )
            return render(request, "people/import_preview.html", context)
    return render(
        request, "people/import_upload.html", context, status=400 if form.is_bound else 200
    )


def _import_group(request: HttpRequest, organization: Any) -> TargetGroup | None:
    wanted = request.GET.get("group", "")
    if not wanted.isdigit():
        return None
    return (
        TargetGroup.objects.filter(plan__organization=organization, pk=int(wanted))
        .select_related("plan")
        .first()
    )


# --- the people of a plan -------------------------------------------------------------------


@plan_view(VIEW)
def plan_people(request: HttpRequest, plan: Plan) -> HttpResponse:
    groups = (
        plan.groups.annotate(n_contacts=Count("contacts", distinct=True))
        .select_related("engagement")
        .order_by("position")
    )
    level = {value: str(label) for value, label in Level.choices}  # once, not per group
    listed = list(groups)
    for g in listed:
        e = getattr(g, "engagement", None)
        g.engagement_text = f"{level[e.current]} → {level[e.desired]}" if e else ""  # type: ignore[attr-defined]
    return render(request, "people/plan_people.html", _plan_context(plan, groups=listed))


def _group(plan: Plan, group_id: int) -> TargetGroup:
    return _get(plan.groups.all(), group_id)  # type: ignore[no-any-return]


@plan_view(VIEW)
def group_detail(request: HttpRequest, plan: Plan, group_id: int) -> HttpResponse:
    group = _group(plan, group_id)
    contacts = group.contacts.all()
    history = list(group.engagement_changes.select_related("changed_by")[:HISTORY])
    return render(
        request,
        "people/group_detail.html",
        _plan_context(
            plan,
            group=group,
            engagement=Engagement.objects.filter(group=group).first(),
            history=history,
            history_limit=HISTORY,
            contacts=Paginator(contacts, PAGE).get_page(request.GET.get("contacts")),
            page=_page(request, services.timeline(group.interactions.all())),
        ),
    )


@plan_view(EDIT)
def group_link(request: HttpRequest, plan: Plan, group_id: int) -> HttpResponse:
    """Add contacts the organisation already has to the group."""
    group = _group(plan, group_id)
    form = LinkForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        group.contacts.add(*form.cleaned_data["contacts"])
        messages.success(request, _("The contacts were added to the group."))
        return redirect(group_url(group))
    return render(
        request,
        "people/form.html",
        _plan_context(
            plan,
            form=form,
            heading=_("Add contacts to %(group)s") % {"group": group.name},
            submit_label=_("Add"),
            cancel_url=group_url(group),
        ),
        status=400 if form.is_bound else 200,
    )


@plan_view(EDIT)
def group_unlink(request: HttpRequest, plan: Plan, group_id: int, contact_id: int) -> HttpResponse:
    group = _group(plan, group_id)
    contact = _get(group.contacts.all(), contact_id)
    if request.method == "POST":
        group.contacts.remove(contact)
        messages.success(request, _("%(name)s left the group.") % {"name": contact.name})
        return redirect(group_url(group))
    return render(
        request,
        "people/confirm_delete.html",
        _plan_context(
            plan,
            entry=contact.name,
            heading=_("Remove %(name)s from %(group)s?")
            % {"name": contact.name, "group": group.name},
            explanation=_("The contact stays in the organisation's contacts."),
            submit_label=_("Remove"),
            cancel_url=group_url(group),
        ),
    )


# --- engagement -----------------------------------------------------------------------------


@dataclass(frozen=True)
class EngagementRow:
    """A group of the grid's table with its levels named (None: not assessed)."""

    group: TargetGroup
    url: str
    influence: str | None = None
    interest: str | None = None
    current: str | None = None
    desired: str | None = None
    gap: str = ""


def _engagement_rows(groups: list[TargetGroup]) -> list[EngagementRow]:
    # The choices' names translated once, not per field of every row: a model's
    # get_FOO_display() translates every choice each time (2 s for 300 groups).
    level = {value: str(label) for value, label in Level.choices}
    weight = {value: str(label) for value, label in Weight.choices}
    rows = []
    for g in groups:
        e: Engagement | None = getattr(g, "engagement", None)
        if e is None:
            rows.append(EngagementRow(g, group_url(g)))
            continue
        rows.append(
            EngagementRow(
                g,
                group_url(g),
                weight[e.influence],
                weight[e.interest],
                level[e.current],
                level[e.desired],
                e.gap_text,
            )
        )
    return rows


def _point(row: EngagementRow) -> Point:
    g, e = row.group, row.group.engagement
    label = _(
        "%(number)s. %(group)s: influence %(influence)s, interest %(interest)s; "
        "engagement %(current)s, desired %(desired)s"
    ) % {
        "number": g.position,
        "group": g.name,
        "influence": (row.influence or "").lower(),
        "interest": (row.interest or "").lower(),
        "current": (row.current or "").lower(),
        "desired": (row.desired or "").lower(),
    }
    return Point(
        number=g.position,
        label=label,
        url=row.url,
        influence=e.influence,
        interest=e.interest,
        current=e.current,
        desired=e.desired,
    )


@plan_view(VIEW)
def engagement_grid(request: HttpRequest, plan: Plan) -> HttpResponse:
    """Every group on the influence/interest grid, with an arrow to where its engagement must
    go, and the same in a table: one query for the groups and their engagement."""
    groups = list(plan.groups.select_related("engagement").order_by("position", "pk"))
    rows = _engagement_rows(groups)
    points = [_point(row) for row in rows if row.current is not None]
    svg = grid_svg(
        points,
        title=_("Influence and interest of the target groups"),
        description=_(
            "Each point is a target group, numbered as in the table, placed by its interest "
            "(across) and influence (up). A dashed arrow shows how far its engagement must "
            "move: right to raise it, one column a step."
        ),
        interest_label=_("Interest"),
        influence_label=_("Influence"),
        ticks=[str(label) for label in Weight.labels],
    )
    return render(
        request,
        "people/engagement.html",
        _plan_context(
            plan,
            rows=rows,
            svg=mark_safe(svg) if points else "",  # grid_svg escapes every text it is given
            assessed=len(points),
        ),
    )


@plan_view(EDIT)
def group_engagement(request: HttpRequest, plan: Plan, group_id: int) -> HttpResponse:
    """Set the group's current and desired engagement and its place on the grid."""
    group = _group(plan, group_id)
    instance = Engagement.objects.filter(group=group).first() or Engagement()
    instance.group = group
    form = EngagementForm(request.POST or None, instance=instance)
    return save_form(
        request,
        form,
        "people/form.html",
        _plan_context(
            plan,
            heading=_("Engagement of %(group)s") % {"group": group.name},
            intro=_(
                "Where the group stands now and where the plan needs it: unaware, resistant, "
                "neutral, supportive or leading. Every change is kept with who made it."
            ),
            cancel_url=group_url(group),
        ),
        group_url(group),
        _("The engagement of %(group)s was saved.") % {"group": group.name},
        save=lambda f: engagement.engagement_save(f, user=request.user),
    )


# --- interactions ---------------------------------------------------------------------------


def _log(
    request: HttpRequest,
    organization: Any,
    context: dict[str, Any],
    *,
    plans: list[Plan],
    initial: dict[str, Any],
    success_url: str,
    instance: Interaction | None = None,
) -> HttpResponse:
    form = InteractionForm(
        request.POST or None,
        instance=instance or Interaction(organization=organization),
        organization=organization,
        plans=plans,
        initial=initial,
    )
    return save_form(
        request,
        form,
        "people/form.html",
        {**context, "cancel_url": success_url},
        success_url,
        _("The interaction was logged.") if instance is None else _("The interaction was saved."),
    )


@plan_view(EDIT)
def group_log(request: HttpRequest, plan: Plan, group_id: int) -> HttpResponse:
    group = _group(plan, group_id)
    return _log(
        request,
        plan.organization,
        _plan_context(plan, heading=_("Log an interaction with %(group)s") % {"group": group.name}),
        plans=[plan],
        initial={"groups": [group.pk], "day": timezone.localdate()},
        success_url=group_url(group),
    )


@organization_view(EDIT)
def contact_log(
    request: HttpRequest, organization: Any, membership: Any, contact_id: int
) -> HttpResponse:
    contact = _contact(organization, contact_id)
    groups = list(contact.groups.select_related("plan"))
    plans = list({g.plan_id: g.plan for g in groups}.values())
    return _log(
        request,
        organization,
        _org_context(
            organization,
            membership,
            heading=_("Log an interaction with %(name)s") % {"name": contact.name},
        ),
        plans=plans or list(organization.plans.all()),
        initial={
            "contacts": [contact.pk],
            "groups": [g.pk for g in groups],
            "day": timezone.localdate(),
        },
        success_url=contact_url(contact),
    )


def _interaction(organization: Any, interaction_id: int) -> Interaction:
    return _get(Interaction.objects.filter(organization=organization), interaction_id)  # type: ignore[no-any-return]


@organization_view(EDIT)
def interaction_edit(
    request: HttpRequest, organization: Any, membership: Any, interaction_id: int
) -> HttpResponse:
    interaction = _interaction(organization, interaction_id)
    back = reverse("people:contacts", args=[organization.slug])
    first = interaction.contacts.first()
    return _log(
        request,
        organization,
        _org_context(organization, membership, heading=_("Edit the interaction")),
        plans=list(organization.plans.all()),
        initial={},
        success_url=contact_url(first) if first else back,
        instance=interaction,
    )


@organization_view(EDIT)
def interaction_delete(
    request: HttpRequest, organization: Any, membership: Any, interaction_id: int
) -> HttpResponse:
    interaction = _interaction(organization, interaction_id)
    back = reverse("people:contacts", args=[organization.slug])
    return confirm_delete(
        request,
        interaction,
        "people/confirm_delete.html",
        _org_context(
            organization,
            membership,
            entry=interaction.subject,
            explanation=_("The messages it conveyed no longer count as done through it."),
            cancel_url=back,
        ),
        back,
        _("The interaction was deleted."),
    )
