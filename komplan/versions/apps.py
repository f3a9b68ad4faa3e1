from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VersionsConfig(AppConfig):
    """A plan's life: approval, revisions, frozen versions, comparison and publication."""

    name = "komplan.versions"
    label = "versions"
    verbose_name = _("Versions")

    def ready(self) -> None:
        from komplan.plans import revisions
        from komplan.plans.signals import plan_changed
        from komplan.versions.receivers import on_plan_changed
        from komplan.versions.services import frozen_versions, revision_rows, revision_stamp

        plan_changed.connect(on_plan_changed, dispatch_uid="versions.start_new_draft")
        revisions.set_source(revision_rows, revision_stamp)
        revisions.set_frozen_source(frozen_versions)
