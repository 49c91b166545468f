"""Administrators may import from WordPress in the admin: they get the ImportRun
permissions, and the admin asks `importer.add_importrun` (from Django's per-request
permission cache) rather than the group's name."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADMINISTRATORS = "Administrators"
ACTIONS = ["add", "change", "delete", "view"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("importer")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=ADMINISTRATORS).first()
    if group is None:
        return
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="importer",
            codename__in=[f"{action}_importrun" for action in ACTIONS],
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=ADMINISTRATORS):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="importer", codename__endswith="_importrun"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("importer", "0002_importrun"),
        ("editorial", "0002_roles_and_review_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
