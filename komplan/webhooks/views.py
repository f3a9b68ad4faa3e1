"""An organisation's webhooks, for its administrators only: list, add (the secret shown
once), change, remove, and the log of what was sent and answered."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komplan.accounts.access import MANAGE, organization_view
from komplan.accounts.models import Membership, Organization
from komplan.webhooks.forms import WebhookForm
from komplan.webhooks.models import Attempt, Event, Webhook

ATTEMPTS_SHOWN = 100
_SECRET = "komplan.webhooks.secret.%d"  # the session key holding a new secret until shown


@organization_view(MANAGE)
def webhook_list(request: HttpRequest, organization: Organization, _m: Membership) -> HttpResponse:
    hooks = list(Webhook.objects.filter(organization=organization))
    return render(request, "webhooks/list.html", {"organization": organization, "hooks": hooks})


@organization_view(MANAGE)
def webhook_create(
    request: HttpRequest, organization: Organization, _m: Membership
) -> HttpResponse:
    form = WebhookForm(request.POST or None, initial={"events": [e.value for e in Event]})
    if request.method == "POST" and form.is_valid():
        hook = form.save(commit=False)
        hook.organization = organization
        hook.created_by = request.user
        hook.save()
        request.session[_SECRET % hook.pk] = hook.secret
        messages.success(request, _("The webhook was added."))
        return redirect("webhooks:detail", organization.slug, hook.pk)
    return render(
        request, "webhooks/form.html", {"organization": organization, "form": form, "hook": None}
    )


@organization_view(MANAGE)
def webhook_detail(
    request: HttpRequest, organization: Organization, _m: Membership, webhook_id: int
) -> HttpResponse:
    hook = get_object_or_404(Webhook, pk=webhook_id, organization=organization)
    form = WebhookForm(request.POST or None, instance=hook)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The webhook was saved."))
        return redirect("webhooks:detail", organization.slug, hook.pk)
    secret = request.session.pop(_SECRET % hook.pk, None) if request.method == "GET" else None
    return render(
        request,
        "webhooks/form.html",
        {"organization": organization, "form": form, "hook": hook, "secret": secret},
    )


@organization_view(MANAGE)
@require_POST
def webhook_delete(
    request: HttpRequest, organization: Organization, _m: Membership, webhook_id: int
) -> HttpResponse:
    hook = get_object_or_404(Webhook, pk=webhook_id, organization=organization)
    hook.delete()
    messages.success(request, _("The webhook was removed."))
    return redirect("webhooks:list", organization.slug)


@organization_view(MANAGE)
def webhook_deliveries(
    request: HttpRequest, organization: Organization, _m: Membership, webhook_id: int
) -> HttpResponse:
    """Every attempt to send to the webhook, newest first, with what the receiver answered."""
    hook = get_object_or_404(Webhook, pk=webhook_id, organization=organization)
    attempts = list(
        Attempt.objects.filter(delivery__webhook=hook)
        .select_related("delivery")
        .order_by("-at", "-pk")[:ATTEMPTS_SHOWN]
    )
    return render(
        request,
        "webhooks/deliveries.html",
        {"organization": organization, "hook": hook, "attempts": attempts},
    )
