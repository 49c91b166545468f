"""Signal handlers: a new blog gets its roles; workflow decisions e-mail the writer."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.models import TaskState, WorkflowState
from wagtail.signals import (
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from posts.models import BlogPage

from .notifications import notify
from .roles import create_blog_roles, rename_blog_roles


@receiver(post_save, sender=BlogPage, dispatch_uid="editorial_blog_roles")
def blog_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if created:
        create_blog_roles(instance)
    elif update_fields is None or "title" in update_fields:
        rename_blog_roles(instance)


@receiver(workflow_approved, sender=WorkflowState, dispatch_uid="editorial_approved_email")
def workflow_was_approved(sender, instance, user=None, **kwargs):
    notify("approved", instance, actor=user)


@receiver(workflow_rejected, sender=WorkflowState, dispatch_uid="editorial_rejected_email")
def workflow_was_rejected(sender, instance, user=None, **kwargs):
    notify("rejected", instance, actor=user)


def replace_wagtail_notifications():
    """Wagtail sends its workflow e-mails inside the request; Bulletin sends its own from
    the background worker (editorial.notifications), so Wagtail's are disconnected. Wagtail
    connects them in its AppConfig.ready(): editorial comes after wagtail.admin in
    INSTALLED_APPS so that this runs later."""
    for signal, sender, uid in [
        (task_submitted, TaskState, "group_approval_task_submitted_email_notification"),
        (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification"),
        (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification"),
        (workflow_approved, WorkflowState, "workflow_state_approved_email_notification"),
    ]:
        signal.disconnect(sender=sender, dispatch_uid=uid)
