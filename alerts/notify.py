"""GOV.UK Notify: the delivery backend, and the callback where Notify reports what became
of each message.

Every message goes through one Notify e-mail template (NOTIFY_TEMPLATE_ID) whose subject
is ((subject)) and whose body is ((body)): the message's plain-text part, which Notify
formats and links itself. Notify's id for the message is kept in `Delivery.provider_id`;
the `reference` names what was sent to which subscriber, never the address.

Errors: an address Notify refuses as invalid is refused for good (the address is
suppressed). Anything else is tried again later: a rate limit, Notify down or
unreachable, and also a refused key, a missing template, trial mode or a team-only key.
Those are mistakes in our settings, logged as errors, and must not suppress readers'
addresses. After a refused key, a rate limit or a lost connection, the rest of the batch
waits for its retry without asking Notify again.
"""

import json
import logging
import uuid

from notifications_python_client import NotificationsAPIClient
from notifications_python_client.errors import APIError

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .backends import DeliveryError
from .models import Delivery, Suppression
from .sending import suppress

logger = logging.getLogger(__name__)

TIMEOUT = 10  # seconds for one request: a batch must finish well within its lease


def errors_of(error):
    """Notify's `errors` list: [{"error": "ValidationError", "message": "…"}, …]."""
    errors = error.message if isinstance(error.message, list) else []
    return [(str(e.get("error")), str(e.get("message"))) for e in errors if isinstance(e, dict)]


def describe(error):
    text = "; ".join(f"{name}: {message}" for name, message in errors_of(error))
    return f"Notify {error.status_code}: {text or error.message}"[:255]


def is_bad_address(error):
    # Notify's schema check: "email_address Not a valid email address".
    return error.status_code == 400 and any(
        name == "ValidationError" and message.startswith("email_address")
        for name, message in errors_of(error)
    )


class NotifyBackend:
    """One Notify client, so one keep-alive HTTPS session, per batch."""

    def __init__(self):
        self.client = None
        self.stopped = None  # the error that ends the batch's requests

    def open(self):
        self.stopped = None
        try:
            self.client = NotificationsAPIClient(
                settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=TIMEOUT
            )
        except AssertionError as error:  # the client's check of the key's shape
            logger.error("NOTIFY_API_KEY is not a Notify API key")
            raise DeliveryError("Notify: bad NOTIFY_API_KEY") from error

    def close(self):
        if self.client is not None:
            self.client.request_session.close()
            self.client = None

    def send(self, message):
        if self.stopped is not None:
            raise DeliveryError(f"not sent: {self.stopped}"[:255])
        if self.client is None:
            self.open()
        # Notify takes only https (a development BASE_URL is http): the link in the
        # message's footer still works.
        unsubscribe = message.unsubscribe_url
        if not unsubscribe.startswith("https:"):
            unsubscribe = ""
        try:
            response = self.client.send_email_notification(
                email_address=message.to,
                template_id=settings.NOTIFY_TEMPLATE_ID,
                personalisation={"subject": message.subject, "body": message.text},
                reference=message.reference or None,
                email_reply_to_id=settings.NOTIFY_REPLY_TO_ID or None,
                one_click_unsubscribe_url=unsubscribe or None,
            )
        except APIError as error:
            raise self.delivery_error(error) from error
        return str(response.get("id", "")) if isinstance(response, dict) else ""

    def delivery_error(self, error):
        reason = describe(error)
        if is_bad_address(error):
            return DeliveryError(reason, permanent=True)
        # (The client logs every failed request as a warning already.)
        status = error.status_code
        failure = DeliveryError(reason)
        if status in (400, 401, 403):
            logger.error("Notify refused a message; check the NOTIFY_* settings: %s", reason)
        if status in (401, 403, 429) or error.response is None:
            self.stopped = failure
        return failure


# Delivery receipts ------------------------------------------------------------------------

FAILED = {"temporary-failure", "technical-failure"}


# nosemgrep: bulletin.csrf-exempt - Notify's POST, authenticated by its bearer token
@csrf_exempt
@require_POST
def callback(request):
    """Notify's delivery receipt for one message (id, reference, to, status, …), or its
    complaint (notification_id, complaint_id, to, …), with our bearer token.

    permanent-failure: the address is suppressed and the delivery marked suppressed, as a
    refusal when sending is. temporary-failure, technical-failure: failed (Notify tried
    for up to 72 hours already). delivered: it stays sent. A complaint suppresses the
    address too. Complaints reach this same URL: Notify's API sends them to the service's
    delivery-status callback (its public documentation does not list them)."""
    token = settings.NOTIFY_CALLBACK_TOKEN
    if not token:
        return HttpResponse(status=404)  # no callback registered with Notify
    if not constant_time_compare(request.headers.get("Authorization", ""), f"Bearer {token}"):
        return HttpResponse(status=401)
    try:
        receipt = json.loads(request.body)
    except ValueError:
        return JsonResponse({"error": "The body is not JSON."}, status=400)
    if not isinstance(receipt, dict):
        return JsonResponse({"error": "The body is not a JSON object."}, status=400)
    is_complaint = "complaint_id" in receipt
    notification_id = receipt.get("notification_id" if is_complaint else "id")
    status = "complaint" if is_complaint else receipt.get("status")
    try:
        notification_id = str(uuid.UUID(str(notification_id)))
    except ValueError:
        return JsonResponse({"error": "No notification id."}, status=400)
    if not isinstance(status, str):
        return JsonResponse({"error": "No status."}, status=400)

    deliveries = Delivery.objects.filter(provider_id=notification_id)
    outcome = {"error": f"Notify: {status}", "updated_at": timezone.now()}
    if status in ("permanent-failure", "complaint"):
        # By address, not only by delivery: a confirmation e-mail has no Delivery, and a
        # batch records its outcomes (and so the Notify id) only when it ends.
        email = address(receipt.get("to")) or (
            deliveries.exclude(subscriber=None).values_list("subscriber__email", flat=True).first()
        )
        is_bounce = status == "permanent-failure"
        reason = Suppression.Reason.BOUNCE if is_bounce else Suppression.Reason.COMPLAINT
        if email:
            suppress(email, reason)
        if is_bounce:
            deliveries.update(status=Delivery.Status.SUPPRESSED, **outcome)
    elif status in FAILED:
        deliveries.filter(status=Delivery.Status.SENT).update(
            status=Delivery.Status.FAILED, **outcome
        )
    logger.info("Notify %s for notification %s", status, notification_id)
    # 200 for an id we do not know too: Notify retries only after a 5xx or 429, and
    # there is nothing to wait for (a confirmation, a subscriber who left, a delivery
    # still being recorded: its permanent failure acted on the address above).
    return HttpResponse(status=200)


def address(value):
    """The receipt's `to`, if it can be an address (Subscriber stores them lower-cased)."""
    if isinstance(value, str) and "@" in value and len(value) <= 254:
        return value.strip().lower()
    return None
