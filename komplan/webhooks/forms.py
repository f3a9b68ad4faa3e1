from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from komplan.webhooks.models import Event, Webhook
from komplan.webhooks.sending import UnsafeAddress, checked_address


class WebhookForm(forms.ModelForm):
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Where komplan sends the events: an https:// address of the receiving system."),
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the receiving system hears of."),
    )

    class Meta:
        model = Webhook
        fields = ["url", "description", "events", "active"]

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        try:
            checked_address(url)
        except UnsafeAddress as refused:
            raise forms.ValidationError(str(refused)) from None
        return url
