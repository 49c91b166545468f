import datetime
import io
import threading
import time

import pytest

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from wagtail import hooks

from operations import scheduling
from operations.models import ScheduledJob

POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def calls(monkeypatch):
    """The commands the scheduler runs, recorded instead of run (slowly, as real jobs)."""
    made = []
    lock = threading.Lock()

    def call_command_(*args, **kwargs):
        with lock:
            made.append(args)
        time.sleep(0.3)
        if args[0] == "failing":
            raise RuntimeError("this job fails")

    monkeypatch.setattr(scheduling, "call_command", call_command_)
    return made


def extra_jobs():
    return [
        scheduling.Job("nightly_report", ["nightly_report"], every=datetime.timedelta(days=1)),
        scheduling.Job("failing", ["failing"]),
    ]


def test_the_core_jobs_are_every_periodic_command():
    commands = [" ".join(job.command) for job in scheduling.jobs().values()]
    assert commands == [
        "publish_scheduled",
        "resume_alerts",
        "send_digests daily --if-due",
        "send_digests weekly --if-due",
        "send_comment_digest",
        "purge_comment_data",
        "clear_imports",
    ]


def test_every_core_job_is_a_command_that_exists():
    from django.core.management import get_commands

    for job in scheduling.CORE_JOBS:
        assert job.command[0] in get_commands(), job.name


def test_an_app_adds_its_jobs_through_a_hook():
    with hooks.register_temporarily("register_scheduled_jobs", extra_jobs):
        assert "nightly_report" in scheduling.jobs()


@pytest.mark.django_db
def test_a_due_job_runs_once_then_not_until_its_interval_has_passed(calls):
    only = ["nightly_report"]
    with hooks.register_temporarily("register_scheduled_jobs", extra_jobs):
        assert scheduling.run_due(only=only) == ["nightly_report"]
        assert scheduling.run_due(only=only) == []
        job = ScheduledJob.objects.get(name="nightly_report")
        assert job.last_succeeded is True
        assert job.leased_until is None
        assert job.next_run_at == job.last_started_at + datetime.timedelta(days=1)

        ScheduledJob.objects.update(next_run_at=timezone.now())
        assert scheduling.run_due(only=only) == ["nightly_report"]
    assert calls == [("nightly_report",), ("nightly_report",)]


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_the_others_still_run(calls):
    with hooks.register_temporarily("register_scheduled_jobs", extra_jobs):
        ran = scheduling.run_due(only=["failing", "nightly_report"])
    assert ran == ["nightly_report", "failing"]
    assert ScheduledJob.objects.get(name="failing").last_succeeded is False
    assert ScheduledJob.objects.get(name="nightly_report").last_succeeded is True


@pytest.mark.django_db
def test_a_job_leased_by_a_live_scheduler_is_left_alone_until_the_lease_ends(calls):
    now = timezone.now()
    ScheduledJob.objects.create(
        name="nightly_report", leased_until=now + datetime.timedelta(minutes=5), leased_by="x"
    )
    with hooks.register_temporarily("register_scheduled_jobs", extra_jobs):
        assert scheduling.run_due(only=["nightly_report"]) == []
        # That scheduler died: its lease runs out, and another takes the job up.
        ScheduledJob.objects.update(leased_until=now - datetime.timedelta(seconds=1))
        assert scheduling.run_due(only=["nightly_report"]) == ["nightly_report"]


@pytest.mark.skipif(not POSTGRES, reason="two connections at once: PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_schedulers_at_once_run_each_job_once(calls):
    only = ["nightly_report", "publish_scheduled", "resume_alerts"]
    start = threading.Barrier(2)
    results = []

    def scheduler():
        start.wait()
        try:
            results.append(scheduling.run_due(only=only))
        finally:
            connection.close()

    with hooks.register_temporarily("register_scheduled_jobs", extra_jobs):
        threads = [threading.Thread(target=scheduler) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    assert sorted(args[0] for args in calls) == sorted(only)
    assert sorted(name for ran in results for name in ran) == sorted(only)


@pytest.mark.django_db
def test_run_scheduled_once_runs_what_is_due(calls):
    call_command("run_scheduled", once=True, job=["publish_scheduled"], stdout=io.StringIO())
    assert calls == [("publish_scheduled",)]


@pytest.mark.django_db
def test_run_scheduled_lists_the_jobs():
    out = io.StringIO()
    call_command("run_scheduled", list=True, stdout=out)
    assert "send_digests weekly --if-due" in out.getvalue()


@pytest.mark.django_db
def test_run_scheduled_refuses_an_unknown_job():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No such job: nope"):
        call_command("run_scheduled", once=True, job=["nope"])


@pytest.mark.django_db
def test_the_real_jobs_run(blog):
    # Once through every core job against a real (small) site: none fails.
    scheduling.run_due(stdout=io.StringIO())
    assert set(ScheduledJob.objects.values_list("last_succeeded", flat=True)) == {True}
