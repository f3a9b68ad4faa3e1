import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    """Digests by email of a person's work: what "My work" shows, daily or weekly."""

    name = "komplan.reminders"
    label = "reminders"
    verbose_name = _("Reminders")

    def ready(self) -> None:
        from komplan.core import schedule
        from komplan.core.tasks import describe
        from komplan.reminders import tasks

        # Hourly: a daily digest goes out in the first hour from KOMPLAN_DIGEST_HOUR.
        schedule.periodic("reminders.digests", tasks.queue_digests, every=dt.timedelta(hours=1))
        describe(tasks.queue_digests, _("Finding the digests that are due"))
        describe(tasks.send_digest, _("Sending a person's email digest"))
