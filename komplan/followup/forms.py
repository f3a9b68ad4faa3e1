from __future__ import annotations

from typing import Any

from django import forms

from komplan.followup.models import Indicator, Measurement, ReportTexts
from komplan.plans.editing import LockedModelForm
from komplan.surveys.models import Question


class IndicatorForm(LockedModelForm):
    class Meta:
        model = Indicator
        fields = ["method", "baseline", "kind", "question", "minimum"]
        widgets = {"method": forms.RadioSelect}

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        question = self.fields["question"]
        question.queryset = (  # type: ignore[attr-defined]
            Question.objects.filter(survey__plan=plan)
            .exclude(kind="text")
            .select_related("survey")
            .order_by("survey__title", "position")
        )
        question.label_from_instance = lambda q: f"{q.survey.title}: {q.text}"  # type: ignore[attr-defined]


class MeasurementForm(LockedModelForm):
    class Meta:
        model = Measurement
        fields = ["date", "value", "source", "comment"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}


class ReportTextsForm(LockedModelForm):
    class Meta:
        model = ReportTexts
        fields = ["evaluation", "lessons"]
        widgets = {
            "evaluation": forms.Textarea(attrs={"rows": 12}),
            "lessons": forms.Textarea(attrs={"rows": 12}),
        }
