from django.contrib import admin
from django.urls import include, path

from komplan.accounts.sso import sso_login, sso_refused
from komplan.accounts.throttling import ThrottledPasswordResetView
from komplan.api.urls import api_urls
from komplan.core.health import healthz
from komplan.exports.calendar_views import calendar_feed
from komplan.surveys.views import survey_public

urlpatterns = [
    path("", include("komplan.home.urls")),  # "My work", the page after login
    # Before Django's own: the same page, refusing past komplan's limits.
    path(
        "accounts/password_reset/",
        ThrottledPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/login/", sso_login, name="login"),
    path("accounts/sso/refused/", sso_refused, name="sso_refused"),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("orgs/", include("komplan.accounts.urls")),
    path("orgs/", include("komplan.webhooks.urls")),
    path("invitations/", include("komplan.accounts.invitation_urls")),
    path("plans/", include("komplan.plans.urls")),
    path("plans/", include("komplan.exports.urls")),
    path("plans/", include("komplan.imports.urls")),
    path("plans/", include("komplan.versions.urls")),
    path("plans/", include("komplan.audit.urls")),
    path("plans/", include("komplan.cascade.urls")),
    path("plans/", include("komplan.followup.urls")),
    path("", include("komplan.people.urls")),
    path("", include("komplan.meetings.urls")),
    path("", include("komplan.reminders.urls")),
    path("", include("komplan.surveys.urls")),
    # The secret token is the only key: no login, and no plan id in the address.
    path("p/", include("komplan.versions.public_urls")),
    # A survey to answer: the invitation's or the shared link's token is the only key.
    path("s/<slug:token>/", survey_public, name="survey_public"),
    path("calendar/<slug:token>.ics", calendar_feed, name="calendar_feed"),
    path("", include("komplan.api.urls")),  # the token page
    # The REST API and its OpenAPI document (docs/api.md).
    path("api/v1/", api_urls),
    path("admin/", admin.site.urls),
    # For load balancers: no login, JSON, 200 or 503 (komplan/core/health.py).
    path("healthz", healthz, name="healthz"),
]

# Translated pages that say what happened and the way back (komplan/core/errors.py).
handler400 = "komplan.core.errors.bad_request"
handler403 = "komplan.core.errors.permission_denied"
handler404 = "komplan.core.errors.page_not_found"
handler500 = "komplan.core.errors.server_error"
