"""Periodic jobs, run by one command (`manage.py run_scheduled`) from one place.

Every job is a management command with its arguments and an interval. The core ones are
listed here; an app adds its own with Wagtail's hook registry:

    @hooks.register("register_scheduled_jobs")
    def jobs():
        return [Job("clear_exports", ["clear_exports"], every=datetime.timedelta(days=1))]

Each job runs at most once per interval across every scheduler: a scheduler claims the
job's row (`ScheduledJob`) with a conditional UPDATE that only one can win, holds it for
the job's lease, and sets when it is next due when done. A job that fails is logged (and
sent to Sentry) and tried again at its next time; the others still run.
"""

import datetime
import logging
import os
import socket
import time
import uuid
from dataclasses import dataclass, field

from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from wagtail import hooks

from .models import ScheduledJob

logger = logging.getLogger(__name__)

MINUTE = datetime.timedelta(minutes=1)
DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Job:
    name: str
    command: list = field(hash=False)
    every: datetime.timedelta = MINUTE
    # Longer than the job can take: another scheduler takes it up after this.
    lease: datetime.timedelta = datetime.timedelta(hours=1)


CORE_JOBS = [
    # Publishes and unpublishes pages whose go-live or expiry time has come (Wagtail).
    Job("publish_scheduled", ["publish_scheduled"], lease=datetime.timedelta(minutes=15)),
    # Alerts whose worker stopped, queued again; unconfirmed sign-ups deleted (alerts).
    Job("resume_alerts", ["resume_alerts"], lease=datetime.timedelta(minutes=15)),
    # The digests check themselves whether a day or a week has passed (alerts).
    Job("send_digests_daily", ["send_digests", "daily", "--if-due"]),
    Job("send_digests_weekly", ["send_digests", "weekly", "--if-due"]),
    # Moderators' daily digest of comments waiting; old comments' addresses blanked.
    Job("send_comment_digest", ["send_comment_digest"], every=DAY),
    Job("purge_comment_data", ["purge_comment_data"], every=DAY),
    # Uploaded WordPress exports never imported (importer).
    Job("clear_imports", ["clear_imports"], every=DAY),
]


def jobs():
    """The core jobs and every app's, by name (a later one replaces one of the same name)."""
    found = {job.name: job for job in CORE_JOBS}
    for hook in hooks.get_hooks("register_scheduled_jobs"):
        for job in hook():
            found[job.name] = job
    return found


def worker_id():
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:100]


def claim(job, holder, now):
    """Whether this scheduler won the job: due, and not leased to a live scheduler."""
    ScheduledJob.objects.get_or_create(name=job.name)
    won = (
        ScheduledJob.objects.filter(name=job.name)
        .filter(Q(next_run_at__isnull=True) | Q(next_run_at__lte=now))
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lte=now))
        .update(leased_until=now + job.lease, leased_by=holder, last_started_at=now)
    )
    return won == 1


def release(job, holder, started, succeeded):
    ScheduledJob.objects.filter(name=job.name, leased_by=holder).update(
        leased_until=None,
        leased_by="",
        last_finished_at=timezone.now(),
        last_succeeded=succeeded,
        next_run_at=started + job.every,
    )


def run_due(holder=None, stdout=None, only=None):
    """Run every job that is due and that no other scheduler holds; the names run."""
    holder = holder or worker_id()
    ran = []
    for job in jobs().values():
        if only and job.name not in only:
            continue
        now = timezone.now()
        if not claim(job, holder, now):
            continue
        succeeded = False
        started = time.monotonic()
        try:
            call_command(*job.command, stdout=stdout, stderr=stdout)
            succeeded = True
        except Exception:
            logger.exception("scheduled_job_failed", extra={"job": job.name})
        finally:
            release(job, holder, now, succeeded)
        duration_ms = round((time.monotonic() - started) * 1000, 1)
        if succeeded:
            logger.info(
                "scheduled_job_finished", extra={"job": job.name, "duration_ms": duration_ms}
            )
        ran.append(job.name)
    return ran


def seconds_to_next(now=None):
    """How long until the next job is due (at most a minute)."""
    now = now or timezone.now()
    upcoming = ScheduledJob.objects.filter(name__in=jobs().keys(), next_run_at__gt=now)
    soonest = upcoming.order_by("next_run_at").values_list("next_run_at", flat=True).first()
    if soonest is None:
        return 60.0
    return max(1.0, min(60.0, (soonest - now).total_seconds()))
