"""People and categories go through review (issue 11): who may draft, publish and lock them,
and the `Blog post review` workflow for both snippet types.

- `Writers` may now change people and categories: their changes are drafts, which they
  submit for review. They never get publish_*: the snippet editor offers them no Publish
  and ignores one sent anyway.
- `Reviewers` and `Administrators` publish, lock and unlock them (and approve them in the
  review, being in the review task's groups).
- Each blog's groups need nothing more: their members are also in `Writers` or `Reviewers`,
  which carry the snippet permissions (snippet permissions cannot be scoped to a blog).

Wagtail makes the publish/lock/unlock permissions after migrating (post_migrate); they are
made here first so that they can be handed out, as 0002 does for the model permissions.
"""

from django.db import migrations

WRITERS, REVIEWERS, ADMINISTRATORS = "Writers", "Reviewers", "Administrators"
SNIPPETS = {"person": "person", "category": "category"}  # model: verbose name
ROLE_SNIPPET_ACTIONS = {
    WRITERS: ["add", "change", "view"],
    REVIEWERS: ["add", "change", "delete", "view", "publish", "lock", "unlock"],
    ADMINISTRATORS: ["add", "change", "delete", "view", "publish", "lock", "unlock"],
}
EXTRA_ACTIONS = ("publish", "lock", "unlock")
REVIEW_WORKFLOW_NAME = "Blog post review"


def snippet_permission(apps, model, action):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="posts", model=model)
    codename = f"{action}_{model}"
    if action in EXTRA_ACTIONS:
        # Named as Wagtail names them, so its post_migrate finds them and adds no second.
        return Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": f"Can {action} {SNIPPETS[model]}"},
        )[0]
    return Permission.objects.filter(content_type=content_type, codename=codename).first()


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, actions in ROLE_SNIPPET_ACTIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for model in SNIPPETS:
            for action in actions:
                permission = snippet_permission(apps, model, action)
                if permission:
                    group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    taken = {WRITERS: ["change"], REVIEWERS: EXTRA_ACTIONS, ADMINISTRATORS: EXTRA_ACTIONS}
    for group in Group.objects.filter(name__in=list(taken)):
        for model in SNIPPETS:
            for action in taken[group.name]:
                group.permissions.remove(snippet_permission(apps, model, action))


def assign_workflow(apps, schema_editor):
    """Put people and categories on the review workflow (mirrors
    editorial.workflow.assign_snippet_workflow)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW_NAME).first()
    if workflow is None:
        return
    for model in SNIPPETS:
        content_type, _ = ContentType.objects.get_or_create(app_label="posts", model=model)
        WorkflowContentType.objects.get_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )


def unassign_workflow(apps, schema_editor):
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowContentType.objects.filter(
        content_type__app_label="posts", content_type__model__in=list(SNIPPETS)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_roles_and_review_workflow"),
        ("posts", "0006_publish_existing_people_and_categories"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
        migrations.RunPython(assign_workflow, unassign_workflow),
    ]
