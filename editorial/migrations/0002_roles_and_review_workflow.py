"""Bulletin's roles and review workflow, made by migration so that every database has them.

- Site-wide groups say what a person may do: `Writers`, `Reviewers`, `Administrators`.
- Each blog's `<title> writers` / `<title> reviewers` say where (page permissions on the
  blog's subtree); editorial.roles.create_blog_roles makes them for blogs created later.
- The `Blog post review` workflow: content checks, then approval by the blog's reviewers.

Reader comments: when the comments app and its `ReaderComment` model arrive, its own data
migration should depend on this one and give `Reviewers` and `Administrators` the
add/change/delete/view_readercomment permissions (Writers get none): see
`grant_model_permissions` below, which it can copy.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITERS, REVIEWERS, ADMINISTRATORS = "Writers", "Reviewers", "Administrators"

# Model permissions per site-wide group: "app_label.model": [actions].
ROLE_MODEL_PERMISSIONS = {
    WRITERS: {
        "posts.person": ["add", "view"],
        "posts.category": ["add", "view"],
    },
    REVIEWERS: {
        "posts.person": ["add", "change", "delete", "view"],
        "posts.category": ["add", "change", "delete", "view"],
        # Editors' picks in search, and with them the popular searches report.
        "wagtailsearchpromotions.searchpromotion": ["add", "change", "delete", "view"],
    },
    ADMINISTRATORS: {
        model: ["add", "change", "delete", "view"]
        for model in [
            "accounts.user",
            "auth.group",
            "posts.person",
            "posts.category",
            "home.networksettings",
            "wagtailcore.site",
            "wagtailcore.locale",
            "wagtailcore.collection",
            "wagtailcore.workflow",
            "wagtailcore.task",
            "wagtailredirects.redirect",
            "wagtailsearchpromotions.searchpromotion",
        ]
    },
}
# Image and document permissions on the root collection (so on every collection). With
# add_* alone, writers may edit only what they uploaded.
ROLE_COLLECTION_PERMISSIONS = {
    WRITERS: ["add", "choose"],
    REVIEWERS: ["add", "change", "choose", "delete"],
    ADMINISTRATORS: ["add", "change", "choose", "delete"],
}
ADMIN_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]
BLOG_PAGE_PERMISSIONS = {
    "writers": ["add_page", "change_page"],
    "reviewers": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}


def permission(apps, app_label, model, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label=app_label, content_type__model=model, codename=codename
    ).first()


def grant_model_permissions(apps, group, app_label, model, actions):
    for action in actions:
        perm = permission(apps, app_label, model, f"{action}_{model}")
        if perm:
            group.permissions.add(perm)


def create_roles(apps, schema_editor):
    # Permissions are normally made after migrate; make them now to hand them out.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")

    access_admin = permission(apps, "wagtailadmin", "admin", "access_admin")
    root_collection = Collection.objects.filter(depth=1).first()
    groups = {}
    for name, models in ROLE_MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(access_admin)
        for label, actions in models.items():
            app_label, model = label.split(".")
            grant_model_permissions(apps, group, app_label, model, actions)
        for action in ROLE_COLLECTION_PERMISSIONS[name] if root_collection else []:
            for app_label, model in [("wagtailimages", "image"), ("wagtaildocs", "document")]:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=permission(apps, app_label, model, f"{action}_{model}"),
                )

    root = Page.objects.filter(depth=1).first()
    for codename in ADMIN_PAGE_PERMISSIONS if root else []:
        GroupPagePermission.objects.get_or_create(
            group=groups[ADMINISTRATORS],
            page=root,
            permission=permission(apps, "wagtailcore", "page", codename),
        )

    # Wagtail's starter groups edit and publish the whole tree, which would undo the
    # per-blog scoping; they go while nobody is in them, with their starter workflow.
    for name in ("Editors", "Moderators"):
        Group.objects.filter(name=name, user__isnull=True).delete()
    Workflow = apps.get_model("wagtailcore", "Workflow")
    for starter in Workflow.objects.filter(name="Moderators approval", active=True):
        starter.workflow_pages.all().delete()
        starter.active = False
        starter.save()

    workflow, review = create_review_workflow(apps, groups)
    for blog in apps.get_model("posts", "BlogPage").objects.all():
        create_blog_roles(apps, blog, workflow, review)


def create_review_workflow(apps, groups):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    ContentChecksTask = apps.get_model("editorial", "ContentChecksTask")
    BlogReviewTask = apps.get_model("editorial", "BlogReviewTask")

    workflow, created = Workflow.objects.get_or_create(
        name="Blog post review", defaults={"active": True}
    )
    if not created:
        review = BlogReviewTask.objects.filter(workflow_tasks__workflow=workflow).first()
        return workflow, review
    checks = ContentChecksTask.objects.create(
        name="Content checks",
        content_type=ContentType.objects.get_or_create(
            app_label="editorial", model="contentcheckstask"
        )[0],
    )
    review = BlogReviewTask.objects.create(
        name="Approval by the blog's reviewers",
        content_type=ContentType.objects.get_or_create(
            app_label="editorial", model="blogreviewtask"
        )[0],
    )
    review.groups.add(groups[REVIEWERS], groups[ADMINISTRATORS])
    WorkflowTask.objects.create(workflow=workflow, task_id=checks.pk, sort_order=0)
    WorkflowTask.objects.create(workflow=workflow, task_id=review.pk, sort_order=1)
    return workflow, review


def create_blog_roles(apps, blog, workflow, review):
    """Mirrors editorial.roles.create_blog_roles for blogs that exist already."""
    Group = apps.get_model("auth", "Group")
    BlogRoles = apps.get_model("editorial", "BlogRoles")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    if BlogRoles.objects.filter(blog=blog).exists():
        return
    pair = {}
    for role, codenames in BLOG_PAGE_PERMISSIONS.items():
        name = f"{blog.title} {role}"
        if len(name) > 150 or Group.objects.filter(name=name).exists():
            name = f"{blog.title[:70]} ({blog.slug}) {role}"[:150]
        pair[role] = Group.objects.create(name=name)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=pair[role],
                page_id=blog.pk,
                permission=permission(apps, "wagtailcore", "page", codename),
            )
    BlogRoles.objects.create(blog=blog, writers=pair["writers"], reviewers=pair["reviewers"])
    WorkflowPage.objects.update_or_create(page_id=blog.pk, defaults={"workflow": workflow})
    if review:
        review.groups.add(pair["reviewers"])


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("accounts", "0001_initial"),
        ("home", "0001_initial"),
        ("posts", "0002_blogpage_review_settings"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
