"""Administrators see and set a person's job title and organisation (their byline's start)
in Wagtail's users admin."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from demo.factories import make_user

User = get_user_model()


class UsersAdmin(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("boss", "boss@example.gov.uk", "x" * 20)
        cls.writer = make_user("wendy_writer", job_title="Developer", organisation="GDS")

    def setUp(self):
        self.client.force_login(self.admin)

    def test_the_edit_form_shows_and_saves_the_byline_fields(self):
        url = reverse("wagtailusers_users:edit", args=[self.writer.pk])
        response = self.client.get(url)
        self.assertContains(response, 'name="job_title"')
        self.assertContains(response, 'value="Developer"')
        response = self.client.post(
            url,
            {
                "username": "wendy_writer",
                "email": "wendy@example.gov.uk",
                "first_name": "Wendy",
                "last_name": "Writer",
                "job_title": "Head of Engineering",
                "organisation": "Government Digital Service",
                "is_active": "on",
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:3000])
        self.writer.refresh_from_db()
        self.assertEqual(self.writer.job_title, "Head of Engineering")
        self.assertEqual(self.writer.organisation, "Government Digital Service")

    def test_the_add_form_has_the_byline_fields(self):
        response = self.client.get(reverse("wagtailusers_users:add"))
        self.assertContains(response, 'name="job_title"')
        self.assertContains(response, 'name="organisation"')
