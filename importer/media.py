"""Attachments to images, found by the path in their URL under --uploads.

The path after `/wp-content/uploads/` (`2017/10/panel.jpg`) is looked for in the uploads
directory; WordPress's resized copies (`panel-300x200.jpg`, `panel-scaled.jpg`) name the
same image. Alt text comes from `_wp_attachment_image_alt`, the caption (kept in the
image's description) from the excerpt, the credit and copyright from the picture's own
metadata as WordPress read it (`_wp_attachment_metadata`). A file not found is listed as
missing; the posts that show it still import."""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.files.images import ImageFile

from wagtail.images import get_image_model

from .context import Kind
from .text import one_line

UPLOADS = "/wp-content/uploads/"
IMAGE_EXTENSIONS = {"avif", "gif", "jpg", "jpeg", "png", "webp"}
CACHED_IMAGES = 2000  # references remembered per run (memory stays flat)
RESIZED = re.compile(r"-(?:\d+x\d+|scaled|rotated)(?=\.[A-Za-z0-9]+$)")


def uploads_path(url):
    """`2017/10/panel.jpg` for a URL under wp-content/uploads/, the original's name for a
    resized copy; None for any other URL."""
    path = unquote(urlsplit(url or "").path)
    if UPLOADS not in path:
        return None
    relative = path.split(UPLOADS, 1)[1].lstrip("/")
    return RESIZED.sub("", relative) or None


def find_file(ctx, relative, original=None):
    """The file for `relative` in the uploads directory (the original name first), if it
    is there and inside it."""
    if not ctx.uploads or not relative:
        return None
    root = Path(ctx.uploads).resolve()
    for name in dict.fromkeys(filter(None, (original, relative))):
        candidate = (root / name).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None


def php_meta(serialized, key):
    """A string value from PHP-serialized attachment metadata (image_meta credit...)."""
    match = re.search(rf's:\d+:"{key}";s:\d+:"(.*?)";', serialized or "")
    return match.group(1).strip() if match else ""


def import_attachment(ctx, item):
    ctx.report.found["attachment"] += 1
    url = item.attachment_url or item.guid
    relative = uploads_path(url)
    original = unquote(urlsplit(url).path).split(UPLOADS, 1)[-1] if relative else None
    extension = (relative or url).rsplit(".", 1)[-1].lower()
    if extension not in IMAGE_EXTENSIONS:
        ctx.report.skip("attachment", "not an image (documents are not imported)")
        return
    mapping = ctx.mapped(Kind.ATTACHMENT, item.wp_id)
    image = mapping and get_image_model().objects.filter(pk=mapping.object_id).first()
    if image and ctx.is_unchanged(mapping, item):
        ctx.report.unchanged["attachment"] += 1
        return
    if image:
        ctx.report.updated["attachment"] += 1
        if not ctx.dry_run:
            describe(image, item)
            image.save()
            ctx.remember(Kind.ATTACHMENT, item.wp_id, image, item, wp_name=relative or "")
        return
    path = find_file(ctx, relative, original)
    if path is None:
        ctx.report.skip("attachment", "file not found under --uploads")
        ctx.report.add("missing_media", url)
        return
    ctx.report.created["attachment"] += 1
    if not ctx.dry_run:
        image = make_image(path, one_line(item.title) or path.name)
        describe(image, item)
        image.save()
        ctx.remember(Kind.ATTACHMENT, item.wp_id, image, item, wp_name=relative)


def describe(image, item):
    image.title = (one_line(item.title) or image.title)[:255]
    # The one alt text; the attachment's caption (excerpt) is not one, and captions come
    # with the posts' content.
    image.alt_text = one_line(item.meta.get("_wp_attachment_image_alt", ""))[:255]
    metadata = item.meta.get("_wp_attachment_metadata", "")
    image.credit = php_meta(metadata, "credit")[:255] or image.credit
    image.copyright_holder = php_meta(metadata, "copyright")[:255] or image.copyright_holder
    image.source_url = (item.attachment_url or "")[:200]


def make_image(path, title):
    image = get_image_model()(title=title[:255])
    with open(path, "rb") as handle:
        image.file = ImageFile(handle, name=path.name)
        image.save()
    return image


def image_lookup(ctx):
    """`images(url_or_attachment_id)` for the content converter: the imported image, or one
    made now from a file under --uploads that no attachment of the export names."""
    model = get_image_model()
    # Images found through the mapping, by reference: posts show the same few images
    # again and again. Only those: one made below may yet be rolled back with its post
    # (and the run empties this when a post is rolled back: Context.restore).
    found = ctx.found_images

    def mapped_image(reference, mapping):
        image = mapping and model.objects.filter(pk=mapping.object_id).first()
        if image:
            if len(found) >= CACHED_IMAGES:
                found.clear()
            found[reference] = image
        return image

    def images(reference):
        reference = str(reference).strip()
        if reference in found:
            return found[reference]
        if reference.isdigit():
            return mapped_image(reference, ctx.mapped(Kind.ATTACHMENT, reference))
        relative = uploads_path(reference)
        if relative is None:
            return None
        mapping = ctx.blog and ctx.mapped_by_name(Kind.ATTACHMENT, relative)
        if mapping:
            return mapped_image(reference, mapping)
        path = find_file(ctx, relative)
        if path is None or ctx.dry_run:
            if path is None:
                ctx.report.add("missing_media", reference)
            return None
        image = make_image(path, path.name)
        ctx.remember(Kind.ATTACHMENT, f"file:{relative}", image, wp_name=relative)
        ctx.report.created["attachment"] += 1
        return image

    return images
