from django.urls import path

from komplan.people import gdpr_views, views

app_name = "people"

ORG = "orgs/<slug:slug>/contacts/"
C = ORG + "<int:contact_id>/"
INTERACTION = "orgs/<slug:slug>/interactions/<int:interaction_id>/"
P = "plans/<int:plan_id>/people/"
DATA = "orgs/<slug:slug>/personal-data/"
G = P + "groups/<int:group_id>/"

urlpatterns = [
    path(ORG, views.contact_list, name="contacts"),
    path(ORG + "new/", views.contact_create, name="contact_create"),
    path(ORG + "import/", views.contact_import, name="import"),
    path(C, views.contact_detail, name="contact"),
    path(C + "edit/", views.contact_edit, name="contact_edit"),
    path(C + "delete/", views.contact_delete, name="contact_delete"),
    path(C + "meetings/add/", views.contact_meeting_add, name="contact_meeting"),
    path(C + "interactions/new/", views.contact_log, name="contact_log"),
    path(INTERACTION + "edit/", views.interaction_edit, name="interaction_edit"),
    path(INTERACTION + "delete/", views.interaction_delete, name="interaction_delete"),
    path(C + "data.json", gdpr_views.contact_export, {"fmt": "json"}, name="contact_json"),
    path(C + "data.pdf", gdpr_views.contact_export, {"fmt": "pdf"}, name="contact_pdf"),
    path(C + "erase/", gdpr_views.contact_erase, name="contact_erase"),
    path(DATA, gdpr_views.personal_data, name="personal_data"),
    path(
        DATA + "members/<int:user_id>/data.json",
        gdpr_views.member_export,
        {"fmt": "json"},
        name="member_json",
    ),
    path(
        DATA + "members/<int:user_id>/data.pdf",
        gdpr_views.member_export,
        {"fmt": "pdf"},
        name="member_pdf",
    ),
    path(DATA + "members/<int:user_id>/erase/", gdpr_views.member_erase, name="member_erase"),
    path(P, views.plan_people, name="plan"),
    path(P + "engagement/", views.engagement_grid, name="engagement"),
    path(P + "activities/<int:activity_id>/log/", gdpr_views.activity_log, name="activity_log"),
    path(G, views.group_detail, name="group"),
    path(G + "engagement/edit/", views.group_engagement, name="group_engagement"),
    path(G + "contacts/add/", views.group_link, name="group_link"),
    path(G + "contacts/<int:contact_id>/remove/", views.group_unlink, name="group_unlink"),
    path(G + "interactions/new/", views.group_log, name="group_log"),
]
