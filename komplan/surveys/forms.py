"""Forms of the survey pages: the survey and its questions (editors), and the questionnaire
itself (the public page), built from the survey's questions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komplan.plans.forms import DATE, RegisterForm
from komplan.surveys.models import Question, QuestionKind, Survey, SurveyStatus

__all__ = ["AnswerForm", "QuestionForm", "SurveyForm"]

TEXT_LIMIT = 2000  # characters of a free-text answer


class SurveyForm(RegisterForm):
    plan_choices = {"group": "groups"}

    class Meta:
        model = Survey
        fields = ["title", "introduction", "group", "closes_on", "anonymous"]
        widgets = {"closes_on": DATE, "introduction": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "group": _("The survey is emailed to this group's contacts."),
            "closes_on": _("The last day answers are taken; the survey closes itself after it."),
            "anonymous": _(
                "Answers are not linked to the person who gave them. Leave this on unless "
                "the people asked know and have agreed."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and self.instance.status != SurveyStatus.DRAFT:
            # What the people asked were promised stays: answers given anonymously are never
            # linked afterwards, nor named ones made anonymous.
            self.fields["anonymous"].disabled = True


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["kind", "text"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        kind = self.fields["kind"]
        kind.choices = QuestionKind.choices  # type: ignore[attr-defined]  (no empty choice)
        if self.instance.pk is None:
            kind.initial = QuestionKind.LIKERT

    def clean_kind(self) -> str:
        kind = str(self.cleaned_data["kind"])
        others = self.survey.questions.filter(kind=QuestionKind.TEXT)
        if self.instance.pk is not None:
            others = others.exclude(pk=self.instance.pk)
        if kind == QuestionKind.TEXT and others.exists():
            raise forms.ValidationError(_("A survey has at most one free-text question."))
        return kind


SCALE_CHOICES = [
    ("1", _("1 – strongly disagree")),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", _("5 – strongly agree")),
]
YES_NO_CHOICES = [("1", _("Yes")), ("0", _("No"))]


class AnswerForm(forms.Form):
    """The questionnaire: one field per question, named `q<id>`; every question may be left
    unanswered."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            name = f"q{question.pk}"
            if question.kind == QuestionKind.TEXT:
                self.fields[name] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=TEXT_LIMIT,
                    widget=forms.Textarea(attrs={"rows": 5}),
                )
            else:
                choices = SCALE_CHOICES if question.kind == QuestionKind.LIKERT else YES_NO_CHOICES
                self.fields[name] = forms.ChoiceField(
                    label=question.text, required=False, choices=choices, widget=forms.RadioSelect
                )

    def answers(self) -> dict[int, Any]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def rows(self) -> list[tuple[Question, Any]]:
        return [(q, self[f"q{q.pk}"]) for q in self.questions]
