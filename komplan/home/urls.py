from django.urls import path

from komplan.home import views

app_name = "home"

urlpatterns = [
    path("", views.home, name="home"),
    path("my-work/activities/<int:activity_id>/done/", views.activity_done, name="activity_done"),
    path("my-work/actions/<int:action_id>/done/", views.action_done, name="action_done"),
]
