"""Logs: structlog through the standard library, one JSON object a line in production
(LOG_FORMAT=json), readable lines in development (console). Every line passes the scrubber
(operations.scrubbing): no passwords, tokens, e-mail addresses or comment bodies."""

import structlog

from operations import scrubbing

# Run on every record, structlog's and the standard library's (Django's, gunicorn's).
SHARED = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def request_id_of_record(logger, method_name, event_dict):
    """Django's own lines about a request (django.request's "Not Found: ...") are written
    after the request's context is gone: its id comes from the request they carry."""
    request_id = getattr(event_dict.get("request"), "request_id", None)
    if request_id and "request_id" not in event_dict:
        event_dict["request_id"] = request_id
    return event_dict


def formatter(fmt):
    """The `logging` formatter for `fmt` (json or console); tests use it too."""
    renderer = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    return {
        "()": structlog.stdlib.ProcessorFormatter,
        "processors": [
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            # Tracebacks as text before the scrubber: an exception's message may hold an address.
            structlog.processors.format_exc_info,
            scrubbing.processor,
            renderer,
        ],
        "foreign_pre_chain": [*SHARED, structlog.stdlib.ExtraAdder(), request_id_of_record],
    }


def configure(fmt, level):
    """Configure structlog and return Django's LOGGING for it."""
    structlog.configure(
        processors=[
            *SHARED,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"structured": formatter(fmt)},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {
            # Django's own lines through the same handler (its default one, in DEBUG,
            # would print them unscrubbed).
            "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
            # The request lines, the tasks' lines and the scheduler's, at LOG_LEVEL.
            "django_structlog": {"level": level},
            "operations": {"level": level},
            # Their own start and end lines repeat django-structlog's; failures still show.
            "django_tasks": {"level": "WARNING"},
        },
    }
