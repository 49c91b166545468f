"""`make faults`: what readers get while Redis, then PostgreSQL, goes away under load.

gunicorn (2 workers) of settings.production behind nginx, with a redis-server and a
PostgreSQL cluster of this script's own on free loopback ports (never the machine's), the
demo content loaded. A few client threads read the seed post, a blog, a listing and a
search through nginx without pause while the script stops and restarts Redis, then
PostgreSQL; a probe reads /healthz/ and /readyz/ four times a second. Each answer is
counted in the phase in which it arrived. Fails (exit 1) when a target is missed:

- every phase: /healthz/ 200; no gunicorn worker restarted
- Redis down (and back): every page 200, from the database; once Redis is back, the page
  cache answers again within 10 s
- PostgreSQL down: every page 200 (from a cache) or the GOV.UK 503 page with Retry-After,
  nothing else, no traceback, each within 2 s; the pages in the page cache still served;
  /readyz/ 503
- after each restart: every page and /readyz/ 200 again within 10 s, with no restart of
  gunicorn

FAULTS_SECONDS (default 6) is how long each service stays down.
"""

import http.client
import os
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

from benchmarks import stack
from benchmarks.stack import say

SEED = (
    "/technology/2017/10/10/"
    "open-source-security-meetup-7-things-we-learned-from-the-cross-government-event/"
)
PAGES = {
    "seed post": SEED,
    "blog": "/technology/",
    "listing": "/all-posts/",
    "search": "/search/?q=security",
    # A query parameter no view reads: the page cache never keeps such an address, so
    # this page is built from the database every time, as a page nobody has read since
    # the last publish would be (the 503 page while PostgreSQL is down).
    "listing, uncached": "/all-posts/?faults=1",
}
PROBES = {"/healthz/": "/healthz/", "/readyz/": "/readyz/"}
CLIENTS = 4
MAX_SECONDS = 2.0  # the slowest answer allowed while PostgreSQL is down
RECOVERY_SECONDS = 10.0  # full service again, after a restart
CLIENT_TIMEOUT = 10.0


@dataclass
class Result:
    sent: float
    name: str
    status: int  # 0: no HTTP answer (refused, reset, timed out)
    seconds: float
    retry_after: str | None = None
    unavailable_page: bool = False
    traceback: bool = False
    page_cache: str | None = None  # X-Page-Cache: "hit" when the page cache answered

    @property
    def answered(self):
        return self.sent + self.seconds


class Load:
    """Client threads reading `paths` in turn through one keep-alive connection each,
    until stopped; bounded by `limit` seconds in any case."""

    def __init__(self, base, paths, threads, pause=0.0, limit=300):
        self.host, self.port = base.removeprefix("http://").split(":")
        self.paths = paths
        self.pause = pause
        self.limit = limit
        self.results = []
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(i,)) for i in range(threads)]

    def __enter__(self):
        self.started = time.monotonic()
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def run(self, offset):
        names = list(self.paths)
        connection = None
        i = offset
        while not self.stopping.is_set() and time.monotonic() - self.started < self.limit:
            name = names[i % len(names)]
            i += 1
            if connection is None:
                connection = http.client.HTTPConnection(
                    self.host, int(self.port), timeout=CLIENT_TIMEOUT
                )
            sent = time.monotonic()
            try:
                connection.request("GET", self.paths[name], headers={"Host": "localhost"})
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = None
                self.results.append(Result(sent, name, 0, time.monotonic() - sent))
                continue
            text = body.decode(errors="replace")
            self.results.append(
                Result(
                    sent,
                    name,
                    response.status,
                    time.monotonic() - sent,
                    response.getheader("Retry-After"),
                    "govuk-template" in text and "Sorry, the service is unavailable" in text,
                    "Traceback" in text or "OperationalError" in text,
                    response.getheader("X-Page-Cache"),
                )
            )
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
            if self.pause:
                self.stopping.wait(self.pause)


def main():
    down_for = float(os.environ.get("FAULTS_SECONDS", "6"))
    with stack.Stack() as services:
        say("faults: PostgreSQL cluster, redis-server, demo content ...")
        postgres = services.postgres()
        postgres.create_database("bulletin")
        redis = services.redis()
        env = stack.production_env(
            postgres.url("bulletin"), redis.url, MEDIA_ROOT=services.dir / "media"
        )
        stack.manage(env, "migrate", "--noinput", "-v0")
        stack.manage(env, "load_demo", "-v0")
        stack.manage(env, "collectstatic", "--noinput", "-v0")
        gunicorn, app = services.gunicorn(env)
        base = services.nginx(app.removeprefix("http://"))
        for name, path in PAGES.items():  # each page once, so that the caches hold them
            status = stack.get(base + path, timeout=30)[0]
            if status != 200:
                sys.exit(f"faults: {name} ({path}) answered {status} before any fault")
        workers = stack.children(gunicorn.pid)

        say(f"faults: under load; each service down for {down_for:g} s")
        phases = []  # (name, start, end)

        def phase(name, seconds, action=None):
            start = time.monotonic()
            if action:
                action()
            time.sleep(max(0.0, seconds - (time.monotonic() - start)))
            phases.append((name, start, time.monotonic()))

        with Load(base, PAGES, CLIENTS) as load, Load(base, PROBES, 1, pause=0.25) as probes:
            phase("all up", 4)
            phase("Redis down", down_for, redis.stop)
            phase("Redis back", RECOVERY_SECONDS + 2, redis.start)
            phase("PostgreSQL down", down_for, postgres.stop)
            phase("PostgreSQL back", RECOVERY_SECONDS + 2, postgres.start)
        restarted = workers != stack.children(gunicorn.pid)
    return report(phases, load.results, probes.results, restarted)


def in_phase(results, start, end):
    """The answers that arrived in the phase: one sent just before a fault and answered
    after it is that fault's."""
    return [r for r in results if start <= r.answered < end]


def recovery(results, start):
    """Seconds from `start` to the first successful answer after which nothing failed;
    None if the last answer failed."""
    after = sorted(results, key=lambda r: r.answered)
    last_failure = max((i for i, r in enumerate(after) if r.status != 200), default=None)
    if last_failure is None:
        return 0.0
    if last_failure + 1 == len(after):
        return None
    return after[last_failure + 1].answered - start


def report(phases, pages, probes, restarted):
    missed = []

    def target(ok, text):
        say(f"  {'PASS' if ok else 'FAIL'}  {text}")
        if not ok:
            missed.append(text)

    say("")
    say("| phase | seconds | page | requests | 200 | 503 | other | slowest ms |")
    say("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for name, start, end in phases:
        results = in_phase(pages, start, end) + in_phase(probes, start, end)
        by_page = defaultdict(list)
        for r in results:
            by_page[r.name].append(r)
        for page in [*PAGES, *PROBES]:
            rs = by_page[page]
            counts = Counter(r.status for r in rs)
            other = ", ".join(
                f"{s or 'none'}: {n}" for s, n in sorted(counts.items()) if s not in (200, 503)
            )
            slowest = max((r.seconds for r in rs), default=0) * 1000
            say(
                f"| {name} | {end - start:.1f} | {page} | {len(rs)} | {counts[200]} | "
                f"{counts[503]} | {other or 0} | {slowest:.0f} |"
            )
    say("")
    for name, start, end in phases:
        page_results = in_phase(pages, start, end)
        probe_results = in_phase(probes, start, end)
        healthz = [r for r in probe_results if r.name == "/healthz/"]
        readyz = [r for r in probe_results if r.name == "/readyz/"]
        slowest = max((r.seconds for r in page_results + probe_results), default=0)
        say(f"{name}:")
        target(bool(page_results), f"{name}: pages were read ({len(page_results)} answers)")
        target(all(r.status == 200 for r in healthz), f"{name}: /healthz/ 200 throughout")
        say(f"  ----  {name}: slowest answer {slowest * 1000:.0f} ms")
        if name in ("all up", "Redis down", "Redis back"):
            errors = sum(r.status != 200 for r in page_results)
            target(errors == 0, f"{name}: {errors} page errors (target 0)")
        if name == "Redis back":
            # Redis comes back empty: the first hit is a page read again after that.
            hits = [r.answered - start for r in page_results if r.page_cache == "hit"]
            shown = f"{min(hits):.1f} s" if hits else "never"
            target(
                bool(hits) and min(hits) <= RECOVERY_SECONDS,
                f"{name}: the page cache answering again {shown} after the restart "
                f"(target {RECOVERY_SECONDS:g} s)",
            )
        if name == "PostgreSQL down":
            served = sum(r.status == 200 for r in page_results)
            proper = [
                r
                for r in page_results
                if r.status == 503 and r.retry_after and r.unavailable_page and not r.traceback
            ]
            wrong = len(page_results) - served - len(proper)
            target(
                slowest <= MAX_SECONDS,
                f"{name}: every answer within {MAX_SECONDS:g} s (slowest {slowest * 1000:.0f} ms)",
            )
            target(
                wrong == 0,
                f"{name}: {served} pages served, {len(proper)} GOV.UK 503s with Retry-After, "
                f"{wrong} anything else (target 0)",
            )
            cached = sum(r.status == 200 and r.page_cache == "hit" for r in page_results)
            target(cached > 0, f"{name}: {cached} pages served from the page cache (target > 0)")
            target(proper, f"{name}: pages not in a cache answered with the 503 page")
            # Once the stop has finished (the phase's first second), never ready.
            late = [r for r in readyz if r.answered > start + 1]
            target(
                bool(late) and all(r.status == 503 for r in late),
                f"{name}: /readyz/ 503 ({Counter(r.status for r in readyz)})",
            )
        if name.endswith("back"):
            seconds = recovery(page_results + readyz, start)
            shown = "never" if seconds is None else f"{seconds:.1f} s"
            target(
                seconds is not None and seconds <= RECOVERY_SECONDS,
                f"{name}: full service (pages and /readyz/ 200) {shown} after the restart "
                f"(target {RECOVERY_SECONDS:g} s)",
            )
    target(not restarted, "no gunicorn worker was restarted")
    if missed:
        say(f"faults: {len(missed)} target(s) missed")
        return 1
    say("faults: every target met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
