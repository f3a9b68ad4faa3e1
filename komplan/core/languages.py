"""The languages of plans and of the interface: Swedish, Danish, Norwegian bokmål, English."""

from django.utils.translation import gettext_lazy as _

LANGUAGE_CHOICES = [
    ("sv", _("Swedish")),
    ("da", _("Danish")),
    ("nb", _("Norwegian Bokmål")),
    ("en", _("English")),
]
