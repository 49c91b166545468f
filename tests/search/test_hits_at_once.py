"""Popular searches' count when readers ask a new search at the same moment."""

import threading

import pytest

from django.db import connection

from wagtail.contrib.search_promotions.models import QueryDailyHits

from search.views import count_hit

POSTGRES = connection.vendor == "postgresql"


@pytest.mark.skipif(not POSTGRES, reason="two connections at once: PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_four_readers_asking_a_new_search_at_once_count_four():
    # Each finds no row for today, then all upsert at once: the query is made once and
    # the day's row counts every one of them (search.views.count_hit).
    start = threading.Barrier(4)
    errors = []

    def reader():
        start.wait()
        try:
            count_hit("A search nobody asked before")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    hits = QueryDailyHits.objects.values_list("query__query_string", "hits")
    assert list(hits) == [("a search nobody asked before", 4)]
