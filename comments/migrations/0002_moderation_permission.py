"""Who moderates reader comments: `Reviewers`, `Administrators` and each blog's
`<Blog title> reviewers` group get `comments.moderate_readercomment` (Writers get none).
The blog's page permissions then scope it to that blog (comments.permissions); blogs made
later get it through comments.signals.grant_moderation."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Reviewers", "Administrators"]


def grant(apps, schema_editor):
    # Permissions are normally made after migrate; make this one now to hand it out.
    app_config = apps.get_app_config("comments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    BlogRoles = apps.get_model("editorial", "BlogRoles")
    permission = Permission.objects.get(
        content_type__app_label="comments", codename="moderate_readercomment"
    )
    group_ids = set(Group.objects.filter(name__in=GROUPS).values_list("pk", flat=True))
    group_ids |= set(BlogRoles.objects.values_list("reviewers_id", flat=True))
    for group in Group.objects.filter(pk__in=group_ids):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(
        content_type__app_label="comments", codename="moderate_readercomment"
    ):
        permission.group_set.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("editorial", "0002_roles_and_review_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
