from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The home page: the logged-in person's work across their organisations."""

    name = "komplan.home"
    label = "home"
    verbose_name = _("My work")
