"""The blocks a post body is made of. Child block names are stored in the JSON: keep them."""

import copy
import datetime
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.html import format_html_join
from django.utils.text import slugify

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock as BaseTableBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from home.models import RICH_TEXT_FEATURES
from home.visibility import is_public
from images.models import NO_ALT_TEXT_IN_BLOCK

PARAGRAPH_FEATURES = [*RICH_TEXT_FEATURES, "h3", "h4"]
INLINE_FEATURES = ["bold", "italic", "link"]


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        template = "posts/blocks/paragraph.html"
        description = "Text with bold, italic, links and lists."
        preview_value = (
            "<p>Turnout was great with over 100 attendees from 30 government organisations.</p>"
        )

    def __init__(self, **kwargs):
        super().__init__(features=PARAGRAPH_FEATURES, **kwargs)


# Heading levels a writer picks from; the post's title is the level 1 heading.
HEADING_LEVELS = [
    ("2", "Level 2: a section of the post"),
    ("3", "Level 3: a part of the section above"),
    ("4", "Level 4: a part of the level 3 part above"),
]
HEADING_LEVEL_HELP = (
    "One level below the heading this part belongs to: start the post's sections at level 2 "
    "and never skip a level. Screen reader users move through the post by these levels."
)


def heading_level_block(choices=HEADING_LEVELS):
    return blocks.ChoiceBlock(
        choices=choices, default="2", label="Level", help_text=HEADING_LEVEL_HELP
    )


class SectionHeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=255)
    level = heading_level_block()
    numbered = blocks.BooleanBlock(
        required=False,
        help_text="Put a number before the heading. Numbered headings count up through the "
        "post: 1, 2, 3.",
    )

    class Meta:
        icon = "title"
        template = "posts/blocks/heading.html"
        description = (
            "A heading, optionally numbered; the post's sections (level 2) appear in the "
            "contents list."
        )
        preview_value = {"text": "New guidance for coding in the open", "numbered": True}


class ContentsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Contents", max_length=100)

    class Meta:
        icon = "list-ul"
        template = "posts/blocks/contents.html"
        description = "A list of links to the post's section headings, built automatically."
        preview_value = {"heading": "Contents"}

    def get_preview_context(self, value, parent_context=None):
        # On its own the block has no post to outline; show the picker a sample one.
        context = dict(parent_context or {})
        context["outline"] = [
            {
                "anchor": "new-guidance",
                "text": "New guidance for coding in the open",
                "number": 1,
                "level": 2,
            },
            {
                "anchor": "start-small",
                "text": "Start small when shifting to Open Source",
                "number": 2,
                "level": 2,
            },
        ]
        return context


SPEAKER_PREVIEW = {
    "name": "Jason Paige",
    "job_title": "Head of Software Engineering",
    "organisation": "HM Courts & Tribunals Service",
}


# People chosen anywhere in the bodies being converted: (ids asked for, {id: Person}).
_people = ContextVar("bulletin_body_people", default=None)


def chosen_people(data):
    """Ids of the People chosen anywhere in raw block data (PersonFields' "person")."""
    found, stack = set(), [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("person"), int):
                found.add(item["person"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


@contextmanager
def people_in_one_query(raw_data):
    """While converting `raw_data` (raw stream blocks), the People chosen as speakers,
    chairs and panellists come from one query for all of them, instead of one per place a
    person can be chosen (each a block type of its own to Wagtail)."""
    ids = chosen_people(raw_data)
    if not ids or _people.get() is not None:
        yield
        return
    token = _people.set((ids, apps.get_model("posts", "Person").objects.in_bulk(ids)))
    try:
        yield
    finally:
        _people.reset(token)


class PersonChooserBlock(SnippetChooserBlock):
    """A Person chooser that takes People already fetched for the whole body
    (`people_in_one_query`). Migrations see Wagtail's own block: it stores the same id."""

    canonical_module_path = "wagtail.snippets.blocks.SnippetChooserBlock"

    def bulk_to_python(self, values):
        values = list(values)
        fetched = _people.get()
        if fetched is None or not fetched[0].issuperset(v for v in values if v is not None):
            return super().bulk_to_python(values)
        result, seen = [], set()
        for pk in values:
            person = fetched[1].get(pk)
            # Like Wagtail's: each place a person is chosen gets an instance of its own.
            result.append(copy.copy(person) if person is not None and pk in seen else person)
            seen.add(pk)
        return result


class PersonFields(blocks.StructBlock):
    """A Person snippet, or an inline name for a one-off speaker."""

    person = PersonChooserBlock(
        "posts.Person",
        required=False,
        help_text="Choose them from the People list, where their name, job title and "
        "organisation are kept. Someone who is not in the list: add them from here, or "
        "type their details below.",
    )
    name = blocks.CharBlock(required=False, help_text="Only for someone not in the People list.")
    job_title = blocks.CharBlock(
        required=False, help_text="Only for someone not in the People list."
    )
    organisation = blocks.CharBlock(
        required=False, help_text="Only for someone not in the People list."
    )

    class Meta:
        icon = "user"
        template = "posts/blocks/person.html"
        description = "A person, chosen from People or typed in."
        preview_value = SPEAKER_PREVIEW
        required = True
        # posts/static/posts/js/editor.js hides the typed-in fields once a person is chosen.
        form_attrs = {"data-bulletin-person": ""}

    @property
    def required(self):
        # Block.required only drives the form's asterisk; PersonFields(required=False) sets it.
        return self.meta.required

    def clean(self, value):
        value = super().clean(value)
        if self.is_deferred_validation or not self.required:
            return value
        if not value.get("person") and not value.get("name"):
            raise blocks.StructBlockValidationError(
                {"name": ValidationError("Choose a person or type a name.")}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["person"] = describe_person(value, parent_context)
        return context

    def get_searchable_content(self, value):
        # A chosen Person's name and role are indexed with the post (a snippet chooser
        # indexes nothing by itself), so a search for a speaker finds where they spoke.
        person = describe_person(value)
        return [text for text in (person["name"], person["role"]) if text]


def describe_person(value, context=None):
    """Name, role, snippet and page of a PersonFields value, inline fields overriding the
    snippet. A person never published is shown by name only: their role has not been
    reviewed, and they have no page. With the rendering `context` (a post's page or feed:
    its `blog`), `url` is the person's page on that blog, listing their talks."""
    person = value.get("person")
    published = person if person and person.live else None
    job_title = value.get("job_title") or (published.job_title if published else "")
    organisation = value.get("organisation") or (published.organisation if published else "")
    return {
        "snippet": person,
        "name": value.get("name") or (person.name if person else ""),
        "job_title": job_title,
        "organisation": organisation,
        "role": ", ".join(part for part in (job_title, organisation) if part),
        "url": person_page_url(published, context),
    }


def person_page_url(person, context):
    """The address of `person`'s page on the blog being shown (None without a published
    person, or a live blog: the post's preview in a draft blog links nowhere)."""
    blog = context.get("blog") if context else None
    if person is None or blog is None or not blog.live:
        return None
    base = blog.get_url(context.get("request"))
    return f"{base}{blog.reverse_subpage('author', args=[person.slug])}" if base else None


class SpeakerBlock(blocks.StructBlock):
    speaker = PersonFields()
    talk_title = blocks.CharBlock(required=False, max_length=255)
    write_up = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "user"
        template = "posts/blocks/speaker.html"
        description = "A speaker at an event, their talk and a write-up of it."
        preview_value = {
            "speaker": SPEAKER_PREVIEW,
            "talk_title": "Moving HMCTS to open source",
            "write_up": "<p>Jason gave an insight into his department's journey.</p>",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["person"] = describe_person(value["speaker"], parent_context)
        return context


class PanelBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, max_length=255)
    chair = PersonFields(required=False)
    panellists = blocks.ListBlock(PersonFields(label="Panellist"), min_num=1)
    write_up = blocks.RichTextBlock(features=PARAGRAPH_FEATURES, required=False)

    class Meta:
        icon = "group"
        template = "posts/blocks/panel.html"
        description = "A panel discussion: its chair, panellists and a write-up."
        preview_value = {
            "title": "Is open code less secure?",
            "panellists": [
                {"name": "Ahana Datta", "job_title": "Head of Technical Security"},
                {"name": "Jenny Duckett", "job_title": "Senior Developer"},
            ],
            "write_up": "<p>The panel took questions from the audience.</p>",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        chair = value.get("chair")
        has_chair = chair and (chair.get("person") or chair.get("name"))
        context["chair"] = describe_person(chair, parent_context) if has_chair else None
        context["panellists"] = [describe_person(p, parent_context) for p in value["panellists"]]
        return context


class ListBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[("bullet", "Bulleted"), ("number", "Numbered")], default="bullet"
    )
    items = blocks.ListBlock(
        blocks.CharBlock(max_length=1000, label="Item"),
        min_num=1,
        help_text="Press Enter at the end of an item to start the next one.",
    )

    class Meta:
        icon = "list-ul"
        template = "posts/blocks/list.html"
        description = "A bulleted or numbered list."
        # posts/static/posts/js/editor.js: Enter in an item adds the next one.
        form_attrs = {"data-bulletin-list": ""}
        preview_value = {
            "style": "bullet",
            "items": ["write clean code", "make use of peer reviews"],
        }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False,
        help_text="What the image shows here, for people who cannot see it. Leave blank to "
        "use the alt text saved with the image (needed if the image has none).",
    )
    caption = blocks.CharBlock(required=False, max_length=500)
    credit = blocks.CharBlock(
        required=False, help_text="Leave blank to use the credit saved with the image."
    )

    class Meta:
        icon = "image"
        template = "posts/blocks/image.html"
        description = "An image with alt text, caption, credit and licence."
        # No image exists in an empty database; the picker shows the caption alone.
        preview_value = {"caption": "L-R Anna Shipman, Ahana Datta, Jenny Duckett"}

    def clean(self, value):
        value = super().clean(value)
        image = value.get("image")
        if self.is_deferred_validation:  # a draft may be described later
            return value
        described = (value.get("alt_text") or "").strip() or image and image.default_alt_text
        if image and not described and not image.is_decorative:
            raise blocks.StructBlockValidationError(
                {"alt_text": ValidationError(NO_ALT_TEXT_IN_BLOCK)}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        image = value.get("image")
        context["credit"] = value.get("credit") or (image.credit if image else "")
        if image:
            # The image's one alt text ("" when decorative), never its title or file name.
            context["alt"] = (value.get("alt_text") or "").strip() or image.default_alt_text
            # WebP first; the fallback keeps PNG and GIF lossless (diagrams, screenshots).
            context["lossless"] = image.filename.lower().endswith((".png", ".gif"))
        return context


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False)
    role = blocks.CharBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "posts/blocks/quote.html"
        description = "A quotation with who said it."
        preview_value = {
            "quote": "Coding in the open is not less secure than keeping everything closed.",
            "attribution": "Anna Shipman",
            "role": "Open Source Lead, GDS",
        }


class CalloutBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[("inset", "Inset text"), ("warning", "Warning"), ("notification", "Notice")],
        default="inset",
    )
    heading = blocks.CharBlock(required=False, help_text="Only notices show a heading.")
    text = blocks.RichTextBlock(features=INLINE_FEATURES)

    class Meta:
        icon = "warning"
        template = "posts/blocks/callout.html"
        description = "Inset text, a warning or a notice that stands out from the text."
        preview_value = {"style": "inset", "text": "<p>Registration closes on 1 March.</p>"}


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.CharBlock(max_length=20, help_text="For example: 100+ or 93%.")
    label = blocks.CharBlock(max_length=120, help_text="For example: attendees.")


class KeyFiguresBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False)
    figures = blocks.ListBlock(KeyFigureBlock(), min_num=1, max_num=6)

    class Meta:
        icon = "table"
        template = "posts/blocks/key_figures.html"
        description = "Key figures in large type, such as 100+ attendees."
        preview_value = {
            "figures": [
                {"figure": "100+", "label": "attendees"},
                {"figure": "93%", "label": "would recommend a future event"},
            ]
        }


class EventBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=255)
    date = blocks.DateBlock()
    end_date = blocks.DateBlock(required=False)
    place = blocks.CharBlock(max_length=255, required=False)
    url = blocks.URLBlock(required=False, label="Event page")

    class Meta:
        icon = "date"
        template = "posts/blocks/event.html"
        description = "An event's name, date and place."
        preview_value = {
            "name": "Cross-government Open Source meetup",
            "date": datetime.date(2017, 9, 26),
            "place": "London",
        }

    def clean(self, value):
        value = super().clean(value)
        start, end = value.get("date"), value.get("end_date")
        if start and end and end < start:
            raise blocks.StructBlockValidationError(
                {"end_date": ValidationError("The end date is before the start.")}
            )
        return value


class TableBlock(BaseTableBlock):
    class Meta:
        icon = "table"
        template = "posts/blocks/table.html"
        description = "A table of data with an optional header row and caption."
        preview_value = {
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": "Attendance",
            "data": [["Meetup", "Attendees"], ["First", "60"], ["Second", "100"]],
        }


class CodeBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(
        choices=[
            ("text", "Plain text"),
            ("python", "Python"),
            ("javascript", "JavaScript"),
            ("bash", "Shell"),
            ("yaml", "YAML"),
            ("json", "JSON"),
            ("html", "HTML"),
            ("sql", "SQL"),
        ],
        default="text",
    )
    code = blocks.TextBlock()
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "code"
        template = "posts/blocks/code.html"
        description = "Program code or commands, shown exactly as typed."
        preview_value = {"language": "bash", "code": "git clone https://github.com/alphagov/"}


class EmbedBlock(blocks.StructBlock):
    """A video or other media, shown as a link so no third party sees readers until they click."""

    url = blocks.URLBlock()
    title = blocks.CharBlock(
        max_length=255, help_text="The link readers see, for example: Watch the talks."
    )
    provider = blocks.CharBlock(required=False, help_text="For example: YouTube.")
    transcript = blocks.RichTextBlock(features=INLINE_FEATURES, required=False)

    class Meta:
        icon = "media"
        template = "posts/blocks/embed.html"
        description = "A video or other media hosted elsewhere, linked with a transcript."
        preview_value = {
            "url": "https://www.youtube.com/watch?v=example",
            "title": "Open Source meetup talks",
            "provider": "YouTube",
        }


class LinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(
        required=False, help_text="For a page on another website, instead of choosing a page."
    )
    text = blocks.CharBlock(required=False, help_text="Leave blank to use the page's title.")

    def clean(self, value):
        value = super().clean(value)
        if value.get("page") and value.get("url"):
            raise blocks.StructBlockValidationError(
                {"url": ValidationError("Choose a page or give a URL, not both.")}
            )
        if self.is_deferred_validation:  # a draft may leave the link unfinished
            return value
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                {"url": ValidationError("Choose a page or give a URL.")}
            )
        if value.get("url") and not value.get("text"):
            raise blocks.StructBlockValidationError(
                {"text": ValidationError("Give link text for a URL.")}
            )
        return value


class RelatedLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="You may also be interested in")
    level = heading_level_block()
    links = blocks.ListBlock(LinkBlock(), min_num=1)

    def get_context(self, value, parent_context=None):
        # The same list as a post's own related links (posts/includes/related-links.html):
        # a chosen page only while readers can see it.
        context = super().get_context(value, parent_context)
        request = context.get("request")
        context["heading"] = value["heading"]
        context["level"] = value.get("level") or "2"
        context["links"] = []
        for link in value["links"]:
            page, url, text = link.get("page"), link.get("url"), link.get("text")
            if page and is_public(page):
                context["links"].append({"url": page.get_url(request), "text": text or page.title})
            elif url and not page:
                context["links"].append({"url": url, "text": text or url})
        return context

    class Meta:
        icon = "link"
        template = "posts/blocks/related_links.html"
        description = "Hand-picked links to related pages."
        preview_value = {
            "heading": "You may also be interested in",
            "links": [
                {
                    "url": "https://www.gov.uk/service-manual/technology/making-source-code-open-and-reusable",
                    "text": "Making source code open and reusable",
                }
            ],
        }

    def get_searchable_content(self, value):
        # The labels name other pages, not what this post says: indexed, they made a post
        # match a search only because it linked to a page about it.
        return []


class RelatedPostBlock(blocks.StructBlock):
    """A post of any blog of the network, for a post's "You may also be interested in"."""

    page = blocks.PageChooserBlock(page_type="posts.PostPage", label="Post")
    text = blocks.CharBlock(
        required=False, label="Link text", help_text="Leave blank to use the post's title."
    )

    class Meta:
        icon = "doc-full"
        label = "Post on this network"


class ExternalLinkBlock(blocks.StructBlock):
    url = blocks.URLBlock(label="Address", help_text="For example: https://www.gov.uk/...")
    text = blocks.CharBlock(label="Link text", help_text="Say where the link goes.")

    class Meta:
        icon = "link-external"
        label = "Link to another website"


class PostLinksBlock(blocks.StreamBlock):
    """A post's own related links (PostPage.related_links), shown under its body as the
    body's RelatedLinksBlock is, before the automatic related posts."""

    post = RelatedPostBlock()
    link = ExternalLinkBlock()


ALERTS_LINK_TEXT = "signing up to alerts"


def split_link(text, phrase, url):
    """Split `text` around `phrase` so that a template can link the phrase. Without the
    phrase in the text, the link follows the text as "Sign up to alerts"."""
    if not url:
        return {"before": text, "link": "", "after": "", "url": ""}
    start = text.lower().find(phrase)
    if start < 0:
        before = f"{text} " if text else ""
        return {"before": before, "link": "Sign up to alerts", "after": "", "url": url}
    end = start + len(phrase)
    return {"before": text[:start], "link": text[start:end], "after": text[end:], "url": url}


class AlertsBlock(blocks.StructBlock):
    text = blocks.CharBlock(required=False, help_text="Leave blank for the blog's standard text.")

    class Meta:
        icon = "mail"
        template = "posts/blocks/alerts.html"
        description = "A prompt to sign up to this blog's e-mail alerts."
        preview_value = {"text": "Stay up to date by signing up to alerts from this blog."}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # `blog` comes from the page's context (BlogPage and PostPage both set it).
        blog = context.get("blog")
        text = value.get("text") or getattr(blog, "alerts_text", "")
        url = blog.get_url(request=context.get("request")) if blog else None
        context["alerts"] = split_link(text, ALERTS_LINK_TEXT, f"{url}subscribe/" if url else "")
        return context


class PostBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    heading = SectionHeadingBlock()
    contents = ContentsBlock()
    speaker = SpeakerBlock()
    panel = PanelBlock()
    list = ListBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    key_figures = KeyFiguresBlock()
    event = EventBlock()
    table = TableBlock()
    code = CodeBlock()
    embed = EmbedBlock()
    related_links = RelatedLinksBlock()
    alerts = AlertsBlock()

    def bulk_to_python(self, values):
        values = list(values)
        with people_in_one_query(values):  # every body's people at once (feeds)
            return super().bulk_to_python(values)

    def render_basic(self, value, context=None):
        # Headings are numbered and anchored across the whole body, so each child is
        # rendered knowing the outline (a contents block lists all of it). Children are
        # matched by position: a body not yet saved has no block ids.
        # The blocks still stored as JSON are converted here, by outline(): their people
        # in one query.
        unconverted = [
            raw
            for raw, bound in zip(value._raw_data, value._bound_blocks, strict=True)
            if bound is None
        ]
        with people_in_one_query(unconverted):
            headings = outline(value)
        by_index = {h["index"]: h for h in headings}
        context = dict(context or {})
        return format_html_join(
            "\n",
            "{}",
            [
                (
                    child.render(
                        context={
                            **context,
                            "outline": headings,
                            "heading": by_index.get(index),
                            "block_id": child.id or f"block-{index}",
                        }
                    ),
                )
                for index, child in enumerate(value)
            ],
        )


# Ids the page around the body already uses; a heading called "Main content" must not clash.
RESERVED_ANCHORS = {"main-content", "contents", "comments", "sharing-and-comments"}


def outline(stream_value):
    """Anchors and numbers of the section headings of a body, in order."""
    headings, seen, number = [], set(RESERVED_ANCHORS), 0
    for index, child in enumerate(stream_value):
        if child.block_type != "heading":
            continue
        anchor = base = slugify(child.value["text"])[:80] or "section"
        suffix = 2
        while anchor in seen:
            anchor, suffix = f"{base}-{suffix}", suffix + 1
        seen.add(anchor)
        if child.value["numbered"]:
            number += 1
        headings.append(
            {
                "index": index,
                "id": child.id,
                "anchor": anchor,
                "text": child.value["text"],
                "number": number if child.value["numbered"] else None,
                "level": int(child.value.get("level") or 2),
            }
        )
    return headings
