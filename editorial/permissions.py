"""Who may review what: the questions the workflow tasks and admin hooks ask about a page."""

from django.db.models import CharField
from django.db.models.functions import Cast

from wagtail.models import Page
from wagtail.permissions import policy_registry

from posts.models import BlogPage

from .revisions import last_change_by


def blog_for(page):
    """The blog a page belongs to (the page itself if it is a blog), or None."""
    if page is None or not page.pk:
        return None
    if isinstance(page, BlogPage):
        return page
    return BlogPage.objects.ancestor_of(page, inclusive=True).first()


def requires_two_people(page):
    """Whether the page's blog asks for a second person to approve its posts."""
    blog = blog_for(page)
    return bool(blog and blog.require_second_reviewer)


def user_can_review(page, user):
    """Reviewers of a page are the people who may publish it: the blog's reviewers,
    Administrators and superusers."""
    if not (user and user.is_active):
        return False
    return user.is_superuser or page.permissions_for_user(user).can_publish()


def reviewable_page_ids(user):
    """Ids (as text, like WorkflowState.object_id) of the pages `user` may publish."""
    pages = policy_registry.get_by_type(Page).instances_user_has_permission_for(user, "publish")
    return pages.values_list(Cast("id", output_field=CharField()), flat=True)


def is_own_work(task_state, user):
    """Whether `user` submitted the post for review or changed the version under review."""
    return task_state.workflow_state.requested_by_id == user.pk or last_change_by(
        task_state.revision, user
    )


def is_direct_publish_refused(page, user):
    """On a blog that asks for two people, pages go live only through the review workflow;
    superusers keep the direct route for emergencies."""
    return not user.is_superuser and requires_two_people(page)
