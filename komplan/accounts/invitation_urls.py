"""The invited person's page, reached by the secret token in the emailed link alone."""

from django.urls import path

from komplan.accounts import views

app_name = "invitations"

urlpatterns = [path("<slug:token>/", views.invitation, name="invitation")]
