import pytest
from django_tasks import default_task_backend

from cdn.tasks import purge

# A backend that records what it is asked to purge (tests/cdn/recorder.py).
RECORDER = {"recorder": {"BACKEND": "tests.cdn.recorder.RecordingBackend"}}


@pytest.fixture
def purging(settings):
    """A frontend cache configured, and tasks queued (django-tasks' DummyBackend keeps
    them) rather than run: the purge belongs to the worker."""
    settings.WAGTAILFRONTENDCACHE = RECORDER
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    yield
    default_task_backend.clear()


@pytest.fixture
def queued():
    """The purges queued so far, as the keyword arguments of each."""

    def read():
        return [
            result.kwargs
            for result in default_task_backend.results
            if result.task.func is purge.func
        ]

    return read


def pytest_configure(config):
    config.addinivalue_line("markers", "varnish: needs Debian's varnish (.ci/run installs it)")
