"""The number of queries behind each public page is pinned, and does not grow with the
number of posts, authors, categories or blocks.

Each page is rendered once first, so that what is cached across requests in production
(rendition URLs, site root paths, content types, and the content cache's parts) is warm;
then it is counted. Counts are pinned twice: with the content cache (contentcache), as
readers get pages, and without it, as the first reader after a change gets them (or
every reader, without Redis).
"""

import datetime
import io

import pytest

from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contentcache import content
from demo import build, seed
from demo.factories import (
    make_blog,
    make_category,
    make_home,
    make_image,
    make_person,
    make_post,
    make_standard_page,
)
from posts.models import PostAuthor, PostPage, RenderedBody

SEED_URL = f"/technology/{seed.DATE:%Y/%m/%d}/{seed.SLUG}/"

# With the content cache, routing (the site, the home page, the blog), the network
# settings, the navigation, the sidebar, posts with their authors, categories, tags,
# bodies, related and neighbouring posts, each page of a listing (its count and posts),
# post cards and whole feeds come from the cache, and Wagtail pages asked for again are
# kept whole (contentcache.serving; issue 16, "content cache only"), served without
# routing once their path is checked against the view restrictions, which are kept under
# the same content version (home.visibility): no query at all (1 before, the restrictions
# read on every request; before that, the post page also read its published comments,
# listings the comment counts of the posts shown, author, category and tag pages and
# feeds the person, category or tag). The Django views read what they read before but
# the restrictions: all posts still reads the comment counts.
#
# Cold: the first request after a change (the content cache on, its version just
# replaced, so every part misses; issue 16's "cold speed"). Where each query goes on the
# post page: 1 site for the host, 2 the home page with its live children as their
# specific types (the blog with its logo, its comment settings and its sidebar links,
# brought as annotations: contentcache.pages.bring) and the pages under them shown in
# menus (one query: contentcache.pages), 3 the post with the body the worker rendered on
# publish (posts.rendering) and its related, previous and next posts kept by the worker
# (posts.neighbours), 4 view restrictions, 5 authors, categories and tags (one query, a
# UNION), 6 network settings with the footer pages, 7 comments: issue 16's at most 10.
# Where the kept neighbours are not current (a change the worker has not caught up
# with), related, previous and next posts are one query more. Before the kept bodies,
# 10: the body's chosen people (speakers, chairs, panellists: one query) and its images
# (one), as a body still costs where it has no kept HTML (UNRENDERED, below).
# A post with related links picked by its writer adds one query for all the chosen posts
# (tests/posts/test_related_links.py).
#
# Without the cache (no Redis): the site and its home page (Wagtail's, 2), then the home
# page's child by slug as its specific type, a blog with its logo, comment settings and
# sidebar links (one query: contentcache.pages.live_child); navigation is one query. The
# post page then as cold, but for the routing and the navigation: 10. Listings add
# settings, navigation and featured posts on the blog's home. Feeds: the same routing,
# the posts with their kept bodies, their authors and categories, plus the category,
# person or tag; the network's feed (/feed/), the site and home page, then the same
# without a blog.
#
# name: (URL, queries with the content cache, cold, without it). Without it, since the
# home page's child is routed to in one query (live_child): a blog's pages 3 fewer (the
# post page 4, its blog's comment settings too: 16 -> 12), feeds and standard pages 1.
# With the kept bodies (posts.rendering): the post page 2 fewer (cold 10 -> 8, uncached
# 12 -> 10), every feed 2 or 3 (the bodies' people, images and chosen pages).
EXPECTED = {
    "home": ("/", 0, 10, 11),
    # Uncached 16 -> 15 (and each listing one fewer): the sidebar in one query.
    "blog": ("/technology/", 0, 10, 12),
    # Uncached 21 -> 18: body people in one query, related and neighbours in one, the
    # sidebar in one. Cold 14 -> 12: the blog's comment settings come with the routed
    # blog, the byline's categories and tags in one query (a UNION); uncached 18 -> 17
    # with them. Cold 12 -> 11 (and each blog page one fewer): the sidebar's links come
    # with the routed blog (posts.sidebar); uncached, a row by key replaces the UNION.
    # Cold 11 -> 10, uncached 17 -> 16: the authors join the categories' and tags' UNION.
    # Cold 10 -> 8, uncached 12 -> 10: the body rendered on publish, with the post.
    # Cold 8 -> 7, uncached 10 -> 9: related and neighbouring posts kept by the worker
    # for the whole blog, with the post (posts.neighbours).
    "post": (SEED_URL, 0, 7, 9),
    "category": ("/technology/category/open-source/", 0, 10, 12),
    "author": ("/technology/author/khidr-suleman/", 0, 11, 13),
    "speaker": ("/technology/author/liam-maxwell/", 0, 11, 13),
    "tag": ("/technology/tag/meetups/", 0, 10, 12),
    "month": ("/technology/2017/10/", 0, 9, 11),
    "all posts": ("/all-posts/", 1, 10, 11),
    "standard page": ("/accessibility-statement/", 0, 4, 6),
    # Feeds, uncached 12 -> 11 (13 -> 12): the bodies' people in one query, not two; then
    # the kept bodies: no query for what the bodies show.
    "blog feed": ("/technology/feed/", 0, 6, 7),
    "blog atom feed": ("/technology/feed/atom/", 0, 6, 7),
    "category feed": ("/technology/category/open-source/feed/", 0, 7, 8),
    "author feed": ("/technology/author/khidr-suleman/feed/atom/", 0, 8, 9),
    "tag feed": ("/technology/tag/meetups/feed/", 0, 7, 8),
    # Cold, the site's root page comes with its children and menus, which this feed does
    # not use: one more.
    "network feed": ("/feed/", 0, 8, 7),
    "network atom feed": ("/feed/atom/", 0, 8, 7),
}
# Where a body has no kept HTML (never rendered by the worker, or cleared by a change it
# has not caught up with yet): rendered on the spot, its people, images and chosen pages
# one query per block type whatever the number of posts, blocks and people (cold,
# without the cache). Cold, a feed reads its posts without their bodies (their entries
# are kept under digests the database makes: posts.feeds), then the bodies of the entries
# not kept in one query: one more here, where none can be kept (9 -> 10).
UNRENDERED = {
    "post": (9, 11),
    "blog feed": (10, 10),
    "blog atom feed": (10, 10),
    "category feed": (11, 11),
    "author feed": (11, 11),
    "tag feed": (10, 10),
    "network feed": (12, 10),
    "network atom feed": (12, 10),
}
CACHED, COLD, UNCACHED = 1, 2, 3
# Over generated content, the same: what a body shows costs nothing once it is kept.
GENERATED = {
    mode: {name: counts[mode] for name, counts in EXPECTED.items()}
    for mode in (CACHED, COLD, UNCACHED)
}
# Generated bodies rendered on the spot choose people and pictures but no pages (the
# demo's posts in these feeds also have a related-links block choosing pages: one query
# more), and no chairs' query: uncached 12, 12, 13, 11, 11 became 10, 10, 11 with the
# bodies' people in one query and the blog routed to in one.
GENERATED_UNRENDERED = {COLD: {"post": 9}, UNCACHED: {"post": 11}}


@pytest.fixture(params=[CACHED, COLD, UNCACHED], ids=["cached", "cold", "uncached"])
def mode(request, settings):
    settings.BULLETIN_CONTENT_CACHE = request.param != UNCACHED
    # What a page costs when it is built: a page served whole from the page cache costs
    # none (test_demo_pages_from_the_page_cache).
    settings.BULLETIN_PAGE_CACHE = False
    return request.param


def get(client, url, mode):
    """GET `url`; cold, as the first request after a change (a new content version)."""
    if mode == COLD:  # a new content version, as any change makes (without a change)
        content.replace_token(content.VERSION_KEY)
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def assert_queries(client, django_assert_num_queries, url, expected, mode):
    get(client, url, mode)  # warm what is kept across versions (content types, renditions)
    with django_assert_num_queries(expected, info=url):
        get(client, url, mode)


def committing():
    """Run what a change leaves for its commit (each blog's sidebar links are stored
    then: posts.sidebar) when the block ends, as outside a test's transaction."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def load_demo():
    with committing():
        call_command("load_demo", stdout=io.StringIO())


def test_demo_pages(client, django_assert_num_queries, db, mode):
    load_demo()
    for name, (url, *counts) in EXPECTED.items():
        get(client, url, mode)  # warm the caches
        with django_assert_num_queries(counts[mode - 1], info=f"{name}: {url}"):
            get(client, url, mode)


def test_demo_pages_without_kept_bodies(client, django_assert_num_queries, db, settings):
    """Bodies rendered on the spot (the worker not there yet) cost a query per block type
    of what they show, not per block or per post."""
    settings.BULLETIN_PAGE_CACHE = False
    load_demo()
    RenderedBody.objects.all().delete()
    for mode in (COLD, UNCACHED):
        settings.BULLETIN_CONTENT_CACHE = mode != UNCACHED
        for name, counts in UNRENDERED.items():
            url = EXPECTED[name][0]
            get(client, url, mode)
            with django_assert_num_queries(counts[mode - 2], info=f"{name}: {url}"):
                get(client, url, mode)


def test_seed_post_cold(client, django_assert_num_queries, db, settings):
    """The first reader of the seed post after a change (issue 16: at most 10 queries;
    pinned exactly at what it takes today, see EXPECTED)."""
    settings.BULLETIN_CONTENT_CACHE = True
    load_demo()
    get(client, SEED_URL, COLD)
    with django_assert_num_queries(EXPECTED["post"][COLD]):
        response = get(client, SEED_URL, COLD)
    assert "Open Source security meetup" in response.text


def test_demo_pages_from_the_page_cache(client, django_assert_num_queries, db, settings):
    settings.BULLETIN_PAGE_CACHE = True
    load_demo()
    for name, (url, *_) in EXPECTED.items():
        assert client.get(url).status_code == 200, url  # built and stored
        with django_assert_num_queries(0, info=f"{name}: {url}"):
            assert client.get(url)["X-Page-Cache"] == "hit"


# The same pages over generated content, at two sizes.

SIZES = {"few": 10, "many": 500}  # posts; a listing shows 10, a feed 20


def body(people, picture, blocks):
    """A body with every block type that chooses something from the database, `blocks` times."""
    return [
        block
        for n in range(blocks)
        for block in (
            build.heading(f"Section {n}", numbered=True),
            build.paragraph("<p>Some words.</p>"),
            build.speaker(people[n % len(people)], "<p>A talk.</p>"),
            build.panel(people, "<p>A panel.</p>", chair=people[0]),
            build.image(picture, caption="A picture"),
        )
    ]


def make_site(count, authors=1, categories=1, blocks=1, quickly=False):
    """`count` posts on /technology/ by Khidr Suleman and Liam Maxwell (who also speaks),
    in Open Source and tagged meetups; the newest has `authors`, `categories` and
    `blocks` as asked, the others one of each. `quickly`: all but the newest are put
    straight in the tree as live pages, without revisions (500 posts in seconds)."""
    home = make_home()
    if not home.get_children().filter(slug="technology").exists():
        logo = make_image("Logo", width=160, height=160)
        make_blog(home, "Government Technology", slug="technology", logo=logo)
        make_standard_page(home, "Accessibility statement", "<p>How accessible.</p>")
    blog = home.get_children().get(slug="technology").specific
    people = [make_person(name) for name in ("Khidr Suleman", "Liam Maxwell", "Anna Shipman")]
    open_source = make_category("Open Source")
    picture = make_image("Panel", width=960, height=540)
    start = blog.get_children().count()
    for n in range(start, start + count):
        newest = n == start + count - 1
        date = datetime.date(2017, 10, 1) + datetime.timedelta(days=n % 28)
        if quickly and not newest:
            post = PostPage(
                title=f"Post {n}",
                slug=f"post-{n}",
                summary="A short summary of the post.",
                date=date,
                live=True,
                first_published_at=timezone.now(),
                listing_image=picture,
                body=body(people, picture, 1),
            )
            post.post_authors.add(PostAuthor(person=people[0], sort_order=0))
            post.categories = [open_source]
            post.tags.add("meetups")
            blog.add_child(instance=post)
            continue
        make_post(
            blog,
            f"Post {n}",
            date=date,
            authors=[people[0], *(make_person(f"Author {a}") for a in range(authors - 1))]
            if newest
            else [people[0]],
            categories=[open_source, *(make_category(f"Topic {c}") for c in range(categories - 1))]
            if newest
            else [open_source],
            tags=["meetups"],
            listing_image=picture,
            body=body(people, picture, blocks if newest else 1),
        )
    return blog.get_children().live().order_by("-path").first().specific


def count_queries(client, url, mode):
    get(client, url, mode)  # warm the caches
    with CaptureQueriesContext(connection) as queries:
        get(client, url, mode)
    return len(queries)


def test_pages_do_not_grow_with_posts(client, db, settings):
    pages = {name: url for name, (url, *_) in EXPECTED.items() if name != "post"}

    settings.BULLETIN_PAGE_CACHE = False  # what building each page costs

    def counts():
        found = {}
        for mode in (CACHED, COLD, UNCACHED):
            settings.BULLETIN_CONTENT_CACHE = mode != UNCACHED
            found[mode] = {name: count_queries(client, url, mode) for name, url in pages.items()}
        return found

    expected = {mode: {name: GENERATED[mode][name] for name in pages} for mode in GENERATED}
    with committing():
        make_site(SIZES["few"])
    assert counts() == expected
    with committing():
        make_site(SIZES["many"] - SIZES["few"], quickly=True)
        # Put in the tree without publishing: their bodies rendered as the worker does
        # after a bulk change (posts.rendering).
        call_command("render_bodies", stdout=io.StringIO())
    assert PostPage.objects.live().public().count() == SIZES["many"]
    assert counts() == expected


@pytest.mark.parametrize(
    "shape",
    [
        {"authors": 1, "categories": 1, "blocks": 1},
        {"authors": 5, "categories": 1, "blocks": 1},
        {"authors": 1, "categories": 5, "blocks": 1},
        {"authors": 1, "categories": 1, "blocks": 20},
        {"authors": 5, "categories": 5, "blocks": 20},
    ],
)
@pytest.mark.parametrize("kept", [True, False], ids=["kept body", "rendered on the spot"])
def test_post_page_does_not_grow_with_authors_categories_or_blocks(
    client, django_assert_num_queries, db, shape, mode, kept
):
    with committing():
        post = make_site(3, **shape)
    expected = GENERATED
    if not kept:
        RenderedBody.objects.all().delete()
        expected = {m: {**GENERATED[m], **GENERATED_UNRENDERED.get(m, {})} for m in GENERATED}
    assert_queries(client, django_assert_num_queries, post.url, expected[mode]["post"], mode)
    assert_queries(
        client,
        django_assert_num_queries,
        "/technology/author/liam-maxwell/",
        expected[mode]["speaker"],
        mode,
    )
