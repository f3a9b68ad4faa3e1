from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    """Forums and their meetings: agenda, minutes, decisions, action items and justering."""

    name = "komplan.meetings"
    label = "meetings"
    verbose_name = _("Meetings")
