"""Comments cost a fixed number of queries: one on a post page however many comments and
replies it has, one for the counts of a whole listing."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo.factories import make_post
from tests.comments.base import CommentsTestCase, add_comment


class QueryTests(CommentsTestCase):
    def count(self, url):
        self.assertEqual(self.client.get(url).status_code, 200)  # warm the caches
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def test_a_post_page_does_not_grow_with_its_comments(self):
        add_comment(self.post)
        one = self.count(self.post.url)
        for _ in range(19):
            parent = add_comment(self.post)
            add_comment(self.post, parent=parent, is_official=True)
        self.assertEqual(self.count(self.post.url), one)
        self.assertIn(b"39 comments", self.client.get(self.post.url).content)

    def test_listings_count_comments_in_one_query(self):
        add_comment(self.post)
        urls = ["/", self.technology.url, "/all-posts/"]
        before = [self.count(url) for url in urls]
        for n in range(8):
            post = make_post(self.technology, f"Another post {n}", authors=[self.author])
            for _ in range(n):
                add_comment(post)
        self.assertEqual([self.count(url) for url in urls], before)
