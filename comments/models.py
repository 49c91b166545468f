"""Readers' comments on posts ("comments" in Wagtail means editors' comments), the
approvals that a second moderator gives, the record of every moderator's edit, and each
blog's comment settings."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel

from home import addresses

BODY_MAX_LENGTH = 5000
NAME_MAX_LENGTH = 100


def body_digest(body):
    """A fingerprint of the text, case and spacing folded, to find the same comment again."""
    return hashlib.sha256(" ".join(body.casefold().split()).encode()).hexdigest()


class ReaderCommentQuerySet(models.QuerySet):
    def visible(self):
        """What readers may see: approved comments, and approved replies to approved ones."""
        return self.filter(status=ReaderComment.Status.APPROVED).filter(
            Q(parent__isnull=True) | Q(parent__status=ReaderComment.Status.APPROVED)
        )

    def waiting(self):
        return self.filter(status=ReaderComment.Status.PENDING)

    def counts_for(self, post_ids):
        """{post id: number of comments readers can see}, in one query."""
        if not post_ids:
            return {}
        rows = (
            self.visible()
            .filter(post_id__in=post_ids)
            .order_by()
            .values("post_id")
            .annotate(count=Count("pk"))
        )
        return {row["post_id"]: row["count"] for row in rows}

    def by_email(self, email):
        return self.filter(email__iexact=email.strip()) if email.strip() else self.none()


class ReaderComment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    class RejectionReason(models.TextChoices):
        OFF_TOPIC = "off-topic", "Off-topic"
        PERSONAL_DATA = "personal-data", "Personal data"
        PARTY_POLITICAL = "party-political", "Party political"
        ABUSIVE = "abusive", "Abusive"
        DUPLICATE = "duplicate", "Duplicate"
        OTHER = "other", "Other"

    post = models.ForeignKey(
        "posts.PostPage", on_delete=models.CASCADE, related_name="reader_comments"
    )
    # One level of replies: a reply's parent is a top-level comment of the same post
    # (checked by the forms and by clean()).
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    # Never shown; blanked with the address by purge_comment_data after the retention time.
    email = models.EmailField(blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    body = models.TextField(validators=[MaxLengthValidator(BODY_MAX_LENGTH)])
    digest = models.CharField(max_length=64, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    rejection_reason = models.CharField(max_length=20, choices=RejectionReason.choices, blank=True)
    # Why the comment went straight to spam (a blocked word, the same text elsewhere).
    spam_reason = models.CharField(max_length=100, blank=True)
    notify_on_publish = models.BooleanField(default=False)
    notified_at = models.DateTimeField(null=True, blank=True)
    # A reply written in the console by one of the post's moderators or its owner.
    is_official = models.BooleanField(default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ReaderCommentQuerySet.as_manager()

    class Meta:
        verbose_name = "reader comment"
        ordering = ["created_at", "pk"]
        # One permission, "moderate", where the blog's page permissions allow it
        # (comments.permissions); nobody adds or deletes comments through the admin.
        default_permissions = ()
        permissions = [("moderate_readercomment", "Can moderate reader comments")]
        indexes = [
            models.Index(fields=["post", "status", "created_at"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["created_at"]),
            models.Index(fields=["email"]),
            models.Index(fields=["digest", "created_at"]),
        ]

    def __str__(self):
        # No personal data: this is the label Wagtail's audit log keeps after erasure.
        return f"Comment {self.pk} on “{self.post.title}”"

    def save(self, *args, **kwargs):
        self.digest = body_digest(self.body)
        if kwargs.get("update_fields") is not None and "body" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "digest"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        parent = self.parent
        if parent is not None and (parent.parent_id is not None or parent.post_id != self.post_id):
            raise ValidationError({"parent": "Replies answer a comment on the same post."})

    @property
    def is_reply(self):
        return self.parent_id is not None

    @property
    def anchor(self):
        return f"comment-{self.pk}"

    def public_url(self):
        """The comment's address on the post (absolute: for e-mails)."""
        url = self.post.get_url()
        if not url:
            return ""
        return f"{addresses.public_url(url)}#{self.anchor}"


class CommentApproval(models.Model):
    """One moderator's approval, on blogs where comments need two
    (BlogCommentSettings.comments_need_two_moderators)."""

    comment = models.ForeignKey(ReaderComment, on_delete=models.CASCADE, related_name="approvals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_approval_per_moderator")
        ]

    def __str__(self):
        return f"Approval of comment {self.comment_id} by user {self.user_id}"


class CommentEdit(models.Model):
    """What a comment said before a moderator changed it (to take out personal data, say).

    Kept for the audit, and deleted with the comment or after the retention time."""

    comment = models.ForeignKey(ReaderComment, on_delete=models.CASCADE, related_name="edits")
    original_name = models.CharField(max_length=NAME_MAX_LENGTH)
    original_body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-edited_at", "-pk"]

    def __str__(self):
        return f"Edit of comment {self.comment_id} at {self.edited_at:%Y-%m-%d %H:%M}"


# The fields of a blog's settings brought with the blog when it is routed (comments.apps,
# contentcache.pages.bring), as attributes named BROUGHT_PREFIX + field.
BROUGHT_PREFIX = "brought_comment_settings_"
BROUGHT_FIELDS = (
    "id",
    "comments_open",
    "comments_close_after_days",
    "comments_need_two_moderators",
)


class BlogCommentSettings(models.Model):
    """How a blog takes reader comments. Edited in the blog's Settings tab (comments.apps
    adds the panel), kept in the blog's revisions and applied when the blog is published.
    A blog with no row has the defaults."""

    blog = ParentalKey("posts.BlogPage", on_delete=models.CASCADE, related_name="comment_settings")
    comments_open = models.BooleanField(
        default=True, help_text="New posts on this blog accept comments unless switched off."
    )
    comments_close_after_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        default=90,
        help_text="Close comments this many days after publication. Blank: never close.",
    )
    comments_need_two_moderators = models.BooleanField(
        default=False, help_text="Comments need two moderators' approval before they show."
    )

    panels = [
        FieldPanel("comments_open"),
        FieldPanel("comments_close_after_days"),
        FieldPanel("comments_need_two_moderators"),
    ]

    class Meta:
        verbose_name = verbose_name_plural = "comment settings"
        constraints = [
            models.UniqueConstraint(fields=["blog"], name="one_comment_settings_per_blog")
        ]

    def __str__(self):
        return f"Comment settings of blog {self.blog_id}"

    @classmethod
    def for_blog(cls, blog):
        """The blog's settings, its defaults if it has none saved; None without a blog."""
        if blog is None:
            return None
        brought = {name: getattr(blog, BROUGHT_PREFIX + name, None) for name in BROUGHT_FIELDS}
        if hasattr(blog, BROUGHT_PREFIX + "id"):  # brought with the routed blog
            if brought["id"] is None:  # it has none saved
                return cls(blog=blog)
            settings = cls(blog=blog, **brought)
            settings._state.adding = False
            settings._state.db = "default"
            return settings
        return (blog.comment_settings.first() if blog.pk else None) or cls(blog=blog)
