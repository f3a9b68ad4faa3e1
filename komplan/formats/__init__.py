"""How dates, times and numbers look in each interface language (`FORMAT_MODULE_PATH`).

One date style per language, used by every `|date`, `|time` and localized value, so a
page never shows "15 januari 2026" beside "2 Feb 2026": the medium date of the Unicode
CLDR (sv "15 jan. 2026", da and nb "15. jan. 2026", en "15 Jan 2026"), and 24-hour
times in every language, English too. Each `<lang>/formats.py` sets only what differs
from Django's own module for that language; Django falls back to its own for the rest.

The abbreviated months come from Django's "abbrev. month" strings (the `N` format
character). Django's Swedish ones lack the CLDR's full stops ("jan" for "jan."), so our
catalogues, which take precedence over Django's, translate them again; they are named
here so that `makemessages` keeps them in our catalogues.
"""

from django.utils.translation import pgettext_lazy

ABBREVIATED_MONTHS = (
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
)
