import json

import pytest
import sentry_sdk
from sentry_sdk.transport import Transport

from operations import errors
from tests.operations.urls import ADDRESS

PASSWORD = "correct-horse-battery-staple"  # pragma: allowlist secret


class FakeTransport(Transport):
    """Keeps what Sentry would send; nothing leaves the process."""

    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)

    def events(self):
        return [
            item.payload.json
            for envelope in self.envelopes
            for item in envelope.items
            if item.type == "event"
        ]


@pytest.fixture
def sentry():
    transport = FakeTransport()
    errors.init("https://public@sentry.invalid/1", environment="test", transport=transport)
    yield transport
    sentry_sdk.init(dsn=None)  # a client that sends nothing, for the tests after


@pytest.mark.urls("tests.operations.urls")
@pytest.mark.django_db
def test_an_error_reaches_sentry_without_passwords_addresses_or_cookies(client, sentry):
    client.cookies["sessionid"] = "a-session-key"
    with pytest.raises(ValueError):
        client.post(
            f"/boom/?token=tok-abc-123&next=/alerts/confirm/tok3n/&email={ADDRESS}",
            {"password": PASSWORD, "body": f"mail me at {ADDRESS}", "name": "Ada"},
            headers={"Authorization": "Bearer secret-bearer"},
        )
    sentry_sdk.flush()

    (event,) = sentry.events()
    text = json.dumps(event)
    assert event["exception"]["values"][0]["type"] == "ValueError"
    assert event["environment"] == "test"
    for secret in [PASSWORD, ADDRESS, "a-session-key", "secret-bearer", "tok3n", "tok-abc-123"]:
        assert secret not in text, secret
    assert "could not send to [email]" in text
    assert sentry_sdk.get_client().should_send_default_pii() is False
    assert "ip_address" not in json.dumps(event.get("user", {}))


def test_before_send_scrubs_what_an_integration_adds():
    event = {
        "request": {
            "url": "https://blogs.example/alerts/unsubscribe/t0k3n/",
            "data": {"password": PASSWORD, "email": ADDRESS},
        },
        "extra": {"comment": "mail me", "note": f"from {ADDRESS}"},
        "breadcrumbs": {"values": [{"message": f"sent to {ADDRESS}"}]},
    }
    scrubbed = errors.before_send(event, {})
    assert scrubbed["request"]["url"] == "https://blogs.example/alerts/unsubscribe/[token]/"
    assert scrubbed["request"]["data"] == {"password": "[scrubbed]", "email": "[scrubbed]"}
    assert scrubbed["extra"] == {"comment": "[scrubbed]", "note": "from [email]"}
    assert scrubbed["breadcrumbs"]["values"][0]["message"] == "sent to [email]"


def test_sentry_is_off_without_a_dsn(settings):
    assert settings.SENTRY_DSN == ""
    assert sentry_sdk.get_client().is_active() is False or not sentry_sdk.get_client().dsn
