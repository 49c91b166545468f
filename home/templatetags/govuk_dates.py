"""Every date and time readers see, in GOV.UK style: "1 December 2026", "10:12am",
"5:30pm", "10am" (not "10:00am"), "midday" and "midnight" (the GOV.UK style guide,
"Dates" and "Times"). Templates `{% load govuk_dates %}`; Python code imports the
functions. Aware date-times are shown in the site's time zone (Europe/London)."""

import datetime

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS

register = template.Library()


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def govuk_date(value):
    """1 December 2026."""
    if value in (None, ""):
        return ""
    value = _local(value)
    # What Django's dateformat "j F Y" gives (the month named in the active language),
    # without parsing a format for each of the hundred dates a listing shows.
    return f"{value.day} {MONTHS[value.month]} {value.year:04d}"


@register.filter
def govuk_month(value):
    """December 2026."""
    if value in (None, ""):
        return ""
    value = _local(value)
    return f"{MONTHS[value.month]} {value.year:04d}"


@register.filter
def govuk_time(value):
    """10:12am, 5:30pm, 10am, midday, midnight."""
    if value in (None, ""):
        return ""
    return _time(_local(value))


def _time(value):
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    if value.hour == 12 and value.minute == 0:
        return "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


@register.filter
def govuk_datetime(value):
    """1 December 2026 at 10:12am."""
    if value in (None, ""):
        return ""
    value = _local(value)
    return f"{govuk_date(value)} at {_time(value)}"
