"""/.well-known/security.txt (RFC 9116), from settings."""

import datetime

from django.test import TestCase, override_settings
from django.utils import timezone


def fields(response):
    lines = response.content.decode().splitlines()
    parsed = {}
    for line in lines:
        name, _, value = line.partition(": ")
        parsed.setdefault(name, []).append(value)
    return parsed


class SecurityTxtTests(TestCase):
    def test_required_and_recommended_fields(self):
        response = self.client.get("/.well-known/security.txt")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        found = fields(response)
        self.assertEqual(found["Contact"], ["mailto:security@bulletin.invalid"])
        self.assertEqual(found["Canonical"], ["http://testserver/.well-known/security.txt"])
        self.assertEqual(found["Preferred-Languages"], ["en"])
        expires = datetime.datetime.fromisoformat(found["Expires"][0].replace("Z", "+00:00"))
        now = timezone.now()
        self.assertTrue(now < expires < now + datetime.timedelta(days=366))
        self.assertEqual(len(found["Expires"]), 1)

    @override_settings(
        SECURITY_CONTACTS=["mailto:security@example.gov.uk", "https://example.gov.uk/report"],
        SECURITY_POLICY_URL="https://example.gov.uk/security-policy",
        SECURITY_TXT_EXPIRES="2031-01-31T12:00:00Z",
        BASE_URL="https://blogs.example.gov.uk",
    )
    def test_everything_comes_from_settings(self):
        found = fields(self.client.get("/.well-known/security.txt"))
        self.assertEqual(
            found["Contact"], ["mailto:security@example.gov.uk", "https://example.gov.uk/report"]
        )
        self.assertEqual(found["Policy"], ["https://example.gov.uk/security-policy"])
        self.assertEqual(found["Expires"], ["2031-01-31T12:00:00Z"])
        self.assertEqual(
            found["Canonical"], ["https://blogs.example.gov.uk/.well-known/security.txt"]
        )

    @override_settings(SECURITY_TXT_EXPIRES="2020-01-01T00:00:00Z")
    def test_an_expired_file_fails_the_deploy_check(self):
        from security.checks import check_security_settings

        self.assertIn("security.W002", [w.id for w in check_security_settings(None)])
