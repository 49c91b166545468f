"""`make loadtest`: settings.production under wrk on the benchmark database.

Builds the database once (as `make bench` does: migrate, load_demo, make_bench_data up to
LOADTEST_POSTS posts) and a yardstick page in it: a plain Wagtail page (a StandardPage) of
20 paragraphs of rich text. Then, for each way of caching, serves settings.production with
gunicorn (2 workers) on 127.0.0.1, behind nothing, with a redis-server of its own, reads
every page once to warm the caches and runs wrk on each page in turn:

- warm: the page cache and the content cache (BULLETIN_PAGE_CACHE=1, REDIS_URL set)
- content cache only: BULLETIN_PAGE_CACHE=0, BULLETIN_CONTENT_CACHE=1, REDIS_URL set
- no cache: BULLETIN_CONTENT_CACHE=0, no REDIS_URL (each process's local memory only)

It prints requests per second, p50 and p99, non-2xx answers and each page's rate as a
fraction of /healthz/'s in the same way of caching (the stack's ceiling on this machine),
then each target, PASS or FAIL. It fails (exit 1) on any non-2xx answer or socket error;
a missed ratio is reported, not a failure (the machine's load moves those).

Every request says `Accept-Encoding: gzip`, as browsers, feed readers and CDNs do, so a
page in the page cache is answered with its gzip copy (contentcache.compression): the
Atom feed's 269 KB are 47 KB on the wire. LOADTEST_ACCEPT_ENCODING sets another value;
empty, none is sent (every answer is the page as built, as wrk sends by default).

Environment: LOADTEST_DATABASE_URL (default: make bench's bulletin_bench), LOADTEST_POSTS
(5000), LOADTEST_SECONDS (20 per page), LOADTEST_CONNECTIONS (10); to measure part of it,
LOADTEST_MODES and LOADTEST_PAGES (comma-separated names, e.g. "content cache only" and
"/healthz/,seed post"; `/healthz/` is always run, every ratio needs it).
"""

import json
import os
import subprocess
import sys

from benchmarks import stack
from benchmarks.stack import say

DATABASE_URL = os.environ.get(
    "LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bulletin_bench"
)
POSTS = int(os.environ.get("LOADTEST_POSTS", "5000"))
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "20"))
CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "10"))
ACCEPT_ENCODING = os.environ.get("LOADTEST_ACCEPT_ENCODING", "gzip").strip()
HEADERS = {"Accept-Encoding": ACCEPT_ENCODING} if ACCEPT_ENCODING else {}
ONLY_MODES = [m.strip() for m in os.environ.get("LOADTEST_MODES", "").split(",") if m.strip()]
ONLY_PAGES = [p.strip() for p in os.environ.get("LOADTEST_PAGES", "").split(",") if p.strip()]

SEED = (
    "/technology/2017/10/10/"
    "open-source-security-meetup-7-things-we-learned-from-the-cross-government-event/"
)
YARDSTICK_SLUG = "loadtest-yardstick"
MODES = {
    "warm": {"BULLETIN_PAGE_CACHE": 1, "BULLETIN_CONTENT_CACHE": 1},
    "content cache only": {"BULLETIN_PAGE_CACHE": 0, "BULLETIN_CONTENT_CACHE": 1},
    "no cache": {"BULLETIN_PAGE_CACHE": 0, "BULLETIN_CONTENT_CACHE": 0},
}
# Targets from issue 16, as fractions of /healthz/'s requests per second in the same run.
WARM_RATIO, WARM_P99_MS, CONTENT_SEED_RATIO = 0.8, 20, 0.4


def prepare():
    """In a child process with settings.bench: the database, built once, and the URLs."""
    import psycopg
    from psycopg import sql

    server, name = os.environ["DATABASE_URL"].rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        exists = "SELECT 1 FROM pg_database WHERE datname = %s"
        if not connection.execute(exists, [name]).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=0)

    from posts.models import BlogPage, Category, PostPage

    missing = POSTS - PostPage.objects.filter(slug__startswith="bench-post-").count()
    if missing > 0:
        call_command("make_bench_data", posts=missing, stdout=sys.stderr)  # stdout: the URLs
    # As a deploy does: the bodies this code renders differently (none if up to date).
    call_command("render_bodies", stdout=sys.stderr)
    blog = BlogPage.objects.get(slug="bench-digital")
    post = PostPage.objects.child_of(blog).live().order_by("-date", "-pk").first()
    category = Category.objects.filter(posts__in=PostPage.objects.child_of(blog)).first()
    json.dump(
        {
            "pages": {
                "/healthz/": "/healthz/",
                "home": "/",
                "blog": blog.url,
                "seed post": SEED,
                "post (bench)": post.url,
                "category": f"{blog.url}category/{category.slug}/",
                "Atom feed": f"{blog.url}feed/atom/",
                "search": "/search/?q=security",
            },
            "yardstick": yardstick().url,
            "page_cache_built": hasattr(settings, "BULLETIN_PAGE_CACHE"),
            "posts": PostPage.objects.count(),
        },
        sys.stdout,
    )


def yardstick():
    """A plain Wagtail page, 20 paragraphs of rich text, under the home page (made once)."""
    from demo.factories import make_home, make_standard_page
    from home.models import StandardPage

    page = StandardPage.objects.filter(slug=YARDSTICK_SLUG).first()
    if page is None:
        sentence = (
            "Teams across government publish what they learn so that others can "
            "<b>reuse</b> it, and a reader should reach it quickly on any device, on a "
            'slow connection or with <a href="https://www.gov.uk/">assistive technology</a>, '
            "<i>without waiting</i> for the server. "
        )
        body = "".join(f"<p>{n}. {sentence * 2}</p>" for n in range(1, 21))
        page = make_standard_page(
            make_home(), "Load test yardstick", body, slug=YARDSTICK_SLUG, summary="20 paragraphs."
        )
    return page


def build():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "settings.bench", "DATABASE_URL": DATABASE_URL}
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.loadtest", "prepare"],
        cwd=stack.ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    if result.returncode:
        sys.exit("loadtest: building the database failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_mode(services, name, flags, redis, pages):
    """One way of caching: its own gunicorn, warmed, then wrk on each page."""
    redis_url = redis.url if flags["BULLETIN_CONTENT_CACHE"] else None
    env = stack.production_env(DATABASE_URL, redis_url, **flags)
    gunicorn, base = services.gunicorn(env)
    try:
        sent = {}
        for _ in range(3):  # both workers, every cache
            for page, path in pages.items():
                status, headers, body = stack.get(base + path, timeout=60, headers=HEADERS)
                if status != 200:
                    sys.exit(f"loadtest: {name}: {page} ({path}) answered {status}")
                sent[page] = f"{len(body):,} B {headers.get('Content-Encoding', 'identity')}"
        results = {}
        for page, path in pages.items():
            results[page] = stack.wrk(base + path, SECONDS, CONNECTIONS, headers=HEADERS)
            r = results[page]
            say(f"  {name}: {page}: {r['rps']:.0f} req/s, p99 {r['p99_ms']:.1f} ms ({sent[page]})")
        return results
    finally:
        stack.stop_process(gunicorn)


def main():
    say(f"loadtest: the database at {DATABASE_URL}, topped up to {POSTS} bench posts")
    built = build()
    pages = built["pages"]
    env = stack.production_env(DATABASE_URL)
    stack.manage(env, "collectstatic", "--noinput", "-v0")
    if ONLY_PAGES:
        pages = {p: path for p, path in pages.items() if p in ONLY_PAGES or p == "/healthz/"}
    runs = {}
    with stack.Stack() as services:
        for name, flags in MODES.items():
            if ONLY_MODES and name not in ONLY_MODES:
                continue
            redis = services.redis()  # an empty cache for each way
            mode_pages = dict(pages)
            if name == "no cache" and (not ONLY_PAGES or "yardstick" in ONLY_PAGES):
                mode_pages["yardstick"] = built["yardstick"]
            runs[name] = run_mode(services, name, flags, redis, mode_pages)
            redis.stop()
    return report(runs, built)


def failures(r):
    """Answers that were not 2xx, sockets that failed or timed out; a run in which nothing
    was answered at all counts as one."""
    return r["non_2xx"] + r["socket_errors"] + (r["requests"] == 0)


def report(runs, built):
    say(
        "",
        f"wrk, {SECONDS} s per page, {CONNECTIONS} connections, gunicorn with 2 workers, "
        f"settings.production, {built['posts']} posts, "
        f"Accept-Encoding: {ACCEPT_ENCODING or '(none)'}",
        "",
        "| caching | page | req/s | p50 ms | p99 ms | non-2xx | socket errors | of /healthz/ |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    )
    for mode, results in runs.items():
        ceiling = results["/healthz/"]["rps"] or 1
        for page, r in results.items():
            say(
                f"| {mode} | {page} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} "
                f"| {r['non_2xx']} | {r['socket_errors']} | {r['rps'] / ceiling:.0%} |"
            )
    if not built["page_cache_built"]:
        say("", "(This build has no page cache: BULLETIN_PAGE_CACHE is not read, so 'warm' "
            "is the content cache only.)")  # fmt: skip
    say("")
    checks = []
    warm = runs.get("warm", {})
    for page, r in warm.items():
        if page == "/healthz/":
            continue
        ratio = r["rps"] / (warm["/healthz/"]["rps"] or 1)
        checks.append((ratio >= WARM_RATIO, f"warm: {page} at {ratio:.0%} of /healthz/ (>= 80%)"))
        checks.append((r["p99_ms"] < WARM_P99_MS, f"warm: {page} p99 {r['p99_ms']:.1f} ms (< 20)"))
    content = runs.get("content cache only", {})
    if "seed post" in content:
        ratio = content["seed post"]["rps"] / (content["/healthz/"]["rps"] or 1)
        checks.append((ratio >= CONTENT_SEED_RATIO, f"content cache only: seed post at "
                       f"{ratio:.0%} of /healthz/ (>= 40%)"))  # fmt: skip
    none = runs.get("no cache", {})
    if "seed post" in none and "yardstick" in none:
        seed, stick = none["seed post"]["rps"], none["yardstick"]["rps"]
        text = (
            f"no cache: seed post {seed:.0f} req/s >= the yardstick's {stick:.0f} "
            "(a StandardPage of 20 rich-text paragraphs)"
        )
        checks.append((seed >= stick, text))
    errors = sum(failures(r) for res in runs.values() for r in res.values())
    checks.append(
        (errors == 0, f"every answer 2xx: {errors} non-2xx, socket errors or silent runs")
    )
    for ok, text in checks:
        say(f"  {'PASS' if ok else 'FAIL'}  {text}")
    missed = sum(not ok for ok, _ in checks)
    say(f"loadtest: {len(checks) - missed} targets met, {missed} missed")
    return 1 if errors else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["prepare"]:
        prepare()
    else:
        sys.exit(main())
