"""What readers see: published comments only, in order, as plain text, threaded one level;
counts in listings; and never a waiting comment anywhere (pages, feeds, counts, search)."""

import datetime

from bs4 import BeautifulSoup

from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from comments.forms import new_posts_follow_their_blog
from demo.factories import change_blog_settings
from posts.models import PostPage
from tests.comments.base import CommentsTestCase, Status, add_comment

HIDDEN_WORD = "zanzibarquokka"  # a word that appears nowhere but in a waiting comment


def comments_area(client, post):
    return BeautifulSoup(client.get(post.url).content, "html.parser").select_one("#comments")


class DisplayTests(CommentsTestCase):
    def test_published_comments_oldest_first_with_name_date_text_and_anchor(self):
        now = timezone.now()
        later = add_comment(self.post, name="Second", created_at=now)
        first = add_comment(self.post, name="First", created_at=now - datetime.timedelta(days=1))
        for status in (Status.PENDING, Status.REJECTED, Status.SPAM):
            add_comment(self.post, status=status, name=f"Hidden {status}")
        area = comments_area(self.client, self.post)
        self.assertEqual(area.h3.get_text(strip=True), "2 comments")
        items = area.select(".bulletin-comments__list > li")
        self.assertEqual(
            [li["id"] for li in items], [f"comment-{first.pk}", f"comment-{later.pk}"]
        )
        self.assertEqual(items[0].strong.get_text(strip=True), "First")
        self.assertTrue(items[0].select_one(f'a[href="#comment-{first.pk}"] time[datetime]'))
        self.assertNotIn("Hidden", area.get_text())
        self.assertNotIn("@example.com", str(area))

    def test_text_keeps_its_line_breaks_and_links_stay_text(self):
        add_comment(
            self.post,
            body="First line\nsecond line\n\nNew paragraph: https://example.com/a?b=1&c=2",
        )
        area = comments_area(self.client, self.post)
        paragraphs = area.select(".bulletin-comment__text")
        self.assertEqual(len(paragraphs), 2)
        self.assertEqual(str(paragraphs[0]).count("<br/>"), 1)
        self.assertIn("https://example.com/a?b=1&c=2", paragraphs[1].get_text())
        self.assertIsNone(area.select_one('a[href^="https://example.com"]'))

    def test_replies_one_level_deep_and_the_official_badge(self):
        parent = add_comment(self.post, name="Reader")
        add_comment(self.post, parent=parent, name="Team", is_official=True)
        add_comment(self.post, parent=parent, name="Another reader")
        add_comment(self.post, parent=parent, name="Waiting reply", status=Status.PENDING)
        hidden_parent = add_comment(self.post, status=Status.REJECTED)
        add_comment(self.post, parent=hidden_parent, name="Orphan")
        area = comments_area(self.client, self.post)
        self.assertEqual(area.h3.get_text(strip=True), "3 comments")
        replies = area.select(f"#comment-{parent.pk} .bulletin-comment__replies > li")
        self.assertEqual(
            [r.strong.get_text(strip=True) for r in replies], ["Team", "Another reader"]
        )
        self.assertIn("Official reply", replies[0].get_text())
        self.assertNotIn("Official reply", replies[1].get_text())
        self.assertNotIn("Orphan", area.get_text())

    def test_counts_in_listings(self):
        add_comment(self.post)
        parent = add_comment(self.post)
        add_comment(self.post, parent=parent)
        add_comment(self.post, status=Status.PENDING)
        for url in ("/", self.technology.url, "/all-posts/"):
            with self.subTest(url=url):
                page = BeautifulSoup(self.client.get(url).content, "html.parser")
                counts = [
                    p.get_text(" ", strip=True) for p in page.select(".bulletin-card__comments")
                ]
                self.assertEqual(counts, [f"3 comments on {self.post.title}"])

    def test_a_waiting_comment_is_never_shown_to_readers(self):
        add_comment(self.post, status=Status.PENDING, body=f"The word {HIDDEN_WORD} is here.")
        add_comment(self.post, status=Status.SPAM, body=f"Also {HIDDEN_WORD}.")
        for url in (
            self.post.url,
            self.technology.url,
            "/",
            "/all-posts/",
            f"{self.technology.url}feed/",
            f"{self.technology.url}feed/atom/",
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertFalse(HIDDEN_WORD in response.content.decode(), url)
                self.assertFalse("1 comment" in response.content.decode(), url)
        # The search page repeats the words searched for; it must find nothing.
        search = self.client.get(f"/search/?q={HIDDEN_WORD}").content.decode()
        self.assertIn("There are no matching posts", search)

    def test_the_preview_of_a_new_post_has_an_empty_comments_area(self):
        request = RequestFactory().get("/")
        html = Template("{% load comments_tags %}{% reader_comments page %}").render(
            Context({"page": PostPage(title="Draft"), "request": request})
        )
        self.assertIn("0 comments", html)
        self.assertIn("Readers can comment once the post is published", html)
        self.assertNotIn("<form", html)

    def test_replies_are_offered_only_while_comments_are_open(self):
        add_comment(self.post)
        self.assertTrue(comments_area(self.client, self.post).select_one("a[href*=reply_to]"))
        add_comment(self.old_data_post)
        area = comments_area(self.client, self.old_data_post)
        self.assertIn("1 comment", area.h3.text)
        self.assertIsNone(area.select_one("a[href*=reply_to]"))
        self.assertIsNone(area.form)


class NewPostDefaultTests(CommentsTestCase):
    def form(self, blog):
        form_class = PostPage.get_edit_handler().get_form_class()
        self.assertTrue(getattr(form_class, "follows_blog_comments_setting", False))
        request = RequestFactory().get("/")
        request.user = self.reviewer
        return form_class(instance=PostPage(), parent_page=blog, for_user=self.reviewer)

    def test_a_new_post_starts_with_its_blogs_setting(self):
        self.assertTrue(self.form(self.technology)["comments_open"].value())
        change_blog_settings(self.technology, "comment_settings", comments_open=False)
        self.assertFalse(self.form(self.technology)["comments_open"].value())

    def test_the_form_wrapper_is_applied_once(self):
        once = new_posts_follow_their_blog(PostPage.base_form_class)
        self.assertIs(new_posts_follow_their_blog(once), once)
