"""Posts in the admin menu: every post the user may explore, with its authors, status, date
and categories, filterable, in a fixed number of queries."""

import datetime

from bs4 import BeautifulSoup

from django.contrib.auth.models import Group
from django.urls import reverse

from demo.factories import make_blog, make_category, make_person, make_post, make_user
from editorial.workflow import get_review_workflow
from posts.models import Person
from security.groups import WRITERS
from tests.editorial.base import CLEAN_TEXT, EditorialTestCase

LISTING = reverse("posts:index")


def titles(response):
    """The titles of the posts listed, in order."""
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return [
        " ".join(cell.find("a").get_text(" ").split())
        for cell in page.select("tbody td[data-listing-page-title]")
    ]


class PostsListing(EditorialTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.open_source = make_category("Open Source")
        cls.security = make_category("Security")
        cls.nadia = make_person("Nadia Rahman")
        cls.dated = make_post(
            cls.blog,
            "Dated post",
            date=datetime.date(2017, 10, 10),
            authors=[cls.nadia, cls.author],
            categories=[cls.open_source],
            body=[("paragraph", CLEAN_TEXT)],
        )
        cls.draft = make_post(
            cls.blog, "Plain draft", authors=[cls.author], categories=[cls.security], publish=False
        )
        cls.in_review = make_post(cls.blog, "Waiting post", authors=[cls.author], publish=False)
        get_review_workflow().start(cls.in_review, cls.writer)
        cls.sent_back = make_post(cls.blog, "Sent back post", authors=[cls.author], publish=False)
        get_review_workflow().start(cls.sent_back, cls.writer)
        cls.sent_back.current_workflow_task_state.reject(user=cls.reviewer, comment="No.")

    def get(self, user, **params):
        self.login(user)
        response = self.client.get(LISTING, params)
        self.assertEqual(response.status_code, 200)
        return response

    def test_posts_is_in_the_admin_menu_for_people_who_work_on_pages(self):
        self.login(self.writer)
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), LISTING)
        nobody = make_user("no_blog")
        nobody.groups.add(Group.objects.get(name=WRITERS))
        self.login(nobody)
        self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), LISTING)
        self.assertRefused(self.client.get(LISTING))

    def test_a_writer_sees_their_blogs_posts_drafts_included_and_no_other_blogs(self):
        listed = titles(self.get(self.writer))
        self.assertEqual(
            sorted(listed),
            sorted(["Live post", "Dated post", "Plain draft", "Waiting post", "Sent back post"]),
        )
        listed = titles(self.get(self.other_writer))
        self.assertEqual(sorted(listed), ["Other blog secret draft", "Other live post"])

    def test_columns_show_authors_status_date_and_categories(self):
        response = self.get(self.writer, q="", status="live")
        page = BeautifulSoup(response.content.decode(), "html.parser")
        headers = [" ".join(th.get_text(" ").split()) for th in page.select("thead th")]
        for label in ("Title", "Blog", "Authors", "Categories", "Status", "Date", "Updated"):
            self.assertTrue(any(h.startswith(label) for h in headers), (label, headers))
        row = next(tr for tr in page.select("tbody tr") if "Dated post" in tr.get_text())
        text = " ".join(row.get_text(" ").split())
        for expected in ("Government Technology", "Nadia Rahman", "Khidr Suleman", "Open Source"):
            self.assertIn(expected, text)
        self.assertIn("10 October 2017", text)
        self.assertIn("live", text)

    def test_a_post_sent_back_says_changes_requested(self):
        page = BeautifulSoup(
            self.get(self.writer, status="changes_requested").content.decode(), "html.parser"
        )
        [row] = page.select("tbody tr")
        self.assertIn("Sent back post", row.get_text())
        self.assertIn("changes requested", row.get_text())

    def test_filters(self):
        cases = [
            ({"author": self.nadia.pk}, ["Dated post"]),
            ({"category": self.security.pk}, ["Plain draft"]),
            ({"status": "draft"}, ["Plain draft"]),
            ({"status": "in_review"}, ["Waiting post"]),
            ({"status": "changes_requested"}, ["Sent back post"]),
            ({"status": "live"}, ["Dated post", "Live post"]),
            ({"date_from": "2017-10-01", "date_to": "2017-10-31"}, ["Dated post"]),
            ({"blog": self.blog.pk, "author": self.nadia.pk}, ["Dated post"]),
            ({"blog": self.blog.pk, "q": "dated"}, ["Dated post"]),
            ({"status": "live", "q": "post"}, ["Dated post", "Live post"]),
        ]
        for params, expected in cases:
            with self.subTest(params):
                self.assertEqual(sorted(titles(self.get(self.writer, **params))), expected)

    def test_another_blog_in_the_filter_shows_nothing_of_it(self):
        listed = titles(self.get(self.writer, blog=self.other_blog.pk))
        self.assertNotIn("Other blog secret draft", listed)
        self.assertNotIn("Other live post", listed)

    def test_bad_filter_values_are_a_form_error_not_a_crash(self):
        for params in (
            {"author": "abc"},
            {"category": "999999"},
            {"status": "bogus"},
            {"date_from": "not a date"},
            {"blog": "-1"},
        ):
            with self.subTest(params):
                self.get(self.writer, **params)

    def test_new_post_goes_to_the_form_for_the_writers_blog(self):
        response = self.get(self.writer)
        choose = reverse("posts:choose_parent")
        new_post = BeautifulSoup(response.content.decode(), "html.parser").find("a", href=choose)
        self.assertIn("New post", new_post.get_text())
        # A writer of one blog goes straight to its form; the add form itself refuses
        # other blogs (Wagtail's page permissions).
        self.assertRedirects(
            self.client.get(choose), self.add_url(), fetch_redirect_response=False
        )
        self.assertRefused(self.client.get(self.add_url(self.other_blog)))


class PostsListingQueries(EditorialTestCase):
    """The listing's query count does not grow with the number of posts."""

    def build(self, count):
        blog = make_blog(self.home, f"Blog of {count}")
        writer = make_user(f"writer_{count}", (blog, "writers"))
        people = [make_person(f"Person {n}") for n in range(3)]
        categories = [make_category(f"Category {n}") for n in range(3)]
        for n in range(count):
            post = make_post(
                blog,
                f"Post {n} of {count}",
                authors=people[: 1 + n % 3],
                categories=categories[: n % 3],
                body=[("paragraph", CLEAN_TEXT)],
                publish=n % 2 == 0,
                date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
            )
            if n % 5 == 1:
                get_review_workflow().start(post, writer)
        return blog, writer

    def assertQueries(self, expected, user, **params):
        self.login(user)
        self.client.get(LISTING, params)  # the first request of a session reads more
        with self.assertNumQueries(expected):
            response = self.client.get(LISTING, params)
        self.assertEqual(response.status_code, 200)

    def test_the_same_with_10_and_50_posts(self):
        small_blog, small_writer = self.build(10)
        large_blog, large_writer = self.build(50)
        author = Person.objects.get(name="Person 1")
        for params, expected in [
            ({}, QUERIES),
            ({"status": "live"}, QUERIES),
            ({"author": author.pk}, QUERIES + 1),  # the chosen person
        ]:
            with self.subTest(params):
                self.assertQueries(expected, small_writer, **params)
                self.assertQueries(expected, large_writer, **params)
        # A superuser's listing, narrowed to each blog: no page permissions to read.
        admin = make_user("admin", is_superuser=True)
        self.assertQueries(QUERIES_FOR_A_SUPERUSER, admin, blog=small_blog.pk)
        self.assertQueries(QUERIES_FOR_A_SUPERUSER, admin, blog=large_blog.pk)


# The session, the user and their permissions, the pages they may explore, the filters'
# choices, the count and the page of posts with their content types, sites, reviews,
# authors, categories, blogs and view restrictions: none of them per post.
QUERIES = 25
QUERIES_FOR_A_SUPERUSER = 21
