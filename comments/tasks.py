"""Background work, run by `manage.py db_worker` (inline in development and tests)."""

from django_tasks import task


@task()
def send_published_notice(comment_id):
    from .notifications import send_published_notice as send

    return send(comment_id)


@task()
def send_moderation_digest():
    from .notifications import send_digest

    return send_digest()
