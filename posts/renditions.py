"""Image renditions made by the worker when a post is published, so that no reader waits
while one is resized: every rendition its templates will ask for, made in a task queued
once the publish is committed.

The specs are the templates': a body image's <picture> (posts/blocks/image.html, through
`picture_specs`, WebP and a PNG or JPEG fallback by the image's kind as ImageBlock does),
the share image (og:image and JSON-LD, home.seo), the listing image on cards
(components/card--post.html) and the blog's logo in the masthead
(posts/includes/blog-masthead.html). A test renders a post after publishing it and
counts the renditions made: none.
"""

import logging
from collections import defaultdict

from django_tasks import task

from django.db import transaction

from wagtail.images.models import SourceImageIOError

from home.seo import SHARE_RENDITION

from .models import PostPage
from .templatetags.post_blocks import picture_specs

BODY_WIDTHS = "1280,960,480"  # posts/blocks/image.html
logger = logging.getLogger(__name__)

CARD = "fill-200x130"  # components/card--post.html
LOGO = "height-80"  # posts/includes/blog-masthead.html


def body_image_specs(image):
    lossless = image.filename.lower().endswith((".png", ".gif"))  # as ImageBlock's context
    return picture_specs(image, BODY_WIDTHS, "webp,png" if lossless else "webp,jpeg")


def wanted(post):
    """{image: specs} for every image a reader of `post` (or of a card of it) is shown."""
    specs = defaultdict(set)
    for block in post.body:
        if block.block_type == "image" and block.value.get("image"):
            image = block.value["image"]
            specs[image].update(body_image_specs(image))
    if post.share_image:
        specs[post.share_image].add(SHARE_RENDITION)
    if post.listing_image:
        specs[post.listing_image].add(CARD)
    blog = post.get_parent().specific
    if getattr(blog, "logo", None):
        specs[blog.logo].add(LOGO)
    return specs


@task()
def make_renditions(post_id):
    """Every rendition post `post_id`'s pages show, made now (those made already are
    looked up, not made again)."""
    post = (
        PostPage.objects.filter(pk=post_id, live=True)
        .select_related("listing_image", "social_image")
        .first()
    )
    if post is None:
        return
    for image, specs in wanted(post).items():
        try:
            image.get_renditions(*sorted(specs))
        except SourceImageIOError:
            # The original is missing: the page shows Wagtail's "not found" picture, as
            # it would without this task; the post's other images are still made.
            logger.warning("Image %s has no original file: no renditions made", image.pk)


def queue_renditions(sender, instance, **kwargs):
    post_id = instance.pk
    transaction.on_commit(lambda: make_renditions.enqueue(post_id))


def connect():
    from wagtail.signals import page_published

    page_published.connect(queue_renditions, sender=PostPage, dispatch_uid="posts_renditions")
