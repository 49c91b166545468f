"""A reviewer's approval against a real server, with requests at once, as browsers send them.

Each test runs the development server (`manage.py runserver`, threaded, as `make run` does)
in a process of its own, on a database of its own: SQLite in a file, and PostgreSQL. The
reviewer's "Approve and publish" is sent together with Wagtail 8's autosave of the same form
(which still carries the workflow action), then again from the now stale form; a writer's
autosaves, a reviewer's approvals and a busy background worker share SQLite.
"""

import http.client
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = os.environ.get("RACE_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
ROUNDS = 4
APPROVE = {"action-workflow-action": "true", "workflow-action-name": "approve"}


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

    def __init__(self, database_url, workdir, worker):
        self.env = {
            **os.environ,
            # RACE_SETTINGS_MODULE: to show that these tests fail without the fix.
            "DJANGO_SETTINGS_MODULE": os.environ.get("RACE_SETTINGS_MODULE", "settings.dev"),
            "DATABASE_URL": database_url,
            "REDIS_URL": "",
            "BULLETIN_CONTENT_CACHE": "0",
            "BULLETIN_WORKER": "1" if worker else "0",
            "PYTHONUNBUFFERED": "1",
        }
        self.port = free_port()
        self.log = workdir / "server.log"
        self.worker_log = workdir / "worker.log"
        self.worker = worker
        self.processes = []

    def manage(self, *args):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
        )

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
            # The background worker: e-mail and search indexing, outside the requests.
            self.processes.append(
                subprocess.Popen(
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
                    stdout=self.worker_log.open("w"),
                    stderr=subprocess.STDOUT,
                )
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/healthz/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"the server did not start: {self.log.read_text()[-2000:]}")

    def stop(self):
        for process in self.processes:
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


class Browser:
    """One person's signed-in browser: a session cookie, and the CSRF token of a form."""

    def __init__(self, server, session):
        self.server, self.cookies = server, {"sessionid": session}

    def cookie_header(self):
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def open_editor(self, page_id):
        status, headers, html = self.server.request(
            "GET", f"/admin/pages/{page_id}/edit/", headers={"Cookie": self.cookie_header()}
        )
        assert status == 200, (status, html[:500])
        match = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", ""))
        if match:
            self.cookies["csrftoken"] = match.group(1)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def post(self, page_id, data, autosave=False):
        body = urllib.parse.urlencode(data, doseq=True)
        headers = {
            "Cookie": self.cookie_header(),
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json" if autosave else "text/html",
            "Origin": f"http://127.0.0.1:{self.server.port}",
            "Referer": f"http://127.0.0.1:{self.server.port}/admin/pages/{page_id}/edit/",
        }
        status, _, text = self.server.request(
            "POST", f"/admin/pages/{page_id}/edit/", body, headers
        )
        return status, text


SETUPS = {
    # The newcomer's `make run`: SQLite, slow work done inside the request.
    "sqlite": ("sqlite", False),
    # SQLite with the background worker running beside the server.
    "sqlite-worker": ("sqlite", True),
    # Production's database and queue.
    "postgresql-worker": ("postgresql", True),
}


MIGRATED = {}


def migrated_sqlite(tmp_path_factory):
    """An SQLite database migrated once, copied for each server that uses SQLite."""
    if "sqlite" not in MIGRATED:
        path = tmp_path_factory.mktemp("migrated") / "db.sqlite3"
        Server(f"sqlite:///{path}", path.parent, worker=False).manage(
            "migrate", "--noinput", "-v0"
        )
        MIGRATED["sqlite"] = path
    return MIGRATED["sqlite"]


@pytest.fixture(scope="module", params=list(SETUPS))
def server(request, tmp_path_factory):
    engine, worker = SETUPS[request.param]
    workdir = tmp_path_factory.mktemp(request.param)
    drop = None
    if engine == "sqlite":
        url = f"sqlite:///{workdir / 'db.sqlite3'}"
    else:
        if not postgres_reachable():
            pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")  # CI fails skips
        name = f"bulletin_race_{uuid.uuid4().hex[:12]}"
        admin = ["psql", POSTGRES, "-q", "-c"]
        subprocess.run([*admin, f"CREATE DATABASE {name}"], check=True)  # noqa: S603
        url = f"{POSTGRES.rsplit('/', 1)[0]}/{name}"

        def drop():
            subprocess.run(  # noqa: S603
                [*admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True
            )

    server = Server(url, workdir, worker)
    try:
        if engine == "sqlite":
            shutil.copy(migrated_sqlite(tmp_path_factory), workdir / "db.sqlite3")
        else:
            server.manage("migrate", "--noinput", "-v0")
        posts = server.script("setup", 2 * ROUNDS)
        server.sessions = posts["sessions"]
        # Each test gets posts of its own, all waiting for the reviewer's approval.
        server.posts = {"race": posts["posts"][:ROUNDS], "shared": posts["posts"][ROUNDS:]}
        server.start()
        yield server
    finally:
        server.stop()
        if drop:
            drop()


def at_once(*calls):
    """Run the calls in threads started together; their results in order."""
    results = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def test_approval_with_its_autosave_at_once_then_a_stale_one(server):
    reviewer = Browser(server, server.sessions["reviewer"])
    rng = random.Random(11)
    outcomes = []
    for post in server.posts["race"]:
        token = reviewer.open_editor(post["id"])
        form = {**post["form"], **APPROVE, "csrfmiddlewaretoken": token}
        delay = rng.uniform(0, 0.4)  # Wagtail's autosave follows the click within 0.5 s

        def autosave(form=form, page_id=post["id"], delay=delay):
            time.sleep(delay)
            return reviewer.post(page_id, form, autosave=True)

        click, saved = at_once(lambda form=form, p=post["id"]: reviewer.post(p, form), autosave)
        outcomes.append((post, click, saved, form))

    before_stale = server.script("state")
    for post, click, saved, form in outcomes:
        assert click[0] == 302, (post["title"], click)
        assert saved[0] == 400, (post["title"], saved)
        assert "autosave cannot approve" in json.loads(saved[1])["error_message"]
        # The stale form sent again, as a second click would: refused, nothing written.
        again = reviewer.post(post["id"], form)
        assert again[0] == 302, again

    after = server.script("state")
    assert after == before_stale
    for post in server.posts["race"]:
        state = after[str(post["id"])]
        assert state["live"], (post["title"], state)
        assert state["live_revision"] is not None, state
        assert state["first_published_at"], state
        assert not state["has_unpublished_changes"], state
        assert state["log"].count("wagtail.workflow.approve") == 2, state  # checks, reviewer
        assert state["log"].count("wagtail.publish") == 1, state
        # The writer is told once, after the publish committed (console e-mail).
        assert server.mail(f"[Bulletin] Approved and published: {post['title']}", 1) == 1
    log = server.output()
    assert '" 500 ' not in log, log[-3000:]
    assert "database is locked" not in log


def test_writers_reviewers_and_the_worker_share_the_database(server):
    """Defect 2: a writer's autosave, a reviewer's approval and the worker at once."""
    writer = Browser(server, server.sessions["writer"])
    reviewer = Browser(server, server.sessions["reviewer"])
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.editorial.race_server", "busy", "3"],
        cwd=ROOT,
        env=server.env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert worker.stdout.readline() == "started\n"  # writing from now on
    posts = server.posts["shared"]
    calls = []
    token = reviewer.open_editor(posts[0]["id"])
    writer_token = writer.open_editor(posts[0]["id"])
    for index, post in enumerate(posts):
        if index % 2:
            form = {**post["form"], **APPROVE, "csrfmiddlewaretoken": token}
            calls.append(lambda form=form, p=post["id"]: ("approve", reviewer.post(p, form)))
        else:
            form = {**post["form"], "csrfmiddlewaretoken": writer_token}
            form.pop("review_task_state")
            form["summary"] = "Typing a better summary."
            calls.append(lambda form=form, p=post["id"]: ("autosave", writer.post(p, form, True)))
    results = at_once(*calls)
    worker_output, _ = worker.communicate(timeout=60)
    assert worker.returncode == 0
    assert json.loads(worker_output.strip().splitlines()[-1])["writes"] > 0
    for kind, (status, text) in results:
        if kind == "approve":
            assert status == 302, text[:500]
        else:
            assert status == 200, text[:500]
            assert json.loads(text)["success"], text[:500]
    state = server.script("state")
    for index, post in enumerate(posts):
        assert state[str(post["id"])]["live"] == bool(index % 2), state[str(post["id"])]
    log = server.output()
    assert '" 500 ' not in log, log[-3000:]
    assert "database is locked" not in log
