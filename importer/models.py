"""What each WordPress export's records became, so that importing again updates them."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportedObject(models.Model):
    """One record of an export (post, page, attachment, author, term, comment), keyed as
    the export keys it, and the Bulletin object made from it (its model follows `kind`).

    Authors are keyed by their login (WXR 1.0 has no author ids), terms by their id (or,
    in WXR 1.0, by their slug). Categories keep their parent here: Bulletin's categories
    are flat, WordPress's are a tree."""

    class Kind(models.TextChoices):
        POST = "post", "post"  # posts.PostPage
        PAGE = "page", "page"  # home.StandardPage
        ATTACHMENT = "attachment", "attachment"  # images.BulletinImage
        AUTHOR = "author", "author"  # posts.Person
        CATEGORY = "category", "category"  # posts.Category
        TAG = "tag", "tag"  # taggit.Tag
        COMMENT = "comment", "comment"  # comments.ReaderComment

    blog = models.ForeignKey(
        "posts.BlogPage", on_delete=models.CASCADE, related_name="imported_objects"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    wp_id = models.CharField("WordPress id", max_length=255)
    object_id = models.PositiveBigIntegerField()
    # The author's login, the term's slug, the attachment's path under wp-content/uploads/.
    wp_name = models.CharField("WordPress name", max_length=255, blank=True)
    wp_parent = models.CharField("WordPress parent", max_length=255, blank=True)
    # The path the item had on the WordPress site (posts, pages), for internal links.
    old_path = models.CharField(max_length=2000, blank=True)
    # A digest of what the export said, to tell an update from an unchanged record.
    fingerprint = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["blog", "kind", "wp_id"], name="importer_one_object_per_record"
            )
        ]
        indexes = [
            models.Index(fields=["blog", "kind", "wp_name"]),
            models.Index(fields=["blog", "kind", "imported_at"]),
            models.Index(fields=["blog", "old_path"]),
        ]

    def __str__(self):
        return f"WordPress {self.kind} {self.wp_id} -> {self.object_id}"


class ImportRun(models.Model):
    """An import started in the admin: the uploaded files (in the importer's private
    storage, importer.uploads, deleted once imported), the dry run's report, the
    progress of the import and its report. The worker writes the state here, so a page
    reload, or another Administrator, sees where it is (importer.tasks).

    The worker holding a run writes `heartbeat_at` as it goes. A run checking or importing
    whose heartbeat is older than IMPORTER_LEASE_SECONDS lost its worker (it died or was
    stopped): it is shown as interrupted, and can be started again (an import run again
    duplicates nothing)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be checked"
        CHECKING = "checking", "Checking the file"
        READY = "ready", "Checked: ready to import"
        IMPORTING = "importing", "Importing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    RUNNING = (Status.QUEUED, Status.CHECKING, Status.IMPORTING)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    blog_slug = models.SlugField(max_length=255)
    # Names in the importer's storage ("" once deleted), and the names they were uploaded as.
    export_file = models.CharField(max_length=255, blank=True)
    export_filename = models.CharField(max_length=255)
    uploads_file = models.CharField(max_length=255, blank=True)
    uploads_filename = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Progress: the step under way, and posts and pages read of those the dry run found.
    stage = models.CharField(max_length=255, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    dry_run_report = models.JSONField(null=True, blank=True)
    report = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    # Written by the worker while it checks or imports; none while waiting for one.
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.export_filename} into {self.blog_slug}"

    @staticmethod
    def stale_before():
        return timezone.now() - datetime.timedelta(seconds=settings.IMPORTER_LEASE_SECONDS)

    @property
    def is_interrupted(self):
        """Taken by a worker that stopped writing its heartbeat."""
        return (
            self.status in (self.Status.CHECKING, self.Status.IMPORTING)
            and self.heartbeat_at is not None
            and self.heartbeat_at < self.stale_before()
        )

    @property
    def is_running(self):
        return self.status in self.RUNNING and not self.is_interrupted

    @property
    def state(self):
        """The status as the admin shows it."""
        if self.is_interrupted:
            return f"Interrupted ({self.get_status_display().lower()})"
        return self.get_status_display()

    @property
    def can_restart(self):
        return self.is_interrupted and bool(self.export_file)

    @property
    def can_start(self):
        return self.status == self.Status.READY and bool(self.export_file)
