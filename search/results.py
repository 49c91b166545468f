"""Running a search: the posts that match, narrowed by the filters, with facet counts.

Bulletin's search is a search of posts by design: its filters and facets (blog, category,
author, dates) are a post's. So the model is named here, once; every other page type
stays out of the results (STYLE.md warns against search views that list models).
"""

from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

from django.contrib.postgres.expressions import ArraySubquery
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, OuterRef, Prefetch

from contentcache import content
from posts.models import Category, PostAuthor, PostPage, pages
from posts.models.pages import blog_path

from .backend import planned_for_its_words
from .highlight import excerpt, mark, pattern
from .matches import remember
from .ranking import title_first

PER_PAGE = 10
# Elasticsearch and OpenSearch answer with ids; facets count the first this many matches.
FACET_LIMIT = 1000
# The most ids written into one query (SQLite allows 32,766 variables).
MAX_IDS_IN_QUERY = 20000


def searchable_posts(filters):
    """Live, public posts narrowed by the form's cleaned `filters`.

    Categories and authors are matched through `id__in` subqueries on purpose: `id` is a
    FilterField every backend understands, Elasticsearch included."""
    posts = PostPage.objects.published()
    if filters.get("blog"):
        posts = posts.child_of(filters["blog"])
    if filters.get("category"):
        tagged = PostPage.categories.through.objects.filter(category=filters["category"])
        posts = posts.filter(id__in=tagged.values("postpage_id"))
    if filters.get("author"):
        written = PostAuthor.objects.filter(person=filters["author"])
        posts = posts.filter(id__in=written.values("post_id"))
    if filters.get("date_from"):
        posts = posts.filter(date__gte=filters["date_from"])
    if filters.get("date_to"):
        posts = posts.filter(date__lte=filters["date_to"])
    return posts


@dataclass
class Facet:
    item: object
    count: int
    selected: bool = False


@dataclass
class SearchResults:
    page: object
    total: int
    blogs: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    network: dict = field(default_factory=dict)  # every blog, by path


def and_list(names):
    """ "A", "A and B", "A, B and C"."""
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def network_blogs():
    """Every live, public blog by path, so a post's blog is found from its own path."""
    return {blog.path: blog for blog in pages.network_blogs()}


def live_categories():
    """Every live category by id (by name, as Category orders them), kept in the content
    cache: the facets name those a search found."""
    return content.cached("categories", compute=lambda: {c.pk: c for c in Category.objects.live()})


@dataclass
class Matches:
    """Everything a search found: ids best first, each one's blog (its parent's path) and
    the number of matches in each category (by category id)."""

    ids: list
    parents: list
    categories: dict
    total: int


def id_set(ids, matching):
    """`ids` as the right-hand side of an `__in` filter: the list, or for a very long one
    the search again as a subquery (SQLite's limit on variables). An empty list stays one:
    Django then asks the database nothing."""
    return ids if len(ids) <= MAX_IDS_IN_QUERY else matching.values("pk")


def database_matches(results, parsed):
    """The matches of a search on a database backend: these backends search inside the
    database, so their results are a queryset underneath. Title matches first, then
    summary matches (search.ranking). On PostgreSQL one query: each match comes with its
    categories, counted here; elsewhere a second query counts them."""
    matching = results.get_queryset()
    columns = ["pk", "path", "title", "summary"]
    postgresql = connections[matching.db].vendor == "postgresql"
    if postgresql:
        tagged = PostPage.categories.through.objects.filter(postpage=OuterRef("pk"))
        matching = matching.annotate(_categories=ArraySubquery(tagged.values("category")))
        columns.append("_categories")
    with planned_for_its_words(matching.db):
        rows = list(matching.values_list(*columns))
    rows = title_first(rows, parsed)
    ids = [row[0] for row in rows]
    if postgresql:
        categories = Counter(chain.from_iterable(row[4] for row in rows))
    else:
        # The categories of the posts in hand, not of the search run again as a
        # subquery (which matched every index entry a second time).
        tagged = PostPage.categories.through.objects.filter(postpage__in=id_set(ids, matching))
        counts = tagged.values("category").annotate(n=Count("postpage"))
        categories = counts.values_list("category", "n")
    return Matches(
        ids=ids,
        parents=[blog_path(row[1]) for row in rows],
        categories=dict(categories),
        total=len(rows),
    )


def cluster_matches(posts, query, total):
    """The same from Elasticsearch or OpenSearch, which answer with ids: the facets count
    the first FACET_LIMIT matches."""
    slim = posts.prefetch_related(None).only("id")
    ids = [post.pk for post in slim.search(query, operator="and")[:FACET_LIMIT]]
    paths = dict(PostPage.objects.filter(pk__in=ids).values_list("pk", "path"))
    tagged = PostPage.categories.through.objects.filter(postpage__in=ids)
    counts = tagged.values("category").annotate(n=Count("postpage")).values_list("category", "n")
    return Matches(
        ids=ids,
        parents=[blog_path(paths[pk]) for pk in ids if pk in paths],
        categories=dict(counts),
        total=total,
    )


def blog_facets(matches, blogs, selected):
    counts = Counter(matches.parents)
    facets = [
        Facet(blog, counts[path], blog == selected)
        for path, blog in blogs.items()
        if path in counts
    ]
    return sorted(facets, key=lambda facet: (-facet.count, facet.item.title))


def category_facets(matches, selected):
    if not matches.categories:
        return []
    facets = [
        Facet(category, matches.categories[pk], category == selected)
        for pk, category in live_categories().items()
        if pk in matches.categories
    ]
    return sorted(facets, key=lambda facet: (-facet.count, facet.item.name))


def cache_key(filters, parsed):
    chosen = [
        getattr(filters.get(name), "pk", filters.get(name))
        for name in ("blog", "category", "author", "date_from", "date_to")
    ]
    return ([w.lower() for w in parsed.words], [p.lower() for p in parsed.phrases], chosen)


def with_authors(posts):
    authors = PostAuthor.objects.select_related("person").order_by("sort_order")
    return posts.prefetch_related(Prefetch("post_authors", queryset=authors))


def with_author_names(posts):
    """`posts` ready for their bylines (author_names): on PostgreSQL each with its
    authors' names in an array, in the same query; elsewhere their authors prefetched."""
    if connections[posts.db].vendor != "postgresql":
        return with_authors(posts)
    names = PostAuthor.objects.filter(post=OuterRef("pk")).order_by("sort_order")
    return posts.annotate(_author_names=ArraySubquery(names.values("person__name")))


def author_names(post):
    names = getattr(post, "_author_names", None)
    return names if names is not None else [a.person.name for a in post.post_authors.all()]


def run(filters, parsed, page_number):
    """Search posts for `parsed` with the form's `filters`; page `page_number` of results.

    A fixed number of queries, whatever the number of matches. Raises Paginator's
    InvalidPage for a page number that is malformed or past the end."""
    posts = searchable_posts(filters)
    results = posts.search(parsed.query, operator="and")
    if hasattr(results, "get_queryset"):
        matches = remember(cache_key(filters, parsed), lambda: database_matches(results, parsed))
        page = Paginator(matches.ids, PER_PAGE).page(page_number)
        blogs = network_blogs()
        # Fetched afresh and filtered again: nothing hidden since the search is shown.
        found = with_author_names(posts).filter(pk__in=page.object_list).with_blogs(blogs)
        found = {post.pk: post for post in found}
        page.object_list = [found[pk] for pk in page.object_list if pk in found]
    else:
        results = with_authors(posts).search(parsed.query, operator="and")
        page = Paginator(results, PER_PAGE).page(page_number)
        # The backend's results are not a queryset: the posts are in hand, their blogs too.
        page.object_list = list(page.object_list)
        matches = cluster_matches(posts, parsed.query, page.paginator.count)
        blogs = network_blogs()
        for post in page.object_list:
            post.blog = blogs.get(blog_path(post.path))

    regex = pattern(parsed.words, parsed.phrases)
    for post in page.object_list:
        post.search_title = mark(post.title, regex)
        post.search_authors = and_list(author_names(post))
        post.search_excerpt = excerpt(post.summary, post.body.raw_data, regex)
    return SearchResults(
        page=page,
        total=matches.total,
        blogs=blog_facets(matches, blogs, filters.get("blog")),
        categories=category_facets(matches, filters.get("category")),
        network=blogs,
    )


def suggestions(blogs=None):
    """For a search that found nothing: the categories in use and the newest posts (the
    same for every such search, so cached like the matches)."""

    def compute():
        published = PostPage.objects.published()
        in_use = Category.objects.live().filter(posts__in=published).annotate(n=Count("posts"))
        return list(published.values_list("pk", flat=True)[:5]), list(in_use.order_by("name"))

    recent_ids, categories = remember(("suggestions",), compute)
    blogs = network_blogs() if blogs is None else blogs
    found = PostPage.objects.published().filter(pk__in=recent_ids).with_blogs(blogs)
    found = {post.pk: post for post in found}
    recent = [found[pk] for pk in recent_ids if pk in found]
    return {"recent_posts": recent, "suggested_categories": categories}
