from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running Bulletin: backups and restores, scheduled jobs, logs and error reports."""

    name = "operations"
    verbose_name = "Operations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        import os

        from django.conf import settings

        from . import errors, logs

        logs.connect()
        if settings.SENTRY_DSN:
            errors.init(
                settings.SENTRY_DSN,
                environment=settings.SENTRY_ENVIRONMENT,
                release=os.environ.get("GIT_COMMIT") or None,
            )
