"""The SMTP backend writes each message exactly as Django's SMTP backend would, though it
folds headers once per batch and shares one MIME boundary (alerts.backends)."""

from django.core.mail import EmailMultiAlternatives
from django.test import override_settings

from alerts.backends import SMTPBackend
from alerts.messages import Message


def django_bytes(email, boundary):
    mime = email.message()
    mime.set_boundary(boundary)
    return mime.as_bytes(linesep="\r\n")


def message(number, subject):
    url = f"https://blogs.example.gov.uk/alerts/unsubscribe/{'x' * 90}{number}/"
    return Message(
        to=f"reader{number}@example.com",
        subject=subject,
        text=f"Read it.\n\nUnsubscribe: {url}\n" + "A long line. " * 100,
        html=f'<p>Read it.</p><p><a href="{url}">Unsubscribe</a></p>',
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Date": "Tue, 01 Dec 2026 12:00:00 -0000",
            "Message-ID": f"<{number}@bulletin.invalid>",
        },
    )


@override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend")
def test_the_bytes_are_djangos():
    backend = SMTPBackend()
    subjects = ["Open data week", "Ymgynghoriad: ŵyl ddata agored " * 4, "Open data week"]
    for number, subject in enumerate(subjects):
        sent = message(number, subject)
        email = EmailMultiAlternatives(sent.subject, sent.text, to=[sent.to], headers=sent.headers)
        email.attach_alternative(sent.html, "text/html")
        assert backend.as_bytes(email, sent) == django_bytes(email, backend.boundary)


@override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend")
def test_a_text_holding_the_boundary_gets_its_own():
    backend = SMTPBackend()
    sent = message(1, "Open data week")
    sent.text += backend.boundary
    email = EmailMultiAlternatives(sent.subject, sent.text, to=[sent.to], headers=sent.headers)
    email.attach_alternative(sent.html, "text/html")
    assert f'boundary="{backend.boundary}"'.encode() not in backend.as_bytes(email, sent)
