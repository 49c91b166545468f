"""A WordPress post's content as Bulletin body blocks (issue 14, point 3).

`convert(html, images=..., links=...)` reads what WordPress stores in `post_content`:
classic-editor HTML (auto-paragraphed here as WordPress's `wpautop` does when it shows a
post), block-editor markup (`<!-- wp:name {"attrs"} -->...<!-- /wp:name -->`) and the
[caption], [gallery] and [embed] shortcodes. It returns `(blocks, notes)`: (block_type,
value) pairs for `PostPage.body`, and one line for the import report per thing that could
not be mapped (an unknown block or shortcode, a missing image, a link that a plain-text
field cannot hold). Nothing is dropped silently: what has no block of its own becomes rich
text, cleaned by Wagtail's own whitelister to the features the paragraph block allows.
Embeds keep their URL only: nothing is fetched at import time.
"""

import functools
import html as htmllib
import json
import re
import warnings
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, MarkupResemblesLocatorWarning, NavigableString, Tag

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.html import escape

from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.whitelist import check_url

from posts.blocks import INLINE_FEATURES, PARAGRAPH_FEATURES

# <!-- wp:name {"json"} /--> as WordPress's own block parser reads it.
BLOCK_COMMENT = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+"
    r"(?P<attrs>\{.*?\}\s+)?(?P<void>/)?-->",
    re.DOTALL,
)
SHORTCODE = re.compile(r"\[(\[?)([A-Za-z][\w-]*)(?![\w-])((?:\s[^\]]*)?)\](\]?)")
SHORTCODE_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"\]]+))""")


def words(text):
    return frozenset(text.split())


# Core blocks whose HTML says all there is; their inner blocks are flattened into it.
LEAF_BLOCKS = words(
    "paragraph heading list list-item quote pullquote table code preformatted verse freeform "
    "html shortcode image gallery embed file audio video button"
)
# Core blocks that only lay out other blocks: their inner blocks are converted in turn.
CONTAINER_BLOCKS = words("group columns column cover media-text buttons details")
SILENT_BLOCKS = {"separator", "spacer", "more", "nextpage"}

DROPPED = {"script", "style", "template", "noscript", "head", "title", "meta", "link", "base"}
MEDIA = ["img", "iframe", "video", "audio", "object", "embed"]
PLACEHOLDERS = ["bulletin-caption", "bulletin-gallery", "bulletin-embed"]
FLOW_CONTAINERS = words(
    "div section article aside header footer main nav center details summary dl dt dd "
    "address fieldset legend figcaption body html hgroup menu picture"
)
BLOCKISH = FLOW_CONTAINERS | words("p li ul ol table tr h1 h2 h3 h4 h5 h6 pre blockquote")
BREAKS_PARAGRAPH = BLOCKISH | {*MEDIA, *PLACEHOLDERS}
RICH_IN_LIST = (BLOCKISH - {"li"}) | {"a", "b", "strong", "i", "em", "br"}

LANGUAGES = {"python", "javascript", "bash", "yaml", "json", "html", "sql"}
LANGUAGE_ALIASES = {
    "py": "python",
    "js": "javascript",
    "jsx": "javascript",
    "sh": "bash",
    "shell": "bash",
    "console": "bash",
    "zsh": "bash",
    "yml": "yaml",
    "xml": "html",
    "markup": "html",
}
CODE_CLASS = re.compile(r"^(?:language|lang)-([\w+-]+)$")

# Hosts whose bare URLs WordPress turns into embeds (oEmbed providers), and their names.
PROVIDERS = {
    "youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "vimeo.com": "Vimeo",
    "twitter.com": "X (Twitter)",
    "x.com": "X (Twitter)",
    "flickr.com": "Flickr",
    "flic.kr": "Flickr",
    "slideshare.net": "SlideShare",
    "speakerdeck.com": "Speaker Deck",
    "soundcloud.com": "SoundCloud",
    "spotify.com": "Spotify",
    "instagram.com": "Instagram",
    "facebook.com": "Facebook",
    "linkedin.com": "LinkedIn",
    "tiktok.com": "TikTok",
    "ted.com": "TED",
    "dailymotion.com": "Dailymotion",
    "wordpress.tv": "WordPress.tv",
    "scribd.com": "Scribd",
    "issuu.com": "Issuu",
    "mixcloud.com": "Mixcloud",
    "giphy.com": "Giphy",
    "imgur.com": "Imgur",
}
YOUTUBE_PLAYER = re.compile(r"^https?://(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)")
VIMEO_PLAYER = re.compile(r"^https?://player\.vimeo\.com/video/(\d+)")
IMAGE_SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.\w+$)")
WP_IMAGE_CLASS = re.compile(r"^wp-image-(\d+)$")
BARE_URL = re.compile(r"^https?://\S+$")
VALID_URL = URLValidator(schemes=["http", "https"])
TAG = re.compile(r"<[^>]*>")
EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br/>)*</p>")
BLOCK_TAG_SPACE = re.compile(r"[ \t\r\n]*(</?(?:p|ul|ol|li|h[1-6]|div)>)[ \t\r\n]*")
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def convert(html, *, images, links):
    """Bulletin body blocks and report notes for a WordPress `post_content` string."""
    converter = Converter(images, links)
    converter.document(html or "")
    return converter.blocks, list(dict.fromkeys(converter.notes))


# Block-editor markup


class WPBlock:
    def __init__(self, name, attrs):
        self.name, self.attrs, self.parts = name, attrs, []

    @property
    def short_name(self):
        return self.name.removeprefix("core/")

    def flat_html(self, notes):
        """The block's HTML with its inner blocks' HTML in place (as WordPress saves it)."""
        html = []
        for part in self.parts:
            if isinstance(part, str):
                html.append(part)
            else:
                if part.short_name not in LEAF_BLOCKS | CONTAINER_BLOCKS | SILENT_BLOCKS:
                    notes.append(f"unknown block wp:{part.short_name}")
                html.append(part.flat_html(notes))
        return "".join(html)


def parse_blocks(html):
    """The document as a root WPBlock (name None), or None when it has no block markup."""
    root = WPBlock(None, {})
    stack, position, found = [root], 0, False
    for match in BLOCK_COMMENT.finditer(html):
        found = True
        stack[-1].parts.append(html[position : match.start()])
        position = match.end()
        name = match["name"] if "/" in match["name"] else f"core/{match['name']}"
        if match["closer"]:
            names = [block.name for block in stack[1:]]
            if name in names:  # a stray closer is ignored, as WordPress does
                del stack[len(names) - names[::-1].index(name) :]
            continue
        try:
            attrs = json.loads(match["attrs"]) if match["attrs"] else {}
        except ValueError:
            attrs = {}
        block = WPBlock(name, attrs if isinstance(attrs, dict) else {})
        stack[-1].parts.append(block)
        if not match["void"]:
            stack.append(block)
    stack[-1].parts.append(html[position:])
    return root if found else None


# Shortcodes


def shortcode_attrs(text):
    return {
        match[1].lower(): next(value for value in match.groups()[1:] if value is not None)
        for match in SHORTCODE_ATTR.finditer(text)
    }


def expand_shortcodes(html, notes):
    """[caption], [gallery] and [embed] as placeholder elements the walker reads; other
    shortcodes stay as text, noted. [[name]] is WordPress's escape for a literal [name]."""
    out, position = [], 0
    for match in SHORTCODE.finditer(html):
        if match.start() < position:
            continue
        escaped, name, attrs = match[1] and match[4], match[2].lower(), match[3]
        out.append(html[position : match.start()])
        position = match.end()
        if escaped:
            out.append(match[0][1:-1])
            continue
        closer = f"[/{match[2]}]"
        end = html.find(closer, position)
        if name in ("caption", "wp_caption") and end >= 0:
            data = htmllib.escape(json.dumps(shortcode_attrs(attrs)))
            content = html[position:end]
            out.append(f'<bulletin-caption data-attrs="{data}">{content}</bulletin-caption>')
            position = end + len(closer)
        elif name == "embed" and end >= 0:
            url = htmllib.escape(html[position:end].strip())
            out.append(f'<bulletin-embed data-url="{url}"></bulletin-embed>')
            position = end + len(closer)
        elif name == "gallery":
            values = shortcode_attrs(attrs)
            ids = htmllib.escape(values.get("ids") or values.get("include") or "")
            out.append(f'<bulletin-gallery data-ids="{ids}"></bulletin-gallery>')
        else:
            # Brackets in prose ("[sic]", "[1]") are not shortcodes: only names with
            # attributes, a closing tag or a hyphen are reported.
            if attrs.strip() or end >= 0 or "-" in name or "_" in name:
                notes.append(f"unknown shortcode [{match[2]}]")
            out.append(match[0])
    out.append(html[position:])
    return "".join(out)


# Text


def plain(node, lines=False):
    """The text of a node, whitespace collapsed; with `lines`, line and paragraph breaks
    kept as one and two newlines."""
    pieces = []

    def collect(parent):
        for child in parent.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                pieces.append(str(child))
            elif child.name == "br":
                pieces.append("\x00")
            elif child.name in DROPPED:
                continue
            elif child.name in BLOCKISH:
                pieces.append("\x01")
                collect(child)
                pieces.append("\x01")
            else:
                collect(child)

    collect(node)
    text = re.sub(r"[ \t\n\r\f\v]+", " ", "".join(pieces))
    if not lines:
        return re.sub(r" *[\x00\x01][\x00\x01 ]*", " ", text).strip()
    text = re.sub(r" *\x01[\x00\x01 ]*", "\x01", re.sub(r" *\x00 *", "\x00", text))
    return text.strip("\x00\x01 ").replace("\x01", "\n\n").replace("\x00", "\n")


def has_text(text):
    return bool(text.strip().strip(INVISIBLE).strip())


TAG_FACTORY = BeautifulSoup("", "html.parser")


def soup(html):
    with warnings.catch_warnings():
        # Text that looks like a URL is text here (an embed's address).
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(html, "html.parser")


def classes(tag):
    value = tag.get("class") or []
    return value.split() if isinstance(value, str) else value


@functools.cache
def whitelister(features):
    # Built on first use: the rich-text feature registry needs the apps loaded.
    return EditorHTMLConverter(features=list(features)).whitelister


def provider_for(url):
    host = (urlsplit(url).hostname or "").lower()
    for domain, name in PROVIDERS.items():
        if host == domain or host.endswith(f".{domain}"):
            return name
    return ""


def player_page(url):
    """A video player's URL as the page readers know (the embed block links to it)."""
    if match := YOUTUBE_PLAYER.match(url):
        return f"https://www.youtube.com/watch?v={match[1]}"
    if match := VIMEO_PLAYER.match(url):
        return f"https://vimeo.com/{match[1]}"
    return url


def valid_url(url):
    try:
        VALID_URL(url)
    except ValidationError:
        return False
    return True


def upload_path(src):
    """An image URL as the report names it: the part under wp-content/, or its path."""
    if "/wp-content/" in src:
        return src.split("/wp-content/", 1)[1]
    return urlsplit(src).path.lstrip("/") or src


# WordPress's wpautop (wp-includes/formatting.php), which classic posts are shown through.

AUTOP_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article"
    r"|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)


def wpautop(text):
    """Blank lines make paragraphs and single newlines line breaks, outside <pre>, as
    WordPress shows a classic post. \\s is ASCII, as in PHP: &nbsp; is text."""
    if not text.strip():
        return ""
    b, flags = AUTOP_BLOCKS, re.ASCII | re.IGNORECASE
    kept = {}

    def keep(match):
        key = f"<pre wp-pre-tag-{len(kept)}></pre>"
        kept[key] = match[0]
        return key

    text = re.sub(r"<pre[\s>].*?</pre>", keep, text + "\n", flags=flags | re.DOTALL)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=flags)
    text = re.sub(rf"(<{b}[\s/>])", r"\n\n\1", text, flags=flags)
    text = re.sub(rf"(</{b}>)", r"\1\n\n", text, flags=flags)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text, flags=flags)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # A newline inside a tag or a comment is not a line break.
    text = re.sub(r"<!--.*?-->|<[^>]*>", lambda m: m[0].replace("\n", " "), text, flags=re.S)
    text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text, flags=flags)
    text = re.sub(r"</figcaption>\s*", "</figcaption>", text, flags=flags)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [part for part in re.split(r"\n\s*\n", text, flags=flags) if part]
    text = "".join(f"<p>{part.strip(chr(10))}</p>\n" for part in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text, flags=flags)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text, flags=flags)
    text = re.sub(rf"<p>\s*(</?{b}[^>]*>)\s*</p>", r"\1", text, flags=flags)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text, flags=flags)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=flags)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{b}[^>]*>)", r"\1", text, flags=flags)
    text = re.sub(rf"(</?{b}[^>]*>)\s*</p>", r"\1", text, flags=flags)
    text = re.sub(
        r"<(script|style|svg|math).*?</\1>",
        lambda m: m[0].replace("\n", "\x02"),
        text,
        flags=flags | re.DOTALL,
    )
    text = text.replace("<br>", "<br />")
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text, flags=flags).replace("\x02", "\n")
    text = re.sub(rf"(</?{b}[^>]*>)\s*<br />", r"\1", text, flags=flags)
    text = re.sub(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text, flags=flags
    )
    text = re.sub(r"\n</p>$", "</p>", text)
    for key, original in kept.items():
        text = text.replace(key, original)
    return text


def image_id(img):
    for name in classes(img):
        if match := WP_IMAGE_CLASS.match(name):
            return int(match[1])
    for attr in ("data-id", "data-attachment-id"):
        if str(img.get(attr, "")).isdigit():
            return int(img[attr])
    return None


def image_src(img):
    for attr in ("src", "data-src", "data-lazy-src", "data-orig-file"):
        value = (img.get(attr) or "").strip()
        if value and not value.startswith("data:"):
            return value
    return ""


def code_language(node):
    for tag in [node, *node.find_all("code")]:
        names = classes(tag)
        found = [m[1] for name in names if (m := CODE_CLASS.match(name))]
        found += re.findall(r"brush:\s*([\w+-]+)", " ".join(names))
        for name in found:
            language = LANGUAGE_ALIASES.get(name.lower(), name.lower())
            if language in LANGUAGES:
                return language
    return "text"


def quote_cite(node):
    """A quote's <cite> or <footer>, if it ends the quote (a <cite> within the text names a
    work, not the speaker)."""
    cites = node.find_all(["cite", "footer"])
    if not cites:
        return None
    cite = cites[-1]
    after = [
        string
        for string in cite.find_all_next(string=True)
        if any(parent is node for parent in string.parents)
        and not any(parent is cite for parent in string.parents)
    ]
    return None if any(has_text(string) for string in after) else cite


def tags_named(node, names):
    """Descendant elements named in `names`, in order (quicker than bs4's list filters)."""
    return [tag for tag in node.descendants if isinstance(tag, Tag) and tag.name in names]


def new_tag(name):
    return TAG_FACTORY.new_tag(name)


def trim(tag):
    """Take white space and line breaks off both ends of `tag`'s content."""
    for index in (0, -1):
        while tag.contents:
            edge = tag.contents[index]
            if isinstance(edge, Tag) and edge.name != "br":
                break
            if not isinstance(edge, Tag) and type(edge) is not NavigableString:
                edge.extract()  # a comment
                continue
            if isinstance(edge, NavigableString) and edge.strip(" \t\r\n"):
                stripped = edge.lstrip(" \t\r\n") if index == 0 else edge.rstrip(" \t\r\n")
                edge.replace_with(NavigableString(stripped))
                break
            edge.extract()


def top_level(tags):
    """Those of `tags` not inside another of them."""
    found = {id(tag) for tag in tags}
    return [tag for tag in tags if not any(id(parent) in found for parent in tag.parents)]


class Converter:
    """Walks the document once, in order, gathering blocks. Inline content collects into a
    paragraph (`inline`); paragraphs, h3/h4 and lists that need rich text collect into one
    paragraph block (`rich`), which any other block closes."""

    def __init__(self, images, links):
        self.images, self.links = images, links
        self.blocks, self.notes = [], []
        self.inline, self.rich = [], []

    # Output

    def emit(self, block_type, value):
        self.end_rich()
        self.blocks.append((block_type, value))

    def end_paragraph(self):
        nodes, self.inline = self.inline, []
        if not nodes:
            return
        paragraph = new_tag("p")
        paragraph.extend(nodes)
        trim(paragraph)
        text = plain(paragraph)
        # A web address alone in a paragraph is an embed, as WordPress's auto-embed has it.
        if (
            BARE_URL.match(text)
            and provider_for(text)
            and all(
                isinstance(child, NavigableString)
                or (child.name == "a" and (child.get("href") or "").strip() == text)
                for child in paragraph.contents
            )
        ):
            self.embed(text)
        else:
            self.add_rich(paragraph)

    def text_paragraph(self, source):
        """A paragraph of `source`: text, or an element whose content is moved."""
        self.end_paragraph()
        if isinstance(source, str):
            self.inline.append(NavigableString(source))
        else:
            self.inline.extend(list(source.contents))
        self.end_paragraph()

    def end_rich(self):
        self.end_paragraph()
        if self.rich:
            # Cleaned once for the whole block: parsing is most of the converter's time.
            holder = soup("")
            holder.extend(self.rich)
            self.rich = []
            cleaned = EMPTY_PARAGRAPH.sub("", self.sanitise(holder))
            if has_text(htmllib.unescape(TAG.sub("", cleaned))):
                self.blocks.append(("paragraph", cleaned))

    def add_rich(self, tag):
        if has_text(plain(tag)):
            self.rich.append(tag)

    def sanitise(self, fragment, features=PARAGRAPH_FEATURES):
        """Rich text with only the features the block allows; links rewritten by `links`.
        `fragment` (a parsed document) is cleaned in place."""
        for tag in fragment.find_all(True):
            if tag.decomposed:
                continue
            if tag.name in DROPPED or tag.name in MEDIA or tag.name in PLACEHOLDERS:
                src = image_src(tag) or tag.get("data-url") or ""
                self.notes.append(f"removed <{tag.name}>" + (f": {src}" if src else ""))
                tag.decompose()
                continue
            if tag.name == "form":
                self.notes.append("removed <form> (its text is kept)")
            href = (tag.get("href") or "").strip() if tag.name == "a" else ""
            # data-linktype and data-embedtype would steer Wagtail's whitelister: no
            # attribute survives but a link's address.
            tag.attrs = {}
            if tag.name in ("h5", "h6"):
                tag.name = "h4"
            if tag.name != "a":
                continue
            if not href or not has_text(tag.get_text()):
                tag.unwrap()
            elif check_url(href) is None:
                self.notes.append(f"removed unsafe link: {href[:100]}")
                tag.unwrap()
            else:
                tag["href"] = self.links(href) or href
        # Whitelister.clean, on the tree already parsed.
        whitelister(tuple(features)).clean_node(fragment, fragment)
        cleaned = fragment.decode(formatter=escape)
        # Source newlines around block tags are not text: the editor would drop them too.
        return BLOCK_TAG_SPACE.sub(r"\1", cleaned)

    def note_links(self, node, where):
        for anchor in node.find_all("a", href=True):
            if has_text(anchor.get_text()):
                self.notes.append(f"link in {where} kept as text only: {anchor['href']}")

    # Structure

    def document(self, html):
        root = parse_blocks(html)
        if root is None:
            self.walk(wpautop(expand_shortcodes(html, self.notes)))
        else:
            self.container(root)
        self.end_rich()

    def walk(self, html):
        self.end_paragraph()
        self.flow_children(soup(html))
        self.end_paragraph()

    def container(self, block):
        for part in block.parts:
            if isinstance(part, WPBlock):
                self.wp_block(part)
            elif part.strip():
                html = expand_shortcodes(part, self.notes)
                # Text outside any block is classic content.
                self.walk(wpautop(html) if block.name is None else html)

    def wp_block(self, block):
        name = "embed" if block.name.startswith("core-embed/") else block.short_name
        if name in SILENT_BLOCKS:
            return
        if name not in LEAF_BLOCKS:
            if name not in CONTAINER_BLOCKS:
                self.notes.append(f"unknown block wp:{name}")
            self.end_paragraph()
            self.container(block)
            self.end_paragraph()
            return
        html = block.flat_html(self.notes)
        if name not in ("code", "preformatted"):  # the editor escapes [ in code
            html = expand_shortcodes(html, self.notes)
        fragment = soup(wpautop(html) if name == "freeform" else html)
        self.end_paragraph()
        if name == "embed" and (url := block.attrs.get("url") or self.wrapped_url(fragment)):
            caption = fragment.find("figcaption")
            self.embed(url, caption=plain(caption) if caption else "")
        elif name == "gallery":
            self.gallery(fragment, ids=block.attrs.get("ids") or ())
        else:
            img = fragment.find("img")
            if name == "image" and img and image_id(img) is None and block.attrs.get("id"):
                img["data-id"] = str(block.attrs["id"])
            self.flow_children(fragment)
        self.end_paragraph()

    def wrapped_url(self, fragment):
        wrapper = fragment.find(class_="wp-block-embed__wrapper")
        return plain(wrapper) if wrapper else ""

    def flow_children(self, node):
        for child in list(node.children):
            self.flow(child)

    def flow(self, node):
        if isinstance(node, NavigableString):
            if type(node) is NavigableString:  # not a comment, CDATA or doctype
                self.inline.append(node)
            return
        name = node.name
        handlers = {
            "p": self.paragraph,
            "h1": self.heading,
            "h2": self.heading,
            "ul": self.list,
            "ol": self.list,
            "blockquote": self.quote,
            "table": self.table,
            "pre": self.code,
            "figure": self.figure,
            "img": self.image,
            "bulletin-caption": self.caption,
            "bulletin-gallery": self.gallery_shortcode,
            "bulletin-embed": lambda tag: self.embed(tag.get("data-url", "")),
        }
        if name in handlers:
            handlers[name](node)
        elif name in DROPPED:
            self.notes.append(f"removed <{name}>")
        elif name in ("h3", "h4", "h5", "h6"):
            self.subheading(node)
        elif name in MEDIA:
            self.media(node)
        elif name == "hr":
            self.end_paragraph()
        elif name in FLOW_CONTAINERS or name == "form":
            if name == "form":
                self.notes.append("removed <form> (its text is kept)")
            self.end_paragraph()
            self.flow_children(node)
            self.end_paragraph()
        elif tags_named(node, BREAKS_PARAGRAPH):
            self.inline_with_blocks(node)
        else:
            self.inline.append(node)

    def inline_with_blocks(self, node):
        """An inline element holding a block: a linked image, or markup to unwrap."""
        img = node.find("img")
        if node.name == "a" and img and not has_text(plain(node)) and len(node.find_all()) == 1:
            self.image(img, link=node.get("href"))
        else:
            self.flow_children(node)

    def pull_media(self, node):
        """Images and embeds inside `node`, taken out to follow it as blocks."""
        return [tag.extract() for tag in top_level(tags_named(node, MEDIA + PLACEHOLDERS))]

    # Elements

    def paragraph(self, node):
        self.end_paragraph()
        self.flow_children(node)
        self.end_paragraph()

    def heading(self, node):
        media = self.pull_media(node)
        text = plain(node)
        self.note_links(node, "a heading")
        if len(text) > 255:
            self.end_paragraph()
            bold = new_tag("b")
            bold.string = text
            paragraph = new_tag("p")
            paragraph.append(bold)
            self.add_rich(paragraph)
        elif has_text(text):
            self.emit("heading", {"text": text, "numbered": False})
        for tag in media:
            self.flow(tag)

    def subheading(self, node):
        media = self.pull_media(node)
        level = min(int(node.name[1]), 4)
        self.end_paragraph()
        node.name = f"h{level}"
        self.add_rich(node)
        for tag in media:
            self.flow(tag)

    def list(self, node):
        media = self.pull_media(node)
        items = [li for li in node.find_all("li") if li.find_parent(["ul", "ol"]) is node]
        texts = [text for text in (plain(li) for li in items) if has_text(text)]
        simple = not tags_named(node, RICH_IN_LIST)
        if simple and texts and all(len(text) <= 1000 for text in texts):
            style = "number" if node.name == "ol" else "bullet"
            self.emit("list", {"style": style, "items": texts})
        else:
            # Links, emphasis and nesting need rich text, whose lists keep them.
            self.end_paragraph()
            self.add_rich(node)
        for tag in media:
            self.flow(tag)

    def quote(self, node):
        if {"twitter-tweet", "instagram-media", "tiktok-embed"} & set(classes(node)):
            anchors = node.find_all("a", href=True)
            url = node.get("cite") or (anchors[-1]["href"] if anchors else "")
            if valid_url(url.strip()):
                return self.social(node, url)
        media = self.pull_media(node)
        attribution, cite = "", quote_cite(node)
        if cite is not None:
            self.note_links(cite, "a quote's attribution")
            wrapper = cite.parent
            attribution = plain(cite.extract())
            if wrapper is not node and not has_text(plain(wrapper)):
                wrapper.extract()
        self.note_links(node, "a quote")
        text = plain(node, lines=True)
        if has_text(text):
            self.emit("quote", {"quote": text, "attribution": attribution, "role": ""})
        elif has_text(attribution):
            self.end_paragraph()
            self.text_paragraph(attribution)
        for tag in media:
            self.flow(tag)

    def social(self, node, url):
        """An embedded post (a tweet's blockquote): its text becomes the transcript."""
        holder = soup("")
        holder.extend(node.find_all("p"))
        transcript = self.sanitise(holder, INLINE_FEATURES) if has_text(plain(holder)) else ""
        who = plain(node).strip(" \u2014\u2013-")
        self.embed(url, title=who, transcript=transcript)

    def table(self, node, caption=""):
        media = self.pull_media(node)
        own = node.find("caption")
        if own is not None and own.find_parent("table") is node:
            caption = caption or plain(own.extract())
        self.note_links(node, "a table")
        rows = [tr for tr in node.find_all("tr") if tr.find_parent("table") is node]
        grid, header, spans, hidden = table_grid(rows)
        if not any(has_text(text) for text in grid.values()):
            if has_text(caption):
                self.text_paragraph(caption)
        else:
            width = max((c for _, c in grid), default=0) + 1
            header_row = bool(grid) and (
                rows[0].find_parent("thead") is not None
                or all(header.get((0, c)) for c in range(width))
            )
            header_col = len(rows) > 1 and all(
                header.get((r, 0)) for r in range(1 if header_row else 0, len(rows))
            )
            choice = {(True, True): "both", (True, False): "row", (False, True): "column"}
            value = {
                "data": [[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))],
                "table_header_choice": choice.get((header_row, header_col), "neither"),
                "first_row_is_table_header": header_row,
                "first_col_is_header": header_col,
                "table_caption": caption,
                "cell": hidden,
                "mergeCells": spans,
            }
            self.emit("table", value)
        for tag in media:
            self.flow(tag)

    def code(self, node, caption=""):
        for br in node.find_all("br"):
            br.replace_with("\n")
        text = node.get_text().strip("\n").rstrip()
        if has_text(text):
            self.emit("code", {"language": code_language(node), "code": text, "caption": caption})

    def figure(self, node):
        if "wp-block-gallery" in classes(node) or len(node.find_all("img")) > 1:
            return self.gallery(node)
        caption = node.find("figcaption")
        if caption is not None:
            caption.extract()
        caption_text = plain(caption) if caption is not None else ""
        wrapper = node.find(class_="wp-block-embed__wrapper")
        main = node.find(["table", "pre", "blockquote", *MEDIA, *PLACEHOLDERS])
        if wrapper is not None and not wrapper.find(MEDIA):
            self.embed(plain(wrapper.extract()), caption=caption_text)
        elif main is None:
            if caption is not None:
                node.append(caption)  # text, read in place below
        elif main.name == "img":
            link = main.parent.get("href") if main.parent.name == "a" else None
            self.image(main.extract(), caption, link=link)
        elif main.name in ("table", "pre"):
            handler = self.table if main.name == "table" else self.code
            handler(main.extract(), caption=caption_text)
        elif main.name in MEDIA:
            self.media(main.extract(), caption=caption_text)
        else:
            self.flow(main.extract())
            if caption is not None:
                self.paragraph(caption)
        self.end_paragraph()
        self.flow_children(node)
        self.end_paragraph()

    def image(self, img, caption=None, link=None):
        src = image_src(img)
        refs = [ref for ref in (image_id(img), src) if ref]
        unsized = IMAGE_SIZE_SUFFIX.sub("", src.split("?")[0])
        if src and unsized != src:
            refs.append(unsized)
        image = next((found for ref in refs if (found := self.images(ref)) is not None), None)
        caption_text = plain(caption) if caption is not None else ""
        if image is None:
            missing = upload_path(src) if src else f"attachment {refs[0]}" if refs else "no src"
            self.notes.append(f"image not found: {missing}")
            if has_text(caption_text):
                self.text_paragraph(caption)
            return
        if caption is not None:
            self.note_links(caption, "an image caption")
        long_caption = len(caption_text) > 500
        value = {
            "image": image,
            "alt_text": " ".join((img.get("alt") or "").split()),
            "caption": "" if long_caption else caption_text,
            "credit": "",
        }
        self.emit("image", value)
        if long_caption:
            self.text_paragraph(caption)
        if link and not re.search(r"\.(jpe?g|png|gif|webp|svg)$|attachment_id=|/uploads/", link):
            self.notes.append(f"link on an image not kept: {link}")

    def caption(self, node):
        try:
            attrs = json.loads(node.get("data-attrs") or "{}")
        except ValueError:
            attrs = {}
        img = node.find("img")
        if img is None:
            return self.paragraph(node)
        if image_id(img) is None and (match := re.search(r"(\d+)$", attrs.get("id", ""))):
            img["data-id"] = match[1]
        holder, link = img, None
        if img.parent is not node and img.parent.name == "a" and not has_text(plain(img.parent)):
            holder, link = img.parent, img.parent.get("href")
        holder.extract()
        self.image(img, soup(attrs["caption"]) if attrs.get("caption") else node, link=link)

    def gallery(self, node, ids=()):
        outer = [
            caption
            for caption in node.find_all("figcaption")
            if "blocks-gallery-caption" in classes(caption) or caption.parent is node
        ]
        for caption in outer:
            caption.extract()
        ids = list(ids) if isinstance(ids, list) else []
        for position, img in enumerate(node.find_all("img")):
            if image_id(img) is None and position < len(ids):
                img["data-id"] = str(ids[position])
            holder = next(p for p in img.parents if p is node or p.name in ("figure", "li"))
            caption = None if holder is node else holder.find("figcaption")
            link = img.parent.get("href") if img.parent.name == "a" else None
            self.image(img, caption, link=link)
        for caption in outer:
            self.paragraph(caption)

    def gallery_shortcode(self, node):
        ids = [value for value in re.split(r"[\s,]+", node.get("data-ids", "")) if value]
        if not ids:
            self.notes.append("[gallery] without ids not imported: add its images by hand")
        for value in ids:
            image = self.images(int(value)) if value.isdigit() else None
            if image is None:
                self.notes.append(f"image not found: attachment {value}")
            else:
                self.emit("image", {"image": image, "alt_text": "", "caption": "", "credit": ""})

    def media(self, node, caption=""):
        source = node.find("source")
        src = node.get("src") or node.get("data") or (source.get("src") if source else "")
        if src:
            self.embed(src, title=node.get("title") or "", caption=caption)
        else:
            self.notes.append(f"removed <{node.name}> without a source")
            self.paragraph(node)

    def embed(self, url, title="", caption="", transcript=""):
        url = player_page(htmllib.unescape(url or "").strip())
        if url.startswith("//"):
            url = f"https:{url}"
        if check_url(url) is None:
            self.notes.append(f"removed unsafe embed: {url[:100]}")
            return
        if not valid_url(url):
            self.notes.append(f"embed not imported (not a web address): {url[:100]}")
            self.text_paragraph(url)
            return
        title = " ".join((caption or title or url).split())
        value = {"url": url, "title": title, "provider": provider_for(url)}
        self.emit("embed", {**value, "title": title[:255], "transcript": transcript})
        if len(title) > 255:
            self.text_paragraph(title)


def table_grid(rows):
    """Cell texts by (row, column), with merged cells as Wagtail's TableBlock keeps them:
    the covered cells hidden, the first one spanning."""
    grid, header, spans, hidden = {}, {}, [], []
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in grid:
                c += 1
            rowspan = max(1, min(span(cell, "rowspan"), len(rows) - r))
            colspan = max(1, min(span(cell, "colspan"), 50))
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = ""
                    header[(r + dr, c + dc)] = cell.name == "th"
                    if dr or dc:
                        hidden.append({"row": r + dr, "col": c + dc, "hidden": True})
            grid[(r, c)] = plain(cell, lines=True)
            if rowspan > 1 or colspan > 1:
                spans.append({"row": r, "col": c, "rowspan": rowspan, "colspan": colspan})
            c += colspan
    return grid, header, spans, hidden


def span(cell, attr):
    value = str(cell.get(attr) or "1").strip()
    return int(value) if value.isdigit() else 1
