import logging
import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections, connection

from operations import scheduling

logger = logging.getLogger("operations.scheduling")


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (publish_scheduled, resume_alerts, the digests, comment "
        "purge, clear_imports and any an app registers), each at most once per interval "
        "however many schedulers run. Loops until stopped; --once runs what is due and ends."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is due, then stop.")
        parser.add_argument("--list", action="store_true", help="List the jobs and stop.")
        parser.add_argument("--job", action="append", help="Only this job (repeatable).")

    def handle(self, *args, once, list, job, **options):
        registered = scheduling.jobs()
        if list:
            for j in registered.values():
                self.stdout.write(f"{j.name:24} every {j.every}  {' '.join(j.command)}")
            return
        unknown = set(job or ()) - registered.keys()
        if unknown:
            raise CommandError(f"No such job: {', '.join(sorted(unknown))}.")
        holder = scheduling.worker_id()
        stop = threading.Event()
        if not once:
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stop.set())
        while True:
            # As a request would: a connection the database dropped is replaced (never one
            # inside a transaction: a test's).
            if not connection.in_atomic_block:
                close_old_connections()
            try:
                ran = scheduling.run_due(holder, stdout=self.stdout, only=job)
                if ran and options["verbosity"] > 1:
                    self.stdout.write(f"Ran {', '.join(ran)}.")
                wait = scheduling.seconds_to_next()
            except DatabaseError:
                if once:
                    raise
                # The database away: wait and try again, as the compose service would.
                logger.exception("scheduler_database_unavailable")
                wait = 10.0
            if once or stop.wait(wait):
                return
