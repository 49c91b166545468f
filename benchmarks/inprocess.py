"""The pages of `make loadtest` served in one process, in one of its three modes: the CPU
and wall time per request of settings.production's WSGI application with no server or
client around it, so that a busy machine moves the figures less than under wrk, and a
profile of where the time goes.

    DATABASE_URL=.../bulletin_bench [REDIS_URL=redis://.../N] \\
        .venv/bin/python -m benchmarks.inprocess

INPROCESS_MODE: "none" (default: no page cache, no content cache, as the load test's
"no cache"), "content" or "warm" (both need REDIS_URL), or "cold" (the content cache with
its version replaced before each request, as after a publish: benchmarks.cold's case).
INPROCESS_PAGES: comma-separated names (default: the yardstick and the seed post).
INPROCESS_RUNS requests each (300).
INPROCESS_PROFILE=N prints the N costliest functions by cumulative time for each page.
The database is the load test's (`make loadtest` builds it, yardstick included).
"""

import cProfile
import os
import pstats
import secrets
import time

from benchmarks.hits import SEED, call
from benchmarks.loadtest import YARDSTICK_SLUG
from benchmarks.stack import say

RUNS = int(os.environ.get("INPROCESS_RUNS", 300))
MODE = os.environ.get("INPROCESS_MODE", "none")
PROFILE = int(os.environ.get("INPROCESS_PROFILE", 0))
FLAGS = {"none": ("0", "0"), "content": ("0", "1"), "cold": ("0", "1"), "warm": ("1", "1")}
PAGES = {
    "yardstick": f"/{YARDSTICK_SLUG}/",
    "seed post": SEED,
    "home": "/",
    "blog": "/bench-digital/",
    "Atom feed": "/bench-digital/feed/atom/",
    "search": "/search/",
}


def main():
    page_cache, content_cache = FLAGS[MODE]
    os.environ.update(
        DJANGO_SETTINGS_MODULE="settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        BASE_URL="https://localhost",
        BULLETIN_PAGE_CACHE=page_cache,
        BULLETIN_CONTENT_CACHE=content_cache,
    )
    if MODE == "none":
        os.environ.pop("REDIS_URL", None)
    from django.core.management import call_command

    from settings.wsgi import application

    call_command("collectstatic", "--noinput", verbosity=0)  # the manifest production reads

    names = os.environ.get("INPROCESS_PAGES", "yardstick,seed post").split(",")
    from contentcache import content

    def get(path):
        if MODE == "cold":  # as a publish does: every part built again
            content.replace_token(content.VERSION_KEY)
        return call(application, path)

    for name in (n.strip() for n in names):
        path = PAGES[name]
        for _ in range(3):
            status, _headers, body = get(path)
        profiler = cProfile.Profile() if PROFILE else None
        cpu, wall = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        for _ in range(RUNS):
            get(path)
        if profiler:
            profiler.disable()
        cpu = (time.process_time() - cpu) / RUNS * 1e3
        wall = (time.perf_counter() - wall) / RUNS * 1e3
        say(f"{MODE:7} {name:10} {status} {len(body):7} B  CPU {cpu:6.2f} ms  wall {wall:6.2f} ms")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(PROFILE)


if __name__ == "__main__":
    main()
