from django.urls import path

from komplan.accounts import views

app_name = "accounts"

urlpatterns = [
    path("<slug:slug>/members/", views.member_list, name="members"),
    path("<slug:slug>/settings/", views.organization_settings, name="settings"),
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
