"""Fill the database with N realistic posts over 3 blogs, 200 people and 50 categories,
with comments and tags."""

import datetime
import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from alerts.signals import muted as alerts_muted
from comments.models import ReaderComment
from demo import build
from demo.factories import make_blog, make_category, make_home, make_image, make_person
from posts.models import BlogPage, PostAuthor, PostPage

WORDS = [
    "service",
    "user",
    "research",
    "team",
    "government",
    "digital",
    "data",
    "open",
    "source",
    "security",
    "cloud",
    "platform",
    "accessibility",
    "design",
    "content",
    "delivery",
    "policy",
    "agile",
    "standards",
    "code",
    "review",
    "pipeline",
    "assessment",
    "department",
    "citizens",
    "guidance",
    "network",
    "architecture",
    "testing",
    "performance",
    "privacy",
    "identity",
    "payments",
    "notify",
    "publishing",
    "archive",
    "migration",
]
BLOGS = [
    ("Digital bench", "bench-digital"),
    ("Data bench", "bench-data"),
    ("Security bench", "bench-security"),
]


def sentence(rng, words=14):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def body(rng, people, image):
    """A body using every block type, about 900 words."""
    who = rng.sample(people, 4)
    paragraphs = [
        build.paragraph(f"<p>{sentence(rng, 40)} {sentence(rng, 30)}</p>") for _ in range(6)
    ]
    return [
        paragraphs[0],
        build.contents(),
        build.heading(sentence(rng, 5), numbered=True),
        build.speaker(who[0], f"<p>{sentence(rng, 60)}</p>", talk_title=sentence(rng, 6)),
        paragraphs[1],
        build.heading(sentence(rng, 5), numbered=True),
        build.panel(who[1:], f"<p>{sentence(rng, 50)}</p>", title=sentence(rng, 4), chair=who[0]),
        build.bullets(*(sentence(rng, 6) for _ in range(4))),
        build.image(image, caption=sentence(rng, 8)),
        build.quote(sentence(rng, 20), attribution=who[1].name),
        build.callout(f"<p>{sentence(rng, 20)}</p>"),
        build.key_figures(("100+", "attendees"), ("93%", "would recommend")),
        build.event(sentence(rng, 4), datetime.date(2024, 5, 1), place="London"),
        build.table([["Week", "Visits"], ["1", "120"], ["2", "340"]], caption="Visits"),
        build.code("make test", language="bash"),
        build.embed("https://www.youtube.com/watch?v=bench", sentence(rng, 5), provider="YouTube"),
        paragraphs[2],
        build.related_links(build.link("https://www.gov.uk/", "GOV.UK")),
        build.alerts(),
        *paragraphs[3:],
    ]


class Command(BaseCommand):
    help = "Fill the database with N posts over 3 blogs, 200 people and 50 categories."

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, required=True, help="How many posts to add.")
        parser.add_argument("--seed", type=int, default=2017)

    def handle(self, *args, posts, seed, **options):
        if settings.SETTINGS_MODULE == "settings.production":
            raise CommandError("make_bench_data refuses to run under settings.production.")
        if posts < 1:
            raise CommandError("--posts must be at least 1.")
        rng = random.Random(seed)  # noqa: S311 - sample data, not secrets
        with alerts_muted(), transaction.atomic():  # bench posts are not news
            home = make_home()
            blogs = [
                BlogPage.objects.filter(slug=slug).first() or make_blog(home, title, slug=slug)
                for title, slug in BLOGS
            ]
            people = [make_person(f"Bench Person {n}", job_title="Developer") for n in range(200)]
            categories = [make_category(f"Bench Category {n}") for n in range(50)]
            image = make_image("Bench image", alt_text="A blue rectangle")
        start = PostPage.objects.filter(slug__startswith="bench-post-").count()
        for n in range(start, start + posts):
            with transaction.atomic():
                self.add_post(rng, n, blogs[n % 3], people, categories, image)
            if (n + 1) % 500 == 0:
                self.stdout.write(f"{n + 1} posts")
        self.stdout.write(self.style.SUCCESS(f"Added {posts} posts ({start + posts} in all)."))

    def add_post(self, rng, n, blog, people, categories, image):
        published = timezone.now() - datetime.timedelta(hours=6 * n + 1)
        post = PostPage(
            title=f"{sentence(rng, 6)[:-1]} {n}",
            slug=f"bench-post-{n}",
            summary=sentence(rng, 20)[:160],
            body=body(rng, people, image),
            live=True,
            first_published_at=published,
            last_published_at=published,
            date=timezone.localdate(published),
        )
        for order, person in enumerate(rng.sample(people, rng.randint(1, 3))):
            post.post_authors.add(PostAuthor(person=person, sort_order=order))
        post.categories = rng.sample(categories, rng.randint(1, 3))
        post.tags.add(*rng.sample(WORDS, 2))  # kept with the page when add_child saves it
        blog.add_child(instance=post)
        # One revision, so the editor history looks like a real post's.
        post.live_revision = post.save_revision(clean=False)
        post.save(update_fields=["live_revision"])
        self.add_comments(rng, post, published)

    def add_comments(self, rng, post, published):
        """A few approved comments and one waiting."""
        for n in range(rng.randint(0, 4)):
            ReaderComment(
                post=post,
                name=f"Reader {n}",
                email=f"reader{n}@example.com",
                body=sentence(rng, 30),
                status="approved" if n else "pending",
                created_at=published + datetime.timedelta(hours=n + 1),
            ).save()
