"""The other side of tests/cdn/test_varnish.py: commands run in the real server's own
environment (`Server.session`, tests/servers.py), one JSON list a line, each answered
with a line of JSON.

  post TITLE TEXT        a post on the technology blog, published, comments closed
  draft ID TEXT          a draft of the post's body, saved and not published
  publish ID TITLE TEXT  the post's new title and body, published
  slug ID SLUG           the post published under a new slug
  settings               the network's settings saved (a change seen on every page)
  purges [WAIT]          the frontend cache purges queued so far, by status; with WAIT,
                         once none is left waiting (polled, WAIT seconds at most)
"""

import json
import sys
import time

import django


def post(title, text):
    from demo import build
    from demo.factories import make_post
    from posts.models import BlogPage

    made = make_post(
        BlogPage.objects.get(slug="technology"),
        title,
        body=[build.paragraph(f"<p>{text}</p>")],
        comments_open=False,
    )
    return {"id": made.pk, "url": made.url}


def edit(post_id, text, title=None, publish=False):
    from demo import build
    from posts.models import PostPage

    draft = PostPage.objects.get(pk=post_id).get_latest_revision_as_object()
    draft.body = [build.paragraph(f"<p>{text}</p>")]
    if title:
        draft.title = title
    revision = draft.save_revision()
    if publish:
        revision.publish()
    return {"revision": revision.pk}


def slug(post_id, new):
    from posts.models import PostPage

    draft = PostPage.objects.get(pk=post_id).get_latest_revision_as_object()
    draft.slug = new
    draft.save_revision().publish()
    return {"url": PostPage.objects.get(pk=post_id).url}


def settings():
    from home.models import NetworkSettings

    NetworkSettings.load().save()
    return {}


def purges(wait=0):
    from django_tasks_db.models import DBTaskResult

    from django.db.models import Count

    deadline = time.monotonic() + float(wait)
    while True:
        found = dict(
            DBTaskResult.objects.filter(task_path="cdn.tasks.purge")
            .values_list("status")
            .annotate(n=Count("id"))
        )
        waiting = found.get("READY", 0) + found.get("RUNNING", 0)
        if not waiting or time.monotonic() >= deadline:
            return found
        time.sleep(0.1)


COMMANDS = {
    "post": post,
    "draft": lambda post_id, text: edit(post_id, text),
    "publish": lambda post_id, title, text: edit(post_id, text, title, publish=True),
    "slug": slug,
    "settings": settings,
    "purges": purges,
}

if __name__ == "__main__":
    django.setup()
    for line in sys.stdin:
        command, *args = json.loads(line)
        sys.stdout.write(json.dumps(COMMANDS[command](*args)) + "\n")
        sys.stdout.flush()
