"""What a reader typed, made safe and turned into a query for Wagtail's search backends."""

import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings

from wagtail.search.query import And, Phrase, PlainText

MAX_QUERY_LENGTH = settings.SEARCH_QUERY_MAX_LENGTH

# Words are letters and digits, joined by inner hyphens or apostrophes ("buy-in",
# "department's"). Everything else is a separator: the backends' own query syntaxes
# (tsquery, FTS5, Lucene) never see a reader's punctuation, so no input can break them.
WORD = re.compile(r"\w+(?:['’-]\w+)*")
QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"'})


def normalise(text):
    """Drop control and format characters (NUL, bidi overrides) and collapse whitespace."""
    cleaned = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text
    )
    return " ".join(cleaned.split())


@dataclass
class ParsedQuery:
    """Loose words and "quoted phrases"; `query` is None when nothing searchable is left."""

    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)

    @property
    def query(self):
        parts = [Phrase(phrase) for phrase in self.phrases]
        if self.words:
            parts.append(PlainText(" ".join(self.words), operator="and"))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(parts)


def parse(text):
    """Split `text` on double quotes: what is inside a pair is a phrase (an unclosed quote
    runs to the end); a one-word phrase is just a word."""
    parsed = ParsedQuery()
    for index, part in enumerate(text.translate(QUOTES).split('"')):
        words = WORD.findall(part)
        if index % 2 and len(words) > 1:
            parsed.phrases.append(" ".join(words))
        else:
            parsed.words.extend(words)
    return parsed
