"""Measure pages in-process: query count, median and 95th-percentile server time."""

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

RUNS = 50


def measure(client: Client, url: str, runs: int = RUNS) -> dict:
    """Warm up once, count queries on one request, then time `runs` requests."""

    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")

    return measure_call(get, runs)


def measure_call(call, runs: int = RUNS) -> dict:
    """Warm up once, count queries on one call, then time `runs` calls."""
    call()
    with CaptureQueriesContext(connection) as queries:
        call()
    # Read now: the captured list is a slice of connection.queries, which the next
    # request's reset_queries empties.
    query_count = len(queries)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {
        "queries": query_count,
        "median_ms": statistics.median(timings),
        "p95_ms": timings[max(0, round(0.95 * len(timings)) - 1)],
    }


def table(rows: list[tuple[str, str, dict]]) -> str:
    """A Markdown table of (name, url, measurement) rows."""
    lines = [
        "| page | URL | queries | median ms | p95 ms |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for name, url, m in rows:
        lines.append(
            f"| {name} | `{url}` | {m['queries']} | {m['median_ms']:.1f} | {m['p95_ms']:.1f} |"
        )
    return "\n".join(lines)
