"""Search, each request the first of its search: the cached matches are dropped before
every request (as when the worker indexes a post), so the full-text query, the ranking
and the facet counts run each time; no page cache (a search never asked before is not in
it). The rest of the page (site, settings, navigation) comes from the content cache, as
for any search after the first request of a content version. `--after-publish` replaces
the whole content cache before every request instead (as a publish does): the page around
the results is read again too.

Two parts. The suite's fixed searches (benchmarks.search), each timed RUNS times. Then
many different searches drawn from the bench corpus (demo.corpus, the vocabulary
make_bench_data writes with) at different frequencies: a common word (in most posts), a
middling one, a rare one (in a handful), three words, and a phrase taken from a post's
summary; each search run once, cold, and the median and 95th percentile taken over the
searches. The issue's target: the 95th percentile under 50 ms on PostgreSQL.

Run alone: `DJANGO_SETTINGS_MODULE=settings.bench python -m benchmarks.search_cold
[--after-publish]`.
"""

import random
import statistics
import sys
import time
from urllib.parse import urlencode

from django.core.signals import request_started
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from benchmarks.harness import measure

DRAWN = 40  # different searches of each kind
SEED = 16
# Ranks in the corpus's vocabulary (its most frequent word is rank 0).
COMMON = (75, 200)  # the blogs' own words: in most posts
MIDDLING = (200, 1500)
RARE = (1500, 8000)


AFTER_PUBLISH = "--after-publish" in sys.argv


def forget(**kwargs):
    # Imported here, as below: `python -m benchmarks.search_cold` sets Django up first.
    from contentcache import content
    from search import matches

    if AFTER_PUBLISH:
        content.bump()
    matches.invalidate()


def url(q):
    return f"/search/?{urlencode({'q': q})}"


def drawn_queries(rng):
    """{kind: [q, ...]}: DRAWN different searches of each kind."""
    from demo.corpus import FUNCTION_WORDS, Corpus
    from posts.models import PostPage

    words = Corpus().words

    def pick(span, count=1):
        return " ".join(rng.sample(words[span[0] : span[1]], count))

    summaries = list(
        PostPage.objects.filter(slug__startswith="bench-post-")
        .order_by("pk")
        .values_list("summary", flat=True)
    )
    phrases = []
    for summary in rng.sample(summaries, min(len(summaries), DRAWN * 3)):
        text = [w for w in summary.rstrip(".").lower().split() if w.isalpha()]
        start = rng.randrange(max(1, len(text) - 3))
        window = text[start : start + rng.choice((2, 3))]
        # A phrase of common words only is no search (they are not indexed).
        if len(window) > 1 and any(w not in FUNCTION_WORDS for w in window):
            phrases.append(f'"{" ".join(window)}"')
    return {
        "one common word": [pick(COMMON) for _ in range(DRAWN)],
        "one middling word": [pick(MIDDLING) for _ in range(DRAWN)],
        "one rare word": [pick(RARE) for _ in range(DRAWN)],
        "three words": [
            " ".join((pick(COMMON), pick(MIDDLING), pick(COMMON))) for _ in range(DRAWN)
        ],
        "phrase": phrases[:DRAWN],
    }


def time_each(client, queries):
    """One cold request per search: median, 95th percentile and most queries."""
    timings, most = [], 0
    for q in queries:
        forget()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url(q))
            timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url(q)} answered {response.status_code}")
        most = max(most, len(captured))
    timings.sort()
    return {
        "queries": most,
        "median_ms": statistics.median(timings),
        "p95_ms": timings[max(0, round(0.95 * len(timings)) - 1)],
    }


@override_settings(BULLETIN_PAGE_CACHE=False)
def run(client):
    from benchmarks import search

    request_started.connect(forget, dispatch_uid="bench-search-cold")
    try:
        rows = [(f"{name} (first time)", u, measure(client, u)) for name, u in search.cases()]
    finally:
        request_started.disconnect(dispatch_uid="bench-search-cold")
    client.get(url("warm up"))  # the process's first request: imports, templates
    rng = random.Random(SEED)  # noqa: S311 - sample queries, not secrets
    for kind, queries in drawn_queries(rng).items():
        example = f"{len(queries)} searches, e.g. {url(queries[0])}"
        rows.append((f"{kind} (first time)", example, time_each(client, queries)))
    return rows


def main():
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.bench")
    django.setup()
    from django.test import Client

    from benchmarks.harness import table

    sys.stdout.write(table(run(Client())) + "\n")


if __name__ == "__main__":
    main()
