"""Page-cache hits against /healthz/, in one process: the CPU and wall time per request of
settings.production's WSGI application (every middleware, request logging included), with
no server or client around it, so that a busy machine moves the figures less than under
wrk. Each page is read three times first (a miss, then hits).

    DATABASE_URL=... REDIS_URL=redis://.../N .venv/bin/python -m benchmarks.hits

The database is make bench's (its bench blog and the seed post); HITS_RUNS requests each
(1000), once for each of HITS_ENCODINGS (comma-separated Accept-Encoding values; default
"-,gzip": none, as wrk by default, then gzip, as browsers and feed readers). The request
log goes to stderr.
"""

import io
import os
import secrets
import sys
import time

from benchmarks.stack import say

RUNS = int(os.environ.get("HITS_RUNS", 1000))
ENCODINGS = [e.strip() for e in os.environ.get("HITS_ENCODINGS", "-,gzip").split(",")]
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


def call(application, path, accept_encoding="-"):
    """(status, headers, body) of a GET of `path` over HTTPS, as the TLS proxy sends it,
    with `accept_encoding` as Accept-Encoding ("-": none)."""
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
    if accept_encoding != "-":
        environ["HTTP_ACCEPT_ENCODING"] = accept_encoding
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=dict(headers))

    response = application(environ, start_response)
    try:
        body = b"".join(response)
    finally:
        # As a WSGI server does: Django's request_finished fires here (the content cache
        # writes the parts a request built then).
        response.close()
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
        for encoding in ENCODINGS:
            for _ in range(3):
                status, headers, body = call(application, path, encoding)
            cpu, wall = time.process_time(), time.perf_counter()
            for _ in range(RUNS):
                call(application, path, encoding)
            cpu = (time.process_time() - cpu) / RUNS * 1e6
            wall = (time.perf_counter() - wall) / RUNS * 1e6
            state = headers.get("X-Page-Cache", "-")
            sent = headers.get("Content-Encoding", "identity")
            say(
                f"{name:10} AE {encoding:5} {status} {state:4} {sent:8} {len(body):7} B "
                f"CPU {cpu:5.0f} µs  wall {wall:5.0f} µs"
            )


if __name__ == "__main__":
    main()
