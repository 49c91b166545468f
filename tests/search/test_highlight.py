"""Excerpts mark the reader's words and escape everything else."""

import html

import pytest

from django.utils.html import strip_tags

from demo.factories import make_post
from search.highlight import excerpt, mark, pattern, prose
from search.query import parse
from tests.html import soup
from tests.search.base import SearchTestCase, body_text


def marked(text, q):
    parsed = parse(q)
    return str(mark(text, pattern(parsed.words, parsed.phrases)))


def test_matches_are_marked_case_insensitively_with_their_endings():
    assert marked("Security is secure", "security") == (
        "<mark>Security</mark> is <mark>secure</mark>"
    )


def test_everything_is_escaped_before_marking():
    assert marked("<b>open</b> & <script>x</script>", "open script") == (
        "&lt;b&gt;<mark>open</mark>&lt;/b&gt; &amp; &lt;<mark>script</mark>&gt;x&lt;/"
        "<mark>script</mark>&gt;"
    )


def test_the_query_cannot_inject_markup_or_regex():
    assert marked("a (b) c", "(b) <mark>") == "a (<mark>b</mark>) c"
    assert marked("x.*y", ".* x") == "<mark>x</mark>.*y"


def test_common_words_alone_are_not_marked_but_phrases_are_whole():
    assert marked("coding in the open is in", "in") == "coding in the open is in"
    assert marked("We are coding in the open.", '"coding in the open"') == (
        "We are <mark>coding in the open</mark>."
    )


def test_prose_reads_raw_stream_data_without_ids_or_choices():
    raw = [
        {"type": "paragraph", "value": "<p>Fish &amp; chips</p>", "id": "abc-security"},
        {"type": "list", "value": {"style": "bullet", "items": ["one", "two"]}, "id": "x"},
        {"type": "speaker", "value": {"speaker": {"person": 12, "name": ""}}, "id": "y"},
    ]
    assert list(prose(raw)) == ["Fish & chips", "one", "two"]


@pytest.mark.parametrize(
    "value",
    [
        '<p>We <b>met</b> at <a href="https://example.com/?a=1&amp;b=2">the office</a>.</p>',
        "<p>One</p><p>two<br/>three</p><ul><li>four</li></ul><!-- five -->",
        '<p>A <a linktype="page" id="3">page</a>, <embed embedtype="image" id="4"/> a picture</p>',
        '<h2 data-block-key="x1">If x &lt; 3 &amp;&amp; y &gt; 2</h2>',
        "if x < 3 and y > 2: print(a<b)",  # a code block's plain text
        "Fish & chips, 1 < 2 > 0",
    ],
)
def test_prose_strips_tags_as_django_does(value):
    expected = " ".join(html.unescape(strip_tags(value)).split())
    assert list(prose([{"type": "paragraph", "value": value}])) == [expected]


def test_excerpt_prefers_the_summary_then_the_matching_passage():
    raw = [{"type": "paragraph", "value": "<p>" + "word " * 60 + "pelican " + "word " * 60}]
    regex = pattern(["pelican"])
    assert str(excerpt("A summary.", raw, regex)).count("<mark>pelican</mark>") == 1
    assert str(excerpt("A summary.", raw, regex)).startswith("… ")
    assert str(excerpt("A summary.", raw, regex)).endswith(" …")
    assert str(excerpt("Pelican summary.", raw, regex)) == "<mark>Pelican</mark> summary."
    assert str(excerpt("A summary.", raw, pattern(["emu"]))) == "A summary."


class HighlightedResultsTests(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_post(
            cls.technology,
            "Unsafe <b>title</b>",
            summary='A summary with "quotes" & <i>tags</i>.',
            body=body_text("&lt;script&gt;alert('pelican')&lt;/script&gt; pelican facts"),
        )

    def test_results_show_escaped_excerpts_with_marks(self):
        response = self.client.get("/search/", {"q": "pelican"})
        self.assertEqual(response.status_code, 200)
        item = soup(response).select_one(".bulletin-results__item")
        excerpt_html = item.select_one(".bulletin-results__excerpt").decode_contents()
        self.assertEqual(
            excerpt_html,
            "&lt;script&gt;alert('<mark>pelican</mark>')&lt;/script&gt; "
            "<mark>pelican</mark> facts",
        )
        self.assertNotIn("<script>", response.content.decode())
        self.assertEqual(item.h2.a.decode_contents(), "Unsafe &lt;b&gt;title&lt;/b&gt;")
