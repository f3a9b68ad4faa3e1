"""The profile page (a person's digest) and the one-click unsubscribe that needs no login.

The profile page is the person's own: being logged in is its gate. The unsubscribe address's
signed token is its only key (komplan.reminders.digest): it names the person and cannot be
forged; it only ever turns the digest off.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from komplan.accounts.extensions import profile_links
from komplan.core.languages import LANGUAGE_CHOICES
from komplan.reminders.digest import unsubscribe_user_id
from komplan.reminders.forms import DigestPreferenceForm
from komplan.reminders.models import DigestPreference, Frequency


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    preference = DigestPreference.objects.filter(user=request.user).first()
    if preference is None:
        language = get_language() if get_language() in dict(LANGUAGE_CHOICES) else "sv"
        preference = DigestPreference(user=request.user, language=language)
    form = DigestPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your email digest was saved."))
        return redirect("reminders:profile")
    context = {"form": form, "profile_links": profile_links()}
    return render(request, "reminders/profile.html", context)


# RFC 8058: the mail provider POSTs "List-Unsubscribe=One-Click" with no cookie and no CSRF
# token; the signed token in the address stands in for both.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    user_id = unsubscribe_user_id(token)
    if user_id is None:
        raise Http404
    if request.method == "POST":
        DigestPreference.objects.filter(user_id=user_id).update(frequency=Frequency.NONE)
        return render(request, "reminders/unsubscribed.html")
    return render(request, "reminders/unsubscribe.html")
