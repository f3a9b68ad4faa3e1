from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """Short questionnaires sent to a target group's contacts or shared as a link: answers
    anonymous by default, one per invitation, with a closing date. A goal measured by a
    survey takes its value from here (komplan.followup)."""

    name = "komplan.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        import datetime as dt

        from komplan.core import schedule
        from komplan.core.tasks import describe
        from komplan.people.gdpr import ContactPart, register_contact_part
        from komplan.plans.extensions import OverviewPart, PlanPart, register, register_overview
        from komplan.surveys import gdpr, planpart, tasks, views

        # Plans know nothing of surveys: the overview lists the latest through the registry,
        # and plan JSON carries them (answers as totals only) as a part. Registered before the
        # follow-up's indicators (INSTALLED_APPS order), which find their questions in them.
        register(
            PlanPart("surveys", planpart.dump, planpart.load, planpart.check, stamp=planpart.stamp)
        )
        # Its surveys and answers are in the plan's content stamp (the "surveys" part's).
        register_overview(
            OverviewPart("surveys", "surveys/_overview.html", views.overview_context, stamp=list)
        )
        # A contact's export lists their invitations; erasure unlinks them (docs/gdpr.md).
        register_contact_part(
            ContactPart(
                "surveys", gdpr.contact_data, gdpr.contact_erase, "surveys/_contact_print.html"
            )
        )
        schedule.periodic("surveys.close", tasks.close_past_date, every=dt.timedelta(hours=1))
        describe(tasks.close_past_date, _("Closing surveys past their closing date"))
        describe(tasks.invitation_send, _("Emailing a survey's invitation"))
