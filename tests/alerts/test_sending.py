"""A post's alert reaches each matching subscriber once; failures are retried or
suppressed; digests collect what was published since the last one."""

import smtplib
from datetime import timedelta

import pytest

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alerts import sending
from alerts.backends import DeliveryError
from alerts.digests import send_digests
from alerts.models import Alert, Delivery, Digest, Subscriber, Subscription, Suppression
from demo.factories import make_category, make_post

from .conftest import links

pytestmark = pytest.mark.django_db


def subscriber(email, blog=None, category=None, frequency="immediately", confirmed=True):
    person = Subscriber.objects.create(
        email=email, confirmed_at=timezone.now() if confirmed else None
    )
    Subscription.objects.create(
        subscriber=person, blog=blog, category=category, frequency=frequency
    )
    return person


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a post as an editor does: the alert is queued when the publish commits."""

    def publish(blog, title, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return make_post(blog, title, **fields)

    return publish


def test_first_publication_alerts_each_matching_subscriber_once(
    blog, other_blog, security, publish
):
    subscriber("blog@example.com", blog)
    subscriber("network@example.com")
    subscriber("category@example.com", blog, security)
    subscriber("other-category@example.com", blog, make_category("Hiring"))
    subscriber("other-blog@example.com", other_blog)
    subscriber("unconfirmed@example.com", blog, confirmed=False)
    subscriber("weekly@example.com", blog, frequency="weekly")
    both = subscriber("both@example.com", blog)
    Subscription.objects.create(subscriber=both, blog=None)

    post = publish(blog, "Open source security", categories=[security], summary="Seven lessons.")

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == [
        "blog@example.com",
        "both@example.com",
        "category@example.com",
        "network@example.com",
    ]
    message = mail.outbox[0]
    assert message.subject == "Open source security"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [token] = links(message, "unsubscribe")
    assert message.extra_headers["List-Unsubscribe"] == (
        f"<http://testserver/alerts/unsubscribe/{token}/>"
    )
    assert links(message, "manage")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Seven lessons." in html and "Seven lessons." in message.body
    assert post.url in html and post.get_url() in message.body
    alert = Alert.objects.get(post=post)
    assert alert.status == Alert.Status.DONE
    assert Delivery.objects.filter(alert=alert, status="sent").count() == 4


def test_tokens_in_each_message_belong_to_its_reader(blog, publish):
    subscriber("a@example.com", blog)
    subscriber("b@example.com", blog)
    publish(blog, "A post")
    tokens = [links(message, "unsubscribe")[0] for message in mail.outbox]
    assert len(set(tokens)) == 2


def test_an_edit_a_republish_and_a_second_run_send_nothing_more(client, blog, publish):
    subscriber("reader@example.com", blog)
    post = publish(blog, "A post")
    assert len(mail.outbox) == 1
    with_edit = post.save_revision()
    with_edit.publish()
    post.unpublish()
    post.save_revision().publish()
    sending.fan_out(Alert.objects.get().pk)
    assert len(mail.outbox) == 1
    assert Alert.objects.count() == 1


def test_a_scheduled_post_alerts_when_its_time_comes(blog, django_capture_on_commit_callbacks):
    subscriber("reader@example.com", blog)
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post(blog, "Later", publish=False)
        post.go_live_at = timezone.now() + timedelta(hours=1)
        post.save_revision().publish()
    assert mail.outbox == [] and not Alert.objects.exists()
    # The hour passes: the scheduler's publish_scheduled publishes the approved revision.
    revision = post.get_latest_revision()
    past = timezone.now() - timedelta(seconds=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    assert len(mail.outbox) == 1


def test_a_backdated_first_publication_is_not_news(blog, publish):
    """An archive brought in with its old dates (an import) alerts nobody."""
    subscriber("reader@example.com", blog)
    publish(blog, "From 2017", first_published_at=timezone.now() - timedelta(days=3000))
    assert mail.outbox == []


class FlakyBackend:
    """Refuses the listed addresses, for good or for now."""

    def __init__(self, permanent=(), temporary=()):
        self.permanent, self.temporary, self.sent = set(permanent), set(temporary), []

    def __call__(self):
        return self

    def open(self):
        pass

    def close(self):
        pass

    def send(self, message):
        if message.to in self.permanent:
            raise DeliveryError("550 no such mailbox", permanent=True)
        if message.to in self.temporary:
            raise DeliveryError("451 try later")
        self.sent.append(message.to)
        return ""


def test_temporary_failures_are_retried_with_back_off_and_not_lost(
    blog, publish, monkeypatch, caplog
):
    backend = FlakyBackend(temporary={"busy@example.com"})
    monkeypatch.setattr(sending, "get_backend", backend)
    subscriber("busy@example.com", blog)
    subscriber("fine@example.com", blog)
    post = publish(blog, "A post")
    assert backend.sent == ["fine@example.com"]
    waiting = Delivery.objects.get(status="retry")
    assert waiting.attempts == 1 and waiting.next_attempt_at > timezone.now()
    alert = Alert.objects.get(post=post)
    assert alert.status == Alert.Status.PENDING  # waiting for the retry
    assert "Task id" not in caplog.text  # the task did not fail for want of a later run

    backend.temporary.clear()
    call_command("resume_alerts")  # the scheduler, a minute later: the retry is not due
    assert backend.sent == ["fine@example.com"]
    Delivery.objects.filter(pk=waiting.pk).update(next_attempt_at=timezone.now())
    Alert.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    call_command("resume_alerts")  # due now: queued again (run at once in tests)
    assert backend.sent == ["fine@example.com", "busy@example.com"]
    assert Alert.objects.get().status == Alert.Status.DONE


def test_a_hard_bounce_suppresses_the_address(blog, publish, monkeypatch):
    backend = FlakyBackend(permanent={"gone@example.com"})
    monkeypatch.setattr(sending, "get_backend", backend)
    subscriber("gone@example.com", blog)
    publish(blog, "First")
    assert Suppression.objects.get().email == "gone@example.com"
    publish(blog, "Second")
    assert backend.sent == []
    assert list(Delivery.objects.values_list("status", flat=True)) == ["suppressed"] * 2


def test_attempts_run_out_as_failed(blog, publish, monkeypatch, settings):
    settings.ALERTS_MAX_ATTEMPTS = 1
    monkeypatch.setattr(sending, "get_backend", FlakyBackend(temporary={"busy@example.com"}))
    subscriber("busy@example.com", blog)
    publish(blog, "A post")
    assert Delivery.objects.get().status == "failed"
    assert Alert.objects.get().status == Alert.Status.DONE


def test_smtp_errors_map_to_temporary_and_permanent(settings):
    from alerts.backends import SMTPBackend
    from alerts.messages import Message

    backend = SMTPBackend()

    class Connection:
        connection = object()

        def send_messages(self, messages):
            raise self.error

        def close(self):
            pass

    for error, permanent in [
        (smtplib.SMTPRecipientsRefused({"a@example.com": (550, b"no")}), True),
        (smtplib.SMTPRecipientsRefused({"a@example.com": (450, b"later")}), False),
        (smtplib.SMTPDataError(452, b"full"), False),
        (smtplib.SMTPServerDisconnected("gone"), False),
    ]:
        backend.connection = Connection()
        backend.connection.error = error
        with pytest.raises(DeliveryError) as raised:
            backend.send(Message("a@example.com", "s", "t", "<p>h</p>"))
        assert raised.value.permanent is permanent


def test_a_stopped_run_is_taken_over_and_its_batch_sent_again(blog, publish, settings, caplog):
    settings.ALERTS_LEASE_SECONDS = 60
    for i in range(3):
        subscriber(f"r{i}@example.com", blog)
    alert = Alert.objects.create(post=make_post(blog, "Quiet", first_published_at=None))
    # A run that died mid-way: its lease is old, one delivery claimed but never recorded.
    Alert.objects.filter(pk=alert.pk).update(
        status="sending", run_id="dead", heartbeat_at=timezone.now() - timedelta(minutes=5)
    )
    Delivery.objects.create(
        alert=alert, post=alert.post, subscriber=Subscriber.objects.first(), claim="dead"
    )
    assert sending.stalled_alerts() == [alert.pk]
    sending.fan_out(alert.pk)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["r0@example.com", "r1@example.com", "r2@example.com"]
    assert "sending again 1 messages" in caplog.text
    assert sending.stalled_alerts() == []


def test_a_live_run_keeps_its_lease(blog):
    alert = Alert.objects.create(post=make_post(blog, "Busy"))
    Alert.objects.filter(pk=alert.pk).update(
        status="sending", run_id="alive", heartbeat_at=timezone.now()
    )
    assert sending.fan_out(alert.pk) is None
    assert Alert.objects.get().run_id == "alive"


def test_digests_collect_the_posts_since_the_last_one(blog, security):
    subscriber("daily@example.com", blog, frequency="daily")
    subscriber("weekly@example.com", blog, frequency="weekly")
    subscriber("security@example.com", blog, security, frequency="daily")
    subscriber("now@example.com", blog)
    make_post(blog, "One")
    make_post(blog, "Two", categories=[security])

    assert send_digests("daily") == 2
    by_reader = {message.to[0]: message for message in mail.outbox}
    assert set(by_reader) == {"daily@example.com", "security@example.com"}
    assert by_reader["daily@example.com"].subject == "2 new posts today"
    assert "One" in by_reader["daily@example.com"].body
    assert by_reader["security@example.com"].subject == "1 new post today"
    assert by_reader["security@example.com"].extra_headers["List-Unsubscribe"]

    mail.outbox.clear()
    assert send_digests("daily") == 0  # nothing new since
    assert send_digests("weekly") == 1
    assert Digest.objects.filter(finished_at__isnull=True).count() == 0


def test_the_scheduler_sends_a_digest_only_when_one_is_due(blog):
    subscriber("daily@example.com", blog, frequency="daily")
    make_post(blog, "One")
    call_command("send_digests", "daily", "--if-due")
    call_command("send_digests", "daily", "--if-due")  # a minute later: not due
    assert len(mail.outbox) == 1
    Digest.objects.update(until=timezone.now() - timedelta(days=1, seconds=1))
    make_post(blog, "Two")
    call_command("send_digests", "daily", "--if-due")
    assert len(mail.outbox) == 2
