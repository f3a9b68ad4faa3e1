from django.urls import path, register_converter

from komplan.plans import views
from komplan.plans.registers import RegisterConverter

register_converter(RegisterConverter, "register")

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<int:plan_id>/", views.plan_overview, name="overview"),
    path("<int:plan_id>/edit/", views.plan_edit, name="edit"),
    path("<int:plan_id>/copy/", views.plan_copy, name="copy"),
    path("<int:plan_id>/delete/", views.plan_delete, name="delete"),
    path("<int:plan_id>/<register:register>/", views.register_list, name="register"),
    path("<int:plan_id>/<register:register>/new/", views.register_create, name="register_create"),
    path(
        "<int:plan_id>/<register:register>/<int:pk>/edit/",
        views.register_edit,
        name="register_edit",
    ),
    path(
        "<int:plan_id>/<register:register>/<int:pk>/delete/",
        views.register_delete,
        name="register_delete",
    ),
    path(
        "<int:plan_id>/<register:register>/<int:pk>/move/",
        views.register_move,
        name="register_move",
    ),
]
