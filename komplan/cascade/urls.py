from django.urls import path

from komplan.cascade import views

app_name = "cascade"

C = "<int:plan_id>/cascade/"
M = C + "materials/<int:material_id>/"

urlpatterns = [
    path(C, views.cascade, name="cascade"),
    path(C + "settings/edit/", views.settings_edit, name="settings"),
    path(C + "steps/new/", views.step_create, name="step_create"),
    path(C + "steps/<int:step_id>/edit/", views.step_edit, name="step_edit"),
    path(C + "steps/<int:step_id>/delete/", views.step_delete, name="step_delete"),
    path(C + "materials/new/", views.material_create, name="material_create"),
    path(M, views.material_detail, name="material"),
    path(M + "edit/", views.material_edit, name="material_edit"),
    path(M + "delete/", views.material_delete, name="material_delete"),
    path(M + "approve/", views.material_approve, name="material_approve"),
    path(M + "release/", views.material_release, name="material_release"),
    path(M + "attachments/new/", views.attachment_create, name="attachment_create"),
    path(M + "attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path(
        M + "attachments/<int:attachment_id>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path(M + "steps/<int:step_id>/mark/", views.dispatch_mark, name="mark"),
    path(M + "steps/<int:step_id>/override/", views.dispatch_override, name="override"),
]
