import datetime
from unittest import mock

import pytest

from django.utils import timezone

from wagtail.models import Revision
from wagtail.test.utils import WagtailPageTestCase

from demo.factories import make_home, make_post
from home.models import HomePage, StandardPage
from posts.models import BlogPage, PostPage

SEED_DATE = datetime.date(2017, 10, 10)


class PageTypeRulesTests(WagtailPageTestCase):
    def test_posts_live_only_under_a_blog(self):
        self.assertAllowedParentPageTypes(PostPage, {BlogPage})
        self.assertCanNotCreateAt(HomePage, PostPage)
        self.assertCanNotCreateAt(StandardPage, PostPage)
        self.assertCanCreateAt(BlogPage, PostPage)

    def test_blogs_hang_off_the_network_home(self):
        self.assertCanCreateAt(HomePage, BlogPage)
        self.assertAllowedSubpageTypes(BlogPage, {PostPage, StandardPage})
        self.assertAllowedSubpageTypes(PostPage, set())

    def test_only_one_home(self):
        home = make_home()
        assert not HomePage.can_create_at(home.get_parent())


@pytest.fixture
def post(blog):
    return make_post(blog, "Open Source security meetup", slug="meetup", date=SEED_DATE)


def test_post_url_carries_its_publication_date(post):
    assert post.url == "/technology/2017/10/10/meetup/"
    assert post.full_url == "http://testserver/technology/2017/10/10/meetup/"


def test_canonical_url_serves_the_post(client, post):
    response = client.get("/technology/2017/10/10/meetup/")
    assert response.status_code == 200
    assert response.context["page"].pk == post.pk


@pytest.mark.parametrize(
    "path",
    ["/technology/2017/10/11/meetup/", "/technology/2016/01/01/meetup/", "/technology/meetup/"],
)
def test_wrong_or_missing_date_redirects_permanently(client, post, path):
    response = client.get(path + "?utm_source=x")
    assert response.status_code == 301
    assert response["Location"] == "/technology/2017/10/10/meetup/?utm_source=x"


@pytest.mark.parametrize(
    "path",
    [
        "/technology/2017/10/10/no-such-post/",
        "/technology/2017/13/45/meetup-x/",
        "/no-such-blog/2017/10/10/meetup/",
        "/technology/nothing-here/",
    ],
)
def test_unknown_post_is_a_styled_404(client, post, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"govuk-header" in response.content


def test_draft_is_not_served(client, blog):
    draft = make_post(blog, "Draft", slug="draft", publish=False)
    assert not draft.live
    assert client.get("/technology/draft/").status_code == 404
    assert client.get("/technology/2017/10/10/draft/").status_code == 404


def test_date_is_set_on_first_publish_and_kept_after(blog):
    first = timezone.make_aware(datetime.datetime(2024, 3, 1, 23, 30))  # 1 March, London
    with mock.patch("django.utils.timezone.now", return_value=first):
        post = make_post(blog, "Later", slug="later")
    assert post.date == datetime.date(2024, 3, 1)

    later = timezone.make_aware(datetime.datetime(2025, 6, 2, 9, 0))
    with mock.patch("django.utils.timezone.now", return_value=later):
        post.title = "Later, edited"
        post.save_revision().publish()
    post.refresh_from_db()
    assert post.date == datetime.date(2024, 3, 1)
    assert post.url == "/technology/2024/03/01/later/"


def test_a_revision_from_before_first_publish_keeps_the_first_date(blog):
    post = make_post(blog, "Old draft", slug="old-draft", publish=False)
    stale = post.save_revision()  # made while the post had no date
    with mock.patch(
        "django.utils.timezone.now",
        return_value=timezone.make_aware(datetime.datetime(2024, 1, 5, 12)),
    ):
        post.save_revision().publish()
    with mock.patch(
        "django.utils.timezone.now",
        return_value=timezone.make_aware(datetime.datetime(2024, 2, 9, 12)),
    ):
        Revision.objects.get(pk=stale.pk).publish()  # as the admin would, from the database
    post.refresh_from_db()
    assert post.date == datetime.date(2024, 1, 5)


def test_blog_as_root_of_its_own_site(client, blog, post, settings):
    from wagtail.models import Site

    settings.ALLOWED_HOSTS = ["technology.blog.test"]
    Site.objects.create(hostname="technology.blog.test", root_page=blog, port=80)
    response = client.get("/2017/10/10/meetup/", HTTP_HOST="technology.blog.test")
    assert response.status_code == 200
    assert response.context["page"].pk == post.pk
