"""A writer's job title and organisation, set in their account settings: what their byline
is first made from (posts.people.person_for)."""

from bs4 import BeautifulSoup

from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse

from demo.factories import make_user
from posts.people import person_for


class BylineSettings(TestCase):
    def setUp(self):
        self.user = make_user("jane", last_name="Smith")
        self.user.groups.add(Group.objects.get(name="Writers"))
        self.client.force_login(self.user)
        self.url = reverse("wagtailadmin_account")

    def form_data(self):
        """The account form as the browser sends it, every panel's fields as shown."""
        soup = BeautifulSoup(self.client.get(self.url).content, "html.parser")
        form = soup.find("form", attrs={"method": "POST"})
        data = {}
        for field in form.find_all(["input", "select", "textarea"]):
            name = field.get("name")
            if not name or field.get("type") in ("submit", "file"):
                continue
            if field.get("type") in ("checkbox", "radio") and not field.has_attr("checked"):
                continue
            if field.name == "select":
                chosen = field.find("option", selected=True) or field.find("option")
                data[name] = chosen.get("value", "") if chosen else ""
            else:
                data[name] = field.get("value", field.text if field.name == "textarea" else "")
        return data

    def test_the_account_page_asks_for_job_title_and_organisation(self):
        html = self.client.get(self.url).content.decode()
        self.assertIn("Your byline", html)
        self.assertIn('name="byline-job_title"', html)
        self.assertIn('name="byline-organisation"', html)

    def test_saving_them_makes_the_first_byline(self):
        data = self.form_data()
        data["byline-job_title"] = "Head of Software Engineering"
        data["byline-organisation"] = "HM Courts & Tribunals Service"
        response = self.client.post(self.url, data)
        self.assertRedirects(response, self.url)
        self.user.refresh_from_db()
        self.assertEqual(self.user.job_title, "Head of Software Engineering")
        person = person_for(self.user)
        self.assertEqual(
            person.role, "Head of Software Engineering, HM Courts & Tribunals Service"
        )

    def test_too_long_a_job_title_is_a_form_error(self):
        data = self.form_data()
        data["byline-job_title"] = "x" * 256
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 200)
        self.user.refresh_from_db()
        self.assertEqual(self.user.job_title, "")
