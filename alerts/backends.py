"""Delivery backends behind one interface: open a connection, send messages, close.

`send` returns the provider's id for the message ("" for SMTP) or raises DeliveryError,
saying whether trying again later could work (a full mailbox, a server down) or not (no
such address). The SMTP backend is Django's own (EMAIL_URL); the Notify backend is chosen
when NOTIFY_API_KEY is set (alerts.notify)."""

import contextlib
import random
import smtplib
import sys
from email.generator import BytesGenerator
from email.policy import Compat32
from io import BytesIO

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend
from django.core.mail.message import sanitize_address
from django.utils.module_loading import import_string


class DeliveryError(Exception):
    def __init__(self, reason, permanent=False):
        super().__init__(reason)
        self.permanent = permanent


class FoldOnce(Compat32):
    """Django's e-mail policy (compat32) that folds each header value once: all but four
    of an alert's headers (To, Date, Message-ID, List-Unsubscribe) are the same in every
    message of a batch, and folding is most of the cost of writing one out."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        object.__setattr__(self, "folded", {})  # policies are read-only; clones share it

    def fold_binary(self, name, value):
        if not isinstance(value, str):
            return super().fold_binary(name, value)
        key = (name, value)
        if (folded := self.folded.get(key)) is None:
            folded = self.folded[key] = super().fold_binary(name, value)
        return folded


class SMTPBackend:
    """One SMTP connection for a batch of messages.

    Each message is built by Django (EmailMultiAlternatives) and written out as Django's
    SMTP backend writes it, with two savings that leave the bytes the same: header folding
    is remembered for the batch (FoldOnce), and the batch shares one MIME boundary (checked
    against each message's text, as the standard library does), so that no regular
    expression is compiled per message. Measured in benchmarks/alerts.py."""

    def __init__(self):
        self.connection = get_connection(fail_silently=False)
        self.policy = FoldOnce()
        # The standard library's form of boundary (email.generator._make_boundary).
        self.boundary = "=" * 15 + f"{random.randrange(sys.maxsize):019d}" + "=="  # noqa: S311
        self.from_email = sanitize_address(settings.DEFAULT_FROM_EMAIL, settings.DEFAULT_CHARSET)

    def open(self):
        try:
            self.connection.open()
        except (OSError, smtplib.SMTPException) as error:
            raise DeliveryError(f"cannot connect: {error}") from error

    def close(self):
        # The messages are sent or recorded as failed already.
        with contextlib.suppress(OSError, smtplib.SMTPException):
            self.connection.close()

    def send(self, message):
        email = EmailMultiAlternatives(
            message.subject,
            message.text,
            to=[message.to],
            headers=message.headers,
            connection=self.connection,
        )
        email.attach_alternative(message.html, "text/html")
        if getattr(self.connection, "connection", False) is None:
            # SMTP closed after an error: reopen, or Django would open and close one
            # connection per message.
            self.open()
        try:
            if isinstance(self.connection, EmailBackend):
                # As EmailBackend._send does, on the open connection.
                self.connection.connection.sendmail(
                    self.from_email,
                    [sanitize_address(message.to, settings.DEFAULT_CHARSET)],
                    self.as_bytes(email, message),
                )
            else:  # another of Django's backends: locmem in tests, console in development
                email.send()
        except smtplib.SMTPRecipientsRefused as error:
            code = next(iter(error.recipients.values()), (0, b""))[0]
            raise DeliveryError(f"refused ({code})", permanent=500 <= code < 600) from error
        except smtplib.SMTPResponseException as error:
            raise DeliveryError(
                f"{error.smtp_code} {error.smtp_error[:100]!r}",
                permanent=500 <= error.smtp_code < 600 and error.smtp_code != 552,
            ) from error
        except (OSError, smtplib.SMTPException) as error:
            # The connection broke: reopen it for the next message.
            self.close()
            raise DeliveryError(f"connection: {error}") from error
        return ""

    def as_bytes(self, email, message):
        """What Django's SMTP backend sends (`email.message().as_bytes(linesep="\\r\\n")`)."""
        mime = email.message()
        if self.boundary not in message.text and self.boundary not in message.html:
            mime.set_boundary(self.boundary)
        out = BytesIO()
        BytesGenerator(out, mangle_from_=False, policy=self.policy).flatten(mime, linesep="\r\n")
        return out.getvalue()


def get_backend():
    return import_string(settings.ALERTS_BACKEND)()
