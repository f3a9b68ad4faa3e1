from django.urls import path

from komplan.reminders import views

app_name = "reminders"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
