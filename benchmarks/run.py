"""`make bench`: every benchmark suite on the current database; prints Markdown tables.

Each suite is a module in this package with a `cases()` function returning
(name, url) pairs (or a `run(client)` function returning measured rows), and optionally
SETTINGS to run it with; or a `report()` function that runs in processes of its own and
returns its own Markdown table (benchmarks/alerts.py). Add a module to SUITES to add a
suite.
"""

import importlib
import os
import platform
import sys

import django

SUITES = [
    "benchmarks.pages",
    "benchmarks.pages_uncached",
    "benchmarks.cold",
    "benchmarks.search",
    "benchmarks.search_cold",
    "benchmarks.editor",
    "benchmarks.alerts",
]


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.bench")
    django.setup()
    from django.db import connection
    from django.test import Client, override_settings

    from benchmarks.harness import measure, table

    client = Client()
    write = sys.stdout.write
    machine = f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    write(f"Machine: {machine}\nDatabase: {connection.vendor}\n\n")
    for suite in SUITES:
        module = importlib.import_module(suite)
        if hasattr(module, "report"):
            write(f"## {suite.rsplit('.', 1)[-1]}\n\n{module.report()}\n\n")
            continue
        with override_settings(**getattr(module, "SETTINGS", {})):
            if hasattr(module, "run"):
                rows = module.run(client)  # a suite that measures more than GETs
            else:
                rows = [(name, url, measure(client, url)) for name, url in module.cases()]
        write(f"## {suite.rsplit('.', 1)[-1]}\n\n{table(rows)}\n\n")


if __name__ == "__main__":
    sys.exit(main())
