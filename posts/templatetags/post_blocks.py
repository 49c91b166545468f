"""Filters for the body block templates."""

import re

from django import template
from django.utils.safestring import mark_safe

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
PARAGRAPH_BREAK = re.compile(r"</p>\s*<p(?:\s[^>]*)?>", re.IGNORECASE)
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
    return mark_safe(OPENING_TAG.sub(_add_class, _html(value)))  # noqa: S308


@register.filter
def govuk_richtext_inline(value):
    """Rich text for places that take phrasing content only (the warning text's <strong>):
    paragraphs become line breaks."""
    html = OUTER_PARAGRAPH.sub("", PARAGRAPH_BREAK.sub("<br>", _html(value).strip()))
    return mark_safe(OPENING_TAG.sub(_add_class, html))  # noqa: S308
