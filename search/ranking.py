"""Title first: a post with the reader's words in its title comes before one with them in
its summary, which comes before one with them only in its body (speakers' roles included).

The database backends rank by their full-text score alone, and neither keeps that order:
SQLite's bm25() weighs the title and body columns alike and ignores `boost`; PostgreSQL's
ts_rank honours boosts as weights, but divides a title's score by its length, so a long
title loses to a summary match. Elasticsearch and OpenSearch honour the boosts, so this
applies to the database backends only. The backend's order breaks ties."""

import re
from dataclasses import dataclass

from .highlight import STOPWORDS, stem, stem_pattern


@dataclass
class Term:
    """A phrase or word of the search, as a regex matching stems the way the highlighting
    marks them, and `literal`: the stem it starts with, for a quick test."""

    regex: re.Pattern
    literal: str

    def holders(self, texts, lowered):
        """The indexes of the `texts` that hold the term; `lowered` is, for each text,
        text.lower() for an ASCII text, None otherwise. A first search of a common word
        checks thousands of titles and summaries, and a regex ignoring case costs several
        times a substring test; in ASCII text a match ignoring case is one of the
        lower-cased stem, so a text without it skips the regex (re matches some non-ASCII
        letters to ASCII ones, "ſ" to "s", hence the regex alone for other texts)."""
        search, literal = self.regex.search, self.literal
        if literal.isascii():
            candidates = [i for i, low in enumerate(lowered) if low is None or literal in low]
        else:
            candidates = range(len(texts))
        return [i for i in candidates if search(texts[i])]


def terms(words, phrases=()):
    """One term per phrase and per distinct word (common words left out, as the
    highlighting does)."""
    found = []
    for phrase in phrases:
        stems = [stem(word) for word in phrase.split()]
        regex = r"\W+".join(stem_pattern(s) for s in stems)
        found.append(Term(re.compile(regex, re.IGNORECASE), stems[0]))
    for s in dict.fromkeys(stem(w) for w in words if w.lower() not in STOPWORDS):
        found.append(Term(re.compile(stem_pattern(s), re.IGNORECASE), s))
    return found


def held(texts, wanted):
    """For each of `texts`, how many of the `wanted` terms it holds."""
    lowered = [text.lower() if text.isascii() else None for text in texts]
    counts = [0] * len(texts)
    for term in wanted:
        for i in term.holders(texts, lowered):
            counts[i] += 1
    return counts


def title_first(rows, parsed):
    """`rows` of (pk, path, title, summary) in the backend's order, sorted by how many of
    the reader's terms the title holds, then the summary."""
    wanted = terms(parsed.words, parsed.phrases)
    in_titles = held([row[2] for row in rows], wanted)
    in_summaries = held([row[3] for row in rows], wanted)
    # A stable sort in one pass: the rows of each (title, summary) count, in order.
    groups = {}
    for row, key in zip(rows, zip(in_titles, in_summaries, strict=True), strict=True):
        groups.setdefault(key, []).append(row)
    return [row for key in sorted(groups, reverse=True) for row in groups[key]]
