"""The warm-up as it runs in production: a real server and its background worker on
PostgreSQL and Redis (tests/servers.py). A reader's address is noted by the server, a
change made in another process queues the warm-up, and the worker builds the site under
the new version at the very key the next reader at that address reads."""

import os
from urllib.parse import urlsplit

import pytest
import redis

from tests.servers import running_server

# Run in the server's setting: waits for the site entry of the current version at the
# reader's address, as the reader's request would ask for it; prints whether it came.
FOUND_WITHIN_30_S = """
import time
from django.test import RequestFactory
from contentcache import content
request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:{port}", SERVER_PORT="{port}")
deadline = time.monotonic() + 30
while True:
    content.start_request()  # the version read afresh each time
    key = content.key("site", request.get_port(), request=request)
    found = content.recall(key) is not content.MISSING
    content.end_request()
    if found or time.monotonic() > deadline:
        break
    time.sleep(0.2)
print(found)
"""


@pytest.fixture
def redis_url():
    """A Redis database of its own on REDIS_URL's server (the suite's workers empty 10 and
    11), emptied first."""
    if not os.environ.get("REDIS_URL"):
        pytest.skip("the content cache and its warm-up need Redis (REDIS_URL)")  # CI fails skips
    url = urlsplit(os.environ["REDIS_URL"])._replace(path="/12").geturl()
    redis.Redis.from_url(url).flushdb()
    return url


def test_the_worker_builds_the_site_a_reader_will_read(tmp_path_factory, redis_url):
    env = {"REDIS_URL": redis_url, "BULLETIN_CONTENT_CACHE": "1", "BULLETIN_PAGE_CACHE": "1"}
    with running_server("postgresql-worker", tmp_path_factory, env=env) as server:
        assert server.request("GET", "/")[0] == 200  # a reader: the address is noted
        # A change, made as the admin makes it: the version replaced on commit, and one
        # warm-up queued for the worker.
        server.manage(
            "shell",
            "-c",
            "from home.models import NetworkSettings;"
            "s = NetworkSettings.load(); s.banner_enabled = True;"
            "s.banner_text = 'Warmed by the worker'; s.save()",
        )
        found = server.manage("shell", "-c", FOUND_WITHIN_30_S.format(port=server.port))
        status, _headers, page = server.request("GET", "/technology/")
        worker_log = server.worker_log.read_text()

    assert found.strip().splitlines()[-1] == "True", worker_log[-3000:]
    assert status == 200
    assert "Warmed by the worker" in page
