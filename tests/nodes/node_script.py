"""The database side of tests/nodes/test_two_nodes.py: run as a script in the nodes' own
environment (`python -m tests.nodes.node_script COMMAND`), on their shared database.

  setup        a blog, a writer, a reviewer with a TOTP device, a live post with a comment
               waiting for moderation; prints JSON (ids, addresses, the device's key)
  post TITLE   prints JSON: the post's id, live state, address and review task state
  image TITLE  prints JSON: the image's id and the files it has in the storage
"""

import json
import sys

import django


def setup():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from comments.models import ReaderComment
    from demo.factories import (
        PASSWORD,
        make_home,
        make_person,
        make_post,
        make_technology_blog,
        make_user,
    )

    home = make_home()
    blog = make_technology_blog(home)
    author = make_person("Khidr Suleman")
    writer = make_user("writer", (blog, "writers"))
    reviewer = make_user("reviewer", (blog, "reviewers"))
    # Production asks Reviewers for a second factor: theirs is a TOTP app.
    device = TOTPDevice.objects.create(user=reviewer, name="Phone", confirmed=True)
    post = make_post(blog, "Open code at the meetup", authors=[author])
    comment = ReaderComment.objects.create(
        post=post,
        status=ReaderComment.Status.PENDING,
        name="Grace Reader",
        email="grace@example.com",
        body="Waiting for a moderator on another node.",
    )
    return {
        "password": PASSWORD,
        "writer": writer.username,
        "reviewer": reviewer.username,
        "totp_key": device.key,
        "author": author.pk,
        "blog": {"id": blog.pk, "url": blog.url},
        "post": {"id": post.pk, "url": post.url},
        "comment": {"id": comment.pk, "body": comment.body},
    }


def post(title):
    from posts.models import PostPage

    page = PostPage.objects.get(title=title)
    state = page.current_workflow_task_state
    return {
        "id": page.pk,
        "live": page.live,
        "url": page.url if page.live else "",
        "task_state": state.pk if state else None,
    }


def image(title):
    from wagtail.images import get_image_model

    found = get_image_model().objects.get(title=title)
    return {
        "id": found.pk,
        "alt_text": found.alt_text,
        "file": found.file.name,
        "renditions": sorted(r.file.name for r in found.renditions.all()),
    }


if __name__ == "__main__":
    django.setup()
    command, *args = sys.argv[1:]
    result = {"setup": setup, "post": post, "image": image}[command](*args)
    sys.stdout.write(json.dumps(result) + "\n")
