"""Shared set-up for the editorial tests: two blogs, their people, and admin form data."""

from django.contrib.messages import get_messages
from django.test import TestCase
from django.urls import reverse
from django.utils.text import slugify

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from demo.factories import make_blog, make_home, make_person, make_post, make_user
from posts.blocks import PARAGRAPH_FEATURES
from posts.models import PostPage

CLEAN_TEXT = "<p>We met in London to talk about open code. It was a good day.</p>"


def paragraph(html):
    return ("paragraph", rich_text(html, features=PARAGRAPH_FEATURES))


def listblock(items):
    data = {
        str(index): {"value": item, "deleted": "", "order": str(index)}
        for index, item in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def authors_formset(authors, page=None):
    """The authors inline panel: existing rows keep their ids, as the editor sends them."""
    existing = {a.person_id: a.pk for a in page.post_authors.all()} if page else {}
    rows = [
        {"person": person.pk, **({"id": existing[person.pk]} if person.pk in existing else {})}
        for person in authors
    ]
    rows.sort(key=lambda row: "id" not in row)
    return inline_formset(rows, initial=sum("id" in row for row in rows))


def same_body(page):
    """The post's paragraphs as the editor sends them back: same block ids and keys."""
    body = page.get_latest_revision_as_object().body
    return [paragraph(child.value.source) for child in body], [child.id for child in body]


def post_form(
    title="A day of open code", *, authors, page=None, body=None, summary=None, **fields
):
    """POST data for the post editor, as the browser sends it. Pass `page` when editing."""
    block_ids = []
    if page is not None:
        fields.setdefault("slug", page.slug)
        if body is None:
            body, block_ids = same_body(page)
    data = {
        "title": title,
        "slug": fields.pop("slug", None) or slugify(title),
        "summary": "What we learned at the meetup." if summary is None else summary,
        "post_authors": authors_formset(authors, page),
        "categories": [],
        "tags": "",
        "listing_image": "",
        "body": streamfield(body or [paragraph(CLEAN_TEXT)]),
        "related_links": streamfield([]),
        "seo_title": "",
        "search_description": "",
        "social_image": "",
        "go_live_at": "",
        "expire_at": "",
        "date": "",
        "comments_open": "on",
        "comments": inline_formset([]),
    }
    data.update(fields)
    data = nested_form_data(data)
    for index, block_id in enumerate(block_ids):
        data[f"body-{index}-id"] = block_id
    return data


class EditorialTestCase(TestCase):
    """Blog A ("Government Technology") and blog B ("Digital Marketplace"), each with a
    writer and reviewers, a live post and a draft."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.blog = make_blog(cls.home, "Government Technology", slug="technology")
        cls.other_blog = make_blog(cls.home, "Digital Marketplace", slug="marketplace")
        cls.author = make_person("Khidr Suleman")
        cls.writer = make_user("writer", (cls.blog, "writers"))
        cls.reviewer = make_user("reviewer", (cls.blog, "reviewers"))
        cls.second_reviewer = make_user("second_reviewer", (cls.blog, "reviewers"))
        cls.other_writer = make_user("other_writer", (cls.other_blog, "writers"))
        cls.other_reviewer = make_user("other_reviewer", (cls.other_blog, "reviewers"))
        cls.live_post = make_post(
            cls.blog, "Live post", authors=[cls.author], body=[("paragraph", CLEAN_TEXT)]
        )
        cls.other_live_post = make_post(
            cls.other_blog,
            "Other live post",
            authors=[cls.author],
            body=[("paragraph", CLEAN_TEXT)],
        )
        cls.other_draft = make_post(
            cls.other_blog,
            "Other blog secret draft",
            authors=[cls.author],
            body=[("paragraph", CLEAN_TEXT)],
            publish=False,
        )

    def assertRefused(self, response):
        """403, or Wagtail's refusal: back to the dashboard with a permission error."""
        if response.status_code == 403:
            return
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], reverse("wagtailadmin_home"))
        errors = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue(any("permission" in error for error in errors), errors)

    def login(self, user):
        self.client.force_login(user)

    def edit_url(self, page):
        return reverse("wagtailadmin_pages:edit", args=[page.pk])

    def add_url(self, blog=None):
        return reverse(
            "wagtailadmin_pages:add", args=["posts", "postpage", (blog or self.blog).pk]
        )

    def post_edit(self, page, data, **actions):
        """Send the post editor's form; `actions` are the buttons, e.g. action_submit=1."""
        for name, value in actions.items():
            data[name.replace("_", "-")] = value
        return self.client.post(self.edit_url(page), data)

    def reload(self, page):
        return PostPage.objects.get(pk=page.pk)

    def create_post(self, user, title="A day of open code", submit=False, **form):
        """A writer adds a post to the blog through the admin; returns the new page."""
        self.login(user)
        data = post_form(title, authors=[self.author], **form)
        if submit:
            data["action-submit"] = "1"
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.add_url(), data)
        self.assertEqual(
            response.status_code,
            302,
            getattr(response, "context", None) and response.context.get("errors_debug"),
        )
        return PostPage.objects.get(title=title)

    def workflow_action(self, page, action, data=None):
        task_state = page.current_workflow_task_state
        url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(url, data or {})
