from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "komplan.plans"
    label = "plans"
    verbose_name = _("Communication plans")

    def ready(self) -> None:
        from komplan.accounts.signals import seasons_changed
        from komplan.plans.services import _on_seasons_changed

        seasons_changed.connect(_on_seasons_changed, dispatch_uid="plans.periods_refresh")
