"""Background work, run by `manage.py db_worker` (inline in development and tests)."""

from django_tasks import task

from . import notifications
from .notifications import deliver


@task()
def send_workflow_email(event, workflow_state_id, actor_id=None):
    return deliver(event, workflow_state_id, actor_id)


@task()
def send_sign_off_link(request_id):
    return notifications.send_sign_off_link(request_id)


@task()
def send_sign_off_decision(request_id):
    return notifications.send_sign_off_decision(request_id)
