from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.template.response import TemplateResponse

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page

MAX_QUERY_LENGTH = 200


def search(request):
    """Site-wide search over live, public pages (Wagtail's search backend)."""
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    results = None
    if query:
        found = Page.objects.live().public().specific().search(query)
        Query.get(query).add_hit()
        try:
            results = Paginator(found, 10).page(request.GET.get("page", "1"))
        except (PageNotAnInteger, EmptyPage) as error:
            raise Http404("No such page of results") from error
    return TemplateResponse(
        request, "search/search.html", {"search_query": query, "search_results": results}
    )
