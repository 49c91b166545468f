"""Views outside the page tree: every blog's posts in one list, and in one feed."""

from django.http import HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from wagtail.models import Site
from wagtail.views import serve

from home.addresses import public_url
from home.models import NetworkSettings
from posts.feeds import PostFeed, serve_feed
from posts.models import BlogPage, PostPage
from posts.models.pages import paginate


@require_safe
def all_posts(request):
    """/all-posts/: the posts of every blog, newest first."""
    posts = paginate(
        request,
        PostPage.objects.published().for_listing(),
        prepare=lambda page_of_posts: page_of_posts.with_blogs(),
    )
    canonical = public_url(request.path)
    if posts.number > 1:
        canonical += f"?page={posts.number}"
    network = NetworkSettings.load(request_or_site=request).network_name
    return TemplateResponse(
        request,
        "posts/all_posts.html",
        {
            "posts": posts,
            "canonical": canonical,
            "meta_title": "All posts",
            "meta_description": "The latest posts from every blog on the network, newest first.",
            # The network's feed (network_feed) lists the same posts.
            "feed_url": reverse("network_feed", kwargs={"kind": "atom"}),
            "feed_title": f"All posts - {network}",
        },
    )


@require_safe
def network_feed(request, kind=None):
    """/feed/ (RSS 2.0) and /feed/atom/ (Atom): the newest posts of every blog. Where a
    blog is the root of its own site, these addresses are that blog's feed (its route)."""
    site = Site.find_for_request(request)
    if site is not None and issubclass(site.root_page.specific_class, BlogPage):
        return serve(request, request.path.lstrip("/"))
    if kind in ("rss", "rss2"):
        return HttpResponsePermanentRedirect(reverse("network_feed"))
    network = NetworkSettings.load(request_or_site=request).network_name
    home_url = site.root_page.get_full_url(request) if site else request.build_absolute_uri("/")
    feed = PostFeed(
        None,
        PostPage.objects.published(),
        network,
        home_url,
        kind or "rss",
        allow_empty=True,
        subtitle=f"The latest posts from every blog on {network}.",
    )
    return serve_feed(request, feed)
