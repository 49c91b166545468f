"""Title first: a post with the reader's words in its title comes before one with them in
its summary, which comes before one with them only in its body (speakers' roles included).

The database backends rank by their full-text score alone, and neither keeps that order:
SQLite's bm25() weighs the title and body columns alike and ignores `boost`; PostgreSQL's
ts_rank honours boosts as weights, but divides a title's score by its length, so a long
title loses to a summary match. Elasticsearch and OpenSearch honour the boosts, so this
applies to the database backends only. The backend's order breaks ties."""

import re

from .highlight import STOPWORDS, stem, stem_pattern


def term_patterns(words, phrases=()):
    """One regex per phrase and per distinct word (common words left out, as the
    highlighting does), matching stems the way the highlighting marks them."""
    patterns = [r"\W+".join(stem_pattern(stem(word)) for word in p.split()) for p in phrases]
    stems = dict.fromkeys(stem(w) for w in words if w.lower() not in STOPWORDS)
    patterns += [stem_pattern(s) for s in stems]
    return [re.compile(p, re.IGNORECASE) for p in patterns]


def title_first(rows, parsed):
    """`rows` of (pk, path, title, summary) in the backend's order, sorted by how many of
    the reader's terms the title holds, then the summary."""
    terms = term_patterns(parsed.words, parsed.phrases)

    def held(text):
        return sum(1 for term in terms if term.search(text))

    ranked = sorted(enumerate(rows), key=lambda row: (-held(row[1][2]), -held(row[1][3]), row[0]))
    return [row for _, row in ranked]
