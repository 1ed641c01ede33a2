"""Small formatters shared by pages, emails and letters."""

import datetime
import re
from contextlib import nullcontext

from django.utils import translation
from django.utils.formats import date_format

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def month_name(value, language=None):
    """A month stored as ``2027-01`` written out: "Januari 2027" in Indonesian, "January 2027" in
    English (the active language, or ``language``). Anything else is returned as it is."""
    match = MONTH.match(value or "")
    if match is None:
        return value or ""
    day = datetime.date(int(match.group(1)), int(match.group(2)), 1)
    with translation.override(language) if language else nullcontext():
        return date_format(day, "F Y")
