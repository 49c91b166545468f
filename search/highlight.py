"""Excerpts of a result with the reader's words marked, built from escaped text.

The database backends give no highlights, so they are made here: the text is split around
the matches and every piece is escaped before <mark> is put around the matched ones, so
nothing a writer or a reader typed can become markup.
"""

import html
import re
from collections.abc import Mapping, Sequence

from django.utils.html import escape
from django.utils.safestring import mark_safe

EXCERPT_WORDS = 40
# Suffixes trimmed so that "security" also marks "secure" and "securely", as the
# stemmed full-text match found them.
SUFFIXES = ("ities", "ity", "ies", "ing", "ed", "es", "ly", "s", "y", "e")
# Raw StreamField keys that never hold prose: block types and ids, choices, addresses.
NON_PROSE_KEYS = {"type", "id", "style", "language", "url"}
# A tag: "<" then a letter, "/" or "!", up to the next ">". Wagtail writes ">" inside an
# attribute as "&gt;", so in its rich text this finds the tags Django's strip_tags finds,
# forty times as fast: strip_tags parses each string as HTML (40 µs a paragraph), most of
# the time of an excerpt found deep in a body. What is left is text, escaped when shown.
TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
STOPWORDS = {
    *("a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "in", "is"),
    *("it", "of", "on", "or", "that", "the", "this", "to", "was", "were", "with"),
}


def stem(word):
    word = word.lower()
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def stem_pattern(stemmed):
    return rf"\b{re.escape(stemmed)}\w*"


def pattern(words, phrases=()):
    """A regex matching the phrases, and any word starting with the stem of one of `words`
    (common words alone are not marked: "in" would light up half the text)."""
    alternatives = [
        r"\W+".join(stem_pattern(stem(word)) for word in phrase.split()) for phrase in phrases
    ]
    stems = {stem(w) for w in words if w.lower() not in STOPWORDS}
    alternatives += [stem_pattern(s) for s in sorted(stems, key=len, reverse=True)]
    if not alternatives:
        return None
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


def mark(text, regex):
    """`text` escaped, with the matches of `regex` in <mark>."""
    if regex is None:
        return escape(text)
    pieces, position = [], 0
    for match in regex.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    # nosemgrep: bulletin.mark-safe-non-literal - every piece is escaped above
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above


def prose(raw):
    """The text in a StreamField's raw JSON, rich text stripped of tags. Read from the raw
    data so that no chosen person, image or page is loaded: results cost no queries."""
    if isinstance(raw, str):
        text = " ".join(html.unescape(TAG.sub("", raw)).split())
        if text:
            yield text
    elif isinstance(raw, Mapping):
        for key, value in raw.items():
            if key not in NON_PROSE_KEYS:
                yield from prose(value)
    elif isinstance(raw, Sequence):  # lists, and StreamValue's RawDataView
        for item in raw:
            yield from prose(item)


def window(text, match, words=EXCERPT_WORDS):
    """About `words` words of `text` (single-spaced) around `match`, cut at word breaks,
    with an ellipsis where cut."""
    start = text.rfind(" ", 0, match.start()) + 1  # the start of the word holding the match
    before, after = text[:start].split(), text[start:].split()
    lead = before[-(words // 4) :]
    tail = after[: words - len(lead)]
    prefix = "… " if len(lead) < len(before) else ""
    suffix = " …" if len(tail) < len(after) else ""
    return prefix + " ".join([*lead, *tail]) + suffix


def excerpt(summary, raw_body, regex):
    """The summary if it has a match of `regex`; otherwise the first passage of the body
    that has one; otherwise the summary as it is. Returned escaped, matches marked."""
    if regex is None or regex.search(summary):
        return mark(summary, regex)
    for text in prose(raw_body):
        match = regex.search(text)
        if match:
            return mark(window(text, match), regex)
    return mark(summary, regex)
