from __future__ import annotations

from typing import Any

from django import forms

from komplan.api.models import ApiToken


class TokenForm(forms.ModelForm):
    """A new token: its name, organisation (one of the person's) and access."""

    class Meta:
        model = ApiToken
        fields = ["name", "organization", "scope"]
        widgets = {"scope": forms.RadioSelect}

    def __init__(self, *args: Any, organizations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = field.queryset.filter(pk__in=[o.pk for o in organizations])  # type: ignore[attr-defined]
        field.empty_label = None  # type: ignore[attr-defined]
