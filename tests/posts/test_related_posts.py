"""A post offers up to three newer-first posts of its blog that share a category or tag."""

import datetime

from wagtail.models import PageViewRestriction

from demo.factories import make_category, make_post
from tests.html import soup

DAY = datetime.date(2020, 1, 1)


def post(blog, title, days=0, **fields):
    return make_post(blog, title, date=DAY + datetime.timedelta(days=days), **fields)


def related(client, page):
    section = soup(client.get(page.url)).select_one("section.bulletin-related")
    return [a.get_text(strip=True) for a in section.select("a")] if section else []


def test_related_posts_share_a_category_or_tag_newest_first(client, blog, other_blog):
    security = make_category("Security")
    main = post(blog, "Main", categories=[security], tags=["meetups"])
    post(blog, "By category", days=1, categories=[security])
    post(blog, "By tag", days=2, tags=["meetups"])
    post(blog, "By both", days=3, categories=[security], tags=["meetups"])
    post(blog, "Oldest match", days=-1, categories=[security])
    post(blog, "Unrelated", days=4, categories=[make_category("Cloud")], tags=["cloud"])
    post(blog, "Draft", days=5, categories=[security], publish=False)
    post(other_blog, "Other blog", days=6, categories=[security])
    assert related(client, main) == ["By both", "By tag", "By category"]
    section = soup(client.get(main.url)).select_one("section.bulletin-related")
    assert section.h2.get_text(strip=True) == "Related posts"
    assert section.time["datetime"] == "2020-01-04"


def test_no_related_posts_section_without_matches(client, blog):
    lonely = post(blog, "Lonely", categories=[make_category("Security")])
    post(blog, "Untagged", days=1)
    assert related(client, lonely) == []
    assert related(client, post(blog, "Nothing to share", days=2)) == []


def test_posts_readers_cannot_see_are_neither_related_nor_previous_or_next(client, blog):
    security = make_category("Security")
    oldest = post(blog, "Oldest", days=-2, categories=[security])
    restricted_before = post(blog, "Restricted before", days=-1, categories=[security])
    main = post(blog, "Main", categories=[security])
    post(blog, "Draft after", days=1, categories=[security], publish=False)
    restricted_after = post(blog, "Restricted after", days=2, tags=["x"], categories=[security])
    newest = post(blog, "Newest", days=3, tags=["y"])
    for hidden in (restricted_before, restricted_after):
        PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    page = soup(client.get(main.url))
    assert related(client, main) == ["Oldest"]
    assert page.select_one("a[rel=prev]")["href"] == oldest.url
    assert page.select_one("a[rel=next]")["href"] == newest.url
