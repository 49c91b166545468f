"""E-mail alerts: who subscribed to what, each post's alert, and every delivery.

A subscriber is one address. Nothing is sent to it before it is confirmed; what it asked
for waits in the signed confirmation link (alerts.tokens), not in the database. A
subscription is one topic (the whole network, one blog, or one category of one blog) at
one frequency. Each post gets at most one `Alert`, made on its first publication; a
`Delivery` per (subscriber, post) makes sending idempotent, for alerts and digests alike.
"""

import secrets

from django.db import models
from django.db.models import Q


def new_key():
    return secrets.token_urlsafe(12)


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", "As soon as a post is published"
    DAILY = "daily", "Once a day"
    WEEKLY = "weekly", "Once a week"


class SubscriberQuerySet(models.QuerySet):
    def forget(self):
        """Delete these subscribers (unsubscribe, erasure). Their deliveries stay for the
        sent counts, without the provider's error text, which can quote the address."""
        Delivery.objects.filter(subscriber__in=self).update(error="")
        return self.delete()


class Subscriber(models.Model):
    email = models.EmailField(unique=True)  # stored lower-cased (alerts.forms)
    # Part of every link's signature: a new key makes every earlier link invalid.
    key = models.CharField(max_length=32, default=new_key, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Confirmation e-mails sent on `confirmations_day` (a cap against mail-bombing).
    confirmations_day = models.DateField(null=True, blank=True)
    confirmations_sent = models.PositiveSmallIntegerField(default=0)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["confirmed_at", "created_at"])]

    def __str__(self):
        return f"Subscriber {self.pk}"


class SubscriptionQuerySet(models.QuerySet):
    def for_post(self, post, blog, category_ids):
        """The subscriptions a post of `blog` in these categories matches."""
        return self.filter(
            Q(blog__isnull=True)
            | Q(blog=blog, category__isnull=True)
            | Q(blog=blog, category_id__in=category_ids)
        )


class Subscription(models.Model):
    """One topic: the network (no blog), a blog (no category) or a blog's category."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    blog = models.ForeignKey(
        "posts.BlogPage", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        "posts.Category", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    frequency = models.CharField(
        max_length=12, choices=Frequency.choices, default=Frequency.IMMEDIATELY
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        constraints = [
            # One row per topic; NULLs are distinct in a plain unique constraint, hence three.
            models.UniqueConstraint(
                fields=["subscriber"],
                condition=Q(blog__isnull=True),
                name="alerts_one_network_subscription",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "blog"],
                condition=Q(blog__isnull=False, category__isnull=True),
                name="alerts_one_blog_subscription",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "blog", "category"],
                condition=Q(blog__isnull=False, category__isnull=False),
                name="alerts_one_category_subscription",
            ),
            models.CheckConstraint(
                condition=Q(category__isnull=True) | Q(blog__isnull=False),
                name="alerts_category_within_a_blog",
            ),
        ]
        indexes = [models.Index(fields=["blog", "frequency"])]

    def __str__(self):
        if self.blog_id is None:
            return "Every blog"
        if self.category_id is None:
            return self.blog.title
        return f"{self.blog.title}: {self.category.name}"


class Alert(models.Model):
    """A post's alert to immediate subscribers, made once, on its first publication.

    The fan-out holds a lease (`run_id`, renewed in `heartbeat_at` after each batch), so a
    second run of the task waits, and a run killed mid-way is taken over (resume_alerts)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENDING = "sending", "Sending"
        DONE = "done", "Sent"

    post = models.OneToOneField("posts.PostPage", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    run_id = models.CharField(max_length=32, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    streamed_at = models.DateTimeField(null=True, blank=True)  # every subscriber claimed
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Alert for post {self.post_id}"


class Digest(models.Model):
    """One daily or weekly digest run: posts first published in [since, until)."""

    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    since = models.DateTimeField()
    until = models.DateTimeField()
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        get_latest_by = "until"

    def __str__(self):
        return f"{self.get_frequency_display()} digest {self.pk}"


class Delivery(models.Model):
    """One post to one subscriber, by alert or in a digest. The row is claimed before the
    message goes, so a post reaches an address at most once (unique constraint)."""

    class Status(models.TextChoices):
        CLAIMED = "claimed", "Sending"
        SENT = "sent", "Delivered"
        RETRY = "retry", "Waiting to retry"
        FAILED = "failed", "Failed"
        SUPPRESSED = "suppressed", "Suppressed"

    # Kept (without the address) when a subscriber leaves, for the sent-alert counts.
    subscriber = models.ForeignKey(
        Subscriber, null=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    post = models.ForeignKey("posts.PostPage", on_delete=models.CASCADE, related_name="+")
    alert = models.ForeignKey(
        Alert, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    digest = models.ForeignKey(
        Digest, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CLAIMED)
    claim = models.CharField(max_length=32, blank=True)  # the run that claimed it
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(max_length=64, blank=True)  # e.g. Notify's id
    error = models.CharField(max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "post"], name="alerts_one_delivery")
        ]
        indexes = [
            models.Index(fields=["alert", "status"]),
            models.Index(fields=["digest", "status"]),
            models.Index(fields=["provider_id"]),
        ]

    def __str__(self):
        return f"Delivery {self.pk}"


class Suppression(models.Model):
    """An address nothing more is sent to: it hard-bounced or complained."""

    class Reason(models.TextChoices):
        BOUNCE = "bounce", "Hard bounce"
        COMPLAINT = "complaint", "Complaint"
        MANUAL = "manual", "Added by an administrator"

    email = models.EmailField(unique=True)
    reason = models.CharField(max_length=10, choices=Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.email
