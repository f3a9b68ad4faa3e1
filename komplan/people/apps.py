from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """The people behind a plan's target groups: an organisation's contacts, the log of
    meetings, calls and emails with them, and what those interactions conveyed."""

    name = "komplan.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        # Plans know nothing of people: messages conveyed in an interaction reach coverage
        # as done through the plans' extension registry.
        import datetime as dt

        from komplan.core import schedule
        from komplan.core.tasks import describe
        from komplan.people import engagement, planpart, services, tasks
        from komplan.plans.extensions import (
            OverviewPart,
            PlanPart,
            register,
            register_conveyed,
            register_entry_links,
            register_overview,
        )

        register_conveyed("people", services.conveyed_sql, services.conveyed_stamp)
        # Contacts travel in plan JSON by reference only (docs/gdpr.md).
        register(planpart.PART)
        # Engagement is plan content (where each group stands and must go): carried in plan
        # JSON, copies and versions; the overview lists the groups furthest from their goal.
        register(
            PlanPart(
                "engagement",
                engagement.dump,
                engagement.load,
                engagement.check,
                stamp=engagement.stamp,
            )
        )
        register_overview(
            OverviewPart(
                "engagement",
                "people/_overview_engagement.html",
                engagement.overview_context,
                stamp=list,  # the "engagement" part's stamp has what it reads
            )
        )
        # A held activity offers to log it as an interaction.
        register_entry_links("activities", planpart.activity_links)
        schedule.periodic(
            "people.retention", tasks.queue_retention_clean_ups, every=dt.timedelta(days=1)
        )
        describe(tasks.queue_retention_clean_ups, _("Finding the organisations to clean up"))
        describe(tasks.retention_clean_up, _("Deleting contacts past the retention period"))
