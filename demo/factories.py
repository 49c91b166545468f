"""Plain make_* functions that build content the way editors would; reused by load_demo."""

import datetime
import io

from PIL import Image as PILImage
from PIL import ImageDraw

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.utils.text import slugify

from wagtail.images import get_image_model
from wagtail.models import Page, Site

from comments.models import BlogCommentSettings
from editorial.models import BlogReviewSettings
from editorial.roles import add_to_blog
from home.addresses import site_address
from home.models import HomePage, NetworkSettings, StandardPage
from posts.models import BlogPage, Category, Person, PostAuthor, PostPage


def make_home(title="GOV.UK blogs", **fields):
    """The network home at the root of the default Site, replacing Wagtail's welcome page.

    An existing home page is returned as it is: there is only ever one."""
    home = HomePage.objects.first()
    if home:
        use_public_address(Site.objects.filter(root_page=home).first())
        return home
    # A flushed database (transactional tests) has lost even the tree's root.
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    # Wagtail's first migration leaves a "Welcome" placeholder that holds the slug "home".
    for placeholder in root.get_children().filter(slug="home"):
        if placeholder.specific_class is Page:
            placeholder.delete()
    home = root.add_child(instance=HomePage(title=title, slug="home", **fields))
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.root_page = home
    site.site_name = title
    site.hostname, site.port = site_address()
    site.save()
    NetworkSettings.load()  # made now, not by the first reader (which would empty the cache)
    return home


def use_public_address(site):
    """Give `site` BASE_URL's host and port, so that Wagtail's admin ("View live", the
    Sites list) names the address every public page uses (home.addresses)."""
    if site is None:
        return
    hostname, port = site_address()
    if (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save()


def make_blog(home, title, slug=None, comments=None, review=None, **fields):
    """A published blog with its comment and review settings (the defaults, changed by the
    `comments` and `review` dicts), as a migrated blog has them."""
    blog = BlogPage(title=title, slug=slug or slugify(title), **fields)
    blog.comment_settings = [BlogCommentSettings(**(comments or {}))]
    blog.review_settings = [BlogReviewSettings(**(review or {}))]
    home.add_child(instance=blog)
    blog.save_revision().publish()
    return blog


def make_technology_blog(home, **fields):
    """The seed post's blog, "Government Technology" at /technology/."""
    return make_blog(home, "Government Technology", slug="technology", **fields)


def make_data_blog(home, **fields):
    """A second blog, "Data in government" at /data/: what one blog shows, the other must not."""
    return make_blog(home, "Data in government", slug="data", **fields)


def change_blog_settings(blog, relation, **changes):
    """Change a blog's `comment_settings` or `review_settings` as its editor does: in a
    new revision of the blog, applied when it is published."""
    settings = getattr(blog, relation).get()
    for name, value in changes.items():
        setattr(settings, name, value)
    setattr(blog, relation, [settings])
    blog.save_revision().publish()


def make_standard_page(parent, title, body, slug=None, **fields):
    page = StandardPage(title=title, slug=slug or slugify(title), body=body, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_person(name, **fields):
    person, _ = Person.objects.get_or_create(slug=slugify(name), defaults={"name": name, **fields})
    return person


def make_category(name, **fields):
    category, _ = Category.objects.get_or_create(
        slug=slugify(name), defaults={"name": name, **fields}
    )
    return category


def make_post(
    blog,
    title,
    *,
    summary="A short summary of the post.",
    date=None,
    authors=(),
    categories=(),
    tags=(),
    body=(),
    slug=None,
    publish=True,
    **fields,
):
    """A post under `blog`; `body` is a list of (block_type, value) pairs."""
    post = PostPage(
        title=title,
        slug=slug or slugify(title)[:255],
        summary=summary,
        date=date,
        body=list(body),
        live=False,
        **fields,
    )
    for order, person in enumerate(authors):
        post.post_authors.add(PostAuthor(person=person, sort_order=order))
    post.categories = list(categories)
    blog.add_child(instance=post)
    if tags:
        post.tags.add(*tags)
    revision = post.save_revision()
    if publish:
        revision.publish()
        post.refresh_from_db()
    return post


def make_image(
    title="Test image", width=640, height=360, colour="#1d70b8", text="", draw=None, **fields
):
    """An image drawn with Pillow, so nothing is downloaded.

    `draw`, if given, is called with an ImageDraw, the width and the height to paint a picture.
    """
    picture = PILImage.new("RGB", (width, height), colour)
    if draw:
        draw(ImageDraw.Draw(picture), width, height)
    if text:
        ImageDraw.Draw(picture).text((20, height // 2), text, fill="white")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    image = get_image_model()(title=title, **fields)
    image.file = ImageFile(buffer, name=f"{slugify(title) or 'image'}.png")
    image.save()
    return image


def today():
    return datetime.date.today()


# The password of the users tests make: long enough for the validators, never a real one.
PASSWORD = "correct-horse-battery-staple"  # noqa: S105  # pragma: allowlist secret


def make_user(username, *roles, groups=(), password=PASSWORD, **fields):
    """A user with `roles`, pairs of (blog, "writers" or "reviewers"), and site-wide
    `groups` by name; "wendy_writer" is called Wendy Writer unless told otherwise."""
    fields.setdefault("first_name", username.replace("_", " ").title())
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.gov.uk", password=password, **fields
    )
    for blog, role in roles:
        add_to_blog(user, blog, role)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user
