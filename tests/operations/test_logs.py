import io
import json
import logging
import uuid

import pytest
import structlog

from django.urls import reverse

from operations import scrubbing
from settings.logging import formatter
from tests.comments.base import form_data

PASSWORD = "correct-horse-battery-staple"  # pragma: allowlist secret
ADDRESS = "reader.private@example.org"
BODY = f"Please write to me at {ADDRESS} about this"


@pytest.fixture
def log_lines():
    """Every line logged while the test runs, as the production JSON formatter writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    spec = formatter("json")
    handler.setFormatter(spec.pop("()")(**spec))
    root = logging.getLogger()
    levels = {}
    for name in ("django_structlog", "operations", "tests"):
        levels[name] = logging.getLogger(name).level
        logging.getLogger(name).setLevel(logging.INFO)
    root.addHandler(handler)
    structlog.contextvars.clear_contextvars()
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def request_lines(lines):
    return [line for line in lines if line["event"] == "request_finished"]


@pytest.mark.django_db
def test_each_request_writes_one_line_with_its_id_method_path_status_and_duration(
    client, log_lines, home
):
    response = client.get("/?page=2")

    (line,) = request_lines(log_lines())
    request_id = response["X-Request-ID"]
    assert uuid.UUID(request_id)
    assert line["request_id"] == request_id
    assert line["method"] == "GET"
    assert line["path"] == "/?page=2"
    assert line["status"] == 200
    assert line["duration_ms"] > 0
    assert line["user_id"] is None
    assert line["level"] == "info"


@pytest.mark.django_db
def test_a_staff_request_line_names_the_user_by_id(client, log_lines, home):
    from demo.factories import make_user

    user = make_user("editor", is_superuser=True)
    client.force_login(user)
    client.get("/admin/")
    assert {line["user_id"] for line in request_lines(log_lines())} == {user.pk}


@pytest.mark.django_db
def test_a_password_sent_to_the_login_never_reaches_the_logs(client, log_lines, home):
    client.post(reverse("wagtailadmin_login"), {"username": ADDRESS, "password": PASSWORD})
    text = json.dumps(log_lines())
    assert "request_finished" in text
    assert PASSWORD not in text
    assert ADDRESS not in text


@pytest.mark.django_db
def test_a_comment_body_and_address_never_reach_the_logs(client, log_lines, blog):
    from demo.factories import make_post

    post = make_post(blog, "Commented on")
    data = form_data(post, body=BODY, email=ADDRESS)
    before = len(log_lines())  # the post's own making, outside any request
    response = client.post(reverse("comment_post", args=[post.pk]), data)
    assert response.status_code in (200, 302, 303)

    lines = log_lines()[before:]
    text = json.dumps(lines)
    assert request_lines(lines)
    assert ADDRESS not in text
    assert "Please write to me" not in text
    assert {line.get("request_id") for line in lines} == {response["X-Request-ID"]}


@pytest.mark.urls("tests.operations.urls")
@pytest.mark.django_db
def test_every_line_of_a_request_and_of_the_tasks_it_runs_carries_its_id(client, log_lines):
    # Development and tests run tasks inside the request (the immediate backend).
    response = client.get("/enqueue/")
    lines = log_lines()
    assert [line["event"] for line in lines] == [
        "task_enqueued",
        "task_started",
        "inside_the_task",
        "task_succeeded",
        "request_finished",
    ]
    assert {line["request_id"] for line in lines} == {response["X-Request-ID"]}


def test_tokens_in_paths_and_query_strings_are_scrubbed():
    scrub = scrubbing.scrub_text
    assert scrub("GET /alerts/confirm/abc.DEF-123/") == "GET /alerts/confirm/[token]/"
    assert scrub("/alerts/unsubscribe/t0k3n/?x=1") == "/alerts/unsubscribe/[token]/?x=1"
    assert scrub("/alerts/manage/t0k3n/") == "/alerts/manage/[token]/"
    assert (
        scrub("/admin/password_reset/confirm/MQ/c4k2-abcdef0123/")
        == "/admin/password_reset/confirm/[token]/"
    )
    assert scrub("/search/?q=open&token=abc&email=a%40b.org") == (
        "/search/?q=open&token=[scrubbed]&email=[scrubbed]"
    )
    assert scrub("/search/?q=mail+me+at+someone@example.org") == "/search/?q=mail+me+at+[email]"
    assert scrub("from someone@example.gov.uk today") == "from [email] today"


def test_sensitive_keys_are_dropped_at_any_depth():
    event = {
        "event": "x",
        "data": {"password": "p", "name": "Ada", "headers": [["Cookie", "sessionid=1"]]},
        "body": "a comment",
    }
    assert scrubbing.scrub(event) == {
        "event": "x",
        "data": {"password": "[scrubbed]", "name": "Ada", "headers": [["Cookie", "[scrubbed]"]]},
        "body": "[scrubbed]",
    }


@pytest.mark.django_db
def test_a_request_id_from_the_client_is_ignored_without_a_trusted_proxy(client, settings, home):
    settings.TRUSTED_PROXY_COUNT = 0
    response = client.get("/", headers={"X-Request-ID": "proxy-id-12345678"})
    assert response["X-Request-ID"] != "proxy-id-12345678"


@pytest.mark.django_db
def test_a_trusted_proxys_request_id_is_kept_if_well_formed(client, settings, log_lines, home):
    settings.TRUSTED_PROXY_COUNT = 1
    response = client.get("/", headers={"X-Request-ID": "proxy-id-12345678"})
    assert response["X-Request-ID"] == "proxy-id-12345678"
    assert request_lines(log_lines())[0]["request_id"] == "proxy-id-12345678"

    for bad in ["short", "x" * 200, "id with spaces 123", "id\nforged-line"]:
        response = client.get("/", headers={"X-Request-ID": bad})
        assert uuid.UUID(response["X-Request-ID"])


@pytest.mark.urls("tests.operations.urls")
@pytest.mark.django_db
def test_a_task_enqueued_by_a_request_logs_with_the_requests_id_in_the_worker(
    settings, log_lines, client
):
    # Queued for a worker, as in production.
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = client.get("/enqueue/")
    assert response.status_code == 200
    request_id = response["X-Request-ID"]

    # The worker, another process in production: nothing bound but what the task carries.
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    worker.run_task(DBTaskResult.objects.get())

    (line,) = [line for line in log_lines() if line["event"] == "inside_the_task"]
    assert line["request_id"] == request_id
    assert line["task_id"]


def test_the_console_format_is_readable_and_scrubbed():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    spec = formatter("console")
    handler.setFormatter(spec.pop("()")(**spec))
    logger = logging.getLogger("operations.tests.console")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        logger.info("sent to %s", ADDRESS)
    finally:
        logger.removeHandler(handler)
    assert "sent to [email]" in stream.getvalue()
    assert not stream.getvalue().startswith("{")
