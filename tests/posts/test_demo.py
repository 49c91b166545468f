"""The demo content: idempotent, faithful to the seed post, and using every body block."""

import io
import json
import os
import re
import stat
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory, TestCase, override_settings

from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from home.models import HomePage, NetworkSettings, StandardPage
from posts.blocks import PostBodyBlock
from posts.models import BlogPage, Category, Person, PostPage

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_NAME = Path("seed") / "open-source-security-meetup.txt"
# The shared folder sits next to the repository, in development and in CI's clean clone;
# BULLETIN_SHARED_DIR points elsewhere (a clone made outside the workplace).
SEED_FILE = next(
    (
        folder / SEED_NAME
        for folder in (
            Path(os.environ.get("BULLETIN_SHARED_DIR", REPO_ROOT.parent / "shared")),
            Path("/work/shared"),
        )
        if (folder / SEED_NAME).is_file()
    ),
    REPO_ROOT.parent / "shared" / SEED_NAME,
)
SEED_URL = (
    "/technology/2017/10/10/"
    "open-source-security-meetup-7-things-we-learned-from-the-cross-government-event/"
)
SEED_PEOPLE = [
    ("Khidr Suleman", None),
    ("Anna Shipman", "Open Source Lead"),
    ("Liam Maxwell", "National Technology Advisor"),
    ("Jason Paige", "Head of Software Engineering"),
    ("Helen", "Engineering Processes and Assurance Lead"),
    ("Ahana Datta", "Head of Technical Security"),
    ("Jenny Duckett", "Senior Developer"),
]


def normalise(text):
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def seed_lines():
    """Each line of the post's content, from the standfirst to the alerts prompt."""
    lines = [
        normalise(line).removeprefix("• ")
        for line in SEED_FILE.read_text(encoding="utf-8").splitlines()
    ]
    lines = [line for line in lines if line]
    start = next(i for i, line in enumerate(lines) if line.startswith("Technical Writer on"))
    end = lines.index("Stay tuned for more information on the next meetup.")
    alerts = next(line for line in lines if line.startswith("Stay up to date with"))
    return [*lines[start : end + 1], alerts]


def load_demo():
    call_command("load_demo", stdout=io.StringIO())


def counts():
    return {
        "pages": Page.objects.count(),
        "home pages": HomePage.objects.count(),
        "blogs": BlogPage.objects.count(),
        "posts": PostPage.objects.count(),
        "live posts": PostPage.objects.live().count(),
        "standard pages": StandardPage.objects.count(),
        "people": Person.objects.count(),
        "categories": Category.objects.count(),
        "images": get_image_model().objects.count(),
        "revisions": Revision.objects.count(),
    }


class DemoContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo()

    def test_loading_again_changes_nothing(self):
        before = counts()
        load_demo()
        self.assertEqual(counts(), before)
        self.assertEqual(before["home pages"], 1)
        self.assertEqual(before["blogs"], 2)
        self.assertEqual(before["standard pages"], 5)
        self.assertGreaterEqual(before["posts"], 9)
        self.assertEqual(before["live posts"], before["posts"])

    def test_footer_pages_are_set(self):
        footer = NetworkSettings.load()
        self.assertEqual(footer.accessibility_page.url, "/accessibility-statement/")
        self.assertEqual(footer.privacy_page.url, "/privacy/")
        self.assertEqual(footer.cookies_page.url, "/cookies/")
        self.assertEqual(footer.comments_policy_page.url, "/comments-and-moderation-policy/")
        self.assertTrue(StandardPage.objects.live().filter(slug="about").exists())

    def test_seed_post_is_published_faithfully(self):
        # A missing seed file fails here: the demo is only as good as its comparison.
        self.assertTrue(SEED_FILE.is_file(), f"Seed text not found at {SEED_FILE}")
        response = self.client.get(SEED_URL)
        self.assertEqual(response.status_code, 200)
        text = normalise(BeautifulSoup(response.content, "html.parser").get_text())

        missing = [line for line in seed_lines() if line not in text]
        self.assertEqual(missing, [])
        for name, job_title in SEED_PEOPLE:
            self.assertIn(name, text)
            if job_title:
                self.assertIn(job_title, text)

    def test_seed_post_metadata(self):
        post = PostPage.objects.get(slug=SEED_URL.split("/")[-2])
        self.assertEqual(post.url, SEED_URL)
        self.assertEqual([a.person.slug for a in post.post_authors.all()], ["khidr-suleman"])
        self.assertEqual([c.slug for c in post.categories.all()], ["open-source"])
        headings = [b.value for b in post.body if b.block_type == "heading"]
        self.assertEqual(len(headings), 7)
        self.assertTrue(all(h["numbered"] and not h["text"][0].isdigit() for h in headings))
        image = next(b.value for b in post.body if b.block_type == "image")
        self.assertEqual(
            image["caption"],
            "L-R Anna Shipman, Ahana Datta, Jenny Duckett; "
            "the fourth panel member, Helen, is out of shot",
        )
        self.assertTrue(image["image"].alt_text)
        self.assertEqual(image["image"].copyright_holder, "Crown copyright")

    def test_every_block_type_is_used(self):
        used = {block.block_type for post in PostPage.objects.all() for block in post.body}
        self.assertEqual(set(PostBodyBlock().child_blocks) - used, set())


def printed_passwords(output):
    return dict(re.findall(r"^\s+(admin|writer|reviewer)\s+(\S+)$", output, re.MULTILINE))


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_demo_accounts_refused_without_debug(tmp_path):
    with pytest.raises(CommandError):
        call_command("create_demo_accounts", file=tmp_path / "accounts.json")
    assert not (tmp_path / "accounts.json").exists()


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_demo_accounts_sign_in_with_printed_passwords(tmp_path):
    file = tmp_path / "accounts.json"
    first, second = io.StringIO(), io.StringIO()
    call_command("create_demo_accounts", file=file, stdout=first)
    call_command("create_demo_accounts", file=file, stdout=second)

    passwords = printed_passwords(first.getvalue())
    assert set(passwords) == {"admin", "writer", "reviewer"}
    assert printed_passwords(second.getvalue()) == passwords
    assert json.loads(file.read_text()) == passwords
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert f"{settings.BASE_URL}/admin/" in first.getvalue()
    for username, password in passwords.items():
        # With the request, as the login form passes it (django-axes needs it).
        request = RequestFactory().post("/admin/login/")
        user = authenticate(request, username=username, password=password)
        assert user is not None
        assert user.is_superuser == (username == "admin")
