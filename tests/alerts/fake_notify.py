"""A fake GOV.UK Notify API on 127.0.0.1, for the tests and the alerts benchmark.

It checks what Notify checks on `POST /v2/notifications/email`: the bearer JWT (HS256,
signed with the API key's secret, `iss` the key's service id, `iat` within 30 seconds),
the JSON body (a valid address, a known template, every placeholder the template needs,
an https one-click unsubscribe URL, a known reply-to id) and answers with Notify's
shapes: 201 with id, reference, content, uri and template, or `{"status_code": …,
"errors": [{"error": …, "message": …}]}`. It keeps connections alive (HTTP/1.1) and never
sleeps, so it keeps up with a fan-out of 100,000 messages.

    with running_fake_notify() as notify:
        settings.NOTIFY_API_KEY, settings.NOTIFY_BASE_URL = notify.api_key, notify.url
        ...
        notify.sent  # the accepted notifications, in order
        notify.fail_next(3, 503)  # the next three requests meet a 503
        notify.send_callback(url, notify.sent[0]["id"], "permanent-failure", token)
"""

import json
import re
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import jwt
import requests

# Notify's own test: one @, no spaces, a dotted domain of valid labels.
EMAIL = re.compile(
    r"^[^\s\"(),:;<>@\[\\\]]+@([a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}$", re.IGNORECASE
)
PLACEHOLDER = re.compile(r"\(\(([^()]+)\)\)")
ERRORS = {
    400: ("BadRequestError", "Can't send to this recipient using a team-only API key"),
    403: ("AuthError", "Invalid token: API key not found"),
    429: (
        "RateLimitError",
        "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds",
    ),
    500: ("Exception", "Internal server error"),
    503: ("Exception", "Service unavailable"),
}
MAX_REFERENCE = 1000  # Notify stores any length; longer here means content leaked into it


class NotifyError(Exception):
    def __init__(self, status, *errors):
        super().__init__(status)
        self.status, self.errors = status, errors


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: one connection per client session
    # Headers and body in one write, sent at once: no 40 ms wait for a delayed ACK.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # quiet: a test must not print
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            self.answer(201, self.server.accept(self.path, self.headers, body))
        except NotifyError as error:
            errors = [{"error": name, "message": message} for name, message in error.errors]
            self.answer(error.status, {"status_code": error.status, "errors": errors})

    def do_GET(self):
        self.answer(404, {"result": "error", "message": "Not found"})


class FakeNotify(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, keep_content=True):
        super().__init__(("127.0.0.1", 0), Handler)
        self.service_id, self.secret = str(uuid.uuid4()), str(uuid.uuid4())
        self.api_key = f"bulletin_test-{self.service_id}-{self.secret}"
        self.template_id = str(uuid.uuid4())
        self.templates = {self.template_id: {"subject": "((subject))", "body": "((body))"}}
        self.reply_to_ids = set()
        self.keep_content = keep_content  # False: record ids and addresses only (benchmark)
        self.sent = []
        self.failures = []  # (status, error, message) for the next requests
        self.lock = threading.Lock()
        self.verified = {}  # token -> its iat

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def fail_next(self, count, status, error=None, message=None):
        default = ERRORS.get(status, ("Exception", "Error"))
        with self.lock:
            self.failures += [(status, error or default[0], message or default[1])] * count

    def accept(self, path, headers, body):
        with self.lock:
            failure = self.failures.pop(0) if self.failures else None
        if failure:
            raise NotifyError(failure[0], failure[1:])
        if path != "/v2/notifications/email":
            raise NotifyError(404, ("NotFound", "The requested URL was not found"))
        self.authenticate(headers.get("Authorization", ""))
        try:
            notification = json.loads(body)
        except ValueError:
            raise NotifyError(
                400, ("BadRequestError", "Invalid JSON supplied in POST data")
            ) from None
        if not isinstance(notification, dict):
            raise NotifyError(400, ("ValidationError", "Notification is not an object"))
        template = self.check(notification)
        values = notification.get("personalisation") or {}
        content = {
            key: PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), text)
            for key, text in template.items()
        }
        record = {
            "id": str(uuid.uuid4()),
            "email_address": notification["email_address"],
            "reference": notification.get("reference"),
            "one_click_unsubscribe_url": notification.get("one_click_unsubscribe_url"),
            "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        }
        if self.keep_content:
            record.update(
                template_id=notification["template_id"],
                personalisation=values,
                email_reply_to_id=notification.get("email_reply_to_id"),
                subject=content["subject"],
                body=content["body"],
            )
        with self.lock:
            self.sent.append(record)
        return {
            "id": record["id"],
            "reference": record["reference"],
            "content": {
                "subject": content["subject"],
                "body": content["body"],
                "from_email": "bulletin@notifications.service.gov.uk",
                "one_click_unsubscribe_url": record["one_click_unsubscribe_url"],
            },
            "uri": f"{self.url}/v2/notifications/{record['id']}",
            "template": {
                "id": notification["template_id"],
                "version": 1,
                "uri": f"{self.url}/v2/template/{notification['template_id']}",
            },
        }

    def authenticate(self, header):
        if not header:
            raise NotifyError(
                401, ("AuthError", "Unauthorized: authentication token must be provided")
            )
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise NotifyError(
                401, ("AuthError", "Unauthorized: authentication bearer scheme must be used")
            )
        # The client signs a new token for each request, the same within a second: one
        # already verified needs only its age checked again (a fan-out's speed).
        iat = self.verified.get(token)
        if iat is None:
            iat = self.verify(token)
            if len(self.verified) > 100:
                self.verified.clear()
            self.verified[token] = iat
        if abs(time.time() - iat) > 30:
            message = "Error: Your system clock must be accurate to within 30 seconds"
            raise NotifyError(403, ("AuthError", message))

    def verify(self, token):
        """The token's `iat`, once its issuer and signature are right."""
        try:
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.InvalidTokenError:
            raise NotifyError(403, ("AuthError", "Invalid token: signature")) from None
        if "iss" not in unverified:
            raise NotifyError(403, ("AuthError", "Invalid token: iss field not provided"))
        if unverified["iss"] != self.service_id:
            raise NotifyError(403, ("AuthError", "Invalid token: service not found"))
        try:
            claims = jwt.decode(
                token, self.secret, algorithms=["HS256"], options={"verify_iat": False}
            )
        except jwt.InvalidTokenError:
            raise NotifyError(403, ("AuthError", "Invalid token: API key not found")) from None
        if not isinstance(claims.get("iat"), int | float):
            raise NotifyError(403, ("AuthError", "Invalid token: iat field not provided"))
        return claims["iat"]

    def check(self, notification):
        """Notify's schema, then its checks of the template and its placeholders."""
        errors = []
        address = notification.get("email_address")
        if not isinstance(address, str):
            errors.append(f"email_address {address!r} is not of type string")
        elif not EMAIL.match(address) or len(address) > 320:
            errors.append("email_address Not a valid email address")
        template_id = notification.get("template_id")
        try:
            uuid.UUID(str(template_id))
        except ValueError:
            errors.append("template_id is not a valid UUID")
        reference = notification.get("reference")
        if reference is not None and not isinstance(reference, str):
            errors.append(f"reference {reference!r} is not of type string")
        elif reference and len(reference) > MAX_REFERENCE:
            errors.append(f"reference is longer than {MAX_REFERENCE} characters")
        values = notification.get("personalisation", {})
        if not isinstance(values, dict):
            errors.append(f"personalisation {values!r} is not of type object")
        unsubscribe = notification.get("one_click_unsubscribe_url")
        if unsubscribe is not None and (
            not isinstance(unsubscribe, str)
            or urlsplit(unsubscribe).scheme != "https"
            or not urlsplit(unsubscribe).netloc
        ):
            errors.append("one_click_unsubscribe_url is not a valid https url")
        if errors:
            raise NotifyError(400, *[("ValidationError", message) for message in errors])

        template = self.templates.get(str(template_id))
        if template is None:
            raise NotifyError(400, ("BadRequestError", "Template not found"))
        needed = {n for text in template.values() for n in PLACEHOLDER.findall(text)}
        if missing := sorted(needed - set(values)):
            raise NotifyError(
                400, ("BadRequestError", f"Missing personalisation: {', '.join(missing)}")
            )
        reply_to = notification.get("email_reply_to_id")
        if reply_to is not None and reply_to not in self.reply_to_ids:
            raise NotifyError(
                400,
                (
                    "BadRequestError",
                    f"email_reply_to_id {reply_to} does not exist in database for service id "
                    f"{self.service_id}",
                ),
            )
        return template

    def receipt(self, notification_id, status):
        """Notify's delivery receipt for a notification it accepted."""
        record = next(r for r in self.sent if r["id"] == notification_id)
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return {
            "id": notification_id,
            "reference": record["reference"],
            "to": record["email_address"],
            "status": status,
            "created_at": record["created_at"],
            "completed_at": now,
            "sent_at": now,
            "notification_type": "email",
            "template_id": self.template_id,
            "template_version": 1,
        }

    def send_callback(self, url, notification_id, status, token):
        """POST a delivery receipt to `url` as Notify does; returns the HTTP status."""
        response = requests.post(
            url,
            json=self.receipt(notification_id, status),
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        return response.status_code


@contextmanager
def running_fake_notify(keep_content=True):
    server = FakeNotify(keep_content=keep_content)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
