"""The "Popular searches" report: Wagtail's search terms report, for those who choose
editors' picks (Reviewers), not only for superusers."""

from wagtail.admin.auth import permission_denied
from wagtail.contrib.search_promotions.views.reports import SearchTermsReportView

PROMOTION_PERMISSIONS = [
    "wagtailsearchpromotions.add_searchpromotion",
    "wagtailsearchpromotions.change_searchpromotion",
    "wagtailsearchpromotions.delete_searchpromotion",
]


def can_manage_promotions(user):
    return any(user.has_perm(permission) for permission in PROMOTION_PERMISSIONS)


class PopularSearchesView(SearchTermsReportView):
    page_title = "Popular searches"
    index_url_name = "search_popular"
    index_results_url_name = "search_popular_results"

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_promotions(request.user):
            return permission_denied(request)
        # Skip the parent's superuser-only check; everything else is Wagtail's report.
        return super(SearchTermsReportView, self).dispatch(request, *args, **kwargs)
