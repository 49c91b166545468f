"""The production stack on loopback, for `make loadtest` and `make faults`.

Starts gunicorn with `settings.production` (and, for the fault test, nginx in front of it,
a redis-server and a PostgreSQL cluster of its own), every one on a free port of 127.0.0.1,
and runs wrk. Everything started is stopped when the `Stack` closes, also after a failure
or a SIGTERM. Nothing here stops or reconfigures the machine's own services.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_BIN = max(Path("/usr/lib/postgresql").glob("*/bin"), default=Path("/usr/bin"))
# What a TLS-terminating proxy tells the production settings (they redirect plain HTTP).
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}


def say(*lines):
    """Print, at once (the reports are read while the run goes on)."""
    sys.stdout.write("".join(f"{line}\n" for line in lines))
    sys.stdout.flush()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(database_url, redis_url=None, **extra):
    """The environment of `settings.production` on loopback: no inherited settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("BULLETIN_") and k not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost,127.0.0.1",
        BASE_URL="https://localhost",
        DATABASE_URL=database_url,
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update({k: str(v) for k, v in extra.items()})
    return env


def get(url, timeout=5.0, headers=None):
    """(status, headers, body) of a GET; a refused connection is status 0."""
    headers = {**PROXY_HEADERS, **(headers or {})}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - our own http URLs
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
    except (OSError, urllib.error.URLError):
        return 0, {}, b""


def wait_until(check, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {seconds} s")


def tail(path, lines=40):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def manage(env, *args):
    """`manage.py ARGS` under `env`; raises with its output when it fails."""
    result = subprocess.run(  # noqa: S603 - our own commands, never a shell
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


class Stack(contextlib.ExitStack):
    """Processes and a temporary folder, all gone when the stack closes."""

    def __enter__(self):
        super().__enter__()
        self.dir = Path(tempfile.mkdtemp(prefix="bulletin-stack-"))
        self.callback(shutil.rmtree, self.dir, ignore_errors=True)
        # A SIGTERM (CI's timeout, a Ctrl-C'd make) unwinds like an exception, so that
        # the callbacks below still stop everything.
        previous = signal.signal(signal.SIGTERM, _raise_exit)
        self.callback(signal.signal, signal.SIGTERM, previous)
        return self

    def spawn(self, args, log_name, env=None, cwd=ROOT):
        log = open(self.dir / log_name, "ab")  # noqa: SIM115 - closed by the stack
        self.callback(log.close)
        process = subprocess.Popen(args, cwd=cwd, env=env, stdout=log, stderr=log)  # noqa: S603
        self.callback(stop_process, process)
        return process

    def gunicorn(self, env, workers=2):
        """gunicorn of settings.production; returns (process, base URL) once /healthz/ answers."""
        port = free_port()
        log = f"gunicorn-{port}.log"
        process = self.spawn(
            [BIN / "gunicorn", "settings.wsgi", "--bind", f"127.0.0.1:{port}", "--workers",
             str(workers), "--timeout", "30", "--graceful-timeout", "5"],
            log,
            env=env,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"

        def up():
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{tail(self.dir / log)}")
            return get(f"{base}/healthz/", timeout=2)[0] == 200

        wait_until(up, 60, "gunicorn")
        return process, base

    def nginx(self, *upstreams):
        """nginx on a free port in front of `upstreams` (host:port, round robin), as the TLS
        proxy would be (it says the request came over HTTPS); returns its base URL."""
        if not shutil.which("nginx"):
            raise RuntimeError("nginx is missing: apt-get install nginx-light")
        port = free_port()
        self.spawn(nginx_command(self.dir / "nginx", port, upstreams), "nginx.log")
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: get(f"{base}/healthz/", timeout=2)[0] == 200, 30, "nginx")
        return base

    def redis(self):
        server = RedisServer(self.dir / "redis")
        self.callback(server.stop)
        server.start()
        return server

    def postgres(self):
        cluster = PostgresCluster()
        self.callback(cluster.remove)
        cluster.create()
        cluster.start()
        return cluster


def _raise_exit(signum, frame):
    raise SystemExit(128 + signum)


def stop_process(process, timeout=10):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def children(pid):
    """The ids of the processes whose parent is `pid` (gunicorn's workers)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.add(int(stat.parent.name))
    return found


NGINX_CONF = """\
worker_processes 1;
error_log {dir}/logs/error.log;
pid {dir}/nginx.pid;
events {{ worker_connections 256; }}
http {{
    access_log off;
    server_tokens off;
    client_max_body_size 21m;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    # Round robin (nginx's default) over the nodes.
    upstream app {{ {servers} }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://app;
            proxy_set_header Host {host};
            # TLS is ended in front of nginx, as by a load balancer.
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_connect_timeout 2s;
            proxy_read_timeout 10s;
        }}
    }}
}}
"""


def nginx_command(folder, port, upstreams, host="localhost"):
    """Writes an nginx configuration in `folder` for 127.0.0.1:`port` in front of
    `upstreams` (host:port each) and returns the command that runs it in the foreground."""
    (folder / "logs").mkdir(parents=True, exist_ok=True)
    servers = " ".join(f"server {upstream};" for upstream in upstreams)
    (folder / "nginx.conf").write_text(
        NGINX_CONF.format(dir=folder, port=port, servers=servers, host=host)
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    return [nginx, "-p", folder, "-c", folder / "nginx.conf", "-g", "daemon off;"]


class RedisServer:
    """A redis-server of our own on a free port, which the fault test may stop."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        args = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port)]
        args += ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        log = open(self.folder / "redis.log", "ab")  # noqa: SIM115 - the process keeps it
        self.process = subprocess.Popen(args, stdout=log, stderr=log)  # noqa: S603
        log.close()
        wait_until(self.answers, 10, "redis-server")

    def answers(self):
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", self.port), 1) as s,
        ):
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
        return False

    def stop(self):
        if self.process is not None:
            stop_process(self.process)
            self.process = None


class PostgresCluster:
    """A PostgreSQL cluster of our own (initdb in a temporary folder, trust auth, a free
    port on 127.0.0.1), which the fault test may stop. Run as user postgres when root."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="bulletin-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        self.running = False

    def create(self):
        if self.as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--no-sync", "--no-instructions")  # fmt: skip

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args):
        command = [str(a) for a in args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True)  # noqa: S603
        if result.returncode:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")

    def start(self):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off"
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-l", self.folder / "postgres.log",
                  "-o", options, "-w", "-t", "30", "start")  # fmt: skip
        self.running = True

    def stop(self, mode="fast"):
        """Stop: `fast` ends every session at once, as a failover or a restart does."""
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "-t", "30", "stop")
        self.running = False

    def create_database(self, name):
        self._run(PG_BIN / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", name)

    def remove(self):
        if self.running:
            with contextlib.suppress(RuntimeError):
                self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


# wrk's report as JSON: latency percentiles and a count per HTTP status. Each wrk thread
# has its own Lua state, so done() adds up the threads' tables.
WRK_SCRIPT = """\
local threads = {}
function setup(thread) table.insert(threads, thread) end
statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      merged[tostring(status)] = (merged[tostring(status)] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(merged) do
    table.insert(parts, string.format('"%s": %d', status, count))
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, ' ..
    '"statuses": {%s}}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.timeout, table.concat(parts, ", ")))
end
"""


def wrk(url, seconds, connections=10, threads=2, timeout=10, headers=None):
    """Run wrk on `url`; returns requests per second, p50 and p99 in ms, the count per
    status and socket errors."""
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is missing: apt-get install wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT)
        script.flush()
        command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s",
                   f"--timeout={timeout}s", "-s", script.name]  # fmt: skip
        for name, value in {**PROXY_HEADERS, **(headers or {})}.items():
            command += ["-H", f"{name}: {value}"]
        result = subprocess.run([*command, url], capture_output=True, text=True)  # noqa: S603
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith("WRK_JSON ")), None)
    if result.returncode or line is None:
        raise RuntimeError(f"wrk failed on {url}:\n{result.stdout}{result.stderr}")
    raw = json.loads(line.removeprefix("WRK_JSON "))
    statuses = {int(k): v for k, v in raw["statuses"].items()}
    return {
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50_ms": raw["p50_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "requests": raw["requests"],
        "statuses": statuses,
        "non_2xx": sum(n for s, n in statuses.items() if not 200 <= s < 300),
        "socket_errors": sum(raw["errors"].values()),
    }
