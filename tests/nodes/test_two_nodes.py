"""Two web nodes behind nginx (tests/nodes/cluster.py), sharing PostgreSQL, Redis and an
S3-compatible bucket (moto's server, standing in for S3): nothing a writer, a reviewer or a
reader does depends on which node served the request before. Each step goes to a node
chosen on purpose (its own port), and the readers' checks go through nginx too, where the
round robin must have given the request to both nodes."""

import io
import time
import types

import pytest
from bs4 import BeautifulSoup
from django_otp.oath import TOTP
from PIL import Image as PILImage

from django.urls import reverse

from tests.editorial.base import post_form
from tests.nodes.cluster import Browser, csrf_field, running_cluster
from tests.servers import postgres_reachable


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if not postgres_reachable():
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")  # CI fails skips
    with running_cluster(tmp_path_factory.mktemp("nodes")) as running:
        yield running


@pytest.fixture(scope="module")
def writer(cluster):
    """The writer, signed in with a password through node A (Writers need no second factor)."""
    browser = Browser()
    response = browser.sign_in(cluster.a, cluster.data["writer"], cluster.data["password"])
    assert response.status == 302, response.text[-2000:]
    assert browser.get(cluster.b, "/admin/").status == 200  # the session is the database's
    return browser


@pytest.fixture(scope="module")
def reviewer(cluster):
    """The reviewer: password through node A, then the authenticator's code through node B."""
    browser = Browser()
    response = browser.sign_in(cluster.a, cluster.data["reviewer"], cluster.data["password"])
    assert response.status == 302
    verify = browser.get(cluster.b, reverse("security_2fa_verify"))
    assert verify.status == 200
    token = TOTP(bytes.fromhex(cluster.data["totp_key"])).token()
    response = browser.post(
        cluster.b,
        reverse("security_2fa_verify"),
        {"csrfmiddlewaretoken": csrf_field(verify.text), "token": f"{token:06d}"},
    )
    assert response.status == 302, response.text[-2000:]
    assert browser.get(cluster.a, "/admin/").status == 200
    return browser


def reader_get(cluster, path):
    """`path` from each node and twice through nginx (round robin: once from each node)."""
    a_before, b_before = cluster.a.served(path), cluster.b.served(path)
    responses = [Browser().get(target, path) for target in (cluster.a, cluster.b)]
    responses += [Browser().get(cluster.nginx, path) for _ in range(2)]
    # Each node logs a request once it has answered it: give the log a moment.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        served = (cluster.a.served(path) - a_before, cluster.b.served(path) - b_before)
        if served == (2, 2):
            break
        time.sleep(0.05)
    assert served == (2, 2), f"requests for {path} answered by A and B: {served}"
    return responses


def png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 80), "#00703c").save(buffer, format="PNG")
    return buffer.getvalue()


def form_fields(html):
    """The fields of an admin form fragment, as the browser would send them unchanged."""
    fields = {}
    for field in BeautifulSoup(html, "html.parser").find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in ("checkbox", "file", "submit"):
            continue
        if field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            fields[name] = chosen.get("value", "") if chosen else ""
        elif field.name == "textarea":
            fields[name] = field.text
        else:
            fields[name] = field.get("value", "")
    return fields


def test_an_image_uploaded_through_a_is_finished_on_b_and_its_rendition_served_by_both(
    cluster, writer
):
    # The multiple uploader on node A: the file alone, so Wagtail keeps it as a pending
    # upload (in the bucket) and asks for the alt text.
    response = writer.post(
        cluster.a,
        reverse("wagtailimages:add_multiple"),
        {"title": "Stand-up board"},
        files={"files[]": ("stand-up-board.png", png(), "image/png")},
    )
    assert response.status == 200, response.text[-2000:]
    pending = response.json()
    assert pending["success"] is True and "uploaded_file_id" in pending, pending

    # The alt text, sent to node B, which reads the pending file from the bucket.
    upload_id = pending["uploaded_file_id"]
    prefix = f"uploaded-image-{upload_id}"
    fields = form_fields(pending["form"])
    fields.update(
        {
            f"{prefix}-title": "Stand-up board",
            f"{prefix}-alt_text": "A team's stand-up board covered in sticky notes",
            f"{prefix}-licence": "ogl",
        }
    )
    response = writer.post(
        cluster.b,
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=[upload_id]),
        fields,
    )
    assert response.status == 200
    assert response.json()["success"] is True, response.text[-3000:]
    image = cluster.script("image", "Stand-up board")
    assert image["alt_text"] == "A team's stand-up board covered in sticky notes"
    assert cluster.s3.read(image["file"]) == png()

    # Node A renders the image's page in the admin, making a rendition in the bucket...
    page = writer.get(cluster.a, reverse("wagtailimages:edit", args=[image["id"]]))
    assert page.status == 200
    sources = [
        img["src"]
        for img in BeautifulSoup(page.text, "html.parser").find_all("img")
        if img.get("src", "").startswith("/media/images/")
    ]
    assert sources, "no rendition on the image's page"
    rendition = sources[0]
    key = rendition.removeprefix("/media/")
    assert key in cluster.script("image", "Stand-up board")["renditions"]

    # ...which node B serves (and either node through nginx), byte for byte the bucket's,
    # at an address that does not expire.
    stored = cluster.s3.read(key)
    for response in reader_get(cluster, rendition):
        assert response.status == 200
        assert response.header("Content-Type") == "image/png"
        assert response.body == stored
    # The bucket itself lets nobody in: renditions reach readers through the site only.
    assert cluster.s3.anonymous_get(key) == 403
    assert cluster.s3.anonymous_get(image["file"]) == 403
    # No pending upload left behind, and nothing written to a node's disk.
    listing = cluster.s3.client().list_objects_v2(
        Bucket=cluster.s3.bucket, Prefix="wagtail_uploads/"
    )
    assert listing["KeyCount"] == 0
    assert not (cluster.workdir / "unused-media").exists()


def test_a_post_published_through_a_shows_at_once_on_b_in_page_listing_and_feed(
    cluster, writer, reviewer
):
    blog = cluster.data["blog"]
    feed = f"{blog['url']}feed/"
    title = "Two nodes, one blog"
    # Readers have the blog and its feed from node B (and so in the cache) before.
    for path in (blog["url"], feed):
        for response in reader_get(cluster, path):
            assert response.status == 200
            assert title not in response.text

    # The writer sends the post for review through node A...
    author = types.SimpleNamespace(pk=cluster.data["author"])
    data = post_form(title, authors=[author])
    data["action-submit"] = "1"
    response = writer.post(
        cluster.a, reverse("wagtailadmin_pages:add", args=["posts", "postpage", blog["id"]]), data
    )
    assert response.status == 302, response.text[-3000:]
    post = cluster.script("post", title)
    assert post["live"] is False and post["task_state"]

    # ...and the reviewer approves it, publishing it, through node A.
    response = reviewer.post(
        cluster.a,
        reverse(
            "wagtailadmin_pages:workflow_action", args=[post["id"], "approve", post["task_state"]]
        ),
        {},
    )
    assert response.status == 302, response.text[-3000:]
    post = cluster.script("post", title)
    assert post["live"] is True

    # At once, on node B as on node A, and through nginx: the post, the listing, the feed.
    for path in (post["url"], blog["url"], feed):
        for response in reader_get(cluster, path):
            assert response.status == 200, path
            assert title in response.text, path


def test_a_comment_approved_through_b_shows_at_once_on_a(cluster, reviewer):
    post, comment = cluster.data["post"], cluster.data["comment"]
    # Readers have the post, without the comment, from node A (and so in the cache).
    for response in reader_get(cluster, post["url"]):
        assert response.status == 200
        assert comment["body"] not in response.text

    console = reviewer.get(cluster.b, reverse("reader_comments:edit", args=[comment["id"]]))
    assert console.status == 200
    response = reviewer.post(
        cluster.b,
        reverse("reader_comments:approve", args=[comment["id"]]),
        {"csrfmiddlewaretoken": csrf_field(console.text)},
    )
    assert response.status == 302, response.text[-3000:]

    for response in reader_get(cluster, post["url"]):
        assert response.status == 200
        assert comment["body"] in response.text
