from django.db import models


class ScheduledJob(models.Model):
    """One periodic job's last run, and the lease of the scheduler running it now.

    A scheduler claims a due job with one conditional UPDATE (operations.scheduling): of
    two schedulers, only one's claim changes the row. The lease expires, so a job whose
    scheduler died is taken up again; it works on PostgreSQL, through a pooler in
    transaction mode, and on SQLite.
    """

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField(null=True, blank=True)
    leased_until = models.DateTimeField(null=True, blank=True)
    leased_by = models.CharField(max_length=100, blank=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_succeeded = models.BooleanField(null=True)

    def __str__(self):
        return self.name
