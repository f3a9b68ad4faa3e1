from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    """Following a plan up: its goals' indicators and measurements, each goal's progress
    and status, and the plan's follow-up page for the steering group."""

    name = "komplan.followup"
    label = "followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        # Plans know nothing of follow-up: indicators travel in plan JSON, and the overview
        # links to the follow-up page, through the plans' extension registry.
        from komplan.followup import planpart, views
        from komplan.plans.extensions import OverviewPart, PlanPart, register, register_overview

        register(
            PlanPart(
                "indicators", planpart.dump, planpart.load, planpart.check, stamp=planpart.stamp
            )
        )
        register(
            PlanPart(
                "report",
                planpart.dump_report,
                planpart.load_report,
                planpart.check_report,
                stamp=planpart.stamp_report,
            )
        )

        register_overview(
            OverviewPart("followup", "followup/_overview.html", views.overview_context, stamp=list)
        )

        # Measurements are recorded in the audit trail, in their plan's history.
        from komplan.followup import history

        history.connect()
