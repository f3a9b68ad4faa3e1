"""Plan downloads and imports, included under the plans prefix:
/plans/<plan_id>/export/<format>/, /plans/<plan_id>/import/ and /plans/import/<organisation>/."""

from django.urls import path, register_converter

from komplan.documents import import_views, views
from komplan.documents.exports import FORMATS


class ExportFormatConverter:
    """One of the export formats (docx, xlsx, pdf, json); anything else is a 404."""

    regex = "|".join(FORMATS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormatConverter, "export_format")

app_name = "documents"

urlpatterns = [
    path("<int:plan_id>/export/<export_format:format>/", views.plan_export, name="export"),
    # Imports: into a new plan of an organisation, or into an existing plan.
    path("import/<slug:slug>/", import_views.import_new_upload, name="import_new_upload"),
    path("import/<slug:slug>/preview/", import_views.import_new_preview, name="import_new_preview"),
    path("import/<slug:slug>/commit/", import_views.import_new_commit, name="import_new_commit"),
    path("<int:plan_id>/import/", import_views.import_plan_upload, name="import_plan_upload"),
    path(
        "<int:plan_id>/import/preview/",
        import_views.import_plan_preview,
        name="import_plan_preview",
    ),
    path(
        "<int:plan_id>/import/commit/", import_views.import_plan_commit, name="import_plan_commit"
    ),
]
