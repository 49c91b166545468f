"""Plain-language rules the content checks apply to text: link text, GOV.UK date style
and reading age."""

import re
from html import unescape

import textstat

# Below this many words a reading age says more about the formula than about the text.
READING_AGE_MIN_WORDS = 30
# Flesch-Kincaid gives a US school grade; a reader starts grade 1 at about six.
GRADE_TO_AGE = 5

VAGUE_LINK_TEXT = {
    "click",
    "click here",
    "continue reading",
    "find out more",
    "here",
    "learn more",
    "link",
    "more",
    "more info",
    "more information",
    "read more",
    "see more",
    "this",
    "this link",
    "this page",
}
URL_TEXT = re.compile(r"^\s*(https?://|www\.)\S+\s*$", re.IGNORECASE)

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
SHORT_MONTHS = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
# GOV.UK style is "10 October 2017": no numbers for months, no ordinals, no abbreviations.
DATE_PATTERNS = [
    (re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"), "a date written in numbers"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "a date written in numbers"),
    (
        re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)\s+(?:of\s+)?(?:{MONTHS}|{SHORT_MONTHS})\b", re.I),
        "an ordinal date",
    ),
    (
        re.compile(rf"\b(?:{MONTHS}|{SHORT_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!\s*:)"),
        "the month before the day",
    ),
    (
        re.compile(rf"\b\d{{1,2}}\s+(?:{SHORT_MONTHS})\.?(?=\s|$|,)"),
        "an abbreviated month",
    ),
]
URL_IN_TEXT = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)


def link_text_problem(text):
    """Why a link's text does not say where it goes, or None."""
    words = re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", unescape(text))).strip().lower()
    if not words and not text.strip():
        return "A link has no text."
    if words in VAGUE_LINK_TEXT:
        return f"The link text “{text.strip()}” does not say where the link goes."
    if URL_TEXT.match(text):
        return f"The link text is a bare address ({text.strip()}): say where it goes instead."
    return None


def find_date_problems(text):
    """Dates not written the GOV.UK way ("10 October 2017"), as (what was found, why)."""
    text = URL_IN_TEXT.sub(" ", text)
    found = []
    for pattern, why in DATE_PATTERNS:
        for match in pattern.finditer(text):
            found.append((match.group(0).strip(), why))
    return found


def reading_age(text):
    """The age at which a reader can follow `text` (Flesch-Kincaid grade + 5), or None
    when the text is too short to measure."""
    if len(text.split()) < READING_AGE_MIN_WORDS:
        return None
    return round(textstat.flesch_kincaid_grade(text) + GRADE_TO_AGE)
