from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """What enters komplan as a file: plan JSON, Word plans and briefings, activity sheets."""

    name = "komplan.imports"
    label = "imports"
    verbose_name = _("Import")
