"""A real SMTP server on 127.0.0.1 (aiosmtpd, in a thread) that keeps every message it is
given, with its envelope and raw bytes, for the end-to-end tests; the benchmark
(benchmarks/alerts.py) only counts them."""

import asyncio
import contextlib
import email
import email.policy
import threading
import time
from collections import Counter
from dataclasses import dataclass

from aiosmtpd.controller import Controller

from tests.servers import free_port


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list
    data: bytes

    def message(self):
        """The message as a mail client reads it."""
        return email.message_from_bytes(self.data, policy=email.policy.default)


class Sink:
    """What the server was given. `delay` (seconds) slows each message down, as a busy
    relay does; `keep=False` counts recipients without keeping the messages."""

    def __init__(self, port, delay=0.0, keep=True):
        self.port, self.delay, self.keep = port, delay, keep
        self.messages = []
        self.recipients = Counter()
        self.count = 0
        self._lock = threading.Lock()

    @property
    def url(self):
        """EMAIL_URL for Django's SMTP backend (settings.dev and settings.production)."""
        return f"smtp://127.0.0.1:{self.port}"

    def received(self, envelope):
        with self._lock:
            self.count += 1
            self.recipients.update(envelope.rcpt_tos)
            if self.keep:
                self.messages.append(
                    Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content)
                )

    def to(self, address, since=0):
        """The messages for `address`, from the `since`-th message on."""
        return [m for m in self.messages[since:] if address in m.rcpt_tos]

    def wait_for(self, count, timeout=30):
        """Wait until `count` messages have arrived; how many did."""
        deadline = time.monotonic() + timeout
        while self.count < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.count

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        self.received(envelope)
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"


@contextlib.contextmanager
def running_smtp_sink(delay=0.0, keep=True):
    sink = Sink(free_port(), delay, keep)
    controller = Controller(
        sink, hostname="127.0.0.1", port=sink.port, server_hostname="sink.invalid"
    )
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()
