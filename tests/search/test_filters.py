"""Filters (blog, category, author, from, to) alone and combined, and the facet counts."""

from tests.html import assert_csp_safe, soup
from tests.search.base import SearchTestCase

CODING = "Coding in the open"
CLOUD = "Securing our cloud platform"
DATA = "Open data for everyone"


def titles(response):
    return {
        " ".join(h2.get_text().split())
        for h2 in soup(response).select(".bulletin-results__item h2")
    }


def facets(response, heading):
    """{name: count} of one facet list in the sidebar ("Blog" or "Category")."""
    found = {}
    for section in soup(response).select(".bulletin-facets .bulletin-sidebar__section"):
        if section.h3 and section.h3.get_text(strip=True) == heading:
            for item in section.select("li"):
                text = " ".join(item.get_text(" ", strip=True).split())
                name, count = text.rsplit(" (", 1)
                found[name] = int(count.rstrip(")"))
    return found


class FilterTests(SearchTestCase):
    def search(self, **params):
        response = self.client.get("/search/", {"q": "security", **params})
        self.assertEqual(response.status_code, 200, response.content[:500])
        return response

    def test_without_filters_every_match_is_found(self):
        response = self.search()
        self.assertEqual(titles(response), {CODING, CLOUD, DATA})
        assert_csp_safe(soup(response))

    def test_blog(self):
        self.assertEqual(titles(self.search(blog="technology")), {CODING, CLOUD})
        self.assertEqual(titles(self.search(blog="data")), {DATA})

    def test_category(self):
        self.assertEqual(titles(self.search(category="open-source")), {CODING, DATA})
        self.assertEqual(titles(self.search(category="statistics")), {DATA})

    def test_author(self):
        self.assertEqual(titles(self.search(author="ada-lovelace")), {CODING, DATA})
        self.assertEqual(titles(self.search(author="grace-hopper")), {CLOUD, DATA})

    def test_dates_are_inclusive(self):
        self.assertEqual(titles(self.search(**{"from": "2024-03-11"})), {CLOUD, DATA})
        self.assertEqual(titles(self.search(to="2024-03-11")), {CODING, CLOUD})
        self.assertEqual(
            titles(self.search(**{"from": "11/03/2024", "to": "11/03/2024"})), {CLOUD}
        )

    def test_filters_combine(self):
        response = self.search(
            blog="technology", category="security", author="grace-hopper", **{"from": "2024-03-02"}
        )
        self.assertEqual(titles(response), {CLOUD})
        self.assertEqual(titles(self.search(blog="data", category="security")), set())

    def test_facets_count_the_matches_per_blog_and_category(self):
        response = self.search()
        self.assertEqual(
            facets(response, "Blog"), {"Government Technology": 2, "Data in government": 1}
        )
        self.assertEqual(
            facets(response, "Category"), {"Open Source": 2, "Security": 2, "Statistics": 1}
        )

    def test_facets_count_within_the_filters(self):
        response = self.search(blog="technology")
        self.assertEqual(facets(response, "Blog"), {"Government Technology": 2})
        self.assertEqual(facets(response, "Category"), {"Security": 2, "Open Source": 1})

    def test_facet_links_add_a_filter_and_keep_the_others(self):
        response = self.search(author="ada-lovelace")
        link = soup(response).find("a", string="Data in government")
        self.assertEqual(link["href"], "/search/?q=security&blog=data&author=ada-lovelace")
        self.assertEqual(titles(self.client.get(link["href"])), {DATA})

    def test_filters_in_use_can_be_removed(self):
        response = self.search(blog="technology", category="security")
        page = soup(response)
        in_use = page.select_one(".bulletin-filters-in-use").get_text(" ", strip=True)
        self.assertIn("Blog: Government Technology", in_use)
        self.assertIn("Category: Security", in_use)
        removes = [a["href"] for a in page.select(".bulletin-filters-in-use li a")]
        self.assertEqual(
            removes,
            ["/search/?q=security&category=security", "/search/?q=security&blog=technology"],
        )
        # The search form carries the filters along, so a new search stays narrowed.
        hidden = {i["name"]: i["value"] for i in page.select("form input[type=hidden]")}
        self.assertEqual(hidden, {"blog": "technology", "category": "security"})

    def test_a_phrase_combines_with_filters(self):
        response = self.client.get("/search/", {"q": '"open source"', "blog": "technology"})
        self.assertEqual(titles(response), {CODING})
