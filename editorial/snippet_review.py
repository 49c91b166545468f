"""Admin hooks for people and categories under review (posts' are in wagtail_hooks).

Wagtail's snippet editor already refuses to publish for anyone without publish_person or
publish_category (a Publish sent anyway saves a draft), and starts the workflow on Submit.
Bulletin adds what it does for posts: an edit made during the review sends the new version
back through it. (The reviewers' e-mail on submission comes from the workflow's signals, as
for posts: editorial.workflow.)"""

from wagtail import hooks

from .workflow import REVIEWED_SNIPPETS, review_latest_revision


def reviewed(instance):
    return isinstance(instance, REVIEWED_SNIPPETS)


@hooks.register("after_edit_snippet")
def snippet_edited(request, instance):
    if reviewed(instance):
        review_latest_revision(type(instance).objects.get(pk=instance.pk), user=request.user)
