"""The site's home page, its children and the menu pages under them, as routing and the
navigation read them after every change (contentcache.pages)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

from contentcache.pages import with_children_and_menus, with_live_children
from demo.factories import make_post, make_standard_page
from tests.plans import posts_under, query_plan


def test_the_home_page_with_its_children_and_menu_pages_in_one_query(home, blog):
    about = make_standard_page(home, "About", [])
    about.show_in_menus = True
    about.save_revision().publish()
    team = make_standard_page(about, "Team", [])
    team.show_in_menus = True
    team.save_revision().publish()
    make_standard_page(about, "Not in menus", [])
    make_post(blog, "A post")
    with CaptureQueriesContext(connection) as captured:
        root = with_live_children(home)
    assert len(captured) == 1
    assert set(root.prefetched_live_children) == {blog.slug, about.slug}
    assert [
        p.title for p in root.prefetched_live_children[about.slug].prefetched_menu_children
    ] == ["Team"]
    assert root.prefetched_live_children[blog.slug].prefetched_menu_children == []


def test_they_are_read_from_the_page_trees_indexes(home, blog):
    # Built after every change: from the page tree's indexes (home/migrations), not by
    # reading every page of the network (a path prefix alone matches every page under
    # it). A blog of 600 posts and the planner's statistics of it (posts_under).
    posts_under(blog)
    pages = Page.objects.filter(with_children_and_menus(home)).order_by().values_list("pk")
    plan = query_plan(pages)
    # The live pages' index (home/migrations/0005) serves the children as well.
    assert "home_pages_by_depth" in plan or "home_live_pages" in plan
    assert "home_menu_pages" in plan
    assert "Seq Scan" not in plan and "SCAN wagtailcore_page" not in plan
