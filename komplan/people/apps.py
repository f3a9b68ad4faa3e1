from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """The people behind a plan's target groups: an organisation's contacts, the log of
    meetings, calls and emails with them, and what those interactions conveyed."""

    name = "komplan.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        # Plans know nothing of people: messages conveyed in an interaction reach coverage
        # as done through the plans' extension registry.
        from komplan.people import services
        from komplan.plans.extensions import register_conveyed

        register_conveyed("people", services.conveyed_sql)
