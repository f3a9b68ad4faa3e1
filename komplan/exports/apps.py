from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    """What leaves komplan as a file: Word, PDF, Excel, plan JSON downloads and calendars."""

    name = "komplan.exports"
    label = "exports"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from django.core import checks

        from komplan.exports.checks import check_fonts

        checks.register(check_fonts)
