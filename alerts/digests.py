"""Daily and weekly digests: `manage.py send_digests daily|weekly`, run by the scheduler.

Each run covers the posts first published since the last run of that frequency ended
(a `Digest` row records the window, so a run that stops half-way is finished by the next
one, with the same window). Each subscriber with a subscription at that frequency gets one
message listing the posts their topics match that they have not had yet; the deliveries
are claimed before the message goes, as for alerts. Temporary failures are retried by the
next run."""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from posts.models import PostPage

from . import messages
from .models import Delivery, Digest, Frequency, Subscriber, Subscription
from .sending import send_batch

logger = logging.getLogger(__name__)

PERIODS = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(weeks=1)}


def current_digest(frequency, now):
    """The unfinished run of this frequency, or a new one from where the last ended."""
    digest = Digest.objects.filter(frequency=frequency, finished_at__isnull=True).first()
    if digest is None:
        last = Digest.objects.filter(frequency=frequency).order_by("-until").first()
        since = last.until if last else now - PERIODS[frequency]
        digest = Digest.objects.create(frequency=frequency, since=since, until=now)
    return digest


def digest_due(frequency, now=None):
    """True if no digest of this frequency ran, or the last one ended a period ago."""
    now = now or timezone.now()
    last = Digest.objects.filter(frequency=frequency).order_by("-until").first()
    return last is None or last.finished_at is None or last.until <= now - PERIODS[frequency]


def topics_of(post):
    blog = post.blog
    return (blog.pk if blog else None), set(post.categories.values_list("pk", flat=True))


def matches(subscription, blog_id, category_ids):
    if subscription.blog_id is None:
        return True
    if subscription.blog_id != blog_id:
        return False
    return subscription.category_id is None or subscription.category_id in category_ids


def send_digests(frequency, now=None):
    """Send this frequency's digests; returns how many messages were sent or tried."""
    now = now or timezone.now()
    run_id = secrets.token_hex(8)
    tried = retry_due(frequency, now)
    digest = current_digest(frequency, now)
    posts = list(
        PostPage.objects.for_readers()
        .filter(first_published_at__gte=digest.since, first_published_at__lt=digest.until)
        .order_by("first_published_at")
    )
    post_topics = {post.pk: topics_of(post) for post in posts}
    template_cache = {}
    subscribers = Subscriber.objects.filter(
        confirmed_at__isnull=False,
        pk__in=Subscription.objects.filter(frequency=frequency).values("subscriber_id"),
    ).order_by("pk")
    last = 0
    while posts:
        batch = list(subscribers.filter(pk__gt=last)[: settings.ALERTS_BATCH_SIZE])
        if not batch:
            break
        last = batch[-1].pk
        wanted = wanted_posts(batch, frequency, posts, post_topics)
        Delivery.objects.bulk_create(
            [
                Delivery(subscriber_id=s, post_id=p, digest=digest, claim=run_id)
                for s, post_ids in wanted.items()
                for p in post_ids
            ],
            ignore_conflicts=True,  # had it already (an alert, an earlier digest)
        )
        tried += send_claimed(digest, run_id, {s.pk: s for s in batch}, posts, template_cache)
    Digest.objects.filter(pk=digest.pk).update(finished_at=timezone.now())
    logger.info("%s digest %s: %s messages", frequency, digest.pk, tried)
    return tried


def wanted_posts(batch, frequency, posts, post_topics):
    """{subscriber id: [post ids]} the subscribers' subscriptions at this frequency match."""
    wanted = {}
    subscriptions = Subscription.objects.filter(subscriber__in=batch, frequency=frequency)
    for subscription in subscriptions:
        for post in posts:
            if matches(subscription, *post_topics[post.pk]):
                wanted.setdefault(subscription.subscriber_id, set()).add(post.pk)
    return wanted


def send_claimed(digest, run_id, subscribers, posts, template_cache):
    """One message per subscriber for the deliveries this run claimed."""
    claimed = Delivery.objects.filter(digest=digest, claim=run_id, status=Delivery.Status.CLAIMED)
    by_subscriber = {}
    for delivery in claimed.filter(subscriber_id__in=subscribers):
        by_subscriber.setdefault(delivery.subscriber_id, []).append(delivery)
    by_pk = {post.pk: post for post in posts}
    items = []
    for subscriber_id, deliveries in by_subscriber.items():
        post_ids = tuple(sorted(d.post_id for d in deliveries))
        if post_ids not in template_cache:  # readers of the same topics share one render
            template_cache[post_ids] = messages.digest_template(
                digest.frequency, [by_pk[p] for p in post_ids]
            )
        items.append((subscribers[subscriber_id], deliveries, template_cache[post_ids]))
    send_batch(items)
    return len(items)


def retry_due(frequency, now):
    """Send again the digests that failed for a reason that may pass; returns how many."""
    due = Delivery.objects.filter(
        digest__frequency=frequency,
        status=Delivery.Status.RETRY,
        next_attempt_at__lte=now,
        subscriber__isnull=False,
    ).select_related("subscriber", "post", "digest")
    groups = {}
    for delivery in due:
        groups.setdefault((delivery.digest_id, delivery.subscriber_id), []).append(delivery)
    items = []
    for deliveries in groups.values():
        posts = [d.post.specific for d in deliveries]
        template = messages.digest_template(frequency, posts)
        items.append((deliveries[0].subscriber, deliveries, template))
    send_batch(items)
    return len(items)
