"""Surveys of a plan's target groups: the questions, the invitations (one per contact, each
with its own unguessable token, stored only as a hash) and the answers.

Answers are anonymous by default: a response is not linked to the invitation that let it
in; the invitation only records that it has been used.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from komplan.core.models import Locked
from komplan.core.ordering import Positioned, unique_positions


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Survey(Locked):
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="surveys", verbose_name=_("plan")
    )
    title = models.CharField(_("title"), max_length=300)
    introduction = models.TextField(_("introduction"), blank=True)
    group = models.ForeignKey(
        "plans.TargetGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("target group"),
    )
    anonymous = models.BooleanField(_("anonymous answers"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    closes_on = models.DateField(_("closing date"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The shared link's token (link or QR code), as a SHA-256 hex digest; empty: no link.
    link_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Questionnaires submitted before the survey came here (a copy, an import, a restored
    # version: plan JSON carries totals only); their answers are `EarlierTotal`s.
    earlier_responses = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Scale 1–5")
    YES_NO = "yes_no", _("Yes or no")
    TEXT = "text", _("Free text")


class Question(Positioned):
    """One question of a survey, in its place 1..N (`core.ordering`: added last, moved by
    swapping with a neighbour, the ones after a deleted question close up)."""

    order_parent = "survey"
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)

    class Meta(Positioned.Meta):
        constraints = [unique_positions("survey")]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class Invitation(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    contact = models.ForeignKey(
        "people.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_invitations",
    )
    # SHA-256 hex digest of the token sent (at least 128 random bits); the token itself is
    # never stored.
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["survey", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "contact"], name="one_invitation_per_contact")
        ]

    def __str__(self) -> str:
        return f"{self.survey} → {self.contact or '?'}"


class Response(models.Model):
    """One submitted questionnaire."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_at = models.DateTimeField()
    # Only when the survey is not anonymous.
    contact = models.ForeignKey(
        "people.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
    )

    class Meta:
        ordering = ["survey", "submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.survey} {self.submitted_at:%Y-%m-%d %H:%M}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # Scale: 1–5; yes/no: 1 yes, 0 no; free text: empty.
    value = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["response", "question"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value if self.value is not None else self.text[:40]}"


class EarlierTotal(models.Model):
    """How many answered a question with `value` before the survey came to this plan: plan
    JSON carries a survey's answers as totals only (docs/plan-json.md), so a copied,
    imported or restored survey keeps them here, read-only, and its results and the goals
    measured by it count them with the answers given since. A free-text question's total
    has no value (its texts are not carried)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="earlier")
    value = models.SmallIntegerField(null=True, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["question", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "value"],
                name="one_earlier_total_per_value",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value} × {self.count}"
