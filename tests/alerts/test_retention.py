"""How long alerts keep a sign-up that was never confirmed (ALERTS_CONFIRM_DAYS)."""

from datetime import timedelta
from io import StringIO

import pytest

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from alerts.models import Subscriber
from alerts.signup import purge_unconfirmed
from demo import site

pytestmark = pytest.mark.django_db


def signed_up(email, days_ago, confirmed=False):
    subscriber = Subscriber.objects.create(email=email)
    created = timezone.now() - timedelta(days=days_ago)
    Subscriber.objects.filter(pk=subscriber.pk).update(
        created_at=created, confirmed_at=created if confirmed else None
    )
    return subscriber


@override_settings(ALERTS_CONFIRM_DAYS=7)
def test_unconfirmed_sign_ups_go_after_seven_days():
    signed_up("stale@example.com", days_ago=8)
    signed_up("confirmed@example.com", days_ago=30, confirmed=True)
    signed_up("recent@example.com", days_ago=6)
    assert purge_unconfirmed() == 1
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "confirmed@example.com",
        "recent@example.com",
    }


def test_the_scheduled_command_purges_them():
    signed_up("stale@example.com", days_ago=8)
    output = StringIO()
    call_command("resume_alerts", stdout=output)
    assert "1 unconfirmed sign-up(s) deleted" in output.getvalue()
    assert not Subscriber.objects.exists()


def test_the_privacy_notice_says_what_alerts_keep_and_for_how_long():
    [privacy] = [page for page in site.STANDARD_PAGES if page["slug"] == "privacy"]
    for words in (
        "topics and frequency you chose, until you unsubscribe",
        f"a sign-up you did not confirm, for {settings.ALERTS_CONFIRM_DAYS} days",
        "a record of each alert we sent",
        "addresses we must not send to",
        "remove it if you ask us to delete your data",
        "GOV.UK Notify",
    ):
        assert words in privacy["body"]
