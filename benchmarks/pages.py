"""Reader pages on the bench database (make_bench_data) plus the demo's seed post."""

from posts.models import BlogPage, Category, PostPage

SEED = (
    "/technology/2017/10/10/"
    "open-source-security-meetup-7-things-we-learned-from-the-cross-government-event/"
)


def cases():
    blog = BlogPage.objects.filter(slug="bench-digital").first() or BlogPage.objects.first()
    post = PostPage.objects.child_of(blog).live().order_by("-date").first()
    category = Category.objects.filter(posts__in=PostPage.objects.child_of(blog)).first()
    author = post.post_authors.first().person
    month = f"{blog.url}{post.date:%Y/%m}/"
    return [
        ("home", "/"),
        ("blog", blog.url),
        ("post (bench)", post.url),
        ("seed post", SEED),
        ("category", f"{blog.url}category/{category.slug}/"),
        ("author", f"{blog.url}author/{author.slug}/"),
        ("month archive", month),
        ("all posts", "/all-posts/"),
        ("standard page", "/accessibility-statement/"),
        ("RSS feed", f"{blog.url}feed/"),
        ("Atom feed", f"{blog.url}feed/atom/"),
    ]
