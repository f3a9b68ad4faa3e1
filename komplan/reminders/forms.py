from __future__ import annotations

from django import forms

from komplan.reminders.models import DigestPreference


class DigestPreferenceForm(forms.ModelForm[DigestPreference]):
    class Meta:
        model = DigestPreference
        fields = ["frequency", "language"]
        widgets = {"frequency": forms.RadioSelect}
