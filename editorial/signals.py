"""Signal handlers: a new blog gets its roles. (The review's e-mails: editorial.workflow.)"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from posts.models import BlogPage

from .roles import create_blog_roles, rename_blog_roles


@receiver(post_save, sender=BlogPage, dispatch_uid="editorial_blog_roles")
def blog_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if created:
        create_blog_roles(instance)
    elif update_fields is None or "title" in update_fields:
        rename_blog_roles(instance)
