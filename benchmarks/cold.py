"""Cold pages: each request the first after a change. The content version is replaced
(as any publish does) before every measured request, so everything the content cache
keeps misses and the page is built from the database; what Wagtail and Django keep per
process (content types, URL resolvers, templates) and the rendition cache stay warm, as
they do in a running server.

Prints, per page, the queries of one cold request and the median and 95th percentile of
RUNS cold requests against the targets of issue 16 (part 4 "Cold speed"). Then the same
page's first request after a change once another page (the home page) has been read
under the new version: what most readers after a publish pay, since the parts every page
shares (the site, its settings, the navigation) are built by the first request of all
and brought back for the rest (contentcache.content's recipes). The targets are judged
on the first figure.
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
# Read first under each new version for the second figure: it builds what every page shares.
ANOTHER_PAGE = "/"


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


def measure(client, url, runs=RUNS, after=None):
    """Cold requests of `url`; with `after`, each once `after` has been read under the
    new version (untimed)."""
    from contentcache import content

    def change():
        content.replace_token(content.VERSION_KEY)  # outside the timing: a publish pays it
        if after is not None:
            client.get(after)

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
        "| page | URL | queries | median ms | p95 ms | after another page: queries, median, "
        "p95 ms | target | met |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for name, url, target_ms, target_queries in cases():
        m = measure(client, url)
        a = measure(client, url, after=ANOTHER_PAGE)
        target = f"≤ {target_ms} ms" + (f", ≤ {target_queries} queries" if target_queries else "")
        met = m["median_ms"] <= target_ms and (
            target_queries is None or m["queries"] <= target_queries
        )
        lines.append(
            f"| {name} | `{url}` | {m['queries']} | {m['median_ms']:.1f} | {m['p95_ms']:.1f} "
            f"| {a['queries']}, {a['median_ms']:.1f}, {a['p95_ms']:.1f} "
            f"| {target} | {'yes' if met else 'no'} |"
        )
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    lines.append(f"\nLoad average after the run: {load} (a shared machine's timings vary).")
    return "\n".join(lines)


if __name__ == "__main__":  # this suite alone: python -m benchmarks.cold
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.bench")
    django.setup()
    sys.stdout.write(report() + "\n")
