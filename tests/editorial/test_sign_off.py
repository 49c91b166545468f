"""Sign-off by people without accounts (editorial.signoff): asking, the link, deciding,
the blog's rule, and what an attacker with a link, or without one, can do."""

import datetime
import re

from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry, TaskState

from editorial.models import BlogReviewSettings, SignOffRequest
from editorial.signoff import hash_token
from tests.editorial.base import EditorialTestCase, paragraph, post_form

LINK = re.compile(r"http://testserver/sign-off/#(\S+)")
DRAFT_TEXT = "Draft words only the press office should read before launch."
NEW_TEXT = "Reworded after the press office asked for it."


def ask_data(*people):
    """The Sign-off page's form: up to three people, (name, email, role[, message])."""
    data = {
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "3",
    }
    for index, (name, email, role, *message) in enumerate(people):
        data.update(
            {
                f"form-{index}-name": name,
                f"form-{index}-email": email,
                f"form-{index}-role": role,
                f"form-{index}-message": message[0] if message else "",
            }
        )
    return data


class SignOffTestCase(EditorialTestCase):
    def setUp(self):
        self.post = self.create_post(
            self.writer,
            "Launch of the new service",
            submit=True,
            body=[paragraph(f"<p>{DRAFT_TEXT}</p>")],
        )
        self.person = Client()  # the press officer's browser: no account

    def sign_off_url(self, post=None):
        return reverse("editorial_sign_off", args=[(post or self.post).pk])

    def ask(self, *people, user=None, post=None):
        """A reviewer (or `user`) asks; returns the response and the links' tokens."""
        self.login(user or self.reviewer)
        people = people or (("Pat Press", "pat@press.example", "press_office", "By Friday"),)
        before = len(mail.outbox)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.sign_off_url(post), ask_data(*people))
        tokens = [LINK.search(m.body).group(1) for m in mail.outbox[before:]]
        return response, tokens

    def open(self, token, client=None):
        return (client or self.person).post(reverse("sign_off_open"), {"code": token})

    def opened(self, token=None, client=None):
        """The person's request, after opening the link in their browser."""
        if token is None:
            _, [token] = self.ask()
        response = self.open(token, client)
        self.assertEqual(response.status_code, 303)
        return SignOffRequest.objects.get(token_hash=hash_token(token))

    def draft_url(self, sign_off):
        return reverse("sign_off_draft", args=[sign_off.pk])

    def decide(self, sign_off, decision, comment="", revision=None, client=None):
        data = {
            "decision": decision,
            "comment": comment,
            "revision": revision or sign_off.revision_id,
        }
        with self.captureOnCommitCallbacks(execute=True):
            return (client or self.person).post(
                reverse("sign_off_decide", args=[sign_off.pk]), data
            )

    def writer_edits(self, text=NEW_TEXT):
        self.login(self.writer)
        data = post_form(
            self.post.title,
            authors=[self.author],
            page=self.post,
            body=[paragraph(f"<p>{text}</p>")],
        )
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.edit_url(self.post), data)
        self.assertEqual(response.status_code, 302)
        self.post = self.reload(self.post)

    def require(self, **fields):
        BlogReviewSettings.objects.filter(blog=self.blog).update(**fields)


class Asking(SignOffTestCase):
    def test_a_reviewer_asks_and_each_person_gets_a_personal_link(self):
        response, tokens = self.ask(
            ("Pat Press", "pat@press.example", "press_office", "Before Friday, please"),
            ("Lee Legal", "lee@legal.example", "legal"),
        )
        self.assertRedirects(response, self.sign_off_url())
        self.assertEqual(len(tokens), 2)
        self.assertNotEqual(*tokens)
        pat = SignOffRequest.objects.get(email="pat@press.example")
        self.assertEqual(
            (pat.name, pat.role, pat.message, pat.created_by, pat.revision),
            (
                "Pat Press",
                "press_office",
                "Before Friday, please",
                self.reviewer,
                self.post.get_latest_revision(),
            ),
        )
        # Only the token's hash is kept; the link is good for the blog's 7 days.
        self.assertEqual(pat.token_hash, hash_token(tokens[0]))
        self.assertNotIn(tokens[0], str(SignOffRequest.objects.values_list()))
        self.assertAlmostEqual(
            pat.expires_at,
            timezone.now() + datetime.timedelta(days=7),
            delta=datetime.timedelta(minutes=1),
        )
        message = next(m for m in mail.outbox if m.to == ["pat@press.example"])
        self.assertIn("Launch of the new service", message.body)
        self.assertIn("Before Friday, please", message.body)
        entry = PageLogEntry.objects.get(
            page=self.post, action="editorial.sign_off.request", data__name="Pat Press"
        )
        self.assertEqual(entry.user, self.reviewer)
        # The admin page lists them.
        page = self.client.get(self.sign_off_url())
        self.assertContains(page, "Lee Legal")
        self.assertContains(page, "Waiting", count=2)

    def test_the_blog_sets_how_long_links_last(self):
        self.require(sign_off_link_days=2)
        self.ask()
        sign_off = SignOffRequest.objects.get()
        self.assertAlmostEqual(
            sign_off.expires_at,
            timezone.now() + datetime.timedelta(days=2),
            delta=datetime.timedelta(minutes=1),
        )

    def test_writers_ask_only_where_the_blog_allows(self):
        response, tokens = self.ask(user=self.writer)
        self.assertRefused(response)
        self.assertEqual((tokens, SignOffRequest.objects.count()), ([], 0))
        self.require(writers_may_request_sign_off=True)
        response, tokens = self.ask(user=self.writer)
        self.assertEqual((response.status_code, len(tokens)), (302, 1))

    def test_nobody_outside_the_blog_sees_or_asks(self):
        self.login(self.other_reviewer)
        self.assertRefused(self.client.get(self.sign_off_url()))
        response, tokens = self.ask(user=self.other_reviewer)
        self.assertRefused(response)
        self.assertEqual(tokens, [])

    def test_only_posts_in_review(self):
        response, tokens = self.ask(post=self.live_post)
        self.assertRefused(response)
        self.assertEqual(tokens, [])

    def test_a_bad_form_is_a_400_and_sends_nothing(self):
        response, tokens = self.ask(("Pat Press", "not an address", "press_office"))
        self.assertEqual((response.status_code, tokens), (400, []))
        response, tokens = self.ask(("Pat Press", "pat@press.example", "sheriff"))
        self.assertEqual((response.status_code, tokens), (400, []))
        self.assertFalse(SignOffRequest.objects.exists())


class TheLink(SignOffTestCase):
    def test_the_token_is_exchanged_for_a_cookie_and_a_token_free_address(self):
        _, [token] = self.ask()
        response = self.open(token)
        sign_off = SignOffRequest.objects.get()
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response["Location"], self.draft_url(sign_off))
        self.assertNotIn(token, response["Location"])
        cookie = response.cookies["bulletin_sign_off"]
        self.assertEqual(cookie["path"], self.draft_url(sign_off))
        self.assertTrue(cookie["httponly"])
        self.assertEqual(cookie["samesite"], "Strict")
        self.assertNotIn(token, cookie.value)

    def test_the_draft_as_readers_will_see_it_marked_and_private(self):
        sign_off = self.opened()
        response = self.person.get(self.draft_url(sign_off))
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "posts/post_page.html")
        self.assertContains(response, DRAFT_TEXT)
        self.assertContains(response, "This is a draft, not yet published. Do not share it")
        self.assertContains(response, '<meta name="robots" content="noindex, nofollow">')
        self.assertNotContains(response, 'rel="canonical"')
        self.assertEqual(response["X-Robots-Tag"], "noindex, nofollow")
        self.assertEqual(response["Referrer-Policy"], "no-referrer")
        for part in ("no-store", "private"):
            self.assertIn(part, response["Cache-Control"])
        # Nothing else: no admin, no other draft.
        self.assertNotContains(response, "/admin/")
        self.assertNotContains(response, "Other blog secret draft")

    def test_a_live_post_under_review_shows_the_draft_not_the_cached_live_version(self):
        live = self.live_post
        self.client.get(live.url)  # the live body is now in the content cache
        self.login(self.writer)
        data = post_form(
            live.title, authors=[self.author], page=live, body=[paragraph(f"<p>{DRAFT_TEXT}</p>")]
        )
        data["action-submit"] = "1"
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.edit_url(live), data)
        _, [token] = self.ask(post=live)
        sign_off = self.opened(token)
        response = self.person.get(self.draft_url(sign_off))
        self.assertContains(response, DRAFT_TEXT)
        self.client.logout()
        self.assertNotContains(self.client.get(live.url), DRAFT_TEXT)

    def test_without_the_cookie_the_page_does_not_open(self):
        sign_off = self.opened()
        response = Client().get(self.draft_url(sign_off))
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "Open the link from your email", status_code=403)
        self.assertNotContains(response, DRAFT_TEXT, status_code=403)

    def test_the_page_without_javascript_takes_the_code(self):
        response = self.person.get(reverse("sign_off_open"))
        self.assertContains(response, 'name="code"')
        self.assertContains(response, "sign-off.js")
        self.assertEqual(response["Referrer-Policy"], "no-referrer")

    @override_settings(
        SIGN_OFF_RATE_LIMIT={"per_address": 3, "per_network": 10, "window_seconds": 600}
    )
    def test_rate_limited(self):
        statuses = [self.person.get(reverse("sign_off_open")).status_code for _ in range(4)]
        self.assertEqual(statuses, [200, 200, 200, 429])
        self.assertEqual(self.open("x" * 43).status_code, 429)


class Deciding(SignOffTestCase):
    def test_approve_is_recorded_logged_and_told(self):
        sign_off = self.opened()
        before = len(mail.outbox)
        response = self.decide(sign_off, "approve", "Fine by us.")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response["Location"], reverse("sign_off_done", args=[sign_off.pk]))
        sign_off.refresh_from_db()
        self.assertEqual(
            (sign_off.decision, sign_off.comment, sign_off.decided_revision_id),
            ("approve", "Fine by us.", self.post.get_latest_revision().pk),
        )
        entry = PageLogEntry.objects.get(page=self.post, action="editorial.sign_off.approve")
        self.assertEqual(
            (entry.data["name"], entry.data["role"], entry.data["email"], entry.revision_id),
            ("Pat Press", "Press office", "pat@press.example", sign_off.revision_id),
        )
        self.assertIsNone(entry.user)
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox[before:]),
            ["reviewer@example.gov.uk", "second_reviewer@example.gov.uk", "writer@example.gov.uk"],
        )
        self.assertIn("Fine by us.", mail.outbox[-1].body)
        self.assertContains(self.person.get(response["Location"]), "Decision recorded")
        # The history in the admin shows it.
        self.login(self.reviewer)
        history = self.client.get(reverse("wagtailadmin_pages:history", args=[self.post.pk]))
        self.assertContains(history, "Pat Press (Press office, pat@press.example) approved")
        # So does the workflow's own progress page, with the revision it was given on.
        state = self.post.current_workflow_state
        progress = self.client.get(
            reverse("wagtailadmin_pages:workflow_history_detail", args=[self.post.pk, state.pk])
        )
        self.assertContains(progress, '<h2 class="w-mt-8">Sign-off</h2>', html=False)
        self.assertContains(progress, "Pat Press (Press office, pat@press.example)")
        self.assertContains(progress, f"Revision {sign_off.decided_revision_id}")
        self.assertContains(progress, "<td>Fine by us.</td>", html=True)

    def test_changes_need_a_comment(self):
        sign_off = self.opened()
        response = self.decide(sign_off, "changes", "  ")
        self.assertContains(response, "Say what needs to change", status_code=400)
        response = self.decide(sign_off, "")
        self.assertContains(response, "Select whether you approve", status_code=400)
        sign_off.refresh_from_db()
        self.assertEqual(sign_off.decision, "")

    def test_a_new_revision_shows_the_change_then_the_latest_can_be_approved(self):
        sign_off = self.opened()
        self.assertEqual(
            self.decide(sign_off, "changes", "Say when it launches.").status_code, 303
        )
        # Used: the same version cannot be decided again.
        self.assertEqual(self.person.get(self.draft_url(sign_off)).status_code, 410)
        self.assertEqual(self.decide(sign_off, "approve").status_code, 410)
        self.writer_edits()
        response = self.person.get(self.draft_url(sign_off))
        self.assertContains(response, "This draft has changed")
        self.assertContains(response, '<ins class="bulletin-diff__added">')
        self.assertContains(response, '<del class="bulletin-diff__removed">')
        # Approving the version read before the change is refused.
        response = self.decide(sign_off, "approve")
        self.assertEqual(response.status_code, 409)
        sign_off.refresh_from_db()
        self.assertEqual(sign_off.decision, "changes")
        # "View the latest version", then approve that.
        response = self.person.post(reverse("sign_off_latest", args=[sign_off.pk]))
        self.assertEqual(response.status_code, 303)
        sign_off.refresh_from_db()
        self.assertEqual(sign_off.revision, self.post.get_latest_revision())
        self.assertContains(self.person.get(self.draft_url(sign_off)), NEW_TEXT)
        self.assertEqual(self.decide(sign_off, "approve").status_code, 303)
        sign_off.refresh_from_db()
        self.assertEqual(sign_off.decided_revision, self.post.get_latest_revision())


class Rule(SignOffTestCase):
    def setUp(self):
        super().setUp()
        self.require(require_press_office_sign_off=True, require_legal_sign_off=True)
        self.post = self.reload(self.post)

    def approve_on_dashboard(self):
        self.login(self.second_reviewer)
        return self.workflow_action(self.post, "approve")

    def approve_in_editor(self):
        self.login(self.second_reviewer)
        data = post_form(self.post.title, authors=[self.author], page=self.post)
        data.update({"action-workflow-action": "1", "workflow-action-name": "approve"})
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.edit_url(self.post), data)

    def assertStillInReview(self, missing):
        """Neither the dashboard's action URL nor the editor approves; the editor, the
        review task and the Sign-off page say which roles are missing."""
        refusal = f"Still to approve this version: {missing}."
        self.assertRefused(self.approve_on_dashboard())
        response = self.approve_in_editor()
        self.assertRedirects(response, self.edit_url(self.post), fetch_redirect_response=False)
        errors = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue(any(refusal in error for error in errors), errors)
        post = self.reload(self.post)
        self.assertFalse(post.live)
        task_state = post.current_workflow_task_state
        self.assertEqual(task_state.status, TaskState.STATUS_IN_PROGRESS)
        task = task_state.task.specific
        self.assertNotIn(
            "approve", [name for name, *_ in task.get_actions(post, self.second_reviewer)]
        )
        with self.assertRaisesMessage(PermissionDenied, refusal):
            task.on_action(task_state, self.second_reviewer, "approve")
        self.assertContains(
            self.client.get(self.sign_off_url()),
            refusal.replace("this version", "the current version"),
        )

    def test_approval_waits_for_every_required_role(self):
        self.assertStillInReview("Press office, Legal")
        _, [press, legal, policy] = self.ask(
            ("Pat Press", "pat@press.example", "press_office"),
            ("Lee Legal", "lee@legal.example", "legal"),
            ("Poppy Policy", "poppy@policy.example", "policy"),
        )
        # Changes requested, or the wrong role, do not count.
        self.decide(self.opened(press), "changes", "Not yet.")
        policy_client = Client()
        self.decide(self.opened(policy, policy_client), "approve", client=policy_client)
        self.assertStillInReview("Press office, Legal")
        legal_client = Client()
        self.decide(self.opened(legal, legal_client), "approve", client=legal_client)
        self.assertStillInReview("Press office")
        self.writer_edits()
        press_request = SignOffRequest.objects.get(role="press_office")
        self.person.post(reverse("sign_off_latest", args=[press_request.pk]))
        press_request.refresh_from_db()
        self.decide(press_request, "approve")
        # Legal approved the version before the edit: it must see this one.
        self.assertStillInReview("Legal")
        legal_request = SignOffRequest.objects.get(role="legal")
        legal_client.post(reverse("sign_off_latest", args=[legal_request.pk]))
        legal_request.refresh_from_db()
        self.decide(legal_request, "approve", client=legal_client)
        self.assertEqual(self.approve_in_editor().status_code, 302)
        self.assertTrue(self.reload(self.post).live)

    def test_a_withdrawn_approval_does_not_count(self):
        _, [press, legal] = self.ask(
            ("Pat Press", "pat@press.example", "press_office"),
            ("Lee Legal", "lee@legal.example", "legal"),
        )
        self.decide(self.opened(press), "approve")
        legal_client = Client()
        self.decide(self.opened(legal, legal_client), "approve", client=legal_client)
        press_request = SignOffRequest.objects.get(role="press_office")
        self.login(self.reviewer)
        self.client.post(
            reverse("editorial_sign_off_revoke", args=[self.post.pk, press_request.pk])
        )
        self.assertStillInReview("Press office")


class Attacks(SignOffTestCase):
    def test_tampered_token(self):
        _, [token] = self.ask()
        for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), token[:20], "", "x" * 500):
            response = self.open(bad)
            self.assertEqual(response.status_code, 400, bad)
            self.assertContains(response, "This link does not work", status_code=400)
            self.assertNotIn("bulletin_sign_off", response.cookies)

    def test_tampered_cookie(self):
        sign_off = self.opened()
        self.person.cookies["bulletin_sign_off"] = f"{sign_off.pk}:{sign_off.token_hash[:16]}"
        self.person.cookies["bulletin_sign_off"]["path"] = self.draft_url(sign_off)
        self.assertEqual(self.person.get(self.draft_url(sign_off)).status_code, 403)

    def test_expired_token(self):
        _, [token] = self.ask()
        SignOffRequest.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
        response = self.open(token)
        self.assertContains(response, "This link has expired", status_code=410)

    def test_expired_after_opening(self):
        sign_off = self.opened()
        SignOffRequest.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
        self.assertEqual(self.person.get(self.draft_url(sign_off)).status_code, 410)
        self.assertEqual(self.decide(sign_off, "approve").status_code, 410)

    def test_revoked_token(self):
        _, [token] = self.ask()
        sign_off = self.opened(token)
        # A writer cannot withdraw a link; a reviewer can.
        revoke = reverse("editorial_sign_off_revoke", args=[self.post.pk, sign_off.pk])
        self.login(self.writer)
        self.assertRefused(self.client.post(revoke))
        self.login(self.reviewer)
        self.assertEqual(self.client.post(revoke).status_code, 302)
        self.assertContains(
            self.person.get(self.draft_url(sign_off)), "withdrawn", status_code=410
        )
        self.assertEqual(self.decide(sign_off, "approve").status_code, 410)
        self.assertEqual(self.open(token).status_code, 410)
        self.assertTrue(PageLogEntry.objects.filter(action="editorial.sign_off.revoke").exists())

    def test_replayed_token_and_decision(self):
        _, [token] = self.ask()
        sign_off = self.opened(token)
        self.assertEqual(self.decide(sign_off, "approve").status_code, 303)
        # The link again, in another browser: it opens, and says it was used.
        other = Client()
        self.assertEqual(self.open(token, other).status_code, 303)
        response = other.get(self.draft_url(sign_off))
        self.assertContains(response, "You have already given your decision", status_code=410)
        # The decision sent again, to change it: refused.
        self.assertEqual(
            self.decide(sign_off, "changes", "Changed my mind", client=other).status_code, 410
        )
        sign_off.refresh_from_db()
        self.assertEqual(sign_off.decision, "approve")
        self.assertEqual(
            PageLogEntry.objects.filter(action__startswith="editorial.sign_off.a").count(), 1
        )

    def test_a_link_for_post_a_does_not_open_post_b(self):
        _, [token_a] = self.ask()
        other_post = self.create_post(self.writer, "Another draft", submit=True)
        _, [token_b] = self.ask(post=other_post)
        a = self.opened(token_a)
        b = SignOffRequest.objects.get(token_hash=hash_token(token_b))
        self.assertEqual(self.person.get(self.draft_url(b)).status_code, 403)
        self.assertEqual(self.decide(b, "approve", revision=a.revision_id).status_code, 403)
        self.assertEqual(self.decide(a, "approve", revision=b.revision_id).status_code, 409)
        b.refresh_from_db()
        a.refresh_from_db()
        self.assertEqual((a.decision, b.decision), ("", ""))

    def test_a_decision_on_a_stale_revision_is_refused(self):
        sign_off = self.opened()
        old = sign_off.revision_id
        self.writer_edits()
        response = self.decide(sign_off, "approve", revision=old)
        self.assertContains(response, "This draft has changed", status_code=409)
        sign_off.refresh_from_db()
        self.assertEqual(sign_off.decision, "")

    def test_a_post_no_longer_in_review(self):
        sign_off = self.opened()
        self.login(self.reviewer)
        self.workflow_action(self.post, "approve")
        self.assertTrue(self.reload(self.post).live)
        response = self.person.get(self.draft_url(sign_off))
        self.assertContains(response, "no longer waiting for sign-off", status_code=410)

    def test_the_token_is_in_no_location_and_no_logged_path(self):
        _, [token] = self.ask()
        with self.assertLogs("django", "INFO") as logs:
            responses = [self.open(token + "x"), self.open(token)]
            sign_off = SignOffRequest.objects.get()
            responses += [
                self.person.get(self.draft_url(sign_off)),
                self.decide(sign_off, "changes", "A note"),
                self.person.get(self.draft_url(sign_off)),
            ]
            self.writer_edits()
            responses += [self.person.post(reverse("sign_off_latest", args=[sign_off.pk]))]
        for response in responses:
            self.assertNotIn(token, response.get("Location", ""))
            self.assertNotIn(token, response.content.decode())
        self.assertTrue(any("/sign-off/" in line for line in logs.output))  # 4xx are logged
        self.assertFalse([line for line in logs.output if token in line])


class Forgery(SignOffTestCase):
    """The pages send no Referer, so browsers post their forms with `Origin: null`; the
    CSRF token is still required, and another site's origin still refused."""

    def test_forms_need_their_token_whatever_the_origin(self):
        _, [token] = self.ask()
        person = Client(enforce_csrf_checks=True)
        url = reverse("sign_off_open")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', person.get(url).text)[1]
        refused = [
            person.post(url, {"code": token}, headers={"origin": "null"}),
            person.post(
                url,
                {"code": token, "csrfmiddlewaretoken": csrf},
                headers={"origin": "https://attacker.example"},
            ),
        ]
        self.assertEqual([r.status_code for r in refused], [403, 403])
        response = person.post(
            url, {"code": token, "csrfmiddlewaretoken": csrf}, headers={"origin": "null"}
        )
        self.assertEqual(response.status_code, 303)
        sign_off = SignOffRequest.objects.get()
        decide = reverse("sign_off_decide", args=[sign_off.pk])
        data = {"decision": "approve", "revision": sign_off.revision_id}
        self.assertEqual(person.post(decide, data, headers={"origin": "null"}).status_code, 403)
        data["csrfmiddlewaretoken"] = csrf
        self.assertEqual(person.post(decide, data, headers={"origin": "null"}).status_code, 303)
