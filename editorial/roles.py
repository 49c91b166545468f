"""Roles: the site-wide groups (made by migration 0002) and each blog's pair of groups.

The site-wide `Writers`, `Reviewers` and `Administrators` say what a person may do
(admin access, people, categories, images, documents, reader comments); the blog's
`<title> writers` / `<title> reviewers` say where, through page permissions on the blog's
subtree. A writer is in `Writers` and in the writers group of each blog they write for.
People and categories (drafting, publishing, locking: migration 0003) are site-wide
permissions of `Writers` and `Reviewers` only: Wagtail cannot scope snippet permissions to
a blog, so the blog's groups need none.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import GroupPagePermission

from security.groups import REVIEWERS, WRITERS

from .models import BlogRoles
from .workflow import assign_review_workflow

# Page permissions of each blog's groups, on the blog page (so on all its posts). Writers
# have no publish_page: Wagtail refuses them every route to going live (publish, unpublish,
# schedule, moving or deleting live pages, copying with "publish copies").
BLOG_PAGE_PERMISSIONS = {
    "writers": ["add_page", "change_page"],
    "reviewers": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}

GROUP_NAME_MAX = Group._meta.get_field("name").max_length


def blog_group_name(blog, role):
    name = f"{blog.title} {role}"
    if len(name) > GROUP_NAME_MAX or Group.objects.filter(name=name).exists():
        # Two blogs with one title (or a very long one) still get groups of their own.
        name = f"{blog.title[: GROUP_NAME_MAX - 80]} ({blog.slug}) {role}"[:GROUP_NAME_MAX]
    return name


def page_permissions(codenames):
    return Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames)


@transaction.atomic
def create_blog_roles(blog):
    """Make the blog's writers and reviewers groups, scoped to its subtree, and put the
    blog on the review workflow with its reviewers approving. Idempotent."""
    roles = BlogRoles.objects.filter(blog=blog).select_related("writers", "reviewers").first()
    if roles is None:
        writers = Group.objects.create(name=blog_group_name(blog, "writers"))
        reviewers = Group.objects.create(name=blog_group_name(blog, "reviewers"))
        roles = BlogRoles.objects.create(blog=blog, writers=writers, reviewers=reviewers)
    for role, codenames in BLOG_PAGE_PERMISSIONS.items():
        group = getattr(roles, role)
        for permission in page_permissions(codenames):
            GroupPagePermission.objects.get_or_create(
                group=group, page=blog, permission=permission
            )
    assign_review_workflow(blog, reviewers=roles.reviewers)
    return roles


def rename_blog_roles(blog):
    """Keep the groups' names in step with the blog's title."""
    roles = BlogRoles.objects.filter(blog=blog).select_related("writers", "reviewers").first()
    if roles is None:
        return
    for role in ("writers", "reviewers"):
        group = getattr(roles, role)
        if not group.name.startswith(f"{blog.title} "):
            group.name = blog_group_name(blog, role)
            group.save(update_fields=["name"])


def add_to_blog(user, blog, role):
    """Give `user` a role ("writers" or "reviewers") in `blog`: the site-wide group and the
    blog's own."""
    roles = create_blog_roles(blog)
    site_wide = Group.objects.get(name=WRITERS if role == "writers" else REVIEWERS)
    user.groups.add(site_wide, getattr(roles, role))
