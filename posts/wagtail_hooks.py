from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from posts import editor  # noqa: F401 - the post editor's hooks
from posts.admin_views import PostListingViewSet, PostPageViewSet
from posts.choosers import PersonChooserViewSet
from posts.models import Category, Person


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "People"
    chooser_viewset_class = PersonChooserViewSet
    list_display = ["name", "job_title", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "job_title", "organisation"]
    ordering = ["name"]


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = "Categories"
    list_display = ["name", "slug", "blog"]
    list_filter = ["blog"]
    search_fields = ["name"]
    ordering = ["name"]


class BlogDataGroup(SnippetViewSetGroup):
    """People are shared by every blog of the network; a category is a blog's own or
    network-wide. Both are reviewed like posts (editorial.workflow)."""

    items = (PersonViewSet, CategoryViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "Blog data"
    menu_name = "blog-data"


register_snippet(BlogDataGroup)


@hooks.register("register_admin_viewset")
def register_post_views():
    # Blogs' page listings with a "New post" button, and "Posts" (posts/admin_views.py).
    return [PostPageViewSet(), PostListingViewSet()]
