"""Alerts through GOV.UK Notify (a fake Notify API on 127.0.0.1), and Notify's delivery
receipts at /alerts/notify/callback/."""

import json
import logging
import socket
import time

import jwt
import pytest
import requests
from notifications_python_client import NotificationsAPIClient
from notifications_python_client.errors import HTTPError

from django.utils import timezone

from alerts import sending
from alerts.backends import DeliveryError
from alerts.messages import Message
from alerts.models import Alert, Delivery, Subscriber, Subscription, Suppression
from alerts.notify import NotifyBackend
from alerts.signals import muted
from demo.factories import make_post

from .conftest import LINK
from .fake_notify import running_fake_notify

pytestmark = pytest.mark.django_db

TOKEN = "callback-token-for-tests"
CALLBACK = "/alerts/notify/callback/"


@pytest.fixture
def notify(settings):
    with running_fake_notify() as fake:
        settings.ALERTS_BACKEND = "alerts.notify.NotifyBackend"
        settings.NOTIFY_API_KEY = fake.api_key
        settings.NOTIFY_BASE_URL = fake.url
        settings.NOTIFY_TEMPLATE_ID = fake.template_id
        settings.NOTIFY_CALLBACK_TOKEN = TOKEN
        settings.BASE_URL = "https://testserver"  # Notify takes only https unsubscribe URLs
        yield fake


@pytest.fixture
def publish(blog, django_capture_on_commit_callbacks):
    """Publish a post for the first time; its alert is queued on commit and sent inline."""

    def publish(title):
        with django_capture_on_commit_callbacks(execute=True):
            return make_post(blog, title)

    return publish


def subscribe(*emails):
    """Confirmed subscribers to every blog, made directly."""
    subscribers = []
    for email in emails:
        subscriber = Subscriber.objects.create(email=email, confirmed_at=timezone.now())
        Subscription.objects.create(subscriber=subscriber)
        subscribers.append(subscriber)
    return subscribers


def statuses():
    return dict(Delivery.objects.values_list("subscriber__email", "status"))


def receipt(client, body, token=TOKEN):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(
        CALLBACK, data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def test_sign_up_and_a_first_publication_go_through_notify(client, blog, notify, publish):
    client.post(
        "/technology/subscribe/",
        {"email": "reader@example.com", "scope": "blog", "frequency": "immediately"},
    )
    [confirmation] = notify.sent
    assert confirmation["email_address"] == "reader@example.com"
    assert confirmation["one_click_unsubscribe_url"] is None  # not subscribed yet
    [(_, token)] = LINK.findall(confirmation["body"])
    client.post(f"/alerts/confirm/{token}/")
    subscribe("other@example.com")

    post = publish("Cloud first, five years on")
    alerts = {sent["email_address"]: sent for sent in notify.sent[1:]}
    assert sorted(alerts) == ["other@example.com", "reader@example.com"]
    for subscriber in Subscriber.objects.all():
        sent = alerts[subscriber.email]
        assert sent["template_id"] == notify.template_id
        assert sent["personalisation"]["subject"] == "Cloud first, five years on"
        assert sent["subject"] == "Cloud first, five years on"
        unsubscribe = sent["one_click_unsubscribe_url"]
        assert unsubscribe.startswith("https://testserver/alerts/unsubscribe/")
        assert unsubscribe in sent["body"]  # and in the footer, for a reader's GET
        assert sent["reference"] == f"alert-p{post.pk}-s{subscriber.pk}"
        delivery = Delivery.objects.get(subscriber=subscriber)
        assert (delivery.status, delivery.provider_id) == ("sent", sent["id"])
    assert Alert.objects.get().status == "done"

    # RFC 8058: the mail client's POST to the one-click URL unsubscribes.
    one_click = alerts["reader@example.com"]["one_click_unsubscribe_url"]
    client.post(one_click.removeprefix("https://testserver"), {"List-Unsubscribe": "One-Click"})
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["other@example.com"]


def test_the_fake_checks_the_token_as_notify_does(notify):
    def send(api_key):
        client = NotificationsAPIClient(api_key, base_url=notify.url)
        return client.send_email_notification(
            "reader@example.com", notify.template_id, {"subject": "S", "body": "B"}
        )

    assert send(notify.api_key)["content"]["body"] == "B"
    wrong_secret = notify.api_key[:-36] + "3d844edf-8d35-48ac-975b-e847b4f122b0"
    with pytest.raises(HTTPError) as refused:
        send(wrong_secret)
    assert refused.value.status_code == 403
    assert refused.value.message[0]["message"] == "Invalid token: API key not found"

    wrong_service = "key-26785a09-ab16-4eb0-8407-a37497a57506-" + notify.secret
    with pytest.raises(HTTPError) as refused:
        send(wrong_service)
    assert refused.value.status_code == 403

    old = jwt.encode({"iss": notify.service_id, "iat": int(time.time()) - 60}, notify.secret)
    response = requests.post(
        f"{notify.url}/v2/notifications/email",
        json={"email_address": "reader@example.com", "template_id": notify.template_id},
        headers={"Authorization": f"Bearer {old}"},
        timeout=5,
    )
    assert response.status_code == 403
    assert "within 30 seconds" in response.json()["errors"][0]["message"]
    assert len(notify.sent) == 1


def test_the_fake_checks_the_body_as_notify_does(notify):
    client = NotificationsAPIClient(notify.api_key, base_url=notify.url)
    cases = [
        ("reader@example", notify.template_id, {"subject": "S", "body": "B"}, "ValidationError"),
        ("reader@example.com", "not-a-uuid", {"subject": "S", "body": "B"}, "ValidationError"),
        ("reader@example.com", notify.template_id, {"subject": "S"}, "BadRequestError"),
    ]
    for address, template_id, personalisation, error in cases:
        with pytest.raises(HTTPError) as refused:
            client.send_email_notification(address, template_id, personalisation)
        assert (refused.value.status_code, refused.value.message[0]["error"]) == (400, error)
    with pytest.raises(HTTPError) as refused:
        client.send_email_notification(
            "reader@example.com",
            notify.template_id,
            {"subject": "S", "body": "B"},
            one_click_unsubscribe_url="http://example.com/unsubscribe/",
        )
    assert "https url" in refused.value.message[0]["message"]
    assert notify.sent == []


@pytest.mark.parametrize(
    ("status", "sent"),
    [
        (500, ["b@example.com", "c@example.com"]),  # the next message may go through
        (429, []),  # a rate limit: the rest of the batch waits too, unasked
    ],
)
def test_a_server_error_or_rate_limit_leaves_deliveries_to_retry(notify, publish, status, sent):
    subscribe("a@example.com", "b@example.com", "c@example.com")
    notify.fail_next(1, status)
    publish("A post")
    assert sorted(s["email_address"] for s in notify.sent) == sent
    waiting = [e for e, s in statuses().items() if s == "retry"]
    assert sorted(waiting) == sorted({"a@example.com", "b@example.com", "c@example.com"} - {*sent})
    assert Suppression.objects.count() == 0

    Delivery.objects.update(next_attempt_at=timezone.now())
    assert sending.fan_out(Alert.objects.get().pk) is None
    assert set(statuses().values()) == {"sent"}
    assert len(notify.sent) == 3  # each address once


def test_notify_unreachable_is_a_temporary_failure(notify, publish, settings):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{unused.getsockname()[1]}"
    subscribe("a@example.com", "b@example.com")
    publish("A post")
    assert set(statuses().values()) == {"retry"}
    assert Suppression.objects.count() == 0


def test_a_refused_key_suppresses_nobody_and_is_logged(notify, publish, settings, caplog):
    settings.NOTIFY_API_KEY = notify.api_key[:-36] + "3d844edf-8d35-48ac-975b-e847b4f122b0"
    subscribe("a@example.com", "b@example.com")
    with caplog.at_level(logging.ERROR, logger="alerts.notify"):
        publish("A post")
    assert set(statuses().values()) == {"retry"}
    assert Suppression.objects.count() == 0
    [record] = [r for r in caplog.records if r.name == "alerts.notify"]  # once a batch
    assert "NOTIFY_" in record.getMessage() and "403" in record.getMessage()


def test_a_bad_address_is_suppressed_and_a_misconfiguration_is_not(notify, publish):
    subscribe("a@example.com", "reader@example", "c@example.com")
    notify.fail_next(1, 400)  # Notify's "team-only API key": our mistake, not the reader's
    publish("A post")
    assert statuses() == {
        "a@example.com": "retry",
        "reader@example": "suppressed",
        "c@example.com": "sent",
    }
    assert list(Suppression.objects.values_list("email", "reason")) == [
        ("reader@example", "bounce")
    ]
    assert (
        "email_address Not a valid email address"
        in Delivery.objects.get(status="suppressed").error
    )


def alerted(notify, publish, *emails):
    """Subscribers, a first post's alert sent to them, and Notify's ids by address."""
    subscribe(*emails)
    publish("A post")
    return {sent["email_address"]: sent["id"] for sent in notify.sent}


def test_a_permanent_failure_suppresses_the_address(client, notify, publish):
    ids = alerted(notify, publish, "a@example.com", "b@example.com")
    response = receipt(client, notify.receipt(ids["a@example.com"], "permanent-failure"))
    assert response.status_code == 200
    assert Suppression.objects.get().email == "a@example.com"
    assert statuses() == {"a@example.com": "suppressed", "b@example.com": "sent"}

    publish("The next post")
    assert [s["email_address"] for s in notify.sent[2:]] == ["b@example.com"]


@pytest.mark.parametrize(
    ("status", "after"),
    [("delivered", "sent"), ("temporary-failure", "failed"), ("technical-failure", "failed")],
)
def test_other_receipts(client, notify, publish, status, after):
    ids = alerted(notify, publish, "a@example.com")
    assert receipt(client, notify.receipt(ids["a@example.com"], status)).status_code == 200
    assert statuses() == {"a@example.com": after}
    assert Suppression.objects.count() == 0


def test_a_complaint_suppresses_the_address(client, notify, publish):
    ids = alerted(notify, publish, "a@example.com")
    complaint = {
        "notification_id": ids["a@example.com"],
        "complaint_id": "0b5bea8d-4e1a-4a52-9a3c-4c4dfa2e0bd5",
        "reference": "alert",
        "to": "a@example.com",
        "complaint_date": "2026-01-05T10:00:00.000000Z",
    }
    assert receipt(client, complaint).status_code == 200
    assert list(Suppression.objects.values_list("email", "reason")) == [
        ("a@example.com", "complaint")
    ]


def test_receipts_need_the_token(client, notify, publish, settings):
    ids = alerted(notify, publish, "a@example.com")
    body = notify.receipt(ids["a@example.com"], "permanent-failure")
    assert receipt(client, body, token="guessed").status_code == 401
    assert client.post(CALLBACK, body, content_type="application/json").status_code == 401
    assert client.get(CALLBACK, HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 405
    settings.NOTIFY_CALLBACK_TOKEN = ""
    assert receipt(client, body, token="").status_code == 404  # no callback set up
    assert Suppression.objects.count() == 0


def test_bad_and_unknown_receipts(client, notify, publish):
    alerted(notify, publish, "a@example.com")
    assert receipt(client, "{not json").status_code == 400
    assert receipt(client, b"\xff\xfe").status_code == 400
    assert receipt(client, ["a list"]).status_code == 400
    assert receipt(client, {"status": "delivered"}).status_code == 400  # no id
    assert receipt(client, {"id": "", "status": "temporary-failure"}).status_code == 400
    unknown = {"id": "9f1c7a2e-0f55-4a8e-8d2b-6a1e2b3c4d5e", "status": "temporary-failure"}
    assert receipt(client, unknown).status_code == 200  # a confirmation's, say
    assert statuses() == {"a@example.com": "sent"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_fake_posts_receipts_as_notify_does(live_server, notify, blog):
    [subscriber] = subscribe("a@example.com")
    backend = NotifyBackend()
    backend.open()
    provider_id = backend.send(Message("a@example.com", "Subject", "Body", "<p>Body</p>"))
    backend.close()
    with muted():
        post = make_post(blog, "A post")
    Delivery.objects.create(
        subscriber=subscriber, post=post, status="sent", provider_id=provider_id
    )
    url = live_server.url + CALLBACK
    assert notify.send_callback(url, provider_id, "permanent-failure", "guessed") == 401
    assert notify.send_callback(url, provider_id, "permanent-failure", TOKEN) == 200
    assert Suppression.objects.get().email == "a@example.com"


def test_the_backend_refuses_a_key_of_the_wrong_shape(notify, settings):
    settings.NOTIFY_API_KEY = "not-a-key"  # pragma: allowlist secret
    with pytest.raises(DeliveryError) as error:
        NotifyBackend().open()
    assert not error.value.permanent
