"""Views for the logs' and errors' tests: one that enqueues a task, one that fails."""

import logging

from django_tasks import task

from django.http import HttpResponse
from django.urls import path

from settings.urls import urlpatterns as site_urlpatterns

ADDRESS = "reader.private@example.org"


@task()
def logging_task():
    logging.getLogger("operations.tests").info("inside_the_task")


def enqueue(request):
    logging_task.enqueue()
    return HttpResponse("queued")


def boom(request):
    raise ValueError(f"could not send to {ADDRESS}")


urlpatterns = [
    path("enqueue/", enqueue),
    path("boom/", boom),
    *site_urlpatterns,
]
