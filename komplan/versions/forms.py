from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from komplan.versions.models import Revision


class StepForm(forms.Form):
    """A workflow step: an optional comment, recorded in the revision table."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Optional. It goes into the plan's revision table, which is part of the plan's "
            "documents and of its public page once it is published."
        ),
    )


class ApproveForm(StepForm):
    on_behalf_of = forms.CharField(
        label=_("On behalf of"),
        required=False,
        max_length=300,
        help_text=_("If you approve as the chair of a body, name it, e.g. “Styrgruppen”."),
    )


class RevisionForm(forms.ModelForm):
    """A free entry of the revision table, e.g. “Utkast framtaget”."""

    class Meta:
        model = Revision
        fields = ["version", "date", "comment", "changed_by"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = True
