"""Two web nodes on this machine, as several containers behind a load balancer are deployed:
two gunicorn processes of settings.production on two loopback ports, behind a loopback nginx
(round robin, TLS ended before it: X-Forwarded-Proto https), sharing a PostgreSQL database
of their own, Redis (the machine's, under a key prefix of their own) and moto's S3 server
(tests.servers.S3Server, standing in for S3). Built like tests/servers.py: processes of
their own, free ports, everything removed at the end.

A `Browser` keeps its cookies and sends each request to the node it is told to (`cluster.a`,
`cluster.b`) or through nginx (`cluster.nginx`), as a person whose requests a load
balancer spreads over the nodes would.
"""

import contextlib
import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

from benchmarks.stack import nginx_command
from tests.servers import POSTGRES, ROOT, S3Server, free_port

HOST = "localhost"  # the site's host name (BASE_URL), sent by every request
ORIGIN = f"https://{HOST}"
# The machine's Redis; its database number from NODES_REDIS_URL, else REDIS_URL (CI).
REDIS_URL = os.environ.get("NODES_REDIS_URL") or os.environ.get(
    "REDIS_URL", "redis://127.0.0.1:6379/0"
)


class Target:
    """Somewhere requests go: a node's own port, or nginx's. `log` is the node's access log."""

    def __init__(self, name, port, log=None):
        self.name, self.port, self.log = name, port, log

    def served(self, path):
        """How many requests for `path` this node has answered (its access log)."""
        return sum(f'"{path}"' in line for line in self.log.read_text().splitlines())


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode()

    def json(self):
        return json.loads(self.body)

    def header(self, name):
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


class Browser:
    """Cookies kept between requests, whichever node answers them."""

    def __init__(self):
        self.cookies = {}

    def request(self, target, method, path, body=None, headers=None):
        headers = {"Host": HOST, **(headers or {})}
        if target.log is not None:
            # Straight to a node: what nginx (TLS ended in front) would have added.
            headers.setdefault("X-Forwarded-Proto", "https")
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers.setdefault("Origin", ORIGIN)
            headers.setdefault("Referer", f"{ORIGIN}{path}")
        connection = http.client.HTTPConnection("127.0.0.1", target.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            result = Response(response.status, response.getheaders(), response.read())
        finally:
            connection.close()
        for name, value in result.headers:
            if name.lower() == "set-cookie":
                for key, morsel in SimpleCookie(value).items():
                    if morsel.value:
                        self.cookies[key] = morsel.value
                    else:
                        self.cookies.pop(key, None)
        return result

    def get(self, target, path):
        return self.request(target, "GET", path)

    def post(self, target, path, fields, files=None):
        """A form as a browser sends it, with the CSRF token of the cookie."""
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        body, content_type = multipart(fields, files or {})
        return self.request(target, "POST", path, body, {"Content-Type": content_type})

    def sign_in(self, target, username, password):
        """The admin's sign-in form; returns the response to the password."""
        assert self.get(target, "/admin/login/").status == 200
        return self.post(target, "/admin/login/", {"username": username, "password": password})


def multipart(fields, files):
    boundary = f"----bulletin{secrets.token_hex(8)}"
    parts = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{item}\r\n".encode()
            )
    for name, (filename, data, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def csrf_field(html):
    """The form's CSRF token, as a browser would send it back."""
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


class Cluster:
    def __init__(self, workdir):
        self.workdir = workdir
        self.s3 = S3Server(workdir)
        self.database = f"bulletin_nodes_{uuid.uuid4().hex[:12]}"
        self.processes = []
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "settings.production",
            # One key for every node: sessions, CSRF and signed tokens made on one node
            # are read on the other.
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "BASE_URL": ORIGIN,
            "DATABASE_URL": f"{POSTGRES.rsplit('/', 1)[0]}/{self.database}",
            "REDIS_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": f"nodes-{uuid.uuid4().hex[:8]}",
            "MEDIA_ROOT": str(workdir / "unused-media"),  # nothing may be written there
            # Its own static files: collectstatic into the checkout's folder raced with
            # another writer once (a file gone between its write and its chmod).
            "STATIC_ROOT": str(workdir / "static"),
            "IMPORTER_UPLOAD_ROOT": str(workdir / "unused-imports"),
            "PYTHONUNBUFFERED": "1",
            **self.s3.env,
        }
        self.a = Target("a", free_port(), workdir / "a-access.log")
        self.b = Target("b", free_port(), workdir / "b-access.log")
        self.nginx = Target("nginx", free_port())

    def manage(self, *args):
        done = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def script(self, *args):
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "tests.nodes.node_script", *map(str, args)],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    def psql(self, sql):
        subprocess.run(["psql", POSTGRES, "-q", "-c", sql], check=True)  # noqa: S603, S607

    def start(self):
        self.s3.start()
        self.psql(f"CREATE DATABASE {self.database}")
        self.manage("migrate", "--noinput", "-v0")
        # settings.production's manifest storage: the files every node is built with.
        self.manage("collectstatic", "--noinput", "-v0")
        self.data = self.script("setup")
        for node in (self.a, self.b):
            self.spawn(
                [
                    str(Path(sys.executable).parent / "gunicorn"),
                    "settings.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{node.port}",
                    "--workers",
                    "1",
                    "--threads",
                    "2",
                    "--access-logfile",
                    str(node.log),
                    "--access-logformat",
                    '%(m)s "%(U)s" %(s)s',
                ],
                self.workdir / f"{node.name}-gunicorn.log",
            )
        self.start_nginx()
        for target in (self.a, self.b, self.nginx):
            self.wait_for(target)

    def spawn(self, command, log):
        self.processes.append(
            subprocess.Popen(  # noqa: S603
                command, cwd=ROOT, env=self.env, stdout=log.open("w"), stderr=subprocess.STDOUT
            )
        )

    def start_nginx(self):
        folder = self.workdir / "nginx"
        upstreams = [f"127.0.0.1:{node.port}" for node in (self.a, self.b)]
        command = nginx_command(folder, self.nginx.port, upstreams, host=HOST)
        self.spawn([str(part) for part in command], folder / "logs" / "stdout.log")

    def wait_for(self, target):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if Browser().get(target, "/healthz/").status == 200:
                    return
            time.sleep(0.2)
        raise AssertionError(f"{target.name} did not start: {self.logs()}")

    def logs(self):
        return "\n".join(
            f"== {path.name}\n{path.read_text()[-2000:]}"
            for path in sorted(self.workdir.rglob("*.log"))
        )

    def stop(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=10)
        self.s3.stop()
        self.psql(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
        # The cluster's cache keys go with it (its own prefix, on a shared Redis).
        redis = ["redis-cli", "-u", REDIS_URL]
        pattern = f"{self.env['CACHE_KEY_PREFIX']}*"
        found = subprocess.run(  # noqa: S603
            [*redis, "--scan", "--pattern", pattern], capture_output=True, text=True, check=False
        )
        if keys := found.stdout.split():
            subprocess.run([*redis, "del", *keys], capture_output=True, check=False)  # noqa: S603


@contextlib.contextmanager
def running_cluster(workdir):
    cluster = Cluster(workdir)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
