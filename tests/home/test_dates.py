"""Dates and times in GOV.UK style (issue 15, defect 7): "1 December 2026", "10:12am",
"5:30pm", "10am", "midday", "midnight", from one formatter wherever readers see them."""

import datetime
import zoneinfo

import pytest

from django.template import Context, Template
from django.utils import dateformat, timezone, translation

from comments.models import ReaderComment
from demo.factories import make_post
from home.templatetags.govuk_dates import govuk_date, govuk_datetime, govuk_month, govuk_time
from tests.html import soup

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [
        (10, 12, "10:12am"),
        (17, 30, "5:30pm"),
        (10, 0, "10am"),
        (13, 0, "1pm"),
        (12, 0, "midday"),
        (0, 0, "midnight"),
        (12, 5, "12:05pm"),
        (0, 5, "12:05am"),
        (23, 59, "11:59pm"),
        (9, 7, "9:07am"),
    ],
)
def test_times(hour, minute, expected):
    assert govuk_time(datetime.time(hour, minute)) == expected
    assert govuk_time(datetime.datetime(2026, 12, 1, hour, minute)) == expected


def test_dates_and_date_times():
    assert govuk_date(datetime.date(2026, 12, 1)) == "1 December 2026"
    assert govuk_month(datetime.date(2026, 12, 1)) == "December 2026"
    noon = datetime.datetime(2026, 12, 1, 12, 0)
    assert govuk_datetime(noon) == "1 December 2026 at midday"
    assert govuk_date(None) == govuk_time(None) == govuk_datetime("") == ""


@pytest.mark.parametrize("language", ["en", "cy"])
def test_dates_are_django_s_own_formats(language):
    # Written out rather than through dateformat (a listing shows a hundred): the same
    # text for every month, for dates and aware date-times, in each language.
    with translation.override(language):
        for month in range(1, 13):
            for value in (
                datetime.date(5, month, 1),
                datetime.date(2026, month, 28),
                datetime.datetime(2017, month, 9, 23, 30, tzinfo=datetime.UTC),
            ):
                aware = isinstance(value, datetime.datetime)
                local = timezone.localtime(value) if aware else value
                assert govuk_date(value) == dateformat.format(local, "j F Y")
                assert govuk_month(value) == dateformat.format(local, "F Y")


def test_aware_times_are_shown_in_london_time():
    # 23:30 UTC in summer is 00:30 the next day in London.
    late = datetime.datetime(2026, 7, 1, 23, 30, tzinfo=datetime.UTC)
    assert govuk_datetime(late) == "2 July 2026 at 12:30am"
    assert govuk_datetime(datetime.datetime(2026, 7, 1, 11, 0, tzinfo=datetime.UTC)) == (
        "1 July 2026 at midday"
    )


def test_the_filters_in_templates():
    template = Template("{% load govuk_dates %}{{ d|govuk_date }}; {{ t|govuk_datetime }}")
    context = Context({"d": datetime.date(2017, 10, 10), "t": datetime.datetime(2017, 10, 10, 0)})
    assert template.render(context) == "10 October 2017; 10 October 2017 at midnight"


@pytest.mark.parametrize(
    ("hour", "minute", "shown"),
    [(10, 12, "10:12am"), (12, 0, "midday"), (0, 0, "midnight"), (15, 0, "3pm")],
)
def test_comment_times_on_a_post(client, blog, hour, minute, shown):
    post = make_post(blog, "Meetup", date=datetime.date(2026, 12, 1))
    comment = ReaderComment.objects.create(
        post=post, name="Reader", body="Thanks.", status=ReaderComment.Status.APPROVED
    )
    created = datetime.datetime(2026, 12, 1, hour, minute, tzinfo=LONDON)
    ReaderComment.objects.filter(pk=comment.pk).update(created_at=created)
    page = soup(client.get(post.url))
    time = page.select_one(f"#comment-{comment.pk} time")
    assert time.get_text(strip=True) == f"1 December 2026 at {shown}"
    assert time["datetime"] == timezone.localtime(created).isoformat()
    assert page.select_one(".bulletin-byline time, time").get_text(strip=True) == "1 December 2026"
