"""Background work, run by `manage.py db_worker` (inline in development and tests)."""

from django_tasks import task


@task()
def send_workflow_email(event, workflow_state_id, actor_id=None):
    from .notifications import deliver

    return deliver(event, workflow_state_id, actor_id)
