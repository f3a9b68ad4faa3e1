from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API under /api/v1/ and the personal tokens that open it (docs/api.md)."""

    name = "komplan.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from komplan.accounts.extensions import register_profile_link

        # The profile page (reminders) links to the token page without knowing this app.
        register_profile_link("api:tokens", _("API tokens"))
