"""A plan's versions, included under the plans prefix: /plans/<plan_id>/versions/…"""

from django.urls import path

from komplan.versions import views

app_name = "versions"

urlpatterns = [
    path("<int:plan_id>/versions/", views.overview, name="overview"),
    path("<int:plan_id>/versions/submit/", views.submit, name="submit"),
    path("<int:plan_id>/versions/withdraw/", views.withdraw, name="withdraw"),
    path("<int:plan_id>/versions/approve/", views.approve, name="approve"),
    path("<int:plan_id>/versions/return/", views.return_to_draft, name="return"),
    path("<int:plan_id>/versions/publish/", views.publish, name="publish"),
    path("<int:plan_id>/versions/compare/", views.compare, name="compare"),
    path("<int:plan_id>/versions/public/new/", views.publication_new, name="publication_new"),
    path("<int:plan_id>/versions/public/revoke/", views.publication_revoke, name="revoke"),
    path("<int:plan_id>/versions/revisions/new/", views.revision_create, name="revision_create"),
    path(
        "<int:plan_id>/versions/revisions/<int:revision_id>/edit/",
        views.revision_edit,
        name="revision_edit",
    ),
    path(
        "<int:plan_id>/versions/revisions/<int:revision_id>/delete/",
        views.revision_delete,
        name="revision_delete",
    ),
    path("<int:plan_id>/versions/<int:snapshot_id>/", views.snapshot_detail, name="snapshot"),
    path(
        "<int:plan_id>/versions/<int:snapshot_id>/restore/", views.snapshot_restore, name="restore"
    ),
    path(
        "<int:plan_id>/versions/<int:snapshot_id>/export/<export_format:format>/",
        views.snapshot_export,
        name="snapshot_export",
    ),
    path(
        "<int:plan_id>/versions/<int:snapshot_id>/export/<export_format:format>/progress/",
        views.snapshot_progress,
        name="snapshot_progress",
    ),
]
