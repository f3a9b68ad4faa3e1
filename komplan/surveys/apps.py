from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """Short questionnaires sent to a target group's contacts or shared as a link: answers
    anonymous by default, one per invitation, with a closing date. A goal measured by a
    survey takes its value from here (komplan.followup)."""

    name = "komplan.surveys"
    label = "surveys"
    verbose_name = _("Surveys")
