"""The site shell's template tags: footer links, navigation, pagination, canonical URLs."""

from django import template
from django.core.paginator import Paginator

from wagtail.models import Site

from contentcache import content
from home import seo
from home.models import HomePage, NetworkSettings
from home.visibility import exclude_hidden, is_public

register = template.Library()

# The footer's policy links, in the order readers of the network know them.
FOOTER_LINKS = [
    ("accessibility_page", "Accessibility statement"),
    ("cookies_page", "Cookies"),
    ("privacy_page", "Privacy"),
    ("comments_policy_page", "Comments and moderation policy"),
]


@register.inclusion_tag("components/footer-links.html", takes_context=True)
def footer_links(context):
    """The policy pages chosen in NetworkSettings (which fetches them with itself)."""
    request = context.get("request")
    network = NetworkSettings.load(request_or_site=request)
    links = []
    for field, text in FOOTER_LINKS:
        page = getattr(network, field)
        url = page.get_url(request) if page is not None and page.live else None
        if url:
            links.append({"url": url, "text": text})
    return {"links": links}


@register.simple_tag(takes_context=True)
def navigation_items(context, parent=None):
    """Links for the service navigation: the pages shown in menus under `parent` (a blog),
    or under the site's root page; the one being read is marked current."""
    request = context.get("request")
    if request is None:
        return []
    if not parent:
        site = Site.find_for_request(request)
        if site is None:
            return []
        parent = site.root_page
    links = content.cached(
        "navigation", parent.pk, request=request, compute=lambda: menu_links(request, parent)
    )
    return [
        {
            "url": url,
            "text": text,
            "current": url == request.path,
            "active": url != request.path and request.path.startswith(url),
        }
        for url, text in links
    ]


def menu_links(request, parent):
    """(URL, title) of the public, live pages shown in menus under `parent`: fetched with
    it when routing did (contentcache.pages), or asked for now."""
    if "prefetched_menu_children" in parent.__dict__:
        pages = [page for page in parent.prefetched_menu_children if is_public(page)]
    else:
        # What a link shows and needs (title, address): not the forty columns of a page.
        pages = exclude_hidden(parent.get_children().live().in_menu()).only("title", "url_path")
    links = []
    for page in pages:
        url = page.get_url(request)
        if url:
            links.append((url, page.title))
    return links


@register.simple_tag
def page_range(page_obj, on_each_side=1, on_ends=1):
    """Page numbers to offer, with Paginator.ELLIPSIS standing for the ones left out."""
    return list(
        page_obj.paginator.get_elided_page_range(
            page_obj.number, on_each_side=on_each_side, on_ends=on_ends
        )
    )


@register.filter
def is_ellipsis(value):
    return value == Paginator.ELLIPSIS


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The absolute address of what is shown: the page, the route within a routable page
    (a blog's archive), and the page number past the first."""
    request = context.get("request")
    page = context.get("page")
    if context.get("canonical"):  # set by views that serve no page (all posts)
        return context["canonical"]
    if request is None or page is None:
        return ""
    full_url = page.get_full_url(request)
    if not full_url:
        return ""
    relative = page.get_url(request)
    if relative and relative.startswith("/") and request.path.startswith(relative):
        full_url += request.path[len(relative) :]
    listing = context.get("posts")
    if getattr(listing, "number", 1) > 1:
        full_url += f"?page={listing.number}"
    return full_url


@register.simple_tag(takes_context=True)
def page_link(context, number):
    """This address with ?page=number, other parameters kept; page 1 has no ?page."""
    request = context["request"]
    params = request.GET.copy()
    params.pop("page", None)
    if int(number) > 1:
        params["page"] = number
    query = params.urlencode()
    return f"{request.path}?{query}" if query else request.path


@register.simple_tag(takes_context=True)
def network_home_url(context):
    """The address of the network's home page (which may be on another host than a blog)."""
    request = context.get("request")
    cached = getattr(request, "_bulletin_home_url", None)
    if cached:
        return cached
    # Usually the site being served hangs off the home page, already fetched by routing.
    site = Site.find_for_request(request) if request is not None else None
    root = site.root_page.specific if site else None
    home = root if isinstance(root, HomePage) and root.live else HomePage.objects.live().first()
    url = (home.get_url(request) if home else None) or "/"
    if request is not None:
        request._bulletin_home_url = url
    return url


@register.simple_tag(takes_context=True)
def share_image(context):
    """The og:image: the view's `share_image` or the page's, as absolute URL, size and
    alt text (None without an image)."""
    image = context.get("share_image") or getattr(context.get("page"), "share_image", None)
    return seo.share_image(context.get("request"), image)


@register.simple_tag
def json_ld(data):
    """A schema.org description (built in Python) as a JSON-LD data block."""
    return seo.json_ld_script(data) if data else ""
