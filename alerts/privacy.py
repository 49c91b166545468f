"""What the admin does to one address: suppress it, stop suppressing it, erase it.

The audit log records each action against a keyed hash of the address (`address_ref`),
never the address: the log outlives an erasure. The hash is an HMAC with SECRET_KEY, so it
cannot be reversed by hashing a list of likely addresses without the key; whoever holds
the key can still tell which entries were about one address, should that be asked.
"""

from django.db import transaction
from django.utils.crypto import salted_hmac

from wagtail.log_actions import log

from .models import Subscriber, Suppression

ADDRESS = "An email address"  # the log entries' title, in place of the address


def address_ref(email):
    return salted_hmac("alerts.address", email.strip().lower()).hexdigest()[:20]


def suppress(email, user):
    """Put the address on the suppression list (reason: manual); None if already there."""
    suppression, created = Suppression.objects.get_or_create(
        email=email, defaults={"reason": Suppression.Reason.MANUAL}
    )
    if not created:
        return None
    log_address(suppression, "alerts.suppress", user, email)
    return suppression


def unsuppress(suppression, user):
    log_address(suppression, "alerts.unsuppress", user, suppression.email)
    suppression.delete()


@transaction.atomic
def erase(email, user):
    """Forget the address: its subscriber (and with it every subscription) and its
    suppression. Deliveries stay for the sent-alert counts, without the subscriber and
    without the provider's error text, which can quote the address. Returns nothing, so
    that the caller answers the same whether or not the address was known."""
    Subscriber.objects.filter(email=email).forget()
    Suppression.objects.filter(email=email).delete()
    # The entry needs an object: a stand-in subscriber whose id is the address's hash, so
    # that it says neither the address nor whether there was anything to erase.
    log_address(Subscriber(pk=address_ref(email)), "alerts.erase", user, email)


def log_address(instance, action, user, email):
    log(
        instance=instance,
        action=action,
        user=user,
        title=ADDRESS,
        data={"address": address_ref(email)},
    )
