from django.core.paginator import InvalidPage
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from home.visibility import exclude_hidden
from posts.models import PostPage

from . import results
from .forms import SearchForm
from .query import MAX_QUERY_LENGTH, normalise, parse

MAX_SUGGESTIONS = 8


def editors_picks(text):
    """The search promotions for `text`, in the editors' order, leaving out any whose page
    readers cannot see (a draft, an unpublished or a private page)."""
    picks = list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(text))
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
        Query.get(text).add_hit()
    if not outcome.total:
        context.update(results.suggestions(outcome.network))
    return TemplateResponse(request, "search/search.html", context)


@require_safe
def suggest(request):
    """Titles of posts that start like what the reader is typing, for a typeahead: JSON,
    at most MAX_SUGGESTIONS of them."""
    text = normalise(request.GET.get("q", ""))
    if len(text) > MAX_QUERY_LENGTH:
        return JsonResponse(
            {"error": f"q must be {MAX_QUERY_LENGTH} characters or fewer."}, status=400
        )
    words = parse(text.replace('"', " ")).words
    titles = []
    if words:
        found = PostPage.objects.published().autocomplete(" ".join(words), operator="and")
        for post in found[: MAX_SUGGESTIONS * 2]:
            if post.title not in titles:
                titles.append(post.title)
    response = JsonResponse({"query": text, "suggestions": titles[:MAX_SUGGESTIONS]})
    response["Cache-Control"] = "public, max-age=300"
    return response
