"""Background work, run by `manage.py db_worker` (inline in development and tests)."""

from django_tasks import task

from . import sending, signup


@task()
def send_confirmation(subscriber_id, topics, frequency):
    return signup.send_confirmation(subscriber_id, topics, frequency)


@task()
def fan_out_alert(alert_id):
    """A post's alert; queued again for when its next retry is due, if one waits."""
    run_again_at = sending.fan_out(alert_id)
    # A backend that runs tasks at once (development, tests) cannot wait: resume_alerts,
    # every minute, queues the alert again once its retry is due.
    if run_again_at and fan_out_alert.get_backend().supports_defer:
        fan_out_alert.using(run_after=run_again_at).enqueue(alert_id)


def queue_alert(post):
    """The post's alert, once: on its first publication."""
    if alert := sending.create_alert(post):
        fan_out_alert.enqueue(alert.pk)


def resume_stalled():
    """Queue again the alerts whose run stopped; returns how many."""
    ids = sending.stalled_alerts()
    for alert_id in ids:
        fan_out_alert.enqueue(alert_id)
    return len(ids)
