from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Telling the organisation's other systems what happened, signed, through the queue."""

    name = "komplan.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from komplan.accounts.extensions import register_settings_page
        from komplan.webhooks import events, tasks  # noqa: F401 (the task's label)

        events.connect()
        register_settings_page(
            "webhooks:list",
            _("Webhooks"),
            _(
                "tell the organisation's other systems when plans, activities, material "
                "and minutes change."
            ),
        )
