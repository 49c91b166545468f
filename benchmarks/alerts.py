"""One post's alert fanned out to 10,000 and to 100,000 confirmed subscribers through a
local SMTP sink, in a worker process of its own: messages per second, and the worker's
peak memory (VmHWM, /proc). Targets (issue 13): over 500 messages a second on a 2-core
machine; peak memory at 100,000 within 10% of that at 10,000.

It runs on a PostgreSQL database of its own, DATABASE_URL's name + "_alerts", made afresh
and dropped at the end, so the other benchmarks' database is untouched. Alone:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bulletin_bench \\
        .venv/bin/python -m benchmarks.alerts [SIZE ...]

`make bench` runs it after the page suites (benchmarks/run.py calls `report()`).

Each size gets a new post and its alert (made with the signal muted, so nothing is sent
while setting up), then `python -m benchmarks.alerts fan-out ALERT_ID` calls the task as
`db_worker` does and reports its time and memory; the sink counts what it was given.
"""

import asyncio
import contextlib
import json
import os
import platform
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
SIZES = (10_000, 100_000)
SETTINGS = "settings.bench"


# Delivery backends: each is a context manager yielding (the worker's extra environment,
# a function returning how many messages the far end has received).


class FastSink:
    """Just enough SMTP to accept messages and count them. aiosmtpd (the end-to-end
    tests' server) takes about 1.6 ms a message on this machine, this one 0.9 ms, and the
    sink shares the 2 cores with the worker it measures."""

    def __init__(self):
        self.count = 0

    async def session(self, reader, writer):
        writer.write(b"220 sink.invalid ESMTP\r\n")
        while line := await reader.readline():
            verb = line[:4].upper()
            if verb == b"EHLO":
                writer.write(b"250-sink.invalid\r\n250 8BITMIME\r\n")
            elif verb == b"DATA":
                writer.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                await reader.readuntil(b"\r\n.\r\n")
                self.count += 1
                writer.write(b"250 OK\r\n")
            elif verb == b"QUIT":
                writer.write(b"221 Bye\r\n")
                break
            else:
                writer.write(b"250 OK\r\n")
            await writer.drain()
        writer.close()

    def serve(self, sock, ready):
        async def run():
            server = await asyncio.start_server(self.session, sock=sock, limit=1 << 20)
            ready.set()
            async with server:
                await server.serve_forever()

        asyncio.run(run())


@contextlib.contextmanager
def smtp_backend():
    """Django's SMTP backend (EMAIL_URL) to a sink on 127.0.0.1."""
    sink = FastSink()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    ready = threading.Event()
    threading.Thread(target=sink.serve, args=(sock, ready), daemon=True).start()
    ready.wait(10)
    yield {"EMAIL_URL": f"smtp://127.0.0.1:{sock.getsockname()[1]}"}, lambda: sink.count


@contextlib.contextmanager
def notify_backend():
    """GOV.UK Notify's API, faked on 127.0.0.1 (tests/alerts/fake_notify.py): it checks
    each request's signed token and body as Notify does. It keeps no message bodies, so
    its own memory stays small; Notify takes only https unsubscribe links."""
    from tests.alerts.fake_notify import running_fake_notify

    with running_fake_notify(keep_content=False) as notify:
        env = {
            "NOTIFY_API_KEY": notify.api_key,
            "NOTIFY_BASE_URL": notify.url,
            "NOTIFY_TEMPLATE_ID": notify.template_id,
            "BASE_URL": "https://bench.invalid",
        }
        yield env, lambda: len(notify.sent)


BACKENDS = [("SMTP", smtp_backend), ("GOV.UK Notify (fake)", notify_backend)]


# The parent: a database, then one worker process per size --------------------------------


def alerts_database(url):
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit("benchmarks.alerts needs DATABASE_URL to be a PostgreSQL database")
    name = parts.path.lstrip("/") + "_alerts"
    admin = urlunsplit(parts._replace(path="/postgres"))
    return urlunsplit(parts._replace(path=f"/{name}")), name, admin


def psql(admin, sql):
    quiet = {**os.environ, "PGOPTIONS": "--client-min-messages=warning"}
    subprocess.run(["psql", admin, "-q", "-c", sql], check=True, env=quiet)  # noqa: S603, S607


def run(env, *args):
    """`python *args` in the benchmark database's setting; its output."""
    done = subprocess.run(  # noqa: S603
        [sys.executable, *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"{args} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def child(env, *args):
    """`python -m benchmarks.alerts *args`: its JSON answer."""
    return json.loads(run(env, "-m", "benchmarks.alerts", *args).strip().splitlines()[-1])


def measure(backend, sizes, env):
    """Rows of figures: one fan-out per size through `backend`."""
    rows = []
    for size in sizes:
        made = child(env, "setup", size)
        with backend() as (backend_env, received):  # a new sink (thread) for each size
            before = received()
            result = child({**env, **backend_env}, "fan-out", made["alert"])
            result["received"] = received() - before
        if result["received"] != size or result["sent"] != size:
            raise RuntimeError(f"{size} subscribers, but {result}")
        rows.append({"subscribers": size, **result})
    return rows


def report(sizes=SIZES):
    url, name, admin = alerts_database(os.environ["DATABASE_URL"])
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "REDIS_URL": "",
        "BULLETIN_WORKER": "1",  # tasks queued, not run in the setup process
    }
    lines = [
        "| backend | subscribers | seconds | messages/s | worker peak RSS MB | "
        "after start-up MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    try:
        for label, backend in BACKENDS:
            # A fresh database for each backend: the sizes grow the subscribers from 0.
            psql(admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            psql(admin, f"CREATE DATABASE {name}")
            run(env, "manage.py", "migrate", "--noinput", "-v0")
            for row in measure(backend, sizes, env):
                lines.append(
                    f"| {label} | {row['subscribers']:,} | {row['seconds']:.1f} | "
                    f"{row['subscribers'] / row['seconds']:.0f} | {row['peak_kb'] / 1024:.1f} | "
                    f"{row['start_kb'] / 1024:.1f} |"
                )
    finally:
        psql(admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    return "\n".join(lines)


# The children, in the benchmark database's setting -----------------------------------------


def setup(size):
    """Subscribers topped up to `size` (all to one blog, immediately); a new post with an
    alert waiting for it."""
    from django.utils import timezone

    from alerts import sending, signals
    from alerts.models import Alert, Subscriber, Subscription
    from demo.factories import make_blog, make_home, make_post
    from posts.models import BlogPage

    blog = BlogPage.objects.filter(slug="alerts").first()
    blog = blog or make_blog(make_home(), "Alerts bench", slug="alerts")
    have = Subscriber.objects.count()
    now = timezone.now()
    made = Subscriber.objects.bulk_create(
        [Subscriber(email=f"r{i}@bench.invalid", confirmed_at=now) for i in range(have, size)],
        batch_size=5000,
    )
    Subscription.objects.bulk_create(
        [Subscription(subscriber=s, blog=blog) for s in made], batch_size=5000
    )
    with signals.muted():
        post = make_post(blog, f"Alerts bench {Alert.objects.count() + 1} for {size}")
    return {"alert": sending.create_alert(post).pk}


def vm_kb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def fan_out(alert_id):
    from alerts.models import Delivery
    from alerts.tasks import fan_out_alert

    start_kb = vm_kb("VmHWM")
    started = time.perf_counter()
    fan_out_alert.call(alert_id)
    seconds = time.perf_counter() - started
    sent = Delivery.objects.filter(alert_id=alert_id, status=Delivery.Status.SENT).count()
    return {"seconds": seconds, "sent": sent, "peak_kb": vm_kb("VmHWM"), "start_kb": start_kb}


def main():
    args = sys.argv[1:]
    if args and args[0] in ("setup", "fan-out"):
        import django

        django.setup()
        output = (setup if args[0] == "setup" else fan_out)(int(args[1]))
        sys.stdout.write(json.dumps(output) + "\n")
        return
    sizes = [int(a) for a in args] or SIZES
    machine = f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    sys.stdout.write(f"Machine: {machine}\n\n{report(sizes)}\n")


if __name__ == "__main__":
    main()
