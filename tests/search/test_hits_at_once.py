"""Popular searches' count when readers ask a new search at the same moment: a real
server (tests/servers.py) on an SQLite file, as `make run` has it, and on PostgreSQL."""

import threading

import pytest

from tests.servers import running_server

READERS = 4


@pytest.mark.parametrize("setup", ["sqlite", "postgresql-worker"])
def test_readers_asking_a_new_search_at_once_each_count(setup, tmp_path_factory):
    # Each finds no row for today, then all make it at once (search.views.count_hit: an
    # upsert on PostgreSQL, Wagtail's get-or-create elsewhere): the query is made once and
    # the day's row counts every reader; nobody gets an error.
    with running_server(setup, tmp_path_factory) as server:
        start = threading.Barrier(READERS)
        statuses = []

        def reader():
            start.wait()
            statuses.append(server.request("GET", "/search/?q=A+search+nobody+asked")[0])

        threads = [threading.Thread(target=reader) for _ in range(READERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        counted = server.manage(
            "shell",
            "-c",
            "from wagtail.contrib.search_promotions.models import QueryDailyHits as H;"
            "print(list(H.objects.values_list('query__query_string', 'hits')))",
        )

    assert statuses == [200] * READERS, server.output()[-3000:]
    assert counted.strip().splitlines()[-1] == str([("a search nobody asked", READERS)])
