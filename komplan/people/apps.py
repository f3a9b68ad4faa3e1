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
        from komplan.people import engagement, services
        from komplan.plans.extensions import (
            OverviewPart,
            PlanPart,
            register,
            register_conveyed,
            register_overview,
        )

        register_conveyed("people", services.conveyed_sql)
        # Engagement is plan content (where each group stands and must go): carried in plan
        # JSON, copies and versions; the overview lists the groups furthest from their goal.
        register(PlanPart("engagement", engagement.dump, engagement.load, engagement.check))
        register_overview(
            OverviewPart(
                "engagement", "people/_overview_engagement.html", engagement.overview_context
            )
        )
