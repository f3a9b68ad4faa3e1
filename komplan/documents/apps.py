from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """What leaves or enters komplan as a file: plan JSON, Word, Excel, PDF, iCalendar."""

    name = "komplan.documents"
    label = "documents"
    verbose_name = _("Documents")
