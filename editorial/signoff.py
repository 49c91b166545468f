"""Sign-off by people without accounts: the press office, policy and legal clear a draft
from a personal link (README, "Sign-off from the press office, policy and legal").

A reviewer (or the writer, where the blog allows it) asks a named person; the worker
e-mails them a link whose secret is in the fragment (`/sign-off/#<token>`), so it never
reaches a server log or a Referer. The page exchanges it once for a cookie scoped to that
request's own path (editorial.signoff_views). Only a hash of the token is stored.

A request is bound to the revision it shows; a decision counts for content equal to that
revision's (editorial.revisions.post_content), so the reviewer's own re-save in the editor
does not void it, and any real change does. Blogs can require chosen roles to approve the
current content before a reviewer may approve: BlogReviewTask.on_action asks
`missing_roles`."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from .blog_settings import review_settings_for
from .revisions import post_content

PRESS_OFFICE, POLICY, LEGAL, OTHER = "press_office", "policy", "legal", "other"
ROLES = [(PRESS_OFFICE, "Press office"), (POLICY, "Policy"), (LEGAL, "Legal"), (OTHER, "Other")]
ROLE_LABELS = dict(ROLES)
# The roles a blog may require, and the BlogReviewSettings field that requires each.
REQUIRABLE = {
    PRESS_OFFICE: "require_press_office_sign_off",
    POLICY: "require_policy_sign_off",
    LEGAL: "require_legal_sign_off",
}
APPROVE, CHANGES = "approve", "changes"
DECISIONS = [(APPROVE, "Approve"), (CHANGES, "Request changes")]


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class SignOffRequest(models.Model):
    post = models.ForeignKey("posts.PostPage", on_delete=models.CASCADE, related_name="+")
    # The revision the link shows: the one it was sent for, moved on when the person
    # chooses to see a newer one.
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=ROLES)
    message = models.TextField(blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=DECISIONS, blank=True)
    decided_revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "sign-off request"

    def __str__(self):
        return f"Sign-off by {self.name} ({self.get_role_display()}) of page {self.post_id}"

    @classmethod
    def create_for(cls, post, user, *, name, email, role, message=""):
        """A new request for the post's latest revision. Its link's token is made by the
        worker that e-mails it (`new_token`), so no queue or table ever holds it."""
        settings_ = review_settings_for(post)
        days = settings_.sign_off_link_days if settings_ else 7
        return cls.objects.create(
            post=post,
            revision=post.get_latest_revision(),
            name=name,
            email=email,
            role=role,
            message=message,
            token_hash=hash_token(secrets.token_urlsafe(32)),  # no link until e-mailed
            created_by=user,
            expires_at=timezone.now() + timedelta(days=days),
        )

    def new_token(self):
        """A new secret for the link (voiding any earlier one); only its hash is kept."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.save(update_fields=["token_hash"])
        return token

    @classmethod
    def for_token(cls, token):
        if not isinstance(token, str) or not 20 <= len(token) <= 100:
            return None
        return cls.objects.filter(token_hash=hash_token(token)).first()

    @property
    def revoked(self):
        return self.revoked_at is not None

    @property
    def expired(self):
        return self.expires_at <= timezone.now()

    @property
    def role_label(self):
        return ROLE_LABELS.get(self.role, self.role)

    def status(self):
        """Why the link no longer works ("revoked", "expired", "closed": the post is no
        longer in review), or "open"."""
        if self.revoked:
            return "revoked"
        if self.expired:
            return "expired"
        if self.post.current_workflow_state is None:
            return "closed"
        return "open"

    def decided_on(self, revision):
        """Whether the decision stands for the content of `revision`."""
        return bool(
            self.decision
            and self.decided_revision_id
            and (
                self.decided_revision_id == revision.pk
                or post_content(self.decided_revision) == post_content(revision)
            )
        )

    def shows_latest(self, latest):
        return self.revision_id == latest.pk or post_content(self.revision) == post_content(latest)


def required_roles(page, settings_=None):
    """The roles the page's blog requires to sign off before approval, in order.
    `settings_`: the blog's review settings, if the caller has them already."""
    settings_ = settings_ or review_settings_for(page)
    if settings_ is None:
        return []
    return [role for role, field in REQUIRABLE.items() if getattr(settings_, field)]


def missing_roles(page, settings_=None):
    """Labels of the required roles that have not approved the post's current content."""
    required = required_roles(page, settings_)
    if not required:
        return []
    latest = page.get_latest_revision()
    approvals = SignOffRequest.objects.filter(
        post_id=page.pk, role__in=required, decision=APPROVE, revoked_at=None
    ).select_related("decided_revision")
    approved = {request.role for request in approvals if request.decided_on(latest)}
    return [ROLE_LABELS[role] for role in required if role not in approved]


def missing_roles_refusal(missing):
    return (
        "This post needs sign-off before it can be approved. Still to approve this version: "
        f"{', '.join(missing)}. Ask for sign-off from the post's Sign-off page."
    )
