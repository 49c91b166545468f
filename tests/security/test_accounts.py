"""Accounts: login throttling and lockout, two-factor sign-in, password reset links."""

import re

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.core import mail
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse

from wagtail.models import PageViewRestriction

from demo.factories import PASSWORD, make_post, make_user
from security.network import client_ip

from .base import TwoBlogsTestCase

LOGIN = "/admin/login/"
# CSRF tokens and CSP nonces differ between any two responses.
CSRF_VALUE = re.compile(rb'\b[A-Za-z0-9]{64}\b|nonce="[^"]*"')


def current_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


class LoginThrottlingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reviewer = make_user("reviewer", is_staff=False)
        cls.colleague = make_user("colleague")

    def login(self, username, password, address="203.0.113.7"):
        return self.client.post(
            LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address
        )

    def bad_logins(self, username, count=20, address="203.0.113.7"):
        return [self.login(username, "wrong-password", address) for _ in range(count)]

    def test_twenty_bad_logins_lock_the_account_and_the_address(self):
        responses = self.bad_logins("reviewer")
        self.assertEqual(responses[0].status_code, 200)
        self.assertEqual(responses[-1].status_code, 429)
        # Locked: the right password no longer works from there...
        locked = self.login("reviewer", PASSWORD)
        self.assertEqual(locked.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertContains(locked, "Too many attempts to sign in", status_code=429)
        self.assertEqual(locked["Retry-After"], "1800")
        # ...nor does anyone else's account from that address.
        self.assertEqual(self.login("colleague", PASSWORD).status_code, 429)
        # Another address can still sign in as the person (no denial of service by name).
        other = self.login("reviewer", PASSWORD, address="198.51.100.20")
        self.assertEqual(other.status_code, 302)

    def test_unknown_and_known_user_names_get_the_same_answers(self):
        known = self.bad_logins("reviewer", address="203.0.113.7")
        unknown = self.bad_logins("nobody-here", address="203.0.113.8")
        self.assertEqual([r.status_code for r in known], [r.status_code for r in unknown])
        for mine, theirs in zip(known, unknown, strict=True):
            self.assertEqual(
                CSRF_VALUE.sub(b"", mine.content).replace(b"reviewer", b"nobody-here"),
                CSRF_VALUE.sub(b"", theirs.content),
            )

    def test_case_and_spaces_do_not_reset_the_count(self):
        for name in ["Reviewer", " reviewer", "REVIEWER"] * 4:
            self.login(name, "wrong-password", address="203.0.113.9")
        self.assertEqual(self.login("reviewer", PASSWORD, address="203.0.113.9").status_code, 429)

    @override_settings(TRUSTED_PROXY_COUNT=0)
    def test_a_forged_forwarded_for_header_does_not_reset_the_count(self):
        for number in range(20):
            self.client.post(
                LOGIN,
                {"username": "reviewer", "password": "wrong"},
                REMOTE_ADDR="203.0.113.10",
                HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
            )
        self.assertEqual(self.login("reviewer", PASSWORD, address="203.0.113.10").status_code, 429)

    def test_behind_a_proxy_the_address_is_the_one_the_proxy_appended(self):
        request = RequestFactory().get(
            "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.66, 203.0.113.5"
        )
        with self.settings(TRUSTED_PROXY_COUNT=1):
            self.assertEqual(client_ip(request), "203.0.113.5")
        with self.settings(TRUSTED_PROXY_COUNT=0):
            self.assertEqual(client_ip(request), "127.0.0.1")


@override_settings(BULLETIN_REQUIRE_2FA=True)
class TwoFactorTests(TwoBlogsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.superuser = make_user("root", is_superuser=True)

    def setup_device(self, user):
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        return device

    def test_reviewers_administrators_and_superusers_must_set_it_up(self):
        for user in (self.reviewer, self.administrator, self.superuser):
            self.client.force_login(user)
            for url in ("/admin/", f"/admin/pages/{self.post.pk}/edit/", "/admin/users/"):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302, (user, url))
                self.assertEqual(
                    response["Location"],
                    f"{reverse('security_2fa_setup')}?next={url.replace('/', '%2F')}",
                )

    def test_writers_are_offered_it_but_not_forced(self):
        self.client.force_login(self.writer)
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, reverse("security_2fa_setup"))

    def test_setting_up_an_authenticator_app(self):
        self.client.force_login(self.reviewer)
        response = self.client.get(reverse("security_2fa_setup"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "data:image/svg+xml;base64,")
        device = TOTPDevice.objects.get(user=self.reviewer)
        self.assertFalse(device.confirmed)
        wrong = self.client.post(reverse("security_2fa_setup"), {"token": "000000"})
        self.assertContains(wrong, "That code is wrong")
        device.refresh_from_db()
        device.throttling_failure_count = 0
        device.throttling_failure_timestamp = None
        device.save()
        response = self.client.post(
            reverse("security_2fa_setup"), {"token": current_code(device), "next": "/admin/"}
        )
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        device.refresh_from_db()
        self.assertTrue(device.confirmed)
        self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_once_set_up_every_sign_in_needs_a_code(self):
        device = self.setup_device(self.writer)
        self.client.force_login(self.writer)
        response = self.client.get("/admin/")
        self.assertTrue(response["Location"].startswith(reverse("security_2fa_verify")))
        response = self.client.post(
            reverse("security_2fa_verify"), {"token": current_code(device), "next": "/admin/"}
        )
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_a_password_alone_cannot_replace_the_device(self):
        self.setup_device(self.reviewer)
        self.client.force_login(self.reviewer)
        response = self.client.get(reverse("security_2fa_setup"))
        self.assertTrue(response["Location"].startswith(reverse("security_2fa_verify")))
        self.client.post(reverse("security_2fa_setup"), {"token": "123456"})
        self.assertEqual(TOTPDevice.objects.filter(user=self.reviewer).count(), 1)
        self.assertTrue(TOTPDevice.objects.get(user=self.reviewer).confirmed)

    def test_guessing_codes_is_throttled(self):
        device = self.setup_device(self.reviewer)
        self.client.force_login(self.reviewer)
        for _ in range(5):
            self.client.post(reverse("security_2fa_verify"), {"token": "000000"})
        # The right code straight after a run of wrong ones is refused too.
        response = self.client.post(
            reverse("security_2fa_verify"), {"token": current_code(device)}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.client.get("/admin/").status_code, 302)

    def test_next_never_leaves_the_site(self):
        device = self.setup_device(self.reviewer)
        self.client.force_login(self.reviewer)
        response = self.client.post(
            reverse("security_2fa_verify"),
            {"token": current_code(device), "next": "//evil.example/admin/"},
        )
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)

    def test_half_signed_in_people_are_anonymous_on_the_public_site(self):
        private = make_post(self.blog, "Staff only")
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        self.client.force_login(self.reviewer)  # password only, no second factor yet
        response = self.client.get(private.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])
        self.assertNotContains(self.client.get(self.post.url), "wagtail-userbar")

    def test_login_pages_and_sign_out_stay_reachable(self):
        self.client.force_login(self.reviewer)
        self.assertEqual(self.client.get(reverse("security_2fa_setup")).status_code, 200)
        self.assertEqual(
            self.client.get(reverse("wagtailadmin_javascript_catalog")).status_code, 200
        )
        self.client.post(reverse("wagtailadmin_logout"))
        self.assertNotIn("_auth_user_id", self.client.session)


class PasswordResetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = make_user("writer")

    @override_settings(
        BASE_URL="https://blogs.example.gov.uk",
        WAGTAILADMIN_BASE_URL="https://blogs.example.gov.uk",
        ALLOWED_HOSTS=["testserver", "other-allowed.example"],
    )
    def test_reset_links_use_the_configured_address_not_the_host_header(self):
        response = self.client.post(
            reverse("wagtailadmin_password_reset"),
            {"email": self.user.email},
            headers={"host": "other-allowed.example"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(len(mail.outbox), 1)
        body = mail.outbox[0].body
        self.assertIn("https://blogs.example.gov.uk/admin/password_reset/confirm/", body)
        self.assertNotIn("other-allowed.example", body + mail.outbox[0].subject)

    def test_unknown_addresses_get_the_same_answer(self):
        known = self.client.post(
            reverse("wagtailadmin_password_reset"), {"email": self.user.email}
        )
        unknown = self.client.post(
            reverse("wagtailadmin_password_reset"), {"email": "nobody@example.gov.uk"}
        )
        self.assertEqual(known.status_code, unknown.status_code)
        self.assertEqual(known["Location"], unknown["Location"])
        self.assertEqual(len(mail.outbox), 1)


class ResetTwoFactorCommandTests(TestCase):
    def test_an_administrator_can_reset_a_lost_device(self):
        from io import StringIO

        from django.core.management import CommandError, call_command

        user = make_user("reviewer")
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        out = StringIO()
        call_command("reset_two_factor", "reviewer", stdout=out)
        self.assertIn("Removed 1 device(s)", out.getvalue())
        self.assertFalse(TOTPDevice.objects.filter(user=user).exists())
        with self.assertRaises(CommandError):
            call_command("reset_two_factor", "nobody", stdout=out)
