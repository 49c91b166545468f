"""Filters for the body block templates."""

import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.templatetags.wagtailcore_tags import richtext

register = template.Library()

# Wagtail writes rich text as bare HTML; GOV.UK Frontend styles only elements with its classes.
GOVUK_CLASSES = {
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "h2": "govuk-heading-l",
    "h3": "govuk-heading-m",
    "h4": "govuk-heading-s",
    "a": "govuk-link",
}
OPENING_TAG = re.compile(r"<(p|ul|ol|h2|h3|h4|a)(\s[^>]*)?>", re.IGNORECASE)
HAS_CLASS = re.compile(r"\sclass\s*=", re.IGNORECASE)
BETWEEN_PARAGRAPHS = re.compile(r"</p>\s*<p(?:\s[^>]*)?>", re.IGNORECASE)
OUTER_PARAGRAPH = re.compile(r"^\s*<p(?:\s[^>]*)?>|</p>\s*$", re.IGNORECASE)


def _add_class(match):
    tag, attrs = match.group(1), match.group(2) or ""
    if HAS_CLASS.search(attrs):
        return match.group(0)
    return f'<{tag} class="{GOVUK_CLASSES[tag.lower()]}"{attrs}>'


def _html(value):
    return str(richtext(value))


@register.filter
def govuk_richtext(value):
    """Render rich text (a RichText value or its stored HTML) with GOV.UK Frontend classes."""
    # Only constant class attributes are added to HTML that Wagtail has already rendered.
    # nosemgrep: bulletin.mark-safe-non-literal - Wagtail's rendered rich text, classes added
    return mark_safe(OPENING_TAG.sub(_add_class, _html(value)))  # noqa: S308


@register.filter
def govuk_richtext_inline(value):
    """Rich text for places that take phrasing content only (the warning text's <strong>):
    paragraphs become line breaks."""
    html = OUTER_PARAGRAPH.sub("", BETWEEN_PARAGRAPHS.sub("<br>", _html(value).strip()))
    # nosemgrep: bulletin.mark-safe-non-literal - Wagtail's rendered rich text, classes added
    return mark_safe(OPENING_TAG.sub(_add_class, html))  # noqa: S308


def picture_specs(image, widths, formats):
    """The rendition specs of `responsive_picture` (also made ahead by posts.renditions).

    Widths at or above the original's become the original's own width: Wagtail never
    enlarges, so asking for them would list one file twice under a single width, which
    the HTML standard forbids (and the Nu Html Checker rejects).
    """
    wanted = {int(width) for width in str(widths).split(",")}
    fitting = {width for width in wanted if width < image.width}
    if fitting != wanted:
        fitting.add(image.width)
    widths = sorted(fitting, reverse=True)
    return [
        f"format-{fmt.strip()}|width-{width}" for fmt in formats.split(",") for width in widths
    ]


@register.simple_tag
def responsive_picture(image, widths, formats, **attrs):
    """A <picture> of `image` in each of `formats` (comma-separated, fallback last) and
    `widths`, with `attrs` (alt, sizes, loading...) on the <img>."""
    if not image:
        return ""
    specs = picture_specs(image, widths, formats)
    if len(specs) == len(formats.split(",")):
        # One file per format has no width descriptors, and `sizes` then is invalid HTML.
        attrs.pop("sizes", None)
    return Picture(get_renditions_or_not_found(image, specs), attrs)


@register.simple_tag
def person_name(person):
    """A speaker's, chair's or panellist's name (from `describe_person`) in bold, linked to
    their page when readers can see it."""
    if person.get("url"):
        link = '<strong><a class="govuk-link" href="{}">{}</a></strong>'
        return format_html(link, person["url"], person["name"])
    return format_html("<strong>{}</strong>", person["name"])
