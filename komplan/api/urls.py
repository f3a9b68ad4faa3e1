from django.urls import path

from komplan.api import cascade, followup, meetings, surveys, views  # noqa: F401 (they add operations to `api`)
from komplan.api.endpoints import api

app_name = "api"

urlpatterns = [
    path("profile/api-tokens/", views.tokens, name="tokens"),
    path("profile/api-tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]

api_urls = api.urls
