from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="plans:list", permanent=False)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("orgs/", include("komplan.accounts.urls")),
    path("plans/", include("komplan.plans.urls")),
    path("admin/", admin.site.urls),
]
