from django.urls import path

from komplan.people import views

app_name = "people"

ORG = "orgs/<slug:slug>/contacts/"
C = ORG + "<int:contact_id>/"
INTERACTION = "orgs/<slug:slug>/interactions/<int:interaction_id>/"
P = "plans/<int:plan_id>/people/"
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
    path(P, views.plan_people, name="plan"),
    path(P + "engagement/", views.engagement_grid, name="engagement"),
    path(G, views.group_detail, name="group"),
    path(G + "engagement/edit/", views.group_engagement, name="group_engagement"),
    path(G + "contacts/add/", views.group_link, name="group_link"),
    path(G + "contacts/<int:contact_id>/remove/", views.group_unlink, name="group_unlink"),
    path(G + "interactions/new/", views.group_log, name="group_log"),
]
