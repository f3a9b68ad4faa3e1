"""The public address of a plan's published version, included at /p/: the token is the only key.

/p/<token>/ is the page, /p/<token>/<format>/ a download (docx, pdf, xlsx or json),
/p/<token>/<format>/progress/ the page that waits for a large one."""

from django.urls import path

import komplan.exports.urls  # noqa: F401  (registers the export_format converter)
from komplan.versions import public

app_name = "public"

urlpatterns = [
    path("<slug:token>/", public.plan_page, name="plan"),
    path("<slug:token>/<export_format:format>/", public.plan_download, name="download"),
    path("<slug:token>/<export_format:format>/progress/", public.plan_progress, name="progress"),
]
