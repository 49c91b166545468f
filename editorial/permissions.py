"""Who may review what: the questions the workflow tasks and admin hooks ask about a page,
or about a person or category (snippets under the same review)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from wagtail.models import Page, WorkflowMixin
from wagtail.permissions import policy_registry
from wagtail.snippets.models import get_snippet_models

from posts.models import BlogPage, PostPage

from .blog_settings import review_settings_for
from .revisions import last_change_by


def owning_blog(obj):
    """The blog whose settings govern the review of `obj`: a post's blog, the blog of
    any other page under one (the page itself if it is a blog), a category's own blog;
    None for a person, a network-wide category or a page outside every blog."""
    if obj is None or not obj.pk:
        return None
    if isinstance(obj, BlogPage):
        return obj
    if isinstance(obj, PostPage):
        return obj.blog
    if not isinstance(obj, Page):
        return getattr(obj, "blog", None)
    # Any page, or a post not loaded as one (a workflow's base Page): its nearest blog.
    return BlogPage.objects.ancestor_of(obj, inclusive=True).first()


def requires_two_people(obj):
    """Whether the page's blog asks for a second person to approve its posts. Never for a
    person or category: whoever may approve one may also publish it from its editor."""
    settings = review_settings_for(obj)  # None for a person or category
    return bool(settings and settings.require_second_reviewer)


def user_can_review(obj, user):
    """Reviewers of a page are the people who may publish it: the blog's reviewers,
    Administrators and superusers. Of a person or category: those who may publish one."""
    if not (user and user.is_active):
        return False
    if user.is_superuser:
        return True
    if isinstance(obj, Page):
        return obj.permissions_for_user(user).can_publish()
    return policy_registry.get_by_type(type(obj)).user_has_permission(user, "publish")


def reviewable_page_ids(user):
    """Ids (as text, like WorkflowState.object_id) of the pages `user` may publish."""
    pages = policy_registry.get_by_type(Page).instances_user_has_permission_for(user, "publish")
    return pages.values_list(Cast("id", output_field=CharField()), flat=True)


def reviewable_snippet_types(user):
    """Base content types of the snippets under review that `user` may publish."""
    return [
        model.get_base_content_type()
        for model in get_snippet_models()
        if issubclass(model, WorkflowMixin)
        and policy_registry.get_by_type(model).user_has_permission(user, "publish")
    ]


def reviewable_states(user):
    """A filter of TaskStates to those of content `user` may publish. Workflow states
    name their object by content type and id: a page and a person may share an id."""
    pages = Q(
        workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
        workflow_state__object_id__in=reviewable_page_ids(user),
    )
    return pages | Q(workflow_state__base_content_type__in=reviewable_snippet_types(user))


def is_own_work(task_state, user):
    """Whether `user` submitted the post for review or changed the version under review."""
    return task_state.workflow_state.requested_by_id == user.pk or last_change_by(
        task_state.revision, user
    )


def is_direct_publish_refused(page, user):
    """On a blog that asks for two people, pages go live only through the review workflow;
    superusers keep the direct route for emergencies."""
    return not user.is_superuser and requires_two_people(page)
