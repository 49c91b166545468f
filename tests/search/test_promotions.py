"""Editors' picks (Wagtail's search promotions), query logging and "Popular searches"."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

from accounts.models import User
from demo.factories import make_post
from search.views import count_hit
from tests.html import soup
from tests.search.base import SearchTestCase


def picks(response):
    section = soup(response).select_one(".bulletin-picks")
    return [a.get_text(strip=True) for a in section.select("h3 a")] if section else []


class EditorsPicksTests(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        query = Query.get("Security")
        cls.hidden = make_post(cls.data, "A draft about safety", publish=False)
        SearchPromotion.objects.create(query=query, page=cls.hidden, sort_order=0)
        SearchPromotion.objects.create(
            query=query, page=cls.posts["Open data for everyone"], sort_order=1
        )
        SearchPromotion.objects.create(
            query=query,
            external_link_url="https://www.ncsc.gov.uk/",
            external_link_text="National Cyber Security Centre",
            description="Advice on staying secure.",
            sort_order=2,
        )

    def test_picks_come_first_in_the_editors_order(self):
        response = self.client.get("/search/", {"q": "  SECURITY "})
        self.assertEqual(
            picks(response), ["Open data for everyone", "National Cyber Security Centre"]
        )
        html = response.content.decode()
        self.assertLess(html.index("bulletin-picks"), html.index("bulletin-results__item"))
        link = soup(response).select_one(".bulletin-picks a")
        self.assertEqual(link["href"], "/data/2024/03/21/open-data-for-everyone/")

    def test_a_pick_whose_page_readers_cannot_see_is_left_out(self):
        self.posts["Open data for everyone"].unpublish()
        response = self.client.get("/search/", {"q": "security"})
        self.assertEqual(picks(response), ["National Cyber Security Centre"])

    def test_picks_show_on_the_first_page_only(self):
        for n in range(12):
            make_post(self.technology, f"Security note {n}", slug=f"security-note-{n}")
        self.assertTrue(picks(self.client.get("/search/", {"q": "security"})))
        self.assertEqual(picks(self.client.get("/search/", {"q": "security", "page": 2})), [])

    def test_picks_show_even_when_nothing_else_matches(self):
        query = Query.get("ncsc")
        SearchPromotion.objects.create(
            query=query, external_link_url="https://www.ncsc.gov.uk/", external_link_text="NCSC"
        )
        response = self.client.get("/search/", {"q": "NCSC"})
        self.assertEqual(picks(response), ["NCSC"])
        self.assertContains(response, "There are no matching posts")

    def test_a_pick_added_changed_or_removed_shows_on_the_next_search(self):
        # Searches are kept in the page cache and their matches in the content cache: a
        # pick is content readers see, so a change to one is a change like a publish.
        self.assertEqual(picks(self.client.get("/search/", {"q": "statistics"})), [])
        pick = SearchPromotion.objects.create(
            query=Query.get("statistics"),
            external_link_url="https://www.ons.gov.uk/",
            external_link_text="ONS",
        )
        self.assertEqual(picks(self.client.get("/search/", {"q": "statistics"})), ["ONS"])
        pick.external_link_text = "Office for National Statistics"
        pick.save()
        self.assertEqual(
            picks(self.client.get("/search/", {"q": "statistics"})),
            ["Office for National Statistics"],
        )
        pick.delete()
        self.assertEqual(picks(self.client.get("/search/", {"q": "statistics"})), [])

    def test_a_search_without_picks_does_not_ask_for_them(self):
        # The searches that have picks are kept with the content: any other asks nothing.
        self.client.get("/search/", {"q": "statistics"})
        table = SearchPromotion._meta.db_table
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/search/", {"q": "open data"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual([q["sql"] for q in queries if table in q["sql"]], [])
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/search/", {"q": "SECURITY"})
        self.assertEqual(
            picks(response), ["Open data for everyone", "National Cyber Security Centre"]
        )
        self.assertEqual(len([q for q in queries if table in q["sql"]]), 1)


class QueryLoggingTests(SearchTestCase):
    def hits(self, text):
        return QueryDailyHits.objects.filter(query__query_string=text).first()

    def test_a_search_is_logged_once_normalised(self):
        self.client.get("/search/", {"q": "  Open   SOURCE "})
        self.client.get("/search/", {"q": "open source", "blog": "technology"})
        self.assertEqual(self.hits("open source").hits, 2)
        self.assertEqual(self.hits("open source").date, datetime.date.today())

    def test_a_search_asked_on_an_earlier_day_starts_today_at_one(self):
        yesterday = datetime.date.today() - datetime.timedelta(days=1)
        Query.get("open source").add_hit(date=yesterday)
        self.client.get("/search/", {"q": "open source"})
        self.client.get("/search/", {"q": "Open source"})
        hits = QueryDailyHits.objects.filter(query__query_string="open source")
        self.assertEqual(
            dict(hits.values_list("date", "hits")), {yesterday: 1, datetime.date.today(): 2}
        )

    def test_a_search_is_counted_in_one_statement_or_two(self):
        # Asked already today: one UPDATE. Never asked, or not today: on PostgreSQL one
        # more statement (an upsert of the query and of today's hits), where Wagtail's
        # Query.get(text).add_hit() takes six to nine (and still does elsewhere).
        yesterday = datetime.date.today() - datetime.timedelta(days=1)
        Query.get("open source").add_hit(date=yesterday)
        postgresql = connection.vendor == "postgresql"
        for text, statements in (
            ("Open Source", 2 if postgresql else 7),
            ("open  source", 1),
            ("a new search", 2 if postgresql else 10),
            ("A new search", 1),
        ):
            with CaptureQueriesContext(connection) as queries:
                count_hit(text)
            self.assertEqual(len(queries), statements, text)
        hits = QueryDailyHits.objects.values_list("query__query_string", "date", "hits")
        self.assertEqual(
            sorted(hits),
            [
                ("a new search", datetime.date.today(), 2),
                ("open source", yesterday, 1),
                ("open source", datetime.date.today(), 2),
            ],
        )

    def test_garbage_is_not_logged(self):
        for params in (
            {"q": ""},
            {"q": "   "},
            {"q": "!!!"},
            {"q": "x" * 10_000},
            {"q": "security", "from": "2017-13-45"},
            {"q": "security", "page": "99999"},
            {"q": "security", "page": "abc"},
        ):
            self.client.get("/search/", params)
        self.assertEqual(Query.objects.count(), 0)

    def test_later_pages_are_not_counted_again(self):
        for n in range(12):
            make_post(self.technology, f"Security note {n}", slug=f"security-note-{n}")
        self.client.get("/search/", {"q": "security"})
        self.client.get("/search/", {"q": "security", "page": "2"})
        self.assertEqual(self.hits("security").hits, 1)


class PopularSearchesReportTests(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        access = Permission.objects.get(codename="access_admin")
        # The Reviewers group as the editorial migration made it manages editors' picks.
        cls.reviewer = User.objects.create_user("promoter", password="x" * 16)
        cls.reviewer.groups.add(Group.objects.get(name="Reviewers"))
        cls.writer = User.objects.create_user("writer1", password="x" * 16)
        cls.writer.user_permissions.add(access)
        Query.get("open source").add_hit()
        Query.get("open source").add_hit()
        Query.get("hmcts").add_hit()

    def test_people_who_manage_promotions_see_popular_searches(self):
        self.client.force_login(self.reviewer)
        response = self.client.get(reverse("search_popular"))
        self.assertEqual(response.status_code, 200)
        rows = [
            [cell.get_text(strip=True) for cell in row.select("td")]
            for row in soup(response).select("tbody tr")
        ]
        self.assertEqual(rows[:2], [["open source", "2"], ["hmcts", "1"]])
        menu = self.client.get(reverse("wagtailadmin_home")).content.decode()
        self.assertIn(reverse("search_popular"), menu)

    def test_others_are_refused(self):
        self.client.force_login(self.writer)
        response = self.client.get(reverse("search_popular"))
        self.assertIn(response.status_code, (302, 403))
        self.assertNotIn(
            reverse("search_popular"),
            self.client.get(reverse("wagtailadmin_home")).content.decode(),
        )
