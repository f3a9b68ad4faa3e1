"""Imports, included under the plans prefix: into a new plan of an organisation
(/plans/import/<organisation>/) or into an existing plan (/plans/<plan_id>/import/)."""

from django.urls import path

from komplan.imports import views

app_name = "imports"

urlpatterns = [
    path("import/<slug:slug>/", views.import_new_upload, name="import_new_upload"),
    path("import/<slug:slug>/preview/", views.import_new_preview, name="import_new_preview"),
    path("import/<slug:slug>/commit/", views.import_new_commit, name="import_new_commit"),
    path("<int:plan_id>/import/", views.import_plan_upload, name="import_plan_upload"),
    path("<int:plan_id>/import/preview/", views.import_plan_preview, name="import_plan_preview"),
    path("<int:plan_id>/import/commit/", views.import_plan_commit, name="import_plan_commit"),
]
