"""Sending alerts and digests: claim, send, record.

A post's alert (`fan_out`) streams the matching subscribers in batches of
ALERTS_BATCH_SIZE, ordered by id. For each batch it first claims one `Delivery` per
subscriber (unique per subscriber and post, so nobody is claimed twice), commits, then
sends over one connection and records each outcome: sent, retry (a temporary failure,
tried again with back-off), failed (after ALERTS_MAX_ATTEMPTS, or refused for good) or
suppressed (the address is on the suppression list, or just bounced).

The run holds a lease on the alert, renewed after each batch. If the worker dies, the
lease runs out and `resume_alerts` (the scheduler, every minute) queues the alert again;
the new run sends the batch that was in flight once more (logged: those addresses may get
a second copy) and goes on where the dead one stopped.
"""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from posts.models import PostPage

from . import messages
from .backends import DeliveryError, get_backend
from .models import Alert, Delivery, Subscriber, Subscription, Suppression

logger = logging.getLogger(__name__)


def backoff(attempts):
    """Minutes before attempt `attempts + 1`: 1, 4, 16, 64, 256, then every 6 hours."""
    return timedelta(minutes=min(4 ** (attempts - 1), 360))


def suppress(email, reason):
    Suppression.objects.get_or_create(email=email, defaults={"reason": reason})


def send_batch(items, backend=None):
    """Send each message over one connection and record the outcome of its deliveries.
    `items` are (subscriber, deliveries, template): an alert is one post to a subscriber,
    a digest several. A permanent refusal suppresses the address."""
    if not items:
        return
    emails = {subscriber.email for subscriber, _, _ in items}
    suppressed = set(Suppression.objects.filter(email__in=emails).values_list("email", flat=True))
    backend = backend or get_backend()
    now = timezone.now()
    outcomes = {}  # delivery id -> fields to update
    try:
        backend.open()
        connect_error = None
    except DeliveryError as error:
        connect_error = error
    for subscriber, deliveries, template in items:
        attempts = max(d.attempts for d in deliveries) + 1
        if subscriber.email in suppressed:
            outcome = {"status": Delivery.Status.SUPPRESSED}
        else:
            try:
                if connect_error is not None:
                    raise connect_error
                provider_id = backend.send(template.for_subscriber(subscriber))
                outcome = {"status": Delivery.Status.SENT, "provider_id": provider_id}
            except DeliveryError as error:
                outcome = failure(subscriber, error, attempts, now)
                if outcome["status"] == Delivery.Status.SUPPRESSED:
                    suppressed.add(subscriber.email)
        outcome = {"error": "", **outcome, "attempts": attempts}
        for delivery in deliveries:
            outcomes[delivery.pk] = outcome
    if connect_error is None:
        backend.close()
    record(outcomes)


def failure(subscriber, error, attempts, now):
    if error.permanent:
        suppress(subscriber.email, Suppression.Reason.BOUNCE)
        return {"status": Delivery.Status.SUPPRESSED, "error": str(error)[:255]}
    if attempts >= settings.ALERTS_MAX_ATTEMPTS:
        logger.error(
            "Gave up on subscriber %s after %s attempts: %s", subscriber.pk, attempts, error
        )
        return {"status": Delivery.Status.FAILED, "error": str(error)[:255]}
    return {
        "status": Delivery.Status.RETRY,
        "next_attempt_at": now + backoff(attempts),
        "error": str(error)[:255],
    }


def record(outcomes):
    """Write the outcomes, grouped so that a batch of successes is one UPDATE."""
    groups = {}
    for pk, fields in outcomes.items():
        groups.setdefault(tuple(sorted(fields.items())), []).append(pk)
    now = timezone.now()
    for fields, pks in groups.items():
        Delivery.objects.filter(pk__in=pks).update(**dict(fields), updated_at=now)


# Alerts --------------------------------------------------------------------------------


def create_alert(post):
    """The post's alert, made once: on its first publication. Returns it if new."""
    alert, created = Alert.objects.get_or_create(post=post)
    return alert if created else None


def take_lease(alert_id, run_id):
    """Claim the alert for this run, unless another run is alive (a fresh heartbeat)."""
    stale = timezone.now() - timedelta(seconds=settings.ALERTS_LEASE_SECONDS)
    return (
        Alert.objects.filter(pk=alert_id)
        .exclude(status=Alert.Status.DONE)
        .exclude(status=Alert.Status.SENDING, heartbeat_at__gte=stale)
        .update(status=Alert.Status.SENDING, run_id=run_id, heartbeat_at=timezone.now())
    )


def renew_lease(alert_id, run_id):
    return Alert.objects.filter(pk=alert_id, run_id=run_id).update(heartbeat_at=timezone.now())


def subscribers_for(post):
    """Confirmed subscribers with an immediate subscription the post matches."""
    blog = post.blog
    category_ids = list(post.categories.values_list("pk", flat=True))
    matching = Subscription.objects.for_post(post, blog, category_ids).filter(
        frequency="immediately"
    )
    return Subscriber.objects.filter(
        confirmed_at__isnull=False, pk__in=matching.values("subscriber_id")
    )


def fan_out(alert_id):
    """Send the post's alert to every matching subscriber. Returns when to run again (the
    next retry is due), or None."""
    run_id = secrets.token_hex(8)
    if not take_lease(alert_id, run_id):
        return None  # done already, or another run is at it
    alert = Alert.objects.select_related("post").get(pk=alert_id)
    post = alert.post.specific
    if not readable(post):
        Alert.objects.filter(pk=alert_id).update(status=Alert.Status.PENDING, run_id="")
        # Unpublished before it went, or its blog is unpublished or restricted: it goes
        # when readers can see the post again (resume_alerts).
        return None
    template = messages.alert_template(post)
    sent = 0

    # Claims of a dead run: that batch was in flight, so some of it may have gone.
    in_flight = Delivery.objects.filter(alert=alert, status=Delivery.Status.CLAIMED)
    if count := in_flight.update(claim=run_id):
        logger.warning(
            "Alert %s: sending again %s messages a stopped run had in flight", alert_id, count
        )
    sent += send_claimed(alert, run_id, template)

    if alert.streamed_at is None:
        candidates = subscribers_for(post).order_by("pk")
        last = 0
        while True:
            ids = list(
                candidates.filter(pk__gt=last)
                .exclude(Exists(Delivery.objects.filter(post=post, subscriber=OuterRef("pk"))))
                .values_list("pk", flat=True)[: settings.ALERTS_BATCH_SIZE]
            )
            if not ids:
                break
            last = ids[-1]
            Delivery.objects.bulk_create(
                [Delivery(subscriber_id=i, post=post, alert=alert, claim=run_id) for i in ids],
                ignore_conflicts=True,  # another run claimed it first: it is theirs
            )
            sent += send_claimed(alert, run_id, template)
            if not renew_lease(alert_id, run_id):
                logger.warning("Alert %s: lost the lease; another run goes on", alert_id)
                return None
        Alert.objects.filter(pk=alert_id, run_id=run_id).update(streamed_at=timezone.now())

    # Temporary failures that are due now (a failure again is due later: the loop ends).
    while pks := list(
        Delivery.objects.filter(
            alert=alert, status=Delivery.Status.RETRY, next_attempt_at__lte=timezone.now()
        ).values_list("pk", flat=True)[: settings.ALERTS_BATCH_SIZE]
    ):
        Delivery.objects.filter(pk__in=pks).update(status=Delivery.Status.CLAIMED, claim=run_id)
        sent += send_claimed(alert, run_id, template)
        renew_lease(alert_id, run_id)
    logger.info("Alert %s: %s messages processed by run %s", alert_id, sent, run_id)
    return finish(alert, run_id)


def send_claimed(alert, run_id, template):
    claimed = list(
        Delivery.objects.filter(alert=alert, claim=run_id, status=Delivery.Status.CLAIMED)
        .select_related("subscriber")
        .order_by("pk")
    )
    send_batch([(d.subscriber, [d], template) for d in claimed if d.subscriber is not None])
    # Claimed rows are now sent, failed, suppressed or waiting to retry (claim kept).
    return sum(1 for _ in claimed)


def finish(alert, run_id):
    """Done; or, with retries waiting, the lease given back and when to run again."""
    waiting = Delivery.objects.filter(alert=alert, status=Delivery.Status.RETRY)
    next_retry = (
        waiting.order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first()
    )
    if next_retry is None:
        Alert.objects.filter(pk=alert.pk, run_id=run_id).update(
            status=Alert.Status.DONE, finished_at=timezone.now(), run_id=""
        )
        return None
    waiting.update(claim="")
    Alert.objects.filter(pk=alert.pk, run_id=run_id).update(status=Alert.Status.PENDING, run_id="")
    return next_retry


def readable(post):
    """Whether readers may see `post` (for_readers: live, not restricted, in a live blog)."""
    return post.live and PostPage.objects.for_readers().filter(pk=post.pk).exists()


def stalled_alerts():
    """The alerts whose run stopped (no heartbeat within the lease) or that wait with
    nothing queued for them: their ids, to queue again."""
    stale = timezone.now() - timedelta(seconds=settings.ALERTS_LEASE_SECONDS)
    stalled = Alert.objects.filter(status=Alert.Status.SENDING, heartbeat_at__lt=stale)
    # Waiting with nothing queued: not for a post readers cannot see, nor for a retry not
    # yet due.
    waiting = Alert.objects.filter(
        status=Alert.Status.PENDING,
        created_at__lt=stale,
        post__in=PostPage.objects.for_readers().values("pk"),
    ).exclude(
        Exists(
            Delivery.objects.filter(
                alert=OuterRef("pk"),
                status=Delivery.Status.RETRY,
                next_attempt_at__gt=timezone.now(),
            )
        )
    )
    return list(stalled.union(waiting).values_list("pk", flat=True))
