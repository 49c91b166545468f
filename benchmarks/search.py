"""Search on the bench database (make_bench_data): the issue's four kinds of query, a
later page, no results and the typeahead."""

from urllib.parse import urlencode

from posts.models import BlogPage, Category, PostPage


def url(path, **params):
    return f"{path}?{urlencode(params)}"


def cases():
    blog = BlogPage.objects.filter(slug="bench-digital").first() or BlogPage.objects.first()
    posts = PostPage.objects.child_of(blog).live().order_by("-date")
    category = Category.objects.filter(posts__in=posts).order_by("name").first()
    newest, oldest = posts.first().date, posts.last().date
    start = oldest + (newest - oldest) / 4
    filters = {
        "blog": blog.slug,
        "category": category.slug,
        "from": start.isoformat(),
        "to": (start + (newest - oldest) / 2).isoformat(),
    }
    return [
        ("one word", url("/search/", q="security")),
        ("three words", url("/search/", q="open source security")),
        ("phrase", url("/search/", q='"coding in the open"')),
        ("filtered", url("/search/", q="security", **filters)),
        ("one word, page 5", url("/search/", q="security", page=5)),
        ("no results", url("/search/", q="zyzzyva")),
        ("suggestions", url("/search/suggest/", q="secu")),
    ]
