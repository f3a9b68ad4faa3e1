"""Plan downloads and calendars, included under the plans prefix:
/plans/<plan_id>/export/<format>/ and /plans/<plan_id>/calendars/."""

from django.urls import path, register_converter

from komplan.exports import calendar_views, views
from komplan.exports.exports import FORMATS


class ExportFormatConverter:
    """One of the export formats (docx, xlsx, pdf, json); anything else is a 404."""

    regex = "|".join(FORMATS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormatConverter, "export_format")

app_name = "exports"

urlpatterns = [
    path("<int:plan_id>/export/<export_format:format>/", views.plan_export, name="export"),
    path(
        "<int:plan_id>/export/<export_format:format>/progress/",
        views.document_progress,
        name="progress",
    ),
    path("<int:plan_id>/calendar.ics", calendar_views.calendar_download, name="calendar_download"),
    path("<int:plan_id>/calendars/", calendar_views.calendar_list, name="calendars"),
    path("<int:plan_id>/calendars/new/", calendar_views.calendar_create, name="calendar_create"),
    path(
        "<int:plan_id>/calendars/<int:feed_id>/revoke/",
        calendar_views.calendar_revoke,
        name="calendar_revoke",
    ),
]
