"""Dates and times in the en interface: see `komplan.formats`."""

DATE_FORMAT = "j M Y"
# The short forms are the same: tables and sentences show dates alike.
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATETIME_FORMAT = "j M Y H:i"
TIME_FORMAT = "H:i"
