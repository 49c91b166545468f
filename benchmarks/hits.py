"""Page-cache hits against /healthz/, in one process: the CPU and wall time per request of
settings.production's WSGI application (every middleware, request logging included), with
no server or client around it, so that a busy machine moves the figures less than under
wrk. Each page is read three times first (a miss, then hits).

    DATABASE_URL=... REDIS_URL=redis://.../N .venv/bin/python -m benchmarks.hits

The database is make bench's (its bench blog and the seed post); HITS_RUNS requests each
(1000). The request log goes to stderr.
"""

import io
import os
import secrets
import sys
import time

from benchmarks.stack import say

RUNS = int(os.environ.get("HITS_RUNS", 1000))
SEED = (
    "/technology/2017/10/10/"
    "open-source-security-meetup-7-things-we-learned-from-the-cross-government-event/"
)
PAGES = {
    "/healthz/": "/healthz/",
    "Atom feed": "/bench-digital/feed/atom/",
    "blog": "/bench-digital/",
    "seed post": SEED,
}


def call(application, path):
    """(status, headers, body) of a GET of `path` over HTTPS, as the TLS proxy sends it."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_X_FORWARDED_PROTO": "https",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=dict(headers))

    body = b"".join(application(environ, start_response))
    return answer["status"], answer["headers"], body


def main():
    os.environ.update(
        DJANGO_SETTINGS_MODULE="settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        BASE_URL="https://localhost",
        BULLETIN_PAGE_CACHE="1",
        BULLETIN_CONTENT_CACHE="1",
    )
    from settings.wsgi import application

    for name, path in PAGES.items():
        for _ in range(3):
            status, headers, body = call(application, path)
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(RUNS):
            call(application, path)
        cpu = (time.process_time() - cpu) / RUNS * 1e6
        wall = (time.perf_counter() - wall) / RUNS * 1e6
        state = headers.get("X-Page-Cache", "-")
        say(f"{name:10} {status} {state:4} {len(body):7} B CPU {cpu:5.0f} µs  wall {wall:5.0f} µs")


if __name__ == "__main__":
    main()
