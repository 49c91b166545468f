"""Builds the demo content with the test factories. Anything that already exists (matched
by slug, or by title for images) is left as it is, so loading twice changes nothing."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import slugify

from wagtail.images import get_image_model

from demo.factories import (
    make_blog,
    make_category,
    make_home,
    make_image,
    make_person,
    make_post,
    make_standard_page,
)
from home.models import NetworkSettings
from posts.models import BlogFeaturedPost

from . import data, pictures, seed, site, technology
from .people import CATEGORIES, PEOPLE

# Settings field for each footer page, by slug.
FOOTER_LINKS = {
    "accessibility_page": "accessibility-statement",
    "privacy_page": "privacy",
    "cookies_page": "cookies",
    "comments_policy_page": "comments-and-moderation-policy",
}


@dataclass
class Refs:
    """What post bodies refer to: people by name, images by title, posts by slug."""

    people: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)
    images: dict = field(default_factory=dict)
    pages: dict = field(default_factory=dict)


def load(log=lambda message: None):
    """Create whatever part of the demo is missing; `log` is told what was created."""
    home = make_home(**site.HOME)
    technology_blog = ensure_blog(home, site.TECHNOLOGY, log)
    data_blog = ensure_blog(home, site.DATA, log)
    blogs = {blog.slug: blog for blog in (technology_blog, data_blog)}
    refs = Refs(
        people={p["name"]: make_person(**p) for p in PEOPLE},
        categories={
            name: make_category(name, description=text, blog=blogs.get(blog))
            for name, text, blog in CATEGORIES
        },
        images={
            spec["title"]: ensure_image(spec, log)
            for spec in (pictures.PANEL_PHOTO, pictures.MIGRATION_DIAGRAM)
        },
    )

    seed_post = ensure_post(technology_blog, seed_post_spec(refs), refs, log)
    for spec in technology.POSTS:
        ensure_post(technology_blog, spec, refs, log)
    for spec in data.POSTS:
        ensure_post(data_blog, spec, refs, log)
    feature(technology_blog, seed_post)

    for spec in site.STANDARD_PAGES:
        if not existing_child(home, spec["slug"]):
            make_standard_page(home, last_reviewed=site.REVIEWED, **spec)
            log(f"Created page /{spec['slug']}/")
    link_footer_pages(home)


def seed_post_spec(refs):
    panel_photo = refs.images[pictures.PANEL_PHOTO["title"]]
    return {
        "title": seed.TITLE,
        "slug": seed.SLUG,
        "date": seed.DATE,
        "summary": seed.SUMMARY,
        "authors": seed.AUTHORS,
        "categories": seed.CATEGORIES,
        "tags": seed.TAGS,
        "body": lambda refs: seed.body(refs.people, panel_photo),
        # Shown on cards and when the post is shared.
        "listing_image": panel_photo,
    }


def existing_child(parent, slug):
    page = parent.get_children().filter(slug=slug).first()
    return page.specific if page else None


def ensure_image(spec, log):
    image = get_image_model().objects.filter(title=spec["title"]).first()
    if image is None:
        image = make_image(**spec)
        log(f"Created image “{spec['title']}”")
    return image


def ensure_blog(home, spec, log):
    blog = existing_child(home, spec["slug"])
    if blog is None:
        logo = pictures.BLOG_LOGOS.get(spec["slug"])
        blog = make_blog(home, **spec, logo=ensure_image(logo, log) if logo else None)
        log(f"Created blog {blog.url}")
    return blog


def ensure_post(blog, spec, refs, log):
    slug = spec.get("slug") or slugify(spec["title"])
    post = existing_child(blog, slug)
    if post is None:
        post = make_post(
            blog,
            spec["title"],
            slug=slug,
            summary=spec["summary"],
            date=spec["date"],
            # Published in the morning of its date, as the original was.
            first_published_at=timezone.make_aware(
                datetime.datetime.combine(spec["date"], datetime.time(9, 30))
            ),
            authors=[refs.people[name] for name in spec["authors"]],
            categories=[refs.categories[name] for name in spec["categories"]],
            tags=spec["tags"],
            body=spec["body"](refs),
            listing_image=spec.get("listing_image"),
            related_links=spec["related_links"](refs) if "related_links" in spec else [],
        )
        log(f"Created post {post.url}")
    refs.pages[slug] = post
    return post


def feature(blog, post):
    if not blog.featured_posts.exists():
        blog.featured_posts.add(BlogFeaturedPost(post=post))
        blog.save_revision().publish()


def link_footer_pages(home):
    settings = NetworkSettings.load()
    changed = False
    for field_name, slug in FOOTER_LINKS.items():
        if getattr(settings, field_name) is None:
            setattr(settings, field_name, existing_child(home, slug))
            changed = True
    if changed:
        settings.save()
