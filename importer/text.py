"""Titles, slugs, dates and plain text from what a WordPress export holds. Pure."""

import datetime
import re
import unicodedata
from urllib.parse import unquote

from bs4 import BeautifulSoup

from django.utils import timezone
from django.utils.text import slugify

TITLE_MAX = 255
SLUG_MAX = 255
# Bidirectional controls and other characters nobody sees: never in a slug or a URL.
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Co", "Cn", "Zl", "Zp"}
BLOCK_TAGS = re.compile(r"<\s*(br|/p|/div|/li|/h\d|/blockquote)\b[^>]*>", re.IGNORECASE)


def plain(html):
    """The text of `html`: tags gone, entities decoded, blocks and <br> as line breaks."""
    if not html:
        return ""
    html = BLOCK_TAGS.sub(lambda match: match.group(0) + "\n", html)
    text = BeautifulSoup(html, "html.parser").get_text()
    lines = (" ".join(line.split()) for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def one_line(html, limit=None):
    text = " ".join(plain(html).split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def title_for(item):
    """The item's title without markup (every character kept, entities decoded); from its
    slug or its first words if it has none."""
    title = one_line(item.title)
    if not title and item.post_name:
        title = unquote(item.post_name).replace("-", " ").strip().capitalize()
    if not title:
        words = plain(item.content).split()[:9]
        title = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
    title = title or f"Untitled {item.post_type} {item.wp_id}".strip()
    return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1] + "…"


def visible_only(text):
    return "".join(c for c in text if unicodedata.category(c) not in INVISIBLE_CATEGORIES)


def slug_for(post_name, title, fallback):
    """WordPress's slug (percent-decoded: it stores non-Latin slugs encoded) or one made
    from the title; never with invisible or bidirectional control characters."""
    for source in (unquote(post_name or ""), title):
        slug = slugify(visible_only(source), allow_unicode=True)[:SLUG_MAX].strip("-")
        if slug:
            return slug
    return fallback


def parse_date(value):
    """A naive datetime from WordPress's "YYYY-MM-DD HH:MM:SS"; None for 0000-00-00."""
    try:
        parsed = datetime.datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
    except (AttributeError, ValueError):
        return None
    return parsed if parsed.year > 1 else None


def moment(local, gmt):
    """An aware datetime: the GMT value where the export has one, else the local value
    read in the site's time zone."""
    value = parse_date(gmt)
    if value is not None:
        return value.replace(tzinfo=datetime.UTC)
    value = parse_date(local)
    return timezone.make_aware(value) if value is not None else None


def local_day(local, gmt):
    """The date in the WordPress permalink: the post's local date."""
    value = parse_date(local)
    if value is not None:
        return value.date()
    aware = moment(local, gmt)
    return timezone.localdate(aware) if aware else None
