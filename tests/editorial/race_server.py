"""The other side of tests/editorial/test_concurrency.py: run as a script inside the server's
own environment (`python -m tests.editorial.race_server COMMAND`), so it sees the server's
database, not the test run's.

  setup N   a blog, a writer and a reviewer, N posts waiting for the reviewer's approval;
            prints JSON: signed-in sessions and, for each post, the editor form as the
            reviewer's browser would send it (loaded revision and review step included)
  state     prints JSON: each post's live state, revisions, log entries and task states
  busy S    writes in short transactions for S seconds, as the background worker does
"""

import json
import sys
import time

import django


def setup(count):
    from django.contrib.sessions.models import Session  # noqa: F401 (the session table)
    from django.test import Client

    from demo.factories import make_blog, make_home, make_person, make_user
    from tests.editorial.base import post_form

    home = make_home()
    blog = make_blog(home, "Government Technology", slug="technology")
    author = make_person("Khidr Suleman")
    writer = make_user("writer", (blog, "writers"))
    reviewer = make_user("reviewer", (blog, "reviewers"))
    posts = []
    client = Client()
    client.force_login(writer)
    add_url = f"/admin/pages/add/posts/postpage/{blog.pk}/"
    for number in range(count):
        data = post_form(f"Race {number}", authors=[author])
        data["action-submit"] = "1"
        response = client.post(add_url, data)
        assert response.status_code == 302, response.status_code
    from posts.models import PostPage

    for post in PostPage.objects.filter(title__startswith="Race ").order_by("pk"):
        state = post.current_workflow_task_state
        assert state.task.name == "Approval by the blog's reviewers", state.task.name
        revision = post.get_latest_revision()
        form = post_form(post.title, authors=[author], page=post)
        form.update(
            {
                "loaded_revision_id": str(revision.pk),
                "loaded_revision_created_at": revision.created_at.isoformat(),
                "review_task_state": str(state.pk),
            }
        )
        posts.append({"id": post.pk, "title": post.title, "form": form})
    sessions = {}
    for user in (writer, reviewer):
        signed_in = Client()
        signed_in.force_login(user)
        sessions[user.username] = signed_in.cookies["sessionid"].value
    return {"sessions": sessions, "posts": posts}


def state():
    from wagtail.models import PageLogEntry, TaskState

    from posts.models import PostPage

    result = {}
    for post in PostPage.objects.filter(title__startswith="Race ").order_by("pk"):
        result[str(post.pk)] = {
            "live": post.live,
            "live_revision": post.live_revision_id,
            "first_published_at": str(post.first_published_at or ""),
            "has_unpublished_changes": post.has_unpublished_changes,
            "title": post.title,
            "slug": post.slug,
            "url": post.url if post.live else "",
            "revisions": post.revisions.count(),
            "log": list(
                PageLogEntry.objects.filter(page=post)
                .order_by("pk")
                .values_list("action", flat=True)
            ),
            "tasks": list(
                TaskState.objects.filter(workflow_state__object_id=str(post.pk))
                .order_by("pk")
                .values_list("status", flat=True)
            ),
        }
    return result


def busy(seconds):
    """Short write transactions, one after another, like the worker claiming tasks."""
    from django.contrib.sessions.models import Session
    from django.db import transaction
    from django.utils import timezone

    sys.stdout.write("started\n")
    sys.stdout.flush()
    deadline = time.monotonic() + seconds
    writes = 0
    while time.monotonic() < deadline:
        with transaction.atomic():
            Session.objects.update(expire_date=timezone.now() + timezone.timedelta(days=1))
        writes += 1
    return {"writes": writes}


if __name__ == "__main__":
    django.setup()
    command, *args = sys.argv[1:]
    if command == "setup":
        output = setup(int(args[0]))
    elif command == "state":
        output = state()
    elif command == "busy":
        output = busy(float(args[0]))
    else:
        raise SystemExit(f"unknown command {command}")
    sys.stdout.write(json.dumps(output) + "\n")
