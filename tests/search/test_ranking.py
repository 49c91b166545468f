"""Title first: a match in the title outranks one in the summary, which outranks one in the
body (speakers' roles included), on SQLite FTS and PostgreSQL alike. A related link's label
names another page, so it is no match at all."""

import io

from django.core.management import call_command
from django.test import SimpleTestCase, TestCase

from demo.build import link, paragraph, person, related_links, speaker
from demo.factories import make_home, make_person, make_post, make_technology_blog
from search.query import parse
from search.ranking import title_first
from tests.search.test_relevance import SEED_SLUG, result_titles

FIVE_YEARS = "What we learned from 5 years of coding in the open"
NEXT_MEETUP = "Join us at the next cross-government Open Source meetup"
SECRETS = "Keeping secrets out of public repositories"  # pragma: allowlist secret (a post title)


class Searching(TestCase):
    def search(self, q):
        response = self.client.get("/search/", {"q": q})
        self.assertEqual(response.status_code, 200)
        return result_titles(response)


class DemoRankingTests(Searching):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=io.StringIO())
        from posts.models import PostPage

        cls.seed = PostPage.objects.get(slug=SEED_SLUG).title

    def test_security_finds_the_seed_post_first_then_the_summary_match(self):
        # The seed post has "security" in its title; the five-years post in its summary
        # only; the others in their bodies or their speakers' job titles.
        titles = self.search("security")
        self.assertEqual(titles[:2], [self.seed, FIVE_YEARS])
        self.assertGreater(len(titles), 2)

    def test_open_source_finds_the_titles_with_both_words_first(self):
        titles = self.search("open source")
        self.assertEqual(set(titles[:2]), {self.seed, NEXT_MEETUP})
        # "open" in its title, "Open Source" in its summary.
        self.assertEqual(titles[2], FIVE_YEARS)

    def test_a_word_in_one_title_and_many_bodies_finds_that_title_first(self):
        titles = self.search("public")
        self.assertGreater(len(titles), 3)
        self.assertEqual(titles[0], SECRETS)

    def test_a_phrase_in_a_title_comes_before_the_phrase_in_a_summary(self):
        titles = self.search('"open source"')
        self.assertEqual(set(titles[:2]), {self.seed, NEXT_MEETUP})
        self.assertEqual(titles[2], FIVE_YEARS)
        self.assertEqual(self.search('"coding in the open"')[0], FIVE_YEARS)


class FieldOrderTests(Searching):
    """The same order when the body says the word far more often than the title does."""

    @classmethod
    def setUpTestData(cls):
        blog = make_technology_blog(make_home())
        keeper = make_person("Ann Other", job_title="Pelican keeper", organisation="Royal Parks")
        often = "<p>" + "A pelican came by, and another pelican, and a third pelican. " * 6
        make_post(blog, "Notes from the lake", body=[paragraph(often + "</p>")])
        make_post(blog, "Our new volunteers", body=[speaker(keeper, "<p>Ann spoke.</p>")])
        make_post(blog, "A quiet week", summary="We counted a pelican on Tuesday.")
        make_post(blog, "A pelican in the park", summary="Birds we see.")
        make_post(
            blog,
            "Further reading",
            body=[
                paragraph("<p>Links for the curious.</p>"),
                related_links(link("https://example.org/birds", "Pelican facts")),
            ],
        )
        make_post(
            blog,
            "A typed-in speaker",
            body=[speaker(person(name="Bo", job_title="Pelican feeder"), "<p>Bo spoke.</p>")],
        )

    def test_title_then_summary_then_body(self):
        titles = self.search("pelican")
        self.assertEqual(titles[:2], ["A pelican in the park", "A quiet week"])
        self.assertEqual(
            set(titles[2:]), {"Notes from the lake", "Our new volunteers", "A typed-in speaker"}
        )

    def test_a_related_link_label_is_not_the_post_s_text(self):
        self.assertNotIn("Further reading", self.search("pelican"))
        self.assertEqual(self.search("curious"), ["Further reading"])


class TitleFirstTests(SimpleTestCase):
    """The order of rows in hand, with any case and letters beyond ASCII (a quick substring
    test skips the regex for ASCII text only)."""

    def order(self, q, rows):
        return [pk for pk, *_ in title_first(rows, parse(q))]

    def test_words_in_any_case_in_the_title_then_the_summary(self):
        rows = [
            (1, "", "Plans", "Nothing here"),
            (2, "", "Plans", "SECURE by default"),
            (3, "", "Security plans", ""),
            (4, "", "Café SECURITY", ""),
            (5, "", "Sécurité", "À propos: security"),
        ]
        self.assertEqual(self.order("security", rows), [3, 4, 2, 5, 1])

    def test_letters_the_regex_takes_for_ascii_ones(self):
        # re, ignoring case, matches "ſ" (long s) to "s" and "K" (Kelvin) to "k".
        rows = [(1, "", "Plans", ""), (2, "", "\u017fecurity", ""), (3, "", "\u212aestrel", "")]
        self.assertEqual(self.order("security", rows), [2, 1, 3])
        self.assertEqual(self.order("kestrel", rows), [3, 1, 2])

    def test_phrases_and_several_words(self):
        rows = [
            (1, "", "Open data", "source code"),
            (2, "", "Open Source security", ""),
            (3, "", "Coding in the open", "security"),
        ]
        self.assertEqual(self.order("open source security", rows), [2, 1, 3])
        self.assertEqual(self.order('"coding in the open" security', rows), [3, 2, 1])
