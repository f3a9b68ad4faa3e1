"""The token page: a person's API tokens, made, listed and revoked. Being logged in is its
gate; a person sees and revokes only their own tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komplan.accounts.access import user_memberships
from komplan.api.forms import TokenForm
from komplan.api.models import ApiToken


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    organizations = [m.organization for m in user_memberships(request.user)]
    form = TokenForm(request.POST or None, organizations=organizations)
    secret = ""
    if request.method == "POST" and form.is_valid():
        token = form.save(commit=False)
        token.user = request.user
        secret = token.issue()
        token.save()
        form = TokenForm(organizations=organizations)
    mine = ApiToken.objects.filter(user=request.user).select_related("organization")
    context = {"form": form, "tokens": mine, "secret": secret, "has_organizations": organizations}
    # The secret is in this answer only: no cache may keep it.
    response = render(request, "api/tokens.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    revoked = ApiToken.objects.filter(pk=token_id, user=request.user, revoked_at__isnull=True)
    if not revoked.update(revoked_at=timezone.now()):
        raise Http404
    messages.success(request, _("The token was revoked. It no longer opens the API."))
    return redirect("api:tokens")
