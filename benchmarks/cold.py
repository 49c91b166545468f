"""Cold pages: each request the first after a change. The content version is replaced
(as any publish does) before every measured request, so everything the content cache
keeps under the version misses and the page is built from the database (post cards and
feed entries, kept under what they show rather than the version, are found: no post
changed; a publish in the listed blog adds its card to draw, 40 -> 45 ms for the bench
blog in session 17, and every card drawn 54, and its entry to make and body to read in a
feed); what Wagtail and Django keep per
process (content types, URL resolvers, templates) and the rendition cache stay warm, as
they do in a running server.

Prints, per page, the queries of one cold request and the median and 95th percentile of
RUNS cold requests, with no worker: the first reader after a change builds everything,
the parts every page shares (the site, its settings, the navigation) included. Then the
same page's first request after a change once the worker has done what it does after
every change (contentcache.warm: it reads the home page of each address readers use, so
those shared parts are built under the new version): what the first reader of a page
after a publish pays in production, and what the targets of issue 16 (part 4 "Cold
speed") are judged on. The warm-up builds the shared parts and the home page, not the
page measured: its first render is still the first after the change.
"""

import os
import statistics
import sys
import time

import django
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

RUNS = int(os.environ.get("COLD_RUNS", 50))

# ms at the median; the seed post also at most 10 queries.
POST, LISTING, FEED = 20, 25, 30
SEED_QUERIES = 10


def cases():
    """(name, URL, target ms, target queries or None)."""
    from benchmarks import pages
    from posts.models import BlogPage, PostPage, PostPageTag

    found = dict(pages.cases())
    blog = BlogPage.objects.filter(slug="bench-digital").first() or BlogPage.objects.first()
    post = PostPage.objects.child_of(blog).live().order_by("-date").first()
    tag = PostPageTag.objects.filter(content_object__in=PostPage.objects.child_of(blog)).first()
    return [
        ("seed post", pages.SEED, POST, SEED_QUERIES),
        ("post (bench)", found["post (bench)"], POST, None),
        ("blog", found["blog"], LISTING, None),
        ("category", found["category"], LISTING, None),
        ("tag", f"{blog.url}tag/{tag.tag.slug}/", LISTING, None),
        ("author", found["author"], LISTING, None),
        ("all posts", "/all-posts/", LISTING, None),
        ("year archive", f"{blog.url}{post.date:%Y}/", LISTING, None),
        ("month archive", found["month archive"], LISTING, None),
        ("blog RSS", found["RSS feed"], FEED, None),
        ("blog Atom", found["Atom feed"], FEED, None),
        ("network Atom", "/feed/atom/", FEED, None),
    ]


def cold_get(client, url):
    from contentcache import content

    content.replace_token(content.VERSION_KEY)  # as any change does: a new version
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")


def measure(client, url, runs=RUNS, warmed=False):
    """Cold requests of `url`; if `warmed`, each once the worker's warm-up has run under
    the new version (untimed)."""
    from contentcache import content, warm

    def change():
        content.replace_token(content.VERSION_KEY)  # outside the timing: a publish pays it
        if warmed:
            warm.warm.call()

    cold_get(client, url)  # warm what each process keeps (content types, templates)
    change()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    count = len(queries)
    timings = []
    for _ in range(runs):
        change()
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    timings.sort()
    return {
        "queries": count,
        "median_ms": statistics.median(timings),
        "p95_ms": timings[max(0, round(0.95 * len(timings)) - 1)],
    }


def report():
    from contentcache import content

    if not content.enabled():
        return "The content cache is off (BULLETIN_CONTENT_CACHE): nothing to measure cold."
    client = Client()
    lines = [
        "| page | URL | no worker: queries, median, p95 ms | after the worker's warm-up: "
        "queries | median ms | p95 ms | target | met |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for name, url, target_ms, target_queries in cases():
        m = measure(client, url)
        w = measure(client, url, warmed=True)
        target = f"≤ {target_ms} ms" + (f", ≤ {target_queries} queries" if target_queries else "")
        met = w["median_ms"] <= target_ms and (
            target_queries is None or w["queries"] <= target_queries
        )
        lines.append(
            f"| {name} | `{url}` | {m['queries']}, {m['median_ms']:.1f}, {m['p95_ms']:.1f} "
            f"| {w['queries']} | {w['median_ms']:.1f} | {w['p95_ms']:.1f} "
            f"| {target} | {'yes' if met else 'no'} |"
        )
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    lines.append(f"\nLoad average after the run: {load} (a shared machine's timings vary).")
    return "\n".join(lines)


if __name__ == "__main__":  # this suite alone: python -m benchmarks.cold
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.bench")
    django.setup()
    sys.stdout.write(report() + "\n")
