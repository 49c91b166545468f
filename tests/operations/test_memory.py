"""The server's long-lived objects kept out of garbage collections (operations.memory)."""

import gc
from unittest import mock

import pytest

from django.core.signals import request_finished

from operations import memory
from tests.processes import reported


@pytest.fixture
def frozen():
    yield
    request_finished.disconnect(dispatch_uid=memory.__name__)
    gc.unfreeze()


@pytest.mark.django_db  # request_finished's other receivers close old connections
def test_loading_the_server_freezes_and_the_first_request_freezes_again(frozen):
    memory.freeze_long_lived()
    at_load = gc.get_freeze_count()
    assert at_load > 0
    made_by_a_first_request = [[n] for n in range(1000)]  # lists: always tracked
    request_finished.send(sender=None)
    assert gc.get_freeze_count() >= at_load + len(made_by_a_first_request)
    # Once only: later requests leave the collector alone.
    with mock.patch.object(memory, "freeze") as freeze:
        request_finished.send(sender=None)
    assert not freeze.called


def test_the_wsgi_application_freezes_when_loaded():
    code = "import gc, settings.wsgi; print(gc.get_freeze_count())"
    assert reported(code, DJANGO_SETTINGS_MODULE="settings.test") > 50_000
