"""Dates and times in the nb interface: see `komplan.formats`."""

DATE_FORMAT = "j. N Y"
# The short forms are the same: tables and sentences show dates alike.
SHORT_DATE_FORMAT = "j. N Y"
DATETIME_FORMAT = "j. N Y H:i"
SHORT_DATETIME_FORMAT = "j. N Y H:i"
TIME_FORMAT = "H:i"
