from django.urls import path

from komplan.followup import views

app_name = "followup"

F = "<int:plan_id>/follow-up/"
G = F + "goals/<int:goal_id>/"
M = G + "measurements/<int:measurement_id>/"

urlpatterns = [
    path(F, views.plan_followup, name="plan"),
    path(G, views.goal_page, name="goal"),
    path(G + "indicator/edit/", views.indicator_edit, name="indicator_edit"),
    path(G + "measurements/new/", views.measurement_add, name="measurement_add"),
    path(M + "edit/", views.measurement_edit, name="measurement_edit"),
    path(M + "delete/", views.measurement_delete, name="measurement_delete"),
]
