from django.urls import path

from komplan.accounts import views

app_name = "accounts"

urlpatterns = [
    path("<slug:slug>/members/", views.member_list, name="members"),
    path("<slug:slug>/settings/", views.organization_settings, name="settings"),
    path("<slug:slug>/failed-work/", views.task_failures, name="task_failures"),
    path(
        "<slug:slug>/failed-work/<int:failure_id>/retry/",
        views.task_failure_retry,
        name="task_failure_retry",
    ),
    path(
        "<slug:slug>/failed-work/<int:failure_id>/dismiss/",
        views.task_failure_dismiss,
        name="task_failure_dismiss",
    ),
    path("<slug:slug>/brand.css", views.brand_stylesheet, name="brand_css"),
    path("<slug:slug>/logo.png", views.brand_logo, name="brand_logo"),
    path("<slug:slug>/members/add/", views.member_add, name="member_add"),
    path("<slug:slug>/members/<int:membership_id>/role/", views.member_role, name="member_role"),
    path(
        "<slug:slug>/members/<int:membership_id>/remove/", views.member_remove, name="member_remove"
    ),
    path(
        "<slug:slug>/invitations/<int:invitation_id>/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
]
