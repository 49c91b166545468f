"""The other side of tests/alerts/test_end_to_end.py: run as a script in a real server's own
environment (`Server.session`, tests/servers.py), so it sees that server's database. It
reads one command a line, as a JSON list, and answers each with a line of JSON: Django
starts once, not once per command (seconds each on a busy machine).

  subscribers BLOG N   N confirmed subscribers to every post of the blog (its slug; the
                       blog is made if missing), bulk-created
  publish BLOG TITLE   a post on the blog, published for the first time (as a reviewer's
                       approval publishes it: the same signal queues its alert)
  alert POST_ID [WAIT] the post's alert: its status, the age of its heartbeat and its
                       deliveries counted by status; with WAIT, once it is done (polled)
  subscriber EMAIL     whether the address is known, confirmed, and to how many topics
"""

import json
import sys
import time

import django


def blog(slug):
    from demo.factories import make_blog
    from home.models import HomePage
    from posts.models import BlogPage

    found = BlogPage.objects.filter(slug=slug).first()
    return found or make_blog(HomePage.objects.get(), slug.title(), slug=slug)


def subscribers(slug, count):
    from django.utils import timezone

    from alerts.models import Subscriber, Subscription

    now = timezone.now()
    made = Subscriber.objects.bulk_create(
        [Subscriber(email=f"{slug}{i}@example.com", confirmed_at=now) for i in range(count)],
        batch_size=1000,
    )
    to = blog(slug)
    Subscription.objects.bulk_create(
        [Subscription(subscriber=s, blog=to) for s in made], batch_size=1000
    )
    return {"subscribers": len(made)}


def publish(slug, title):
    from alerts.models import Alert
    from demo.factories import make_post

    post = make_post(blog(slug), title)
    return {"post": post.pk, "url": post.url, "alert": Alert.objects.get(post=post).pk}


def alert(post_id, wait=0):
    from django.db.models import Count
    from django.utils import timezone

    from alerts.models import Alert, Delivery

    deadline = time.monotonic() + wait
    while True:
        found = Alert.objects.filter(post_id=post_id).first()
        if not wait or found.status == Alert.Status.DONE or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    deliveries = (
        Delivery.objects.filter(alert=found).values("status").annotate(n=Count("pk"))
        if found
        else []
    )
    heartbeat = found and found.heartbeat_at
    return {
        "status": found.status if found else None,
        "heartbeat_age": (timezone.now() - heartbeat).total_seconds() if heartbeat else None,
        "deliveries": {row["status"]: row["n"] for row in deliveries},
    }


def subscriber(address):
    from alerts.models import Subscriber

    found = Subscriber.objects.filter(email=address).first()
    return {
        "exists": found is not None,
        "confirmed": bool(found and found.confirmed_at),
        "subscriptions": found.subscriptions.count() if found else 0,
    }


COMMANDS = {
    "subscribers": subscribers,
    "publish": publish,
    "alert": alert,
    "subscriber": subscriber,
}


def serve():
    """Answer commands until stdin closes."""
    for line in sys.stdin:
        command, *args = json.loads(line)
        sys.stdout.write(json.dumps(COMMANDS[command](*args)) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    django.setup()
    serve()
