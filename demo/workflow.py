"""Demo content for the review workflow: what `make run`'s writer and reviewer see first."""

from django.db import transaction

from editorial.roles import add_to_blog
from posts.models import BlogPage, Person, PostAuthor, PostPage

DEMO_BLOG_SLUG = "technology"
DRAFT = {
    "slug": "notes-from-our-first-user-research-day",
    "title": "Notes from our first user research day",
    "summary": "What we heard when 8 people used our new service for the first time.",
    "body": [
        (
            "paragraph",
            "<p>Last week 8 people tried our new service for the first time. This is a first "
            'draft of what we heard. <a href="https://www.gov.uk/service-manual">Click here</a> '
            "for the Service Manual.</p>",
        ),
    ],
}
SUBMITTED = {
    "slug": "making-our-forms-easier-to-fill-in",
    "title": "Making our forms easier to fill in",
    "summary": "Three changes that helped people finish our forms first time.",
    "body": [
        ("heading", {"text": "What we changed", "numbered": False}),
        (
            "paragraph",
            "<p>Many people gave up on our forms half way. We made three changes, and now "
            "most people finish them first time.</p>",
        ),
        (
            "list",
            {
                "style": "bullet",
                "items": [
                    "ask one question on each page",
                    "say why we need each answer",
                    "let people check their answers before they send them",
                ],
            },
        ),
    ],
}


def demo_blog():
    return BlogPage.objects.filter(slug=DEMO_BLOG_SLUG).first()


def assign_demo_roles(writer, reviewer, blog=None):
    """Put the demo writer and reviewer in the site-wide groups and the blog's own."""
    blog = blog or demo_blog()
    if blog is None:
        return
    add_to_blog(writer, blog, "writers")
    add_to_blog(reviewer, blog, "reviewers")


def draft_post(blog, writer, spec):
    """The writer's post from `spec`, made as the editor would; None if it exists."""
    if PostPage.objects.child_of(blog).filter(slug=spec["slug"]).exists():
        return None
    post = PostPage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        body=spec["body"],
        live=False,
        owner=writer,
    )
    author = Person.objects.order_by("pk").first()
    if author:
        post.post_authors.add(PostAuthor(person=author, sort_order=0))
    blog.add_child(instance=post)  # logs "wagtail.create" for the owner
    post.save_revision(user=writer, log_action=True)
    return post


@transaction.atomic
def create_workflow_demo(writer, reviewer, blog=None):
    """A draft on the writer's dashboard and a post waiting on the reviewer's. Idempotent."""
    blog = blog or demo_blog()
    if blog is None:
        return
    assign_demo_roles(writer, reviewer, blog)
    draft_post(blog, writer, DRAFT)
    submitted = draft_post(blog, writer, SUBMITTED)
    if submitted:
        submitted.get_workflow().start(submitted, writer)
