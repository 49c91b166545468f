"""One log line per request, and a request id in every line the request causes.

django-structlog's RequestMiddleware binds the request id (and the signed-in user's id)
to every line logged while the request runs and writes `request_finished`; the receivers
here add the method, the path (tokens scrubbed), the status and the duration. The id comes
from RequestIdMiddleware, which also returns it in X-Request-ID: a proxy's id is kept only
behind a trusted proxy (TRUSTED_PROXY_COUNT) and only if well formed, else a new one.

A task enqueued during the request carries the request's context to the worker:
django-structlog's receiver for Django's tasks, connected to django_tasks' signals (the
backport Wagtail uses on Django 5.2), keeps it in the `django_structlog` cache (Redis,
shared with the worker) under the task's id and binds it again when the task starts.
"""

import re
import time
import uuid
from contextvars import ContextVar

import structlog
from django_structlog import signals as request_signals
from django_structlog.tasks.receivers import DjangoTaskReceiver

from django.conf import settings

from . import scrubbing

logger = structlog.get_logger("django_structlog.tasks.receivers")

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
WELL_FORMED = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


class RequestIdMiddleware:
    """Before django-structlog's: the request id it binds, sent back in X-Request-ID."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get(META_KEY, "")
        trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0) > 0
        request_id = incoming if trusted and WELL_FORMED.match(incoming) else str(uuid.uuid4())
        # django-structlog reads it from here (DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID).
        request.META[META_KEY] = request_id
        request.request_id = request_id
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def _started(sender, request, logger, log_kwargs, **kwargs):
    request._log_started = time.monotonic()
    log_kwargs["request"] = scrubbing.scrub_text(log_kwargs.get("request", ""))
    log_kwargs.pop("user_agent", None)


def _finished(sender, request, logger, response, log_kwargs, **kwargs):
    started = getattr(request, "_log_started", None)
    log_kwargs.update(
        request=scrubbing.scrub_text(log_kwargs.get("request", "")),
        method=request.method,
        path=scrubbing.scrub_url(request.get_full_path()),
        status=response.status_code,
    )
    log_kwargs.pop("code", None)  # the same as status
    if started is not None:
        log_kwargs["duration_ms"] = round((time.monotonic() - started) * 1000, 1)


def _failed(sender, request, logger, exception, log_kwargs, **kwargs):
    log_kwargs.update(
        request=scrubbing.scrub_text(log_kwargs.get("request", "")),
        method=request.method,
        path=scrubbing.scrub_url(request.get_full_path()),
        status=500,
    )
    log_kwargs.pop("code", None)


# The context that was bound when a task began inside a request (the immediate backend of
# development and tests): put back when the task ends, so the request's lines keep its id.
_outer = ContextVar("bulletin_task_outer_context", default=None)


class TaskReceiver(DjangoTaskReceiver):
    def receiver_task_started(self, sender, task_result, **kwargs):
        _outer.set(structlog.contextvars.get_contextvars())
        super().receiver_task_started(sender, task_result, **kwargs)

    def receiver_task_finished(self, sender, task_result, **kwargs):
        # django-structlog's own imports django.tasks (Django 6); the same, from the backport.
        from django_tasks import TaskResultStatus

        if task_result.status == TaskResultStatus.FAILED:
            error = task_result.errors[-1] if task_result.errors else None
            logger.error(
                "task_failed",
                exception_class=error.exception_class_path if error else None,
                traceback=error.traceback if error else None,
            )
        else:
            logger.info("task_succeeded")
        self.cache.delete(task_result.id)
        outer = _outer.get()
        structlog.contextvars.clear_contextvars()
        if outer:
            structlog.contextvars.bind_contextvars(**outer)
        _outer.set(None)

    def connect_signals(self):
        from django_tasks.signals import task_enqueued, task_finished, task_started

        task_enqueued.connect(self.receiver_task_enqueued, dispatch_uid="bulletin-log-enqueued")
        task_started.connect(self.receiver_task_started, dispatch_uid="bulletin-log-started")
        task_finished.connect(self.receiver_task_finished, dispatch_uid="bulletin-log-finished")


_task_receiver = None


def connect():
    global _task_receiver
    request_signals.bind_extra_request_metadata.connect(_started, dispatch_uid="bulletin-log")
    request_signals.bind_extra_request_finished_metadata.connect(
        _finished, dispatch_uid="bulletin-log"
    )
    request_signals.bind_extra_request_failed_metadata.connect(
        _failed, dispatch_uid="bulletin-log"
    )
    if _task_receiver is None:
        _task_receiver = TaskReceiver()
        _task_receiver.connect_signals()
