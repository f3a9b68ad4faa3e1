from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    """Forums and their meetings: agenda, minutes, decisions, action items and justering."""

    name = "komplan.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        # Forums and meetings are recorded in the audit trail like a plan's registers.
        from komplan.meetings import history

        history.connect()
