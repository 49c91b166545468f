"""Topics as the confirmation link carries them: "network", "blog:<id>" and
"category:<blog id>:<category id>", turned into subscriptions once confirmed."""

from django.db.models import Q

from posts.models import BlogPage, Category, PostPage

NETWORK = "network"


def blog_topic(blog):
    return f"blog:{blog.pk}"


def category_topic(blog, category):
    return f"category:{blog.pk}:{category.pk}"


def categories_for(blog):
    """The categories a reader can follow on `blog`: its own and the ones its posts use."""
    used = PostPage.objects.child_of(blog).for_readers().values("categories")
    return Category.objects.live().filter(Q(pk__in=used) | Q(blog=blog)).order_by("name")


def resolve(topics):
    """[(blog or None, category or None)] for the topics that still exist and are live."""
    blog_ids, category_ids = set(), set()
    for topic in topics:
        kind, _, rest = topic.partition(":")
        if kind == "blog" and rest.isdigit():
            blog_ids.add(int(rest))
        elif kind == "category":
            blog_id, _, category_id = rest.partition(":")
            if blog_id.isdigit() and category_id.isdigit():
                blog_ids.add(int(blog_id))
                category_ids.add(int(category_id))
    blogs = BlogPage.objects.for_readers().in_bulk(blog_ids)
    categories = Category.objects.live().in_bulk(category_ids)
    resolved = []
    for topic in topics:
        kind, _, rest = topic.partition(":")
        if kind == NETWORK:
            resolved.append((None, None))
        elif kind == "blog" and rest.isdigit() and int(rest) in blogs:
            resolved.append((blogs[int(rest)], None))
        elif kind == "category":
            blog_id, _, category_id = rest.partition(":")
            blog = blogs.get(int(blog_id)) if blog_id.isdigit() else None
            category = categories.get(int(category_id)) if category_id.isdigit() else None
            if blog is not None and category is not None:
                resolved.append((blog, category))
    return resolved


def describe(blog, category):
    if blog is None:
        return "Every blog on the network"
    if category is None:
        return f"Every post on {blog.title}"
    return f"{category.name} posts on {blog.title}"
