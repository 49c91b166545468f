"""Automated content checks for a post: pure functions from a page to a list of findings.

Each finding names the block it is about and the problem, in words a writer can act on.
Nothing here touches the database except through the values already on the page
(images chosen in blocks, pages chosen in links).
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from wagtail import blocks
from wagtail.blocks import StreamValue
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText

from .language import find_date_problems, link_text_problem, reading_age

SUMMARY_MAX_LENGTH = 160
# Headings that block templates render themselves (posts/templates/posts/blocks/): block
# type -> (level, field holding the text). Keep in step with those templates. A block with
# a "level" child (the writer's choice) is checked at that level instead.
TEMPLATE_HEADINGS = {
    "heading": (2, "text"),
    "contents": (2, "heading"),
    "related_links": (2, "heading"),
    "speaker": (3, "talk_title"),
    "panel": (3, "title"),
    "key_figures": (3, "heading"),
}
# Fields whose text is not prose: no dates or reading age there.
NOT_PROSE = {"code", "url", "language", "style", "figure"}


@dataclass(frozen=True)
class Finding:
    rule: str  # alt_text, heading_order, link_text, summary, date_style, reading_age
    block_id: str  # the StreamField block's id; empty for page fields
    block_type: str  # the block's type, or the page field's name
    location: str  # where, in words: "Block 3 (image)", "Summary"
    problem: str


@dataclass
class Where:
    block_id: str
    block_type: str
    location: str


class RichTextReader(HTMLParser):
    """Headings, links and plain text of a rich text's HTML, in document order."""

    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings, self.links, self.parts = [], [], []
        self._heading = self._link = None

    def handle_starttag(self, tag, attrs):
        if tag in self.HEADINGS:
            self._heading = (int(tag[1]), [])
        elif tag == "a":
            self._link = []
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.HEADINGS and self._heading:
            level, text = self._heading
            self.headings.append((level, "".join(text).strip()))
            self._heading = None
        elif tag == "a" and self._link is not None:
            self.links.append("".join(self._link).strip())
            self._link = None
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)
        if self._heading:
            self._heading[1].append(data)
        if self._link is not None:
            self._link.append(data)

    @property
    def text(self):
        return re.sub(r"[ \t]*\n\s*", "\n", "".join(self.parts)).strip()


def read_rich_text(value):
    reader = RichTextReader()
    reader.feed(value.source if isinstance(value, RichText) else str(value or ""))
    reader.close()
    return reader


EMPTY_PARAGRAPH = "This paragraph is empty: write in it or delete it."


def rich_text_words(value):
    """The words in a rich text value, without its markup."""
    return read_rich_text(value).text.strip() if value else ""


class Collector:
    """Walks a body once, gathering what the checks need in document order."""

    def __init__(self):
        self.findings = []
        self.headings = []  # (level, text, where)
        self.texts = []  # (text, where, is_prose)

    def walk_stream(self, stream_value):
        for position, child in enumerate(stream_value, start=1):
            label = child.block.label or child.block_type.replace("_", " ")
            where = Where(child.id or "", child.block_type, f"Block {position} ({label.lower()})")
            heading = TEMPLATE_HEADINGS.get(child.block_type)
            if heading and isinstance(child.value, blocks.StructValue):
                level, field = heading
                level = int(child.value.get("level") or level)
                if child.value.get(field):
                    self.headings.append((level, str(child.value.get(field)), where))
            if child.block_type == "callout" and child.value.get("style") == "notification":
                self.headings.append((2, child.value.get("heading") or "Important", where))
            if isinstance(child.block, blocks.RichTextBlock) and not rich_text_words(child.value):
                self.add("empty_block", where, EMPTY_PARAGRAPH)
            self.walk(child.block, child.value, where, field=None)

    def walk(self, block, value, where, field):
        if value is None:
            return
        if isinstance(block, blocks.StreamBlock):
            for child in value:
                self.walk(child.block, child.value, where, field)
        elif isinstance(block, blocks.ListBlock):
            for item in value:
                self.walk(block.child_block, item, where, field)
        elif isinstance(block, blocks.StructBlock):
            self.check_struct(block, value, where)
            for name, child_block in block.child_blocks.items():
                self.walk(child_block, value.get(name), where, name)
        elif isinstance(block, blocks.RichTextBlock):
            reader = read_rich_text(value)
            for level, text in reader.headings:
                self.headings.append((level, text, where))
            for text in reader.links:
                self.check_link_text(text, where)
            self.texts.append((reader.text, where, True))
        elif isinstance(block, (blocks.CharBlock, blocks.TextBlock)) and field not in NOT_PROSE:
            # Quotes are prose; names, titles and captions are checked for dates only.
            self.texts.append((str(value), where, isinstance(block, blocks.TextBlock)))

    def check_struct(self, block, value, where):
        image_block = block.child_blocks.get("image")
        if isinstance(image_block, ImageChooserBlock) and value.get("image"):
            image = value["image"]
            alt = value.get("alt_text") or getattr(image, "alt_text", "")
            if not alt.strip() and not getattr(image, "is_decorative", False):
                self.add(
                    "alt_text",
                    where,
                    f"The image “{image.title}” has no alt text and is not marked decorative.",
                )
        if "url" in block.child_blocks and (value.get("url") or value.get("page")):
            text = value.get("text") or value.get("title")
            if text is None and value.get("page"):
                text = value["page"].title
            if text is not None:
                self.check_link_text(text or value.get("url", ""), where)

    def check_link_text(self, text, where):
        problem = link_text_problem(text)
        if problem:
            self.add("link_text", where, problem)

    def add(self, check, where, problem):
        self.findings.append(
            Finding(check, where.block_id, where.block_type, where.location, problem)
        )


def check_heading_order(headings):
    """Skipped levels, counting the page title as the h1: the body's first heading is a
    level 2, and each one after is at most one level below the one before."""
    findings, previous = [], 1
    for level, text, where in headings:
        if previous == 1 and level > 2:
            problem = (
                f"The first heading, “{text}”, is a level {level} heading: a post's headings "
                "start at level 2 (the title is level 1)."
            )
        elif level > previous + 1:
            problem = (
                f"The heading “{text}” is a level {level} heading after a level {previous} "
                "heading: a level is skipped."
            )
        else:
            problem = None
        if problem:
            findings.append(
                Finding("heading_order", where.block_id, where.block_type, where.location, problem)
            )
        previous = level
    return findings


def check_summary(summary):
    summary = (summary or "").strip()
    if not summary:
        problem = "The post has no summary."
    elif len(summary) > SUMMARY_MAX_LENGTH:
        problem = (
            f"The summary is {len(summary)} characters long: keep it to "
            f"{SUMMARY_MAX_LENGTH} or fewer."
        )
    else:
        return []
    return [Finding("summary", "", "summary", "Summary", problem)]


def check_dates(texts):
    findings = []
    for text, where, _prose in texts:
        for found, why in find_date_problems(text):
            findings.append(
                Finding(
                    "date_style",
                    where.block_id,
                    where.block_type,
                    where.location,
                    f"“{found}” is {why}: write dates like “10 October 2017”.",
                )
            )
    return findings


def check_reading_age(summary, texts, threshold):
    prose = "\n".join([summary or "", *(text for text, _where, is_prose in texts if is_prose)])
    age = reading_age(prose)
    if threshold is None or age is None or age <= threshold:
        return []
    return [
        Finding(
            "reading_age",
            "",
            "body",
            "Whole post",
            f"The reading age is {age}, above this blog's limit of {threshold}: "
            "use shorter sentences and everyday words.",
        )
    ]


def run_checks(page, reading_age_threshold=None):
    """Every finding for `page` (a PostPage or anything with `summary` and `body`)."""
    collector = Collector()
    body = getattr(page, "body", None)
    if isinstance(body, StreamValue):
        collector.walk_stream(body)
    # The post's "You may also be interested in" links: their text, like the body's links.
    links = getattr(page, "related_links", None)
    if isinstance(links, StreamValue):
        for position, child in enumerate(links, start=1):
            location = f"You may also be interested in, link {position}"
            collector.check_struct(
                child.block, child.value, Where(child.id or "", "link", location)
            )
    listing_image = getattr(page, "listing_image", None)
    if listing_image and not listing_image.alt_text.strip() and not listing_image.is_decorative:
        collector.add(
            "alt_text",
            Where("", "listing_image", "Listing image"),
            f"The listing image “{listing_image.title}” has no alt text and is not marked "
            "decorative.",
        )
    summary = getattr(page, "summary", None)
    findings = [*check_summary(summary)] if hasattr(page, "summary") else []
    findings += collector.findings
    findings += check_heading_order(collector.headings)
    findings += check_dates([(summary or "", Where("", "summary", "Summary"), True)])
    findings += check_dates(collector.texts)
    findings += check_reading_age(summary, collector.texts, reading_age_threshold)
    return findings
