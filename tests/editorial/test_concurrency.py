"""A reviewer's approval against a real server, with requests at once, as browsers send them.

Each test runs the development server (`manage.py runserver`, threaded, as `make run` does)
in a process of its own, on a database of its own: SQLite in a file, and PostgreSQL. The
reviewer's "Approve and publish" is sent together with Wagtail 8's autosave of the same form
(which still carries the workflow action), then again from the now stale form; a writer's
autosaves, a reviewer's approvals and a busy background worker share SQLite.
"""

import json
import random
import re
import subprocess
import sys
import threading
import time
import urllib.parse

import pytest

from tests.servers import ROOT, SETUPS, running_server

ROUNDS = 4
APPROVE = {"action-workflow-action": "true", "workflow-action-name": "approve"}


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

    def send(self, path, data):
        """A plain form POST to `path`, as a click on a form's button sends it."""
        headers = {
            "Cookie": self.cookie_header(),
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.server.url,
            "Referer": f"{self.server.url}/admin/",
        }
        status, _, text = self.server.request(
            "POST", path, urllib.parse.urlencode(data, doseq=True), headers
        )
        return status, text

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


@pytest.fixture(scope="module", params=list(SETUPS))
def server(request, tmp_path_factory):
    with running_server(request.param, tmp_path_factory, posts=3 * ROUNDS) as server:
        # Each test gets posts of its own, all waiting for the reviewer's approval.
        posts = server.posts
        server.posts = {
            "race": posts[:ROUNDS],
            "shared": posts[ROUNDS : 2 * ROUNDS],
            "dashboard": posts[2 * ROUNDS :],
        }
        yield server


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


def test_two_approvals_from_the_dashboard_at_once(server):
    """Two clicks on "Approve and publish" in the dashboard (two tabs, two reviewers): one
    approval, one publish, one e-mail; the other click is refused, not a second publish."""
    reviewer = Browser(server, server.sessions["reviewer"])
    token = reviewer.open_editor(server.posts["dashboard"][0]["id"])
    for post in server.posts["dashboard"]:
        url = (
            f"/admin/pages/workflow/action/{post['id']}/approve/"
            f"{post['form']['review_task_state']}/"
        )
        click = lambda url=url: reviewer.send(url, {"csrfmiddlewaretoken": token})  # noqa: E731
        results = at_once(click, click)
        assert sorted(status for status, _ in results)[0] == 302, results
        assert all(status in (302, 403) for status, _ in results), results
    state = server.script("state")
    for post in server.posts["dashboard"]:
        log = state[str(post["id"])]["log"]
        assert log.count("wagtail.workflow.approve") == 2, log  # the checks, one reviewer
        assert log.count("wagtail.publish") == 1, log
        subject = f"[Bulletin] Approved and published: {post['title']}"
        assert server.mail(subject, 1) == 1
    assert '" 500 ' not in server.output()
