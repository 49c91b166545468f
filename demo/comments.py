"""Demo comments on the seed post: two published (one with an official reply) and two
waiting for a moderator, one of them with a phone number to edit out. Idempotent; run by
`load_demo` after the posts. Addresses are from the ranges set aside
for documentation, and the phone number from Ofcom's drama range."""

import datetime

from django.utils import timezone

from comments.models import ReaderComment
from demo import seed
from posts.models import PostPage

Status = ReaderComment.Status

PUBLISHED = [
    {
        "name": "Priya Shah",
        "email": "priya.shah@example.com",
        "ip_address": "192.0.2.10",
        "body": "Thanks for writing this up. Is there a recording of the panel discussion? "
        "I could not make it on the day.",
        "at": (2017, 10, 11, 10, 12),
        "reply": {
            "name": "Khidr Suleman",
            "body": "Thanks Priya. We did not record the panel this time, but we will record "
            "the next meetup and link to it from this post.",
            "at": (2017, 10, 11, 14, 40),
        },
    },
    {
        "name": "Tom Barnes",
        "email": "tom.barnes@example.com",
        "ip_address": "2001:db8::20",
        "body": "Good to see security people talking about open code. We have started "
        "publishing our infrastructure code too.\n\nThe hardest part was showing people that "
        "publishing code does not mean publishing secrets. This guidance helped: "
        "https://www.gov.uk/service-manual/technology/making-source-code-open-and-reusable",
        "at": (2017, 10, 12, 9, 5),
    },
]
WAITING = [
    {
        "name": "Jo Evans",
        "email": "jo.evans@example.com",
        "ip_address": "198.51.100.7",
        "body": "Great post. If anyone wants to talk about running a meetup in their "
        "department, call me on 07700 900123.",
        "hours_ago": 30,
    },
    {
        "name": "Sam Okafor",
        "email": "sam.okafor@example.com",
        "ip_address": "203.0.113.42",
        "body": "Will there be another meetup this year? I would like to give a talk about "
        "how we review our dependencies.",
        "hours_ago": 5,
        "notify_on_publish": True,
    },
]


def _at(parts):
    return timezone.make_aware(datetime.datetime(*parts))


def load(log=lambda message: None):
    post = PostPage.objects.filter(slug=seed.SLUG).first()
    if post is None or ReaderComment.objects.filter(post=post).exists():
        return
    for spec in PUBLISHED:
        comment = ReaderComment.objects.create(
            post=post,
            name=spec["name"],
            email=spec["email"],
            ip_address=spec["ip_address"],
            body=spec["body"],
            status=Status.APPROVED,
            created_at=_at(spec["at"]),
            moderated_at=_at(spec["at"]) + datetime.timedelta(hours=2),
        )
        if reply := spec.get("reply"):
            ReaderComment.objects.create(
                post=post,
                parent=comment,
                name=reply["name"],
                body=reply["body"],
                status=Status.APPROVED,
                is_official=True,
                created_at=_at(reply["at"]),
                moderated_at=_at(reply["at"]),
            )
    now = timezone.now()
    for spec in WAITING:
        ReaderComment.objects.create(
            post=post,
            name=spec["name"],
            email=spec["email"],
            ip_address=spec["ip_address"],
            body=spec["body"],
            notify_on_publish=spec.get("notify_on_publish", False),
            created_at=now - datetime.timedelta(hours=spec["hours_ago"]),
        )
    log(
        f"Created {len(PUBLISHED) + 1} published and {len(WAITING)} waiting comments on {post.url}"
    )
