"""What each change queues: one purge, after the commit, never sent in the request."""

import pytest
from django_tasks import default_task_backend
from django_tasks.base import TaskResultStatus

from django.contrib.auth.models import Group

from taggit.models import Tag
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published

from cdn.tasks import purge
from comments.models import ReaderComment
from contentcache import content
from demo import build
from demo.factories import (
    make_category,
    make_image,
    make_person,
    make_post,
    make_standard_page,
)
from home.models import NetworkSettings
from tests.comments.base import add_comment

POSTS = "posts"
EVERYTHING = {"everything": True}


@pytest.fixture
def speaker(db):
    return make_person("Liam Maxwell")


@pytest.fixture
def post(blog, speaker):
    return make_post(
        blog,
        "Open source security",
        authors=[speaker],
        categories=[make_category("Open Source")],
        tags=["security"],
        body=[build.paragraph("<p>The first words.</p>")],
    )


def publish_body(post, text="<p>Second thoughts.</p>"):
    draft = post.get_latest_revision_as_object()
    draft.body = [build.paragraph(text)]
    draft.save_revision().publish()


def rename(instance, name):
    instance.name = name
    instance.save()


def test_a_publish_queues_one_purge_of_the_post_when_it_commits(
    post, purging, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish_body(post)
    assert queued() == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert queued() == [{"posts": [post.pk], "urls": []}]
    # Queued for the worker, not run in the request.
    statuses = [r.status for r in default_task_backend.results if r.task.func is purge.func]
    assert statuses == [TaskResultStatus.READY]


def test_wagtails_own_purge_on_publish_is_not_connected():
    # Installing wagtail.contrib.frontend_cache would purge each page from the request.
    receivers = [str(receiver) for receiver in page_published.receivers]
    assert not any("frontend_cache" in receiver for receiver in receivers)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(lambda post: publish_body(post), POSTS, id="publish"),
        pytest.param(lambda post: post.unpublish(), POSTS, id="unpublish"),
        pytest.param(lambda post: post.delete(), EVERYTHING, id="deletion"),
        pytest.param(lambda post: add_comment(post), POSTS, id="comment-approved"),
        pytest.param(
            lambda post: post.get_parent().move(post.get_parent()), EVERYTHING, id="blog-move"
        ),
        pytest.param(
            lambda post: post.get_parent().specific.save_revision().publish(),
            EVERYTHING,
            id="blog",
        ),
        pytest.param(
            lambda post: make_standard_page(post.get_parent().get_parent(), "About", []),
            EVERYTHING,
            id="standard-page",
        ),
        pytest.param(
            lambda post: rename(make_person("Liam Maxwell"), "L. M."), EVERYTHING, id="person"
        ),
        pytest.param(
            lambda post: rename(post.categories.get(), "Open"), EVERYTHING, id="category"
        ),
        pytest.param(lambda post: rename(Tag.objects.get(), "safety"), EVERYTHING, id="tag"),
        pytest.param(lambda post: NetworkSettings.load().save(), EVERYTHING, id="settings"),
        pytest.param(lambda post: Site.objects.get().save(), EVERYTHING, id="site"),
        pytest.param(
            lambda post: SearchPromotion.objects.create(
                query=Query.get("security"), page=post, sort_order=0
            ),
            EVERYTHING,
            id="new-editors-pick",  # shown at once on the search pages CDNs keep
        ),
        pytest.param(
            lambda post: PageViewRestriction.objects.create(
                page=post, restriction_type=PageViewRestriction.GROUPS
            ).groups.set([Group.objects.first()]),
            EVERYTHING,
            id="restriction",
        ),
    ],
)
def test_each_change_readers_see_queues_a_purge(
    post, purging, queued, django_capture_on_commit_callbacks, change, expected
):
    image = make_image()  # made before: a change to it is tested below
    with django_capture_on_commit_callbacks(execute=True):
        change(post)
    assert queued() == [{"posts": [post.pk], "urls": []} if expected == POSTS else expected]
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        image.title = "Renamed"
        image.save()
    assert queued() == [EVERYTHING]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda post: post.get_latest_revision_as_object().save_revision(), id="draft"
        ),
        pytest.param(
            lambda post: add_comment(post, status=ReaderComment.Status.PENDING), id="comment"
        ),
        pytest.param(lambda post: make_person("Someone New"), id="new-person"),
        pytest.param(lambda post: make_category("New topic"), id="new-category"),
        pytest.param(lambda post: make_image("New picture"), id="new-image"),
        pytest.param(
            lambda post: make_post(post.get_parent(), "A draft", publish=False), id="new-draft"
        ),
    ],
)
def test_what_readers_cannot_see_queues_nothing(
    post, purging, queued, django_capture_on_commit_callbacks, change
):
    with django_capture_on_commit_callbacks(execute=True):
        change(post)
    assert queued() == []


def test_a_comment_published_by_a_moderator_purges_its_post(
    post, purging, queued, django_capture_on_commit_callbacks
):
    comment = add_comment(post, status=ReaderComment.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        comment.status = ReaderComment.Status.APPROVED
        comment.save(update_fields=["status"])
    assert queued() == [{"posts": [post.pk], "urls": []}]


def test_a_new_slug_purges_the_old_address(
    post, purging, queued, django_capture_on_commit_callbacks
):
    old = post.full_url
    with django_capture_on_commit_callbacks(execute=True):
        draft = post.get_latest_revision_as_object()
        draft.slug = "open-source-security-renamed"
        draft.save_revision().publish()
    assert {"posts": [post.pk], "urls": [old]} in queued()


def test_changes_in_one_transaction_queue_one_purge(
    blog, purging, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = make_post(blog, "First")
        second = make_post(blog, "Second")
    assert queued() == [{"posts": [first.pk, second.pk], "urls": []}]


def test_an_import_queues_one_purge_of_everything(
    blog, purging, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), content.deferred():
        for number in range(3):
            make_post(blog, f"Imported {number}")
    assert queued() == [EVERYTHING]


def test_without_a_frontend_cache_nothing_is_queued(
    post, settings, queued, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {}
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        publish_body(post)
        NetworkSettings.load().save()
    assert queued() == []
