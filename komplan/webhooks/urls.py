from django.urls import path

from komplan.webhooks import views

app_name = "webhooks"

W = "<slug:slug>/webhooks/"

urlpatterns = [
    path(W, views.webhook_list, name="list"),
    path(W + "new/", views.webhook_create, name="create"),
    path(W + "<int:webhook_id>/", views.webhook_detail, name="detail"),
    path(W + "<int:webhook_id>/delete/", views.webhook_delete, name="delete"),
    path(W + "<int:webhook_id>/deliveries/", views.webhook_deliveries, name="deliveries"),
]
