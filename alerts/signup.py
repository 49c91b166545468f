"""Double opt-in. A sign-up answers the same whether or not the address is known; the
confirmation e-mail goes from the worker, which also enforces a daily cap per address (a
stranger cannot flood someone's inbox with confirmation requests). Confirming applies the
topics and frequency the signed link carries."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import messages, topics
from .backends import DeliveryError, get_backend
from .models import Frequency, Subscriber, Subscription, Suppression
from .tokens import BadToken

logger = logging.getLogger(__name__)


def subscriber_for(email):
    """The subscriber row for the address, made unconfirmed if new."""
    try:
        with transaction.atomic():
            return Subscriber.objects.get_or_create(email=email)[0]
    except IntegrityError:  # two sign-ups at once: the other made it
        return Subscriber.objects.get(email=email)


def send_confirmation(subscriber_id, topic_keys, frequency):
    """Send the confirmation e-mail; False when capped, suppressed or gone."""
    today = timezone.localdate()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None or Suppression.objects.filter(email=subscriber.email).exists():
            return False
        if subscriber.confirmations_day != today:
            subscriber.confirmations_day, subscriber.confirmations_sent = today, 0
        if subscriber.confirmations_sent >= settings.ALERTS_CONFIRMATIONS_PER_DAY:
            logger.info("Subscriber %s: confirmation cap reached today", subscriber.pk)
            return False
        subscriber.confirmations_sent += 1
        subscriber.save(update_fields=["confirmations_day", "confirmations_sent"])
    names = [topics.describe(blog, category) for blog, category in topics.resolve(topic_keys)]
    if not names:
        return False
    message = messages.confirmation(subscriber, names, topic_keys, frequency)
    backend = get_backend()
    backend.open()
    try:
        backend.send(message)
    except DeliveryError as error:
        if error.permanent:
            Suppression.objects.get_or_create(
                email=subscriber.email, defaults={"reason": Suppression.Reason.BOUNCE}
            )
            return False
        raise  # the task fails and is logged; the reader can sign up again
    finally:
        backend.close()
    return True


def confirm(subscriber_id, key, topic_keys, frequency):
    """Apply a confirmation link: the subscriber is confirmed and subscribed to each topic
    at the frequency (a topic already followed takes the new frequency)."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None or subscriber.key != key or frequency not in Frequency.values:
            raise BadToken("invalid")
        if subscriber.confirmed_at is None:
            subscriber.confirmed_at = timezone.now()
            subscriber.save(update_fields=["confirmed_at"])
        for blog, category in topics.resolve(topic_keys):
            Subscription.objects.update_or_create(
                subscriber=subscriber,
                blog=blog,
                category=category,
                defaults={"frequency": frequency},
            )
    return subscriber


def purge_unconfirmed():
    """Delete the sign-ups never confirmed within ALERTS_CONFIRM_DAYS; returns how many."""
    cutoff = timezone.now() - timedelta(days=settings.ALERTS_CONFIRM_DAYS)
    _, deleted = Subscriber.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    return deleted.get("alerts.Subscriber", 0)
