"""The comment form: what a reader sends, the defences, and every kind of bad input.
Whatever goes wrong answers a clear 4xx and stores nothing."""

from bs4 import BeautifulSoup

from django.test import Client, override_settings

from comments.models import ReaderComment
from tests.comments.base import CommentsTestCase, Status, add_comment, form_data, token


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


class SendingTests(CommentsTestCase):
    def test_a_comment_is_held_for_moderation_and_the_reader_told_so(self):
        response = self.send(notify_on_publish="on")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response["Location"], f"{self.post.url}?comment=received#comments")
        comment = ReaderComment.objects.get()
        self.assertEqual(comment.status, Status.PENDING)
        self.assertEqual(
            (comment.name, comment.email, comment.ip_address, comment.notify_on_publish),
            ("Ada Reader", "ada@example.com", "192.0.2.1", True),
        )
        page = soup(self.client.get(response["Location"]))
        banner = page.select_one(".govuk-notification-banner--success")
        self.assertIn("Your comment is awaiting moderation", banner.get_text())
        self.assertNotIn("A thoughtful comment", page.select_one("#comments").get_text())

    def test_the_form_has_the_fields_readers_expect(self):
        page = soup(self.client.get(self.post.url))
        form = page.select_one("#comments form")
        self.assertEqual(form["action"], f"{self.comment_url()}#comment-errors")
        labels = [label.get_text(strip=True) for label in form.select(".govuk-label")]
        self.assertEqual(labels[:3], ["Comment", "Name", "Email"])
        self.assertIn("so we know you're a real person", form.select_one("#id_email-hint").text)
        self.assertEqual(form.select_one("button").get_text(strip=True), "Submit comment")
        inset = form.select_one(".govuk-inset-text")
        self.assertIn("may be published on this public website", inset.get_text())
        # No CSRF token: the page is the same for every reader, cached (test_csrf_...).
        self.assertIsNone(form.select_one("input[name=csrfmiddlewaretoken]"))
        honeypot = form.select_one(".bulletin-honeypot")
        self.assertEqual(honeypot["aria-hidden"], "true")
        self.assertEqual(honeypot.input["tabindex"], "-1")
        self.assertEqual(honeypot.input["autocomplete"], "off")

    def test_a_reply_to_a_published_comment(self):
        parent = add_comment(self.post)
        page = soup(self.client.get(f"{self.post.url}?reply_to={parent.pk}"))
        self.assertIn("Reply to Grace Reader", page.select_one("#leave-a-comment h3").text)
        self.assertEqual(page.select_one("input[name=parent]")["value"], str(parent.pk))
        self.assertEqual(self.send(parent=str(parent.pk)).status_code, 303)
        self.assertEqual(ReaderComment.objects.get(status=Status.PENDING).parent, parent)

    def test_csrf_is_enforced(self):
        # Without Django's CSRF cookie (the form is on cached pages): a browser's post from
        # another site is refused by its Origin, Sec-Fetch-Site or Referer.
        client = Client(enforce_csrf_checks=True)
        for headers in (
            {"origin": "https://evil.example"},
            {"origin": "null"},
            {"sec-fetch-site": "cross-site"},
            {"sec-fetch-site": "same-site", "origin": "http://testserver"},
            {"referer": "https://evil.example/page"},
            {"referer": "http://testserver.evil.example/"},
        ):
            with self.subTest(headers=headers):
                response = client.post(self.comment_url(), form_data(self.post), headers=headers)
                self.assertEqual(response.status_code, 403)
                self.assertIn("private", response["Cache-Control"])
        self.assertFalse(ReaderComment.objects.exists())
        same_site = {"origin": "http://testserver", "sec-fetch-site": "same-origin"}
        response = client.post(self.comment_url(), form_data(self.post), headers=same_site)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(ReaderComment.objects.count(), 1)

    def test_get_is_not_allowed(self):
        self.assertEqual(self.client.get(self.comment_url()).status_code, 405)


class ErrorTests(CommentsTestCase):
    def assert_refused(self, response, status=400, *messages):
        self.assertEqual(response.status_code, status)
        self.assertFalse(ReaderComment.objects.exists())
        if status == 400:
            page = soup(response)
            self.assertTrue(page.title.text.startswith("Error: "))
            summary = page.select_one(".govuk-error-summary")
            for message in messages:
                self.assertIn(message, summary.get_text())
        return response

    def test_missing_fields_show_the_error_summary_and_inline_errors(self):
        response = self.assert_refused(
            self.send(body="", name="", email=""),
            400,
            "Enter your comment",
            "Enter your name",
            "Enter your email address",
        )
        page = soup(response)
        links = [a["href"] for a in page.select(".govuk-error-summary a")]
        self.assertEqual(links, ["#id_body", "#id_name", "#id_email"])
        for field in ("body", "name", "email"):
            self.assertTrue(page.select_one(f"#id_{field}-error"))
            self.assertIn(f"id_{field}-error", page.select_one(f"#id_{field}")["aria-describedby"])

    def test_the_readers_text_is_kept_after_an_error(self):
        response = self.assert_refused(
            self.send(body="My words\nover two lines", email="not-an-address"),
            400,
            "Enter an email address in the correct format",
        )
        page = soup(response)
        self.assertEqual(page.select_one("#id_body").text, "My words\nover two lines")
        self.assertEqual(page.select_one("#id_name")["value"], "Ada Reader")
        self.assertEqual(page.select_one("#id_email")["value"], "not-an-address")

    def test_over_long_fields(self):
        self.assert_refused(
            self.send(body="x" * 5001, name="n" * 101),
            400,
            "Your comment must be 5,000 characters or fewer",
            "Your name must be 100 characters or fewer",
        )

    def test_line_breaks_count_as_one_character(self):
        self.assertEqual(self.send(body=("x" * 99 + "\r\n") * 50).status_code, 303)

    def test_a_one_megabyte_body_is_refused_before_it_is_read(self):
        response = self.send(body="x" * 1024 * 1024)
        self.assert_refused(response, 413)
        self.assertIn(b"too long", response.content)

    def test_control_characters_and_undecodable_bytes(self):
        for body in ("bell \x07 here", "hidden \u202e direction", "broken \ufffd bytes"):
            with self.subTest(body=body):
                self.assert_refused(self.send(body=body), 400, "must only include letters")
        self.assert_refused(self.send(name="two\nlines"), 400, "must only include letters")
        self.assert_refused(self.send(body="null \x00 byte"), 400)

    def test_a_body_that_is_not_utf8(self):
        fields = b"&name=Ada&email=ada%40example.com&token=" + token(self.post).encode()
        for body in (b"body=caf%E9+au+lait", b"body=caf\xe9+au+lait"):
            with self.subTest(body=body):
                response = self.client.post(
                    self.comment_url(),
                    body + fields,
                    content_type="application/x-www-form-urlencoded",
                )
                self.assertEqual(response.status_code, 400)
        self.assertFalse(ReaderComment.objects.exists())

    def test_a_comment_on_a_post_whose_comments_are_closed(self):
        self.post.comments_open = False
        self.post.save_revision().publish()
        response = self.assert_refused(self.send(), 403)
        self.assertIn(b"Comments are closed", response.content)

    def test_a_comment_after_the_blogs_days_have_passed(self):
        self.assertEqual(self.send(post=self.data_post).status_code, 303)
        ReaderComment.objects.all().delete()
        self.assert_refused(self.send(post=self.old_data_post), 403)
        page = soup(self.client.get(self.old_data_post.url))
        self.assertIn("Comments are closed", page.select_one("#comments").get_text())
        self.assertIsNone(page.select_one("#comments form"))

    def test_a_comment_on_an_unpublished_or_missing_post(self):
        self.post.unpublish()
        self.assert_refused(self.send(), 404)
        response = self.client.post("/comments/post/999999/", form_data(self.post))
        self.assert_refused(response, 404)
        self.assertEqual(self.client.post("/comments/post/abc/").status_code, 404)

    def test_a_forged_parent(self):
        other = add_comment(self.data_post)
        pending = add_comment(self.post, status=Status.PENDING)
        reply = add_comment(self.post, parent=add_comment(self.post))
        before = ReaderComment.objects.count()
        for n, parent in enumerate((other.pk, pending.pk, reply.pk, "abc", "9" * 40, "-1")):
            with self.subTest(parent=parent):
                response = self.send(parent=str(parent), address=f"192.0.2.{n + 10}")
                self.assertEqual(response.status_code, 400)
                self.assertIn(b"not available", response.content)
        self.assertEqual(ReaderComment.objects.count(), before)

    def test_script_and_html_are_kept_as_text(self):
        add_comment(self.post, name="<b>Bold</b>", body="<script>alert(1)</script> & more")
        html = self.client.get(self.post.url).content.decode()
        self.assertNotIn("<script>alert(1)", html)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more", html)
        self.assertIn("&lt;b&gt;Bold&lt;/b&gt;", html)
        response = self.send(body="", name='"><script>alert(2)</script>')
        self.assertNotIn(b"<script>alert(2)", response.content)


class DefenceTests(CommentsTestCase):
    def test_the_honeypot(self):
        response = self.send(website="https://spam.example")
        self.assertEqual(response.status_code, 400)
        self.assertIn(b"Your comment was not sent", response.content)
        self.assertFalse(ReaderComment.objects.exists())

    def test_a_form_sent_too_soon_after_it_was_shown(self):
        self.assertEqual(self.send(token=token(self.post, age=1)).status_code, 400)
        self.assertFalse(ReaderComment.objects.exists())
        with override_settings(COMMENTS_MIN_FILL_SECONDS=0):
            self.assertEqual(self.send(token=token(self.post, age=0)).status_code, 303)

    def test_a_missing_forged_expired_or_foreign_token(self):
        for value in ("", "forged", token(self.post, age=2 * 86400), token(self.data_post)):
            with self.subTest(token=value[:20]):
                self.assertEqual(self.send(token=value).status_code, 400)
        self.assertFalse(ReaderComment.objects.exists())

    def test_the_form_shown_again_has_a_fresh_token(self):
        page = soup(self.send(token=token(self.post, age=1), body="Kept"))
        fresh = page.select_one("input[name=token]")["value"]
        self.assertNotEqual(fresh, "")
        with override_settings(COMMENTS_MIN_FILL_SECONDS=0):
            self.assertEqual(self.send(token=fresh, body="Kept").status_code, 303)

    def test_a_token_cannot_be_used_twice(self):
        used = token(self.post, nonce="once")
        self.assertEqual(self.send(token=used, body="First").status_code, 303)
        response = self.send(token=used, body="Second")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(ReaderComment.objects.count(), 1)

    def test_a_duplicate_comment(self):
        self.assertEqual(self.send(body="Same words").status_code, 303)
        response = self.send(body="  same   WORDS ")
        self.assertEqual(response.status_code, 400)
        self.assertIn(b"You have already sent this comment", response.content)
        self.assertEqual(ReaderComment.objects.count(), 1)

    def test_the_same_text_on_another_post_is_held_as_spam(self):
        self.send(body="Buy cheap watches")
        self.send(post=self.data_post, body="Buy cheap watches")
        spam = ReaderComment.objects.get(post=self.data_post)
        self.assertEqual(
            (spam.status, spam.spam_reason),
            (Status.SPAM, "The same text was posted on another post"),
        )

    @override_settings(COMMENTS_BLOCKED_WORDS=["casino", "Free Money"])
    def test_blocked_words_send_a_comment_to_spam(self):
        self.assertEqual(self.send(body="Visit our CASINO today").status_code, 303)
        self.assertEqual(self.send(body="Get free  money", name="Bob").status_code, 303)
        self.send(body="Occasionally casinos are discussed", name="Cat")  # not whole words
        statuses = dict(ReaderComment.objects.values_list("name", "status"))
        self.assertEqual(
            statuses, {"Ada Reader": Status.SPAM, "Bob": Status.PENDING, "Cat": Status.PENDING}
        )
        page = soup(self.client.get(f"{self.post.url}?comment=received"))
        self.assertIn("awaiting moderation", page.select_one("#comments").get_text())

    @override_settings(
        COMMENTS_RATE_LIMIT={"per_address": 2, "per_network": 3, "window_seconds": 600}
    )
    def test_rate_limits_per_address_and_per_network(self):
        for n in range(2):
            self.assertEqual(
                self.send(body=f"Comment {n}", address="198.51.100.7").status_code, 303
            )
        response = self.send(body="Third", address="198.51.100.7")
        self.assertEqual(response.status_code, 429)
        self.assertIn(b"You have sent too many comments", response.content)
        self.assertIn("Retry-After", response)
        # Another address on the same /24 has the network's last attempt, then none.
        self.assertEqual(self.send(body="Neighbour", address="198.51.100.8").status_code, 429)
        self.assertEqual(self.send(body="Elsewhere", address="203.0.113.9").status_code, 303)
        self.assertEqual(ReaderComment.objects.count(), 3)

    @override_settings(
        COMMENTS_RATE_LIMIT={"per_address": 1, "per_network": 5, "window_seconds": 600}
    )
    def test_rate_limits_for_ipv6_count_the_64(self):
        self.assertEqual(self.send(body="One", address="2001:db8:1:2::1").status_code, 303)
        self.assertEqual(self.send(body="Two", address="2001:db8:1:2::1").status_code, 429)
        self.assertEqual(self.send(body="Three", address="2001:db8:1:2::2").status_code, 303)

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_behind_a_proxy_the_forwarded_address_counts(self):
        response = self.client.post(
            self.comment_url(),
            form_data(self.post),
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="forged, 192.0.2.44",
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(ReaderComment.objects.get().ip_address, "192.0.2.44")
