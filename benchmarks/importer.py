"""The WordPress importer's speed and memory: `python -m benchmarks.importer` (and `make bench`).

Generated exports (benchmarks/wxr.py: 500 and 5,000 posts with comments, tags, images)
are each imported into a fresh PostgreSQL database of its own (`importer_bench`, copied
from `importer_bench_template`, migrated once), so no other benchmark's database is
touched. Each import runs in a child process with `settings.bench` (DEBUG off), which
reports the import's time, then runs the worker on the task it queued (the search and
reference indexes) and reports that time, and its peak resident memory (VmHWM); this
prints posts per second and peak MB as a Markdown table.

    python -m benchmarks.importer [--posts 500 5000] [--server postgres://postgres@127.0.0.1:5432/]
"""

import argparse
import contextlib
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("IMPORTER_BENCH_SERVER", "postgres://postgres@127.0.0.1:5432/")
DATABASE = "importer_bench"
TEMPLATE = "importer_bench_template"
BLOG = "imported-digital"


def sql(server, *statements):
    import psycopg

    with psycopg.connect(f"{server}postgres", autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def child_env(server, database, media):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "settings.bench",
        "DATABASE_URL": f"{server}{database}",
        "MEDIA_ROOT": str(media),
        # Tasks are queued, as in production: the child times the import, then runs the
        # worker on what it queued (the search and reference indexes) and times that.
        "BULLETIN_WORKER": "1",
    }


def prepare_template(server, media):
    """The migrated database every run starts from (migrated again: quick when current)."""
    import psycopg

    with contextlib.suppress(psycopg.errors.DuplicateDatabase):
        sql(server, f"CREATE DATABASE {TEMPLATE}")
    env = child_env(server, TEMPLATE, media)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    code = "import django; django.setup(); from demo.factories import make_home; make_home()"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)  # noqa: S603


def run_one(server, export, uploads, media):
    sql(
        server,
        f"DROP DATABASE IF EXISTS {DATABASE}",
        f"CREATE DATABASE {DATABASE} TEMPLATE {TEMPLATE}",
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "benchmarks.importer", "--child", str(export), str(uploads)],
        cwd=ROOT,
        env=child_env(server, DATABASE, media),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"The import failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def child(export, uploads):
    """In the child process: import `export` and print what it took, as JSON."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from demo.factories import make_home
    from importer.run import import_wordpress

    if settings.DEBUG:
        raise RuntimeError("DEBUG must be off: every query would be kept in memory.")
    make_home()
    phases, last = [], [time.perf_counter()]

    def progress(message, *args, **kwargs):
        if not str(message).startswith(" "):  # a phase starts, not "  50 items read"
            now = time.perf_counter()
            phases.append(round(now - last[0], 2))
            last[0] = now

    started = time.perf_counter()
    report = import_wordpress(export, blog_slug=BLOG, uploads=uploads, progress=progress)
    seconds = time.perf_counter() - started
    phases.append(round(time.perf_counter() - last[0], 2))
    import_usage = resource.getrusage(resource.RUSAGE_SELF)
    indexing = time.perf_counter()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    index_seconds = time.perf_counter() - indexing
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open("/proc/self/status") as status:
        peak = next(line for line in status if line.startswith("VmHWM"))
    data = report.as_dict()
    print(  # noqa: T201 - the parent reads this line
        json.dumps(
            {
                "posts": data["counts"]["post"]["created"],
                "comments": data["counts"].get("comment", {}).get("created", 0),
                "failures": data["totals"].get("failures", 0),
                "first_failure": (data["failures"] or [""])[0],
                "seconds": seconds,
                "index_seconds": index_seconds,
                "cpu_seconds": usage.ru_utime + usage.ru_stime,
                "import_cpu_seconds": import_usage.ru_utime + import_usage.ru_stime,
                "phases": phases,
                "peak_kb": int(peak.split()[1]),
            }
        )
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--server", default=SERVER, help="PostgreSQL URL ending in /")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(*args.child)
    from benchmarks.wxr import write_export, write_uploads

    write = sys.stdout.write
    with tempfile.TemporaryDirectory(prefix="importer-bench-") as tmp:
        tmp = Path(tmp)
        uploads, media = write_uploads(tmp / "uploads"), tmp / "media"
        prepare_template(args.server, media)
        write(
            f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}, PostgreSQL, settings.bench\n\n"
            "| posts | comments | import s | posts/s | indexes s | posts/s with indexes "
            "| CPU s (import + indexes) | peak MB | phases (s) |\n"
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n"
        )
        for count in args.posts:
            export = write_export(tmp / f"export-{count}.xml", count)
            row = run_one(args.server, export, uploads, media)
            if row["failures"]:
                write(f"{row['failures']} failures, the first: {row['first_failure']}\n")
            total = row["seconds"] + row["index_seconds"]
            write(
                f"| {row['posts']} | {row['comments']} | {row['seconds']:.1f} "
                f"| {row['posts'] / row['seconds']:.1f} | {row['index_seconds']:.1f} "
                f"| {row['posts'] / total:.1f} | {row['import_cpu_seconds']:.0f} + "
                f"{row['cpu_seconds'] - row['import_cpu_seconds']:.0f} "
                f"| {row['peak_kb'] / 1024:.0f} "
                f"| {' / '.join(str(p) for p in row['phases'])} |\n"
            )
            sys.stdout.flush()
        sql(args.server, f"DROP DATABASE IF EXISTS {DATABASE}")
    write(
        "\nImport: until every post is written, live and redirected. Indexes: the worker's "
        "task the import queued (search and reference indexes), run after it in the same "
        "process. Phases of the import: reading and checking the file; authors, terms and "
        "images; posts and the last passes; queuing the indexes. CPU and peak memory: the "
        "process's own, import and indexes (the database server's is not counted).\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
