from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Who changed what in a plan and its registers, field by field, kept after deletion."""

    name = "komplan.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from komplan.audit import recording

        recording.connect()
