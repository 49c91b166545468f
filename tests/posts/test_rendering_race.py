"""The worker rendering kept bodies (posts.rendering) while editors change what they show,
at once, on PostgreSQL: separate connections, as the worker and two editors' requests are.

Nothing may deadlock (fails without the worker's locks on what a body shows: an editor's
UPDATE of the kept bodies takes them in its own order), and no committed moment may hold a
kept body showing a person as they were before a change (fails unless the change clears
the bodies in its own transaction and the render writes under the bodies' locks)."""

import random
import threading

import pytest

from django.db import DatabaseError, connection, transaction

from demo import build
from demo.factories import make_blog, make_home, make_person, make_post
from posts import rendering
from posts.models import Person, RenderedBody

POSTGRES = connection.vendor == "postgresql"
ROUNDS = 40

pytestmark = [
    pytest.mark.skipif(not POSTGRES, reason="SQLite serialises every write: no race to lose"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def stale_bodies(people, post_pks):
    """(person, role, html) for each kept body that shows a person's role other than the
    one committed with it, in one committed moment (a snapshot) of the database."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        roles = dict(Person.objects.filter(pk__in=people).values_list("name", "job_title"))
        bodies = list(RenderedBody.objects.filter(pk__in=post_pks).values_list("key", "html"))
    return [
        (name, role, html)
        for name, role in roles.items()
        for key, html in bodies
        if key and f"{role}, GDS" not in html
    ]


def test_a_render_racing_editors_never_deadlocks_nor_keeps_a_stale_body():
    home = make_home()
    blog = make_blog(home, "Technology", slug="technology")
    people = [
        make_person("Ada Lovelace", job_title="Role 0", organisation="GDS"),
        make_person("Grace Hopper", job_title="Role 0", organisation="GDS"),
    ]
    # Both posts show both people, in opposite orders.
    posts = [
        make_post(
            blog,
            f"Meetup {n}",
            body=[build.speaker(person, "<p>A talk.</p>") for person in order],
        )
        for n, order in enumerate([people, people[::-1]])
    ]
    post_pks = [post.pk for post in posts]
    rendering.store(post_pks)
    done = threading.Event()
    errors, stale = [], []

    def worker():
        try:
            while not done.is_set():
                rendering.store(post_pks)
        except DatabaseError as error:  # a deadlock, a lock timeout
            errors.append(error)
        finally:
            connection.close()

    def reader():
        # What any reader could be shown, again and again while the others work.
        try:
            while not done.is_set():
                stale.extend(stale_bodies([person.pk for person in people], post_pks))
        finally:
            connection.close()

    def editor(person):
        chooser = random.Random(person.pk)
        try:
            for round_ in range(1, ROUNDS + 1):
                with transaction.atomic():
                    Person.objects.get(pk=person.pk)  # a form's read, before the save
                    person.job_title = f"Role {round_}"
                    person.save()  # clears both bodies (contentcache.content.changed)
                threading.Event().wait(chooser.uniform(0, 0.01))
        except DatabaseError as error:
            errors.append(error)
        finally:
            connection.close()

    editors = [threading.Thread(target=editor, args=(person,)) for person in people]
    others = [threading.Thread(target=worker), threading.Thread(target=reader)]
    threads = editors + others
    for thread in threads:
        thread.start()
    for thread in editors:
        thread.join(timeout=120)
    done.set()
    for thread in others:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads), "a thread never finished"
    assert errors == []
    assert stale == []
    # Once the worker has caught up, both bodies show both people's last roles.
    rendering.store(post_pks)
    for key, html in RenderedBody.objects.filter(pk__in=post_pks).values_list("key", "html"):
        assert key
        assert html.count(f"Role {ROUNDS}, GDS") == 2
