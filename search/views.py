import functools
import json

from django.core.paginator import InvalidPage
from django.db import connection
from django.db.models import F, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from contentcache import content
from home.visibility import exclude_hidden
from posts.models import BlogPage, PostPage

from . import results
from .backend import planned_for_its_words
from .forms import SearchForm
from .matches import remember
from .query import MAX_QUERY_LENGTH, normalise, parse

MAX_SUGGESTIONS = 8
# Fewer letters than this match too many titles to help, and are not worth a query.
MIN_SUGGEST_LENGTH = 3
JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def promoted_searches():
    """The searches (normalised) that have editors' picks, kept in the content cache (a
    pick saved or deleted replaces its version: search/apps.py): most searches have none
    and need not ask."""

    def compute():
        promoted = Query.objects.filter(editors_picks__isnull=False).distinct()
        return frozenset(promoted.values_list("query_string", flat=True))

    return content.cached("promoted-searches", compute=compute)


def editors_picks(text):
    """The search promotions for `text`, in the editors' order, leaving out any whose page
    readers cannot see (a draft, an unpublished or a private page)."""
    normalised = normalise_query_string(text)
    if normalised not in promoted_searches():
        return []
    picks = list(
        SearchPromotion.objects.filter(query__query_string=normalised)
        .filter(Q(page__isnull=True) | Q(page__live=True))
        .order_by("sort_order")
    )
    page_ids = [pick.page_id for pick in picks if pick.page_id]
    if page_ids:
        pages = exclude_hidden(Page.objects.filter(pk__in=page_ids).live()).specific().in_bulk()
        picks = [pick for pick in picks if not pick.page_id or pick.page_id in pages]
        for pick in picks:
            pick.visible_page = pages.get(pick.page_id)
    return picks


@functools.cache
def _first_hit_statement():
    """On PostgreSQL, the query's row and today's hits in one statement. The query is
    upserted, not skipped on conflict, so that its id comes back even when another
    reader inserted it a moment ago (and its row lock orders the two)."""
    quote = connection.ops.quote_name
    queries, hits = quote(Query._meta.db_table), quote(QueryDailyHits._meta.db_table)
    return (
        f"WITH asked AS (INSERT INTO {queries} (query_string) VALUES (%s)"  # noqa: S608 - table names only
        " ON CONFLICT (query_string) DO UPDATE SET query_string = EXCLUDED.query_string"
        " RETURNING id)"
        f" INSERT INTO {hits} (query_id, date, hits) SELECT id, %s, 1 FROM asked"
        f" ON CONFLICT (query_id, date) DO UPDATE SET hits = {hits}.hits + 1"
    )


def count_hit(text):
    """One more hit today for `text` in Popular searches: one UPDATE for a search already
    asked today. Otherwise, on PostgreSQL, one statement that makes the rows; elsewhere
    Wagtail's Query.get(text).add_hit() (six to nine statements)."""
    today = timezone.now().date()
    normalised = normalise_query_string(text)
    asked = QueryDailyHits.objects.filter(query__query_string=normalised, date=today)
    if asked.update(hits=F("hits") + 1):
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_first_hit_statement(), [normalised, today])
    else:
        Query.get(text).add_hit(date=today)


@require_safe
def search(request):
    """Search every live, public post of the network (see README, "Search")."""
    form = SearchForm(request.GET)
    context = {"form": form, "search_query": ""}
    if not form.is_valid():
        context["search_query"] = form.data.get("q", "")[:MAX_QUERY_LENGTH]
        return TemplateResponse(request, "search/search.html", context, status=400)

    text = form.cleaned_data["q"]
    parsed = form.parsed
    context.update(search_query=text, filters=form.filters())
    if parsed.query is None:
        # Nothing to search for: the form, or a plain "no results" for a query of
        # punctuation alone.
        if text:
            context.update(results.suggestions(), searched=True)
        return TemplateResponse(request, "search/search.html", context)

    try:
        outcome = results.run(form.cleaned_data, parsed, request.GET.get("page", "1"))
    except InvalidPage as error:
        raise Http404("No such page of results") from error

    first_page = outcome.page.number == 1
    context.update(outcome=outcome, searched=True)
    if first_page:
        context["picks"] = editors_picks(text)
        # Popular searches count what readers asked for, once per search, not per page.
        count_hit(text)
    if not outcome.total:
        context.update(results.suggestions(outcome.network))
    return TemplateResponse(request, "search/search.html", context)


def suggested_titles(words, blog=None):
    """Up to MAX_SUGGESTIONS distinct titles of live, public posts (of `blog` when given)
    that start like `words`, kept until the posts or the index change (the box asks on
    every pause in typing)."""

    def compute():
        posts = PostPage.objects.published().prefetch_related(None).only("id", "title")
        if blog is not None:
            posts = posts.child_of(blog)
        found = posts.autocomplete(" ".join(words), operator="and")
        with planned_for_its_words(posts.db):
            found = list(found[: MAX_SUGGESTIONS * 2])
        titles = []
        for post in found:
            if post.title not in titles:
                titles.append(post.title)
        return titles[:MAX_SUGGESTIONS]

    key = ("suggest", blog.pk if blog else None, [word.lower() for word in words])
    return remember(key, compute)


@require_safe
def suggest(request):
    """Titles of posts that start like what the reader is typing, for the search boxes'
    suggestions (README, "Search"): JSON, at most MAX_SUGGESTIONS of them, none for fewer
    than MIN_SUGGEST_LENGTH letters; `blog` (a slug, as on the search page) keeps them to one
    blog. <, > and & are escaped, so no title is ever markup."""
    text = normalise(request.GET.get("q", ""))
    if len(text) > MAX_QUERY_LENGTH:
        return JsonResponse(
            {"error": f"q must be {MAX_QUERY_LENGTH} characters or fewer."}, status=400
        )
    blog = None
    if request.GET.get("blog"):
        blog = BlogPage.objects.published().filter(slug=request.GET["blog"]).first()
        if blog is None:
            return JsonResponse({"error": "There is no blog with that name."}, status=400)
    words = parse(text.replace('"', " ")).words
    long_enough = len("".join(words)) >= MIN_SUGGEST_LENGTH
    titles = suggested_titles(words, blog) if long_enough else []
    body = json.dumps({"query": text, "suggestions": titles}).translate(JSON_ESCAPES)
    response = HttpResponse(body, content_type="application/json")
    response["Cache-Control"] = "public, max-age=300"
    return response
