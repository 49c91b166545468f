"""The issue's examples find the seed post first, on SQLite FTS and PostgreSQL alike."""

import io

from django.core.management import call_command
from django.test import TestCase

from demo.factories import make_category, make_person, make_post
from posts.models import PostPage
from tests.html import soup
from tests.search.base import body_text

SEED_SLUG = "open-source-security-meetup-7-things-we-learned-from-the-cross-government-event"


def result_titles(response):
    return [
        " ".join(h2.get_text().split())
        for h2 in soup(response).select(".bulletin-results__item h2")
    ]


class RelevanceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=io.StringIO())
        cls.seed = PostPage.objects.get(slug=SEED_SLUG)
        technology = cls.seed.get_parent().specific
        # Posts that mention the same words in passing, so "first" means something.
        filler = (
            "Our team spent the quarter talking to users, fixing bugs and writing guidance. "
            "We held show and tells every fortnight and published what we learned. "
        ) * 8
        make_post(
            technology,
            "Working with courts and tribunals",
            summary="A note on our partners.",
            authors=[make_person("Jason Smith")],
            categories=[make_category("Justice")],
            body=body_text(
                filler,
                "We met the courts team; HMCTS came up once.",
                filler,
                "Stakeholder engagement matters.",
                filler,
            ),
        )
        make_post(
            technology,
            "Open source at the Home Office",
            summary="Security and openness.",
            body=body_text("Security is part of open source work. We code in the open."),
        )

    def search(self, q, **params):
        response = self.client.get("/search/", {"q": q, **params})
        self.assertEqual(response.status_code, 200)
        return result_titles(response)

    def test_a_speaker_name_finds_the_post_where_they_spoke_first(self):
        self.assertEqual(self.search("Jason Paige")[0], self.seed.title)
        # Every word must match: Jason Smith's post is not about Jason Paige.
        self.assertNotIn("Working with courts and tribunals", self.search("Jason Paige"))
        self.assertIn("Working with courts and tribunals", self.search("Jason"))

    def test_an_acronym_in_the_body_finds_the_seed_post_first(self):
        self.assertEqual(self.search("HMCTS")[0], self.seed.title)

    def test_a_section_heading_finds_the_seed_post_first(self):
        self.assertEqual(self.search("stakeholder buy-in")[0], self.seed.title)

    def test_words_must_all_be_present(self):
        self.assertEqual(self.search("HMCTS stakeholder Norway"), [self.seed.title])

    def test_a_quoted_phrase_needs_its_words_together(self):
        self.assertIn(self.seed.title, self.search('"coding in the open"'))
        # Both words are in the other post, but not side by side.
        self.assertNotIn("Open source at the Home Office", self.search('"source work open"'))
        self.assertIn("Open source at the Home Office", self.search("source work open"))

    def test_the_title_counts_for_more_than_the_body(self):
        titles = self.search("Home Office")
        self.assertEqual(titles[0], "Open source at the Home Office")

    def test_the_role_of_a_chosen_speaker_or_panellist_is_searchable(self):
        # These organisations are in the People snippets only, not in the post's text.
        self.assertIn(self.seed.title, self.search("National Cyber Security Centre"))
        self.assertIn(self.seed.title, self.search("Ministry of Justice"))

    def test_authors_categories_and_tags_are_searchable(self):
        self.assertEqual(self.search("Khidr Suleman")[0], self.seed.title)
        self.assertIn(self.seed.title, self.search("meetups"))  # a tag
        self.assertIn("Working with courts and tribunals", self.search("Justice"))  # a category

    def test_list_items_captions_and_quotes_are_searchable(self):
        self.assertIn(self.seed.title, self.search("fear of change"))  # a bullet
        self.assertIn(self.seed.title, self.search("Helen out of shot"))  # an image caption
        quoted = next(
            p for p in PostPage.objects.all() if "biggest change" in str(p.body.raw_data)
        )
        self.assertIn(quoted.title, self.search("release whenever they were ready"))
