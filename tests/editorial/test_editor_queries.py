"""How many queries the post editor makes to open a post and to save it as a draft.

The post has a body of every block type (make_bench_data's), as `make bench` measures; the
counts are the same with a short body and a long one. See docs/benchmarks.md for times."""

from django.db import connection

from benchmarks.editor import editor_form_data
from demo.corpus import Corpus
from demo.factories import make_image, make_person, make_post
from demo.management.commands.make_bench_data import body
from tests.editorial.base import EditorialTestCase

OPEN_QUERIES = 49
# PostgreSQL's search backend keeps title norms up to date: a few more queries there.
SAVE_QUERIES = {"postgresql": 115, "sqlite": 108}


class EditorQueries(EditorialTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        people = [make_person(f"Speaker {n}") for n in range(4)]
        image = make_image("editor-bench")
        cls.short = make_post(
            cls.blog,
            "One of each block",
            authors=[cls.author],
            body=body(Corpus(seed=1), people, image),
        )
        cls.long = make_post(
            cls.blog,
            "Three of each block",
            authors=[cls.author],
            body=body(Corpus(seed=1), people, image) * 3,
        )

    def open_editor(self, post):
        self.login(self.writer)
        self.client.get(self.edit_url(post))  # warm: content types, site root paths
        with self.assertNumQueries(OPEN_QUERIES):
            self.assertEqual(self.client.get(self.edit_url(post)).status_code, 200)

    def test_opening_takes_as_many_queries_for_a_short_and_a_long_post(self):
        self.open_editor(self.short)
        self.open_editor(self.long)

    def test_saving_a_draft(self):
        self.login(self.writer)
        url = self.edit_url(self.short)
        self.client.post(url, editor_form_data(self.short, self.writer))
        data = editor_form_data(self.reload(self.short), self.writer)
        # Wagtail's chooser blocks load their person or image one block at a time when
        # the form is read: this count grows with such blocks (docs/benchmarks.md).
        with self.assertNumQueries(SAVE_QUERIES[connection.vendor]):
            response = self.client.post(url, data)
        self.assertRedirects(response, url, fetch_redirect_response=False)
