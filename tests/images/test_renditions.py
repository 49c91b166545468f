"""Renditions as readers' pages ask for them: from Wagtail's rendition cache, without
writing back what was just read (Wagtail's `get_rendition` did: a second round trip to
Redis for every image of a page built after a change)."""

import pytest

from django.core.cache import caches

from demo.factories import make_image
from images.models import BulletinRendition

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendition_cache():
    cache = caches["renditions"]
    cache.clear()
    return cache


@pytest.fixture
def counted(rendition_cache, monkeypatch):
    calls = []
    for name in ("get", "get_many", "set", "set_many"):
        real = getattr(rendition_cache, name)
        monkeypatch.setattr(
            rendition_cache,
            name,
            lambda *args, _real=real, _name=name, **kwargs: (
                calls.append(_name) or _real(*args, **kwargs)
            ),
        )
    return calls


def test_a_rendition_in_the_cache_is_read_once_and_not_written_back(counted):
    image = make_image("Meetup room")
    made = image.get_rendition("fill-200x130")  # made, stored and cached
    counted.clear()
    again = type(image).objects.get(pk=image.pk).get_rendition("fill-200x130")
    assert counted == ["get"]
    assert again.pk == made.pk and again.url == made.url
    assert again.image.pk == image.pk


def test_a_rendition_not_in_the_cache_is_read_from_the_database_and_cached(
    counted, rendition_cache, django_assert_num_queries
):
    image = make_image("Meetup room")
    made = image.get_rendition("fill-200x130")
    rendition_cache.clear()
    counted.clear()
    fresh = type(image).objects.get(pk=image.pk)
    with django_assert_num_queries(1):
        found = fresh.get_rendition("fill-200x130")
    assert found.pk == made.pk
    assert "set" in counted
    counted.clear()
    assert type(image).objects.get(pk=image.pk).get_rendition("fill-200x130").pk == made.pk
    assert counted == ["get"]


def test_a_new_filter_makes_a_rendition_once(counted):
    image = make_image("Meetup room")
    first = image.get_rendition("width-320")
    assert BulletinRendition.objects.filter(image=image, filter_spec="width-320").count() == 1
    assert type(image).objects.get(pk=image.pk).get_rendition("width-320").pk == first.pk


def test_a_changed_focal_point_is_a_rendition_of_its_own(counted):
    image = make_image("Meetup room")
    before = image.get_rendition("fill-200x130")
    image.focal_point_x, image.focal_point_y = 10, 10
    image.focal_point_width, image.focal_point_height = 20, 20
    image.save()
    after = type(image).objects.get(pk=image.pk).get_rendition("fill-200x130")
    assert after.pk != before.pk
