from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CascadeConfig(AppConfig):
    """The dissemination cascade: a plan's steps through forums, groups and channels, the
    material approved once and passed down them, and where each piece has got to."""

    name = "komplan.cascade"
    label = "cascade"
    verbose_name = _("Dissemination")

    def ready(self) -> None:
        # Plans and exports know nothing of the cascade: it joins plan JSON (and so copies,
        # imports and restores through the one writer) and the plan's documents here.
        from komplan.cascade import document, planpart
        from komplan.exports.content import SECTION_BUILDERS
        from komplan.plans.extensions import PlanPart, register

        register(
            PlanPart("cascade", planpart.dump, planpart.load, planpart.check, stamp=planpart.stamp)
        )
        if document.spridning_section not in SECTION_BUILDERS:
            SECTION_BUILDERS.append(document.spridning_section)
