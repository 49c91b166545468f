"""E-mail alerts end to end: a real SMTP server on 127.0.0.1 (tests/alerts/smtp_sink.py) and
the real `runserver` and `db_worker` processes (tests/servers.py), on SQLite and PostgreSQL.

A reader signs up with the form, follows the link in the confirmation e-mail as a mail
client shows it, gets exactly one alert when a post is published, unsubscribes with the
one-click POST a mail provider sends (RFC 8058: no cookie, no CSRF token) and gets nothing
more. Then a worker is killed in the middle of a fan-out to 2,000 readers; once its lease
has run out, `resume_alerts` and a new worker finish it, and nobody gets the alert twice
but the batch that was in flight.
"""

import re
import time
import urllib.parse
import urllib.request
from collections import Counter
from http.cookiejar import CookieJar

import pytest

from tests.servers import SETUPS, running_server

from .smtp_sink import running_smtp_sink

READER = "reader@example.com"
BATCH = 50  # ALERTS_BATCH_SIZE in the servers' environment
LEASE = 2  # ALERTS_LEASE_SECONDS
CROWD = 2000  # readers of the alert the worker is killed in the middle of
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(scope="module")
def sink():
    with running_smtp_sink() as sink:
        yield sink


@pytest.fixture(scope="module", params=[name for name, (_, worker) in SETUPS.items() if worker])
def server(request, sink, tmp_path_factory):
    env = {
        "EMAIL_URL": sink.url,
        "ALERTS_BATCH_SIZE": str(BATCH),
        "ALERTS_LEASE_SECONDS": str(LEASE),
    }
    with running_server(request.param, tmp_path_factory, env=env) as server:
        yield server


@pytest.fixture(scope="module")
def script(server):
    """Commands run in the server's setting (tests/alerts/alerts_server.py)."""
    with server.session("tests.alerts.alerts_server") as script:
        yield script


class Browser:
    """A reader's browser: cookies kept, redirects followed, no proxy. `cookies=False` is a
    mail provider's one-click request instead."""

    def __init__(self, server, cookies=True):
        self.server = server
        handlers = [urllib.request.ProxyHandler({})]
        if cookies:
            handlers.append(urllib.request.HTTPCookieProcessor(CookieJar()))
        self.opener = urllib.request.build_opener(*handlers)

    def open(self, url, data=None):
        """(final URL, HTML) of a GET, or of a POST of `data` (a dict or bytes)."""
        if url.startswith("/"):
            url = self.server.url + url
        request = urllib.request.Request(url)  # noqa: S310 (our own server)
        if data is not None:
            if isinstance(data, dict):
                data = urllib.parse.urlencode(data, doseq=True).encode()
            request.data = data
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
            request.add_header("Origin", self.server.url)
        with self.opener.open(request, timeout=60) as response:
            return response.url, response.read().decode()

    def submit(self, url, fields):
        """Open the page at `url` and send its form with `fields`, as a click does."""
        _, html = self.open(url)
        return self.open(url, {"csrfmiddlewaretoken": TOKEN.search(html).group(1), **fields})


def wait_until_sent(script, post_id):
    """The post's alert, once the worker has finished it (its row polled, not slept on)."""
    state = script("alert", post_id, 120)
    assert state["status"] == "done", state
    return state


def one_link(text, kind):
    [url] = re.findall(rf"http\S+/alerts/{kind}/[^/\s]+/", text)
    return url


def test_sign_up_confirm_alert_and_one_click_unsubscribe(server, script, sink):
    reader = Browser(server)
    before = sink.count
    url, _ = reader.submit(
        "/technology/subscribe/",
        {"email": READER, "scope": "blog", "frequency": "immediately"},
    )
    assert url == f"{server.url}/subscribe/check-your-email/"

    # The confirmation e-mail, read as a mail client reads it.
    assert sink.wait_for(before + 1) == before + 1
    [received] = sink.to(READER, before)
    assert received.rcpt_tos == [READER]
    message = received.message()
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == [
        "text/plain",
        "text/html",
    ]
    assert message["To"] == READER
    text = message.get_body(("plain",)).get_content()
    assert "Every post on Government Technology" in text
    confirm = one_link(text, "confirm")
    assert confirm.startswith(f"{server.url}/alerts/confirm/")
    assert confirm in message.get_body(("html",)).get_content()

    url, html = reader.submit(confirm, {})
    assert url.startswith(f"{server.url}/alerts/manage/") and url.endswith("?confirmed=1")
    assert "You have subscribed to email alerts" in html
    assert script("subscriber", READER) == {
        "exists": True,
        "confirmed": True,
        "subscriptions": 1,
    }

    # A writer's post: exactly one alert.
    post = script("publish", "technology", "Open data week")
    assert wait_until_sent(script, post["post"])["deliveries"] == {"sent": 1}
    assert sink.count == before + 2
    [alert] = [
        m.message() for m in sink.to(READER, before) if m.message()["Subject"] == "Open data week"
    ]
    assert alert.get_content_type() == "multipart/alternative"
    # Links take BASE_URL's scheme: http here, https in production. The long header is
    # folded after its colon, so the unfolded value starts with a space (RFC 5322 CFWS).
    unsubscribe = alert["List-Unsubscribe"].strip()
    assert re.fullmatch(rf"<{re.escape(server.url)}/alerts/unsubscribe/[^/\s>]+/>", unsubscribe)
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = alert.get_body(("plain",)).get_content()
    assert one_link(text, "unsubscribe") == unsubscribe.strip("<>")
    assert f"{server.url}{post['url']}" in text

    # The mail provider's one-click unsubscribe: a bare POST, no cookie, no CSRF token.
    provider = Browser(server, cookies=False)
    url, html = provider.open(unsubscribe.strip("<>"), b"List-Unsubscribe=One-Click")
    assert url == f"{server.url}/alerts/unsubscribed/"
    assert script("subscriber", READER)["exists"] is False

    # Another post: its alert is done, and nothing more arrives.
    post = script("publish", "technology", "Open data week, day two")
    assert wait_until_sent(script, post["post"])["deliveries"] == {}
    assert sink.count == before + 2


def test_a_worker_killed_mid_way_is_resumed_and_every_reader_gets_the_alert(server, script, sink):
    script("subscribers", "crowd", CROWD)
    start = sink.count
    sink.delay = 0.002  # a relay slow enough to stop the worker mid-way
    try:
        post = script("publish", "crowd", "Killed mid-way")
        # Stop it a third of the way in, while a batch is being sent.
        deadline = time.monotonic() + 120
        while not (
            (sent := sink.count - start) >= CROWD // 3 and BATCH // 5 < sent % BATCH < BATCH // 2
        ):
            assert time.monotonic() < deadline, f"only {sent} messages arrived"
            time.sleep(0.002)
        server.kill_worker()
    finally:
        sink.delay = 0
    state = script("alert", post["post"])
    killed_at = sink.count - start  # read after the sink has taken what was on the wire
    assert state["status"] == "sending"
    assert state["deliveries"]["claimed"] == BATCH  # the batch in flight, as it was left

    # The scheduler's command queues it again once the lease has run out.
    time.sleep(max(0, LEASE - state["heartbeat_age"]) + 0.2)
    assert server.manage("resume_alerts").startswith("1 alert(s) queued again")
    server.start_worker()
    assert wait_until_sent(script, post["post"])["deliveries"] == {"sent": CROWD}

    copies = Counter(
        address for received in sink.messages[start:] for address in received.rcpt_tos
    )
    assert set(copies) == {f"crowd{i}@example.com" for i in range(CROWD)}
    twice = sorted(address for address, count in copies.items() if count > 1)
    assert max(copies.values()) == 2
    # Only the batch in flight went twice: the part of it that had gone before the kill.
    assert 0 < len(twice) <= BATCH
    assert len(twice) == killed_at % BATCH
    assert re.search(
        r"Alert \d+: sending again 50 messages a stopped run had in flight",
        server.worker_log.read_text(),
    )
