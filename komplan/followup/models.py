"""How a plan's goals are followed up: each goal's indicator (baseline and how it is
measured) and the measurements entered by hand.

The target, unit and deadline are the goal's own (`plans.Goal`); an indicator adds what the
plan document never said: where the count starts and where the numbers come from.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from komplan.core.models import Locked


class Method(models.TextChoices):
    COUNTED = "counted", _("Counted from the plan")
    ENTERED = "entered", _("Entered measurements")
    SURVEYED = "surveyed", _("From a survey")


class Indicator(Locked):
    goal = models.OneToOneField(
        "plans.Goal", on_delete=models.CASCADE, related_name="indicator", verbose_name=_("goal")
    )
    method = models.CharField(
        _("how it is measured"), max_length=10, choices=Method.choices, default=Method.ENTERED
    )
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, default=0)
    # Counted: only done activities whose title or a channel's name contains this word.
    kind = models.CharField(
        _("kind of activity"),
        max_length=100,
        blank=True,
        help_text=_(
            "Counted: only done activities whose title or channel contains this word, "
            "e.g. “conference”. Empty: every done activity linked to the goal."
        ),
    )
    question = models.ForeignKey(
        "surveys.Question",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("survey question"),
    )
    minimum = models.PositiveSmallIntegerField(
        _("lowest answer that counts"),
        default=4,
        # The plan-JSON check takes 0 to 5: what the form accepts must export and import.
        validators=[MaxValueValidator(5)],
        help_text=_("On a 1–5 scale, 4 counts the answers 4 and 5; for yes or no, 1 is yes."),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.goal} ({self.get_method_display()})"


class Measurement(Locked):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("E.g. web statistics, press cuttings.")
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["indicator", "date", "pk"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")

    def __str__(self) -> str:
        return f"{self.date}: {self.value}"


class ReportTexts(Locked):
    """What the team writes for the plan's final report: its own evaluation of how the
    project went and the lessons learned. Versioned with the plan: the texts travel in plan
    JSON ("report", `komplan.followup.planpart`), so a frozen version keeps them.

    Rich text in komplan's one convention for long texts (`komplan.followup.richtext`):
    paragraphs separated by a blank line, lines starting with "- " a bulleted list and lines
    starting with "1. " a numbered one; stored as typed, never as HTML.
    """

    plan = models.OneToOneField(
        "plans.Plan", on_delete=models.CASCADE, related_name="report_texts", verbose_name=_("plan")
    )
    evaluation = models.TextField(
        _("evaluation"),
        blank=True,
        help_text=_("The project's own evaluation: how it went, measured against its purpose."),
    )
    lessons = models.TextField(
        _("lessons learned"),
        blank=True,
        help_text=_("What the organisation should do again, and what differently."),
    )

    class Meta:
        verbose_name = _("report texts")
        verbose_name_plural = _("report texts")

    def __str__(self) -> str:
        return str(self.plan)
