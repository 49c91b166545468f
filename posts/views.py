"""Views outside the page tree: every blog's posts in one list."""

from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from home.addresses import public_url
from posts.models import PostPage
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
    return TemplateResponse(
        request,
        "posts/all_posts.html",
        {
            "posts": posts,
            "canonical": canonical,
            "meta_title": "All posts",
            "meta_description": "The latest posts from every blog on the network, newest first.",
        },
    )
