"""The admin's imports, run by `manage.py db_worker` (inline in development and tests):
first a dry run (the report an Administrator reads before confirming), then the import.
Each writes its progress to the ImportRun as it goes, a few times a second at most, so
the run's page shows it after any reload."""

import logging
import time

from django_tasks import task

from django.db.models import Q
from django.utils import timezone

from . import uploads
from .models import ImportRun
from .run import import_wordpress

logger = logging.getLogger(__name__)
Status = ImportRun.Status
WRITE_EVERY = 25  # posts and pages read between two writes of the counter...
WRITE_SECONDS = 1.0  # ...or seconds, whichever comes first


class Tracker:
    """The progress callbacks of import_wordpress, written to the run's row with the
    worker's heartbeat (ImportRun.is_interrupted)."""

    def __init__(self, run_id):
        self.run_id = run_id
        self.written = 0
        self.written_at = time.monotonic()

    def stage(self, message):
        if not message.startswith(" "):  # the steps, not "  50 items read"
            self.write(stage=message.rstrip("."))
        elif time.monotonic() - self.written_at >= WRITE_SECONDS:
            self.write()  # the heartbeat alone

    def count(self, done):
        if (
            done - self.written >= WRITE_EVERY
            or time.monotonic() - self.written_at >= WRITE_SECONDS
        ):
            self.write(done=done)

    def write(self, **fields):
        ImportRun.objects.filter(pk=self.run_id).update(heartbeat_at=timezone.now(), **fields)
        self.written = fields.get("done", self.written)
        self.written_at = time.monotonic()


def claim(run_id, before, after, **fields):
    """The run, moved from status `before` to `after` with a fresh heartbeat; None if it
    was not in `before`, or another worker has it (its heartbeat is fresh)."""
    free = Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=ImportRun.stale_before())
    claimed = (
        ImportRun.objects.filter(free, pk=run_id, status=before)
        .exclude(export_file="")
        .update(status=after, heartbeat_at=timezone.now(), **fields)
    )
    return ImportRun.objects.get(pk=run_id) if claimed else None


def items(report):
    """Posts, pages and other entries the report found: the progress bar's total."""
    return sum(
        report["counts"].get(kind, {}).get("found", 0) for kind in ("post", "page", "other")
    )


def read(run, *, dry_run):
    """import_wordpress on the run's files; returns the report as a dictionary."""
    tracker = Tracker(run.pk)
    with uploads.local_files(run) as (export, folder):
        report = import_wordpress(
            export,
            blog_slug=run.blog_slug,
            uploads=folder,
            dry_run=dry_run,
            progress=tracker.stage,
            counter=tracker.count,
        ).as_dict()
    report["file"] = run.export_filename  # not the temporary copy's path
    return report


def restart(run_id):
    """Queue again an interrupted run (its worker died): its check, or its import. False
    if it is not interrupted (any more), or its files are gone."""
    stale = ImportRun.objects.filter(
        pk=run_id,
        status__in=[Status.CHECKING, Status.IMPORTING],
        heartbeat_at__lt=ImportRun.stale_before(),
    ).exclude(export_file="")
    again = {"heartbeat_at": None, "done": 0, "stage": "Waiting for the worker", "error": ""}
    if stale.filter(status=Status.CHECKING).update(status=Status.QUEUED, **again):
        check_export.enqueue(run_id)
        return True
    if stale.filter(status=Status.IMPORTING).update(**again):
        import_export.enqueue(run_id)
        return True
    return False


def fail(run, error):
    logger.exception("WordPress import %s failed", run.pk)
    uploads.delete(run.export_file, run.uploads_file)
    ImportRun.objects.filter(pk=run.pk).update(
        status=Status.FAILED,
        error=f"{type(error).__name__}: {error}",
        export_file="",
        uploads_file="",
        finished_at=timezone.now(),
        heartbeat_at=None,
    )


@task()
def check_export(run_id):
    run_ = claim(run_id, Status.QUEUED, Status.CHECKING, stage="Reading the file")
    if run_ is None:
        return
    try:
        report = read(run_, dry_run=True)
    except Exception as error:  # noqa: BLE001 - recorded on the run, shown in the admin
        fail(run_, error)
        return
    fields = {
        "dry_run_report": report,
        "done": 0,
        "total": items(report),
        "stage": "",
        "heartbeat_at": None,  # the worker lets go of the run
    }
    if report["refused"]:
        # Nothing can be imported from this file: it is not kept.
        uploads.delete(run_.export_file, run_.uploads_file)
        fields.update(
            status=Status.FAILED,
            error=f"Refused: {report['refused']}",
            export_file="",
            uploads_file="",
            finished_at=timezone.now(),
        )
    else:
        fields["status"] = Status.READY
    ImportRun.objects.filter(pk=run_id).update(**fields)


@task()
def import_export(run_id):
    """The import itself, for a run an Administrator confirmed (status importing)."""
    run_ = claim(run_id, Status.IMPORTING, Status.IMPORTING)
    if run_ is None:
        return
    try:
        report = read(run_, dry_run=False)
    except Exception as error:  # noqa: BLE001 - recorded on the run, shown in the admin
        fail(run_, error)
        return
    uploads.delete(run_.export_file, run_.uploads_file)
    ImportRun.objects.filter(pk=run_id).update(
        status=Status.FAILED if report["refused"] else Status.DONE,
        error=f"Refused: {report['refused']}" if report["refused"] else "",
        report=report,
        done=items(report),
        stage="",
        export_file="",
        uploads_file="",
        finished_at=timezone.now(),
        heartbeat_at=None,
    )
