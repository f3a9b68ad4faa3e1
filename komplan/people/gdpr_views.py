"""The personal-data pages of an organisation, for its administrators only (`MANAGE`): the list
of members and former members, one person's data as JSON and as a readable PDF, and erasing a
contact or a member (`komplan.people.gdpr` has the rules). Logging a held activity as an
interaction is here too: it is the people app's link on a plan's page."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from komplan.accounts.access import EDIT, MANAGE, organization_view
from komplan.accounts.models import User
from komplan.accounts.services import LastAdminError
from komplan.audit.models import AuditEvent
from komplan.exports.exports import ExportedFile
from komplan.exports.pdf import write_pdf
from komplan.exports.views import attachment
from komplan.people import gdpr
from komplan.people.views import _contact, _log, _org_context, _plan_context
from komplan.plans.access import plan_view
from komplan.plans.models import Activity, Plan

RECENT = 50
# The labels of a person's facts in the readable PDF.
FACTS = {
    "name": _lazy("Name"),
    "role": _lazy("Role"),
    "organisation": _lazy("Organisation"),
    "email": _lazy("Email"),
    "phone": _lazy("Phone"),
    "added": _lazy("Added"),
    "changed": _lazy("Last changed"),
    "username": _lazy("User name"),
    "member_since": _lazy("Member since"),
    "last_login": _lazy("Last logged in"),
    "can_log_in": _lazy("May log in"),
}


@organization_view(MANAGE)
def personal_data(request: HttpRequest, organization: Any, membership: Any) -> HttpResponse:
    """The members and former members, and the latest erasures and clean-ups."""
    events = AuditEvent.objects.filter(organization=organization, register=gdpr.REGISTER).only(
        "at", "object_repr", "changes", "user_name"
    )[:RECENT]
    return render(
        request,
        "people/personal_data.html",
        _org_context(
            organization,
            membership,
            heading=_("Personal data"),
            people=gdpr.members_of(organization),
            events=[
                {
                    "at": e.at,
                    "by": e.user_name,
                    "what": _event_text(e),
                }
                for e in events
            ],
        ),
    )


def _event_text(event: AuditEvent) -> str:
    reason = (event.changes or [{}])[0].get("new")
    if reason == gdpr.Reason.ERASED:
        return _("%(pseudonym)s was erased.") % {"pseudonym": event.object_repr}
    if event.object_id:
        return _("A contact was deleted at the end of the retention period.")
    return _("%(count)s interactions were deleted at the end of the retention period.") % {
        "count": event.object_repr
    }


def _download(data: dict[str, Any], name: str, fmt: str) -> HttpResponse:
    """A person's data as a JSON or PDF download, made on request and never kept or cached
    (the house download headers: `exports.views.attachment`)."""
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, indent=2).encode() + b"\n"
        exported = ExportedFile(body, f"{name}.json", "application/json")
    else:
        html = render_to_string(
            "people/person_print.html",
            {
                "data": data,
                "person": data["person"],
                "facts": [(FACTS.get(k, k), v) for k, v in data["person"].items()],
                "parts": [
                    (part.print_template, data.get(name))
                    for name, part in gdpr.CONTACT_PARTS.items()
                ],
                "LANGUAGE_CODE": get_language(),
            },
        )
        exported = ExportedFile(write_pdf(html), f"{name}.pdf", "application/pdf")
    response = attachment(exported)
    response["Cache-Control"] = "private, no-store"
    return response


def _file_name(kind: str, pk: int) -> str:
    return f"{slugify(_('personal data'))}-{kind}-{pk}-{timezone.localdate().isoformat()}"


@organization_view(MANAGE)
def contact_export(
    request: HttpRequest, organization: Any, membership: Any, contact_id: int, fmt: str
) -> HttpResponse:
    contact = _contact(organization, contact_id)
    data = gdpr.contact_data(contact)
    name = _file_name("contact", contact.pk)
    return _download(data, name, fmt)


@organization_view(MANAGE)
def contact_erase(
    request: HttpRequest, organization: Any, membership: Any, contact_id: int
) -> HttpResponse:
    contact = _contact(organization, contact_id)
    back = reverse("people:contact", args=[organization.slug, contact.pk])
    if request.method == "POST":
        pseudonym = gdpr.contact_erase(contact=contact, by=request.user)
        messages.success(
            request, _("The contact was erased; komplan now calls them %(p)s.") % {"p": pseudonym}
        )
        return redirect("people:personal_data", slug=organization.slug)
    context = _erase_context(organization, membership, contact.name, back)
    return render(request, "people/erase.html", context)


def _erase_context(organization: Any, membership: Any, name: str, back: str) -> dict[str, Any]:
    return _org_context(
        organization,
        membership,
        heading=_("Erase %(name)s?") % {"name": name},
        entry=name,
        cancel_url=back,
    )


def _member(organization: Any, user_id: int) -> User:
    people = {u.pk: u for u in gdpr.members_of(organization)}
    if user_id not in people:
        raise Http404
    return people[user_id]


@organization_view(MANAGE)
def member_export(
    request: HttpRequest, organization: Any, membership: Any, user_id: int, fmt: str
) -> HttpResponse:
    user = _member(organization, user_id)
    data = gdpr.member_data(user, organization)
    name = _file_name("member", user.pk)
    return _download(data, name, fmt)


@organization_view(MANAGE)
def member_erase(
    request: HttpRequest, organization: Any, membership: Any, user_id: int
) -> HttpResponse:
    user = _member(organization, user_id)
    back = reverse("people:personal_data", args=[organization.slug])
    if user.pk == request.user.pk:
        messages.error(request, _("You cannot erase yourself; ask another administrator."))
        return redirect(back)
    if request.method == "POST":
        try:
            pseudonym = gdpr.member_erase(user=user, organization=organization, by=request.user)
        except gdpr.NotErasable:
            messages.error(
                request,
                _(
                    "%(name)s also belongs to another organisation: remove them here, and ask "
                    "the other organisation to erase them."
                )
                % {"name": user.get_full_name() or user.username},
            )
        except LastAdminError as error:
            messages.error(request, str(error))
        else:
            text = _("The member was erased; komplan now calls them %(p)s.")
            messages.success(request, text % {"p": pseudonym})
        return redirect(back)
    name = user.get_full_name() or user.username
    context = _erase_context(organization, membership, name, back)
    return render(request, "people/erase.html", context)


# --- a held activity, logged as an interaction -----------------------------------------------


@plan_view(EDIT)
def activity_log(request: HttpRequest, plan: Plan, activity_id: int) -> HttpResponse:
    """The interaction form filled in from the activity: its title, date, groups and
    messages; the people who took part and the notes are the user's to add."""
    try:
        activity = plan.activities.get(pk=activity_id)
    except Activity.DoesNotExist:
        raise Http404 from None
    today = timezone.localdate()
    day = min(activity.ends_on, today) if activity.ends_on else today
    back = reverse("plans:register_edit", args=[plan.pk, "activities", activity.pk])
    return _log(
        request,
        plan.organization,
        _plan_context(
            plan, heading=_("Log “%(activity)s” as an interaction") % {"activity": activity.title}
        ),
        plans=[plan],
        initial={
            "subject": activity.title[:300],
            "day": day,
            "groups": list(activity.groups.values_list("pk", flat=True)),
            "messages": list(activity.messages.values_list("pk", flat=True)),
        },
        success_url=back,
    )
