"""Errors to Sentry when SENTRY_DSN is set: Django's integration, no personal data
(send_default_pii off), no local variables, and every event scrubbed as the logs are.

send_default_pii is left unset, which is False: sentry-sdk 2.76 deprecates the option
(for data_collection) and warns when it is passed."""

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

from . import scrubbing


def before_send(event, hint):
    return scrubbing.scrub(event)


def before_breadcrumb(crumb, hint):
    return scrubbing.scrub(crumb)


def init(dsn, environment="production", release=None, **options):
    """Start Sentry's client (from OperationsConfig.ready; tests pass a fake transport)."""
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration()],
        include_local_variables=False,
        max_request_body_size="never",
        before_send=before_send,
        before_breadcrumb=before_breadcrumb,
        traces_sample_rate=0,
        **options,
    )
