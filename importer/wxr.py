"""Reading a WordPress export (WXR 1.0, 1.1 and 1.2) as a stream of plain records.

Pure: no database. The file is read with defusedxml's iterparse, and each channel-level
record (author, category, tag, term) and each `<item>` is turned into a dataclass and
dropped from the tree as soon as it is read, so memory stays flat however big the file.
Entity declarations (XML bombs) and external references are refused by defusedxml.

What counts as an export follows WordPress's importer (WXR_Parser): elements are known by
their prefix (`wp:`, `excerpt:`, `content:`, `dc:`), whatever namespace URI the file binds
it to (`http://wordpress.org/export/1.0/` to `1.2`, over http or https); the channel must
hold a `wp:wxr_version` of the form 1.2, or the file is refused. A file that is not
well-formed XML is read again with the mending WordPress's regex parser allows
(importer.repair); if it is still broken it is refused with the line and the reason of the
first error.
"""

import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException, EntitiesForbidden
from defusedxml.ElementTree import iterparse

from .records import (
    AUTHOR_FIELDS,
    CHANNEL_FIELDS,
    COMMENT_FIELDS,
    ITEM_FIELDS,
    TERM_FIELDS,
    Author,
    Channel,
    Comment,
    Item,
    Term,
)
from .repair import RepairingReader

VERSION = re.compile(r"^\d+\.\d+$")
SUPPORTED_VERSIONS = {"1.0", "1.1", "1.2"}
# Namespace URIs known whatever prefix the file gives them.
KNOWN_URIS = [
    (re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/?$"), "excerpt"),
    (re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/?$"), "wp"),
    (re.compile(r"^https?://purl\.org/rss/1\.0/modules/content/?$"), "content"),
    (re.compile(r"^https?://purl\.org/dc/elements/1\.1/?$"), "dc"),
]
PREFIXES = {"wp", "excerpt", "content", "dc", "wfw"}


class WXRError(Exception):
    """The file cannot be imported: `reason`, at `line` when known."""

    def __init__(self, reason, line=None):
        super().__init__(reason)
        self.reason = reason
        self.line = line

    def __str__(self):
        return f"line {self.line}: {self.reason}" if self.line else self.reason


class Export:
    """A WXR file. `check()` reads it all and refuses it if it cannot be imported; then
    `records()` streams it (again) as Author, Term and Item records, in file order."""

    def __init__(self, path):
        self.path = path
        self.channel = Channel()
        self.mended = False
        self.notes = []

    def check(self):
        """Read the whole file; raise WXRError if it is not an export WordPress would read.
        Returns {record kind: number found} (items by post type)."""
        counts = {}
        try:
            for record in self._walk(mend=False):
                _count(counts, record)
        except ET.ParseError as error:
            counts = self._check_mended(error)
        if not self.channel.wxr_version:
            raise WXRError(
                "This does not appear to be a WordPress export (WXR) file: the channel has "
                "no <wp:wxr_version>."
            )
        if self.channel.wxr_version not in SUPPORTED_VERSIONS:
            self.notes.append(
                f"WXR version {self.channel.wxr_version} is newer than 1.2: read as 1.2."
            )
        return counts

    def _check_mended(self, first_error):
        counts = {}
        self.channel = Channel()
        try:
            for record in self._walk(mend=True):
                _count(counts, record)
        except ET.ParseError:
            line, _column = first_error.position
            reason = re.sub(r": line \d+, column \d+$", "", str(first_error))
            if reason == "no element found":
                reason += ": the file ends before its closing tags, as a cut-short download does"
            raise WXRError(f"The file is not well-formed XML ({reason}).", line) from None
        self.mended = True
        self.notes.append(
            "The file is not well-formed XML; it was read as WordPress reads it (unescaped "
            "]]> inside CDATA, control characters or missing namespace declarations mended)."
        )
        return counts

    def records(self):
        """Author, Term and Item records in file order (call check() first)."""
        self.channel = Channel()
        yield from self._walk(mend=self.mended)

    def _walk(self, mend):
        with open(self.path, "rb") as raw:
            source = RepairingReader(raw) if mend else raw
            try:
                yield from self._records(source)
            except EntitiesForbidden as error:
                raise WXRError(
                    f"The file declares an XML entity ('{error.name}'): refused, as entities "
                    "can expand without limit (an XML bomb). WordPress exports never "
                    "declare any.",
                    _line_of(self.path, f"<!ENTITY {error.name}".encode()),
                ) from None
            except DefusedXmlException as error:
                raise WXRError(
                    f"The file refers to something outside itself ({error}): refused.",
                    _line_of(self.path, b"<!DOCTYPE"),
                ) from None

    def _records(self, source):
        roles = {}  # namespace URI -> prefix as WordPress knows it
        depth = 0
        root = channel = None
        events = iterparse(source, events=("start", "end", "start-ns"))
        for event, value in events:
            if event == "start-ns":
                prefix, uri = value
                roles[uri] = prefix if prefix in PREFIXES else _known_role(uri)
                continue
            name = _qname(value.tag, roles)
            if event == "start":
                depth += 1
                if depth == 1:
                    root = value
                    if name != "rss":
                        raise WXRError(
                            "This does not appear to be a WordPress export (WXR) file: "
                            f"it starts with <{name}>, not <rss>.",
                            1,
                        )
                elif depth == 2 and name == "channel":
                    channel = value
                continue
            depth -= 1
            if depth != 2 or channel is None or root is None:
                continue
            # A direct child of <channel>: read it, then drop it from the tree.
            record = self._channel_child(name, value, roles)
            del channel[:]
            if record is not None:
                yield record

    def _channel_child(self, name, element, roles):
        text = _text(element)
        if name == "item":
            return _item(element, roles)
        if name == "wp:wxr_version":
            if not VERSION.match(text.strip()):
                raise WXRError(
                    "This does not appear to be a WordPress export (WXR) file: invalid WXR "
                    f"version number {text.strip()!r}.",
                    _line_of(self.path, b"wxr_version>"),
                )
            self.channel.wxr_version = text.strip()
        elif name in CHANNEL_FIELDS:
            setattr(self.channel, CHANNEL_FIELDS[name], text.strip())
        elif name == "wp:author":
            author = Author(**{"login": "", **_fields(element, roles, AUTHOR_FIELDS, strip=True)})
            return author if author.login else None
        elif name in TERM_FIELDS:
            taxonomy, fields = TERM_FIELDS[name]
            values = _fields(element, roles, fields, strip=True)
            values.setdefault("taxonomy", taxonomy)
            return Term(**{"slug": "", **values})
        return None


def _count(counts, record):
    if isinstance(record, Item):
        key = record.post_type or "post"
    elif isinstance(record, Term):
        key = f"term:{record.taxonomy}"
    else:
        key = type(record).__name__.lower()
    counts[key] = counts.get(key, 0) + 1


def _known_role(uri):
    for pattern, role in KNOWN_URIS:
        if pattern.match(uri):
            return role
    return None


def _qname(tag, roles):
    """`{uri}local` as WordPress names it: `wp:post_id`, `title`."""
    if tag[:1] != "{":
        return tag
    uri, local = tag[1:].split("}", 1)
    role = roles.get(uri) or _known_role(uri)
    return f"{role}:{local}" if role else tag


def _text(element):
    return element.text or ""


def _fields(element, roles, names, strip=False):
    values = {}
    for child in element:
        key = names.get(_qname(child.tag, roles))
        if key:
            values[key] = _text(child).strip() if strip else _text(child)
    return values


def _item(element, roles):
    item = Item()
    for child in element:
        name = _qname(child.tag, roles)
        if name in ITEM_FIELDS:
            setattr(item, ITEM_FIELDS[name], _text(child))
        elif name == "category":
            # As WordPress: only terms with a nicename count (old exports repeat each
            # without one); WXR 1.0 says "tag" where later versions say "post_tag".
            slug = child.get("nicename")
            if slug is not None:
                taxonomy = child.get("domain") or "category"
                taxonomy = "post_tag" if taxonomy == "tag" else taxonomy
                item.terms.append((taxonomy, slug, _text(child)))
        elif name == "wp:postmeta":
            meta = _fields(child, roles, {"wp:meta_key": "key", "wp:meta_value": "value"})
            if meta.get("key"):
                item.meta[meta["key"].strip()] = meta.get("value", "")
        elif name == "wp:comment":
            values = _fields(child, roles, COMMENT_FIELDS)
            for key in ("wp_id", "approved", "type", "parent", "date", "date_gmt", "ip"):
                if key in values:
                    values[key] = values[key].strip()
            item.comments.append(Comment(**{"wp_id": "", **values}))
    for key in ("wp_id", "post_type", "status", "post_name", "parent", "post_date"):
        setattr(item, key, getattr(item, key).strip())
    item.post_date_gmt = item.post_date_gmt.strip()
    item.post_type = item.post_type or "post"
    return item


def _line_of(path, needle):
    """The first line of the file holding `needle`, or None."""
    with open(path, "rb") as lines:
        for number, line in enumerate(lines, 1):
            if needle in line:
                return number
    return None
