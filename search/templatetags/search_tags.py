from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


def current_params(form):
    """The search being shown, as URL parameters, from the form's cleaned values. Kept
    on the form, like the search's path: the page builds a link for every facet."""
    if getattr(form, "_current_params", None) is None:
        form._current_params = read_params(form)
    return form._current_params


def read_params(form):
    data = getattr(form, "cleaned_data", {})
    params = {"q": data.get("q", "")}
    for name in ("blog", "category", "author"):
        params[name] = data[name].slug if data.get(name) else ""
    for name, param in form.FIELD_NAMES.items():
        params[param] = data[name].isoformat() if data.get(name) else ""
    return params


@register.simple_tag(takes_context=True)
def search_url(context, **changes):
    """The search page for the current search with `changes` made (an empty value drops a
    parameter); always its first page."""
    params = {**current_params(context["form"]), **changes}
    query = urlencode({name: value for name, value in params.items() if value})
    form = context["form"]
    if getattr(form, "_search_path", None) is None:
        form._search_path = reverse("search")
    return f"{form._search_path}?{query}" if query else form._search_path


@register.simple_tag(takes_context=True)
def facet_url(context, param, value):
    """search_url narrowed to `value` of the filter `param` (blog, category)."""
    return search_url(context, **{param: value})


@register.simple_tag(takes_context=True)
def kept_filters(context):
    """(name, value) of the filters the search form carries along as hidden fields."""
    params = current_params(context["form"])
    return [(name, params[name]) for name in ("blog", "category", "author") if params[name]]
