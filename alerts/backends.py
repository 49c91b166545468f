"""Delivery backends behind one interface: open a connection, send messages, close.

`send` returns the provider's id for the message ("" for SMTP) or raises DeliveryError,
saying whether trying again later could work (a full mailbox, a server down) or not (no
such address). The SMTP backend is Django's own (EMAIL_URL); the Notify backend is chosen
when NOTIFY_API_KEY is set (alerts.notify)."""

import contextlib
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils.module_loading import import_string


class DeliveryError(Exception):
    def __init__(self, reason, permanent=False):
        super().__init__(reason)
        self.permanent = permanent


class SMTPBackend:
    """One SMTP connection for a batch of messages."""

    def __init__(self):
        self.connection = get_connection(fail_silently=False)

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


def get_backend():
    return import_string(settings.ALERTS_BACKEND)()
