"""A real Bulletin server for tests: `manage.py runserver` (threaded, as `make run` serves),
and optionally the background worker (`manage.py db_worker`), in processes of their own, on
a database of their own: SQLite in a file, or a new PostgreSQL database.

Used by tests that need requests at once (tests/editorial/test_concurrency.py), by
browser tests that must run on both databases (tests/browser/test_editor_loop.py) and by
the e-mail alerts' end-to-end tests (tests/alerts/test_end_to_end.py), which pass `env`
(EMAIL_URL of a real SMTP server) and stop the worker mid-way.
"""

import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
POSTGRES = os.environ.get("RACE_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")

SETUPS = {
    # The newcomer's `make run`: SQLite, slow work done inside the request.
    "sqlite": ("sqlite", False),
    # SQLite with the background worker running beside the server.
    "sqlite-worker": ("sqlite", True),
    # Production's database and queue.
    "postgresql-worker": ("postgresql", True),
}
_migrated = {}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_reachable():
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
    except OSError:
        return False
    return True


class Server:
    """`manage.py runserver` on a database of its own, and a script in the same setting."""

    def __init__(self, database_url, workdir, worker, env=None):
        self.port = free_port()
        self.env = {
            **os.environ,
            # RACE_SETTINGS_MODULE: to show that these tests fail without the fix.
            "DJANGO_SETTINGS_MODULE": os.environ.get("RACE_SETTINGS_MODULE", "settings.dev"),
            "DATABASE_URL": database_url,
            "REDIS_URL": "",
            "BULLETIN_CONTENT_CACHE": "0",
            "BULLETIN_WORKER": "1" if worker else "0",
            "PYTHONUNBUFFERED": "1",
            # Links in e-mails lead back to this server.
            "BASE_URL": f"http://127.0.0.1:{self.port}",
            **(env or {}),
        }
        self.log = workdir / "server.log"
        self.worker_log = workdir / "worker.log"
        self.worker = worker
        self.processes = []
        self.worker_process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args):
        return subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def script(self, *args):
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "tests.editorial.race_server", *map(str, args)],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    @contextlib.contextmanager
    def session(self, module):
        """`module` run in the server's setting, answering commands (see
        tests/alerts/alerts_server.py): `session(command, *args)` returns its JSON answer."""
        log = self.log.with_name(f"{module.rsplit('.', 1)[-1]}.log")
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", module],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log.open("w"),
            text=True,
        )

        def call(*args):
            process.stdin.write(json.dumps(args) + "\n")
            process.stdin.flush()
            while line := process.stdout.readline():
                if line.startswith("{"):
                    return json.loads(line)
            raise AssertionError(f"{module} stopped: {log.read_text()[-3000:]}")

        try:
            yield call
        finally:
            process.stdin.close()
            process.wait(timeout=30)

    def start(self):
        self.processes.append(
            subprocess.Popen(  # noqa: S603
                [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
                cwd=ROOT,
                env=self.env,
                stdout=self.log.open("w"),
                stderr=subprocess.STDOUT,
            )
        )
        if self.worker:
            self.start_worker()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/healthz/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"the server did not start: {self.log.read_text()[-2000:]}")

    def start_worker(self):
        """The background worker (e-mail and search indexing, outside the requests), in a
        process group of its own so that `kill_worker` can stop all of it at once. A new
        worker's output is added to the same log."""
        self.worker_process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--interval",
                "0.2",
                "--no-startup-delay",
                "--no-reload",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.worker_log.open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(self.worker_process)

    def kill_worker(self):
        """SIGKILL the worker's whole process group: it dies where it stands, as in a
        crash or an out-of-memory kill, with no chance to clean up."""
        os.killpg(self.worker_process.pid, signal.SIGKILL)
        self.worker_process.wait(timeout=10)

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=10)

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode()
        finally:
            connection.close()

    def output(self):
        return self.log.read_text()

    def mail(self, expected_subject, count, timeout=30):
        """The e-mail printed (console backend) by the server or the worker, once the
        worker has had time to send what was queued."""
        source = self.worker_log if self.worker else self.log
        deadline = time.monotonic() + (timeout if self.worker else 0)
        while True:
            found = source.read_text().count(f"Subject: {expected_subject}")
            if found >= count or time.monotonic() >= deadline:
                time.sleep(0.5 if self.worker else 0)  # and nothing more follows
                return source.read_text().count(f"Subject: {expected_subject}")
            time.sleep(0.2)


def migrated_sqlite(workdir_factory):
    """An SQLite database migrated once per test run, copied for each server on SQLite."""
    if "sqlite" not in _migrated:
        path = workdir_factory("migrated") / "db.sqlite3"
        Server(f"sqlite:///{path}", path.parent, worker=False).manage(
            "migrate", "--noinput", "-v0"
        )
        _migrated["sqlite"] = path
    return _migrated["sqlite"]


@contextlib.contextmanager
def running_server(setup, tmp_path_factory, posts=0, env=None):
    """A migrated server for SETUPS[setup], with `posts` posts waiting for approval (see
    tests/editorial/race_server.py); `server.sessions` signs the writer and reviewer in.
    `env` is added to the environment of the server, its worker and its scripts."""
    engine, worker = SETUPS[setup]
    workdir = tmp_path_factory.mktemp(setup)
    drop = None
    if engine == "sqlite":
        url = f"sqlite:///{workdir / 'db.sqlite3'}"
    else:
        if not postgres_reachable():
            pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")  # CI fails skips
        name = f"bulletin_test_{uuid.uuid4().hex[:12]}"
        admin = ["psql", POSTGRES, "-q", "-c"]
        subprocess.run([*admin, f"CREATE DATABASE {name}"], check=True)  # noqa: S603
        url = f"{POSTGRES.rsplit('/', 1)[0]}/{name}"

        def drop():
            subprocess.run(  # noqa: S603
                [*admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True
            )

    server = Server(url, workdir, worker, env)
    try:
        if engine == "sqlite":
            shutil.copy(migrated_sqlite(tmp_path_factory.mktemp), workdir / "db.sqlite3")
        else:
            server.manage("migrate", "--noinput", "-v0")
        made = server.script("setup", posts)
        server.sessions, server.posts = made["sessions"], made["posts"]
        server.start()
        yield server
    finally:
        server.stop()
        if drop:
            drop()


class S3Server:
    """moto's standalone S3 server on 127.0.0.1, standing in for S3 (or any S3-compatible
    service): `env` points the media storage (MEDIA_S3_*) at a bucket made on it."""

    REGION = "eu-west-2"

    def __init__(self, workdir, bucket="bulletin-media"):
        self.port = free_port()
        self.bucket = bucket
        self.log = workdir / "moto.log"
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self):
        return {
            "MEDIA_S3_BUCKET": self.bucket,
            "MEDIA_S3_ENDPOINT_URL": self.url,
            "MEDIA_S3_REGION": self.REGION,
            # moto takes any credentials; real ones only ever come from the environment.
            "AWS_ACCESS_KEY_ID": "moto-testing",  # pragma: allowlist secret
            "AWS_SECRET_ACCESS_KEY": "moto-testing",  # pragma: allowlist secret
        }

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=self.REGION,
            aws_access_key_id=self.env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=self.env["AWS_SECRET_ACCESS_KEY"],
        )

    def read(self, key):
        """The object's bytes, as the bucket holds them."""
        return self.client().get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def anonymous_get(self, key):
        """The status of an unsigned GET of the object, as anyone on the internet would."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", f"/{self.bucket}/{key}")
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(Path(sys.executable).parent / "moto_server"),
                "-H",
                "127.0.0.1",
                "-p",
                str(self.port),
            ],
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                self.client().create_bucket(
                    Bucket=self.bucket,
                    CreateBucketConfiguration={"LocationConstraint": self.REGION},
                )
                return
            except Exception as error:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    log = self.log.read_text()
                    raise AssertionError(f"moto_server did not start: {log}") from error
                time.sleep(0.2)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@contextlib.contextmanager
def running_s3(workdir):
    server = S3Server(workdir)
    try:
        server.start()
        yield server
    finally:
        server.stop()
