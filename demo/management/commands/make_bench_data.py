"""Fill the database with N realistic posts over 3 blogs, 200 people and 50 categories,
with comments and tags.

The posts are written a batch at a time with the importer's multi-row INSERTs
(importer.batch: tree paths after the blog's last child, one revision each, Wagtail's log
entries), not through `add_child` and `save_revision` one by one, and the search and
reference indexes are updated a batch at a time (with the posts in hand, not read back),
not for each save: 5,000 posts in a minute or two rather than tens. Their text comes
from demo.corpus (a vocabulary of thousands of words with a Zipf distribution), seeded
per post, so a top-up adds the same posts a single run would have.
"""

import contextlib
import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search.backends import get_search_backends
from wagtail.search.index import BaseField

from alerts.signals import muted as alerts_muted
from comments.models import ReaderComment, body_digest
from contentcache import content
from demo import build
from demo.corpus import DOMAIN_WORDS, Corpus
from demo.factories import make_blog, make_category, make_home, make_image, make_person
from importer import batch
from importer.indexing import deferred
from posts.models import BlogPage, PostAuthor, PostPage, PostPageTag
from search import matches

BLOGS = [
    ("Digital bench", "bench-digital"),
    ("Data bench", "bench-data"),
    ("Security bench", "bench-security"),
]
BATCH = 300  # posts per transaction, a third for each blog
TAGS = DOMAIN_WORDS[:40]


def body(corpus, people, image):
    """A body using every block type, about 700 words."""
    rng = corpus.rng
    who = rng.sample(people, 4)
    paragraphs = [
        build.paragraph(f"<p>{corpus.sentence(40)} {corpus.sentence(30)}</p>") for _ in range(6)
    ]
    return [
        paragraphs[0],
        build.contents(),
        build.heading(corpus.title(5), numbered=True),
        build.speaker(who[0], f"<p>{corpus.sentence(60)}</p>", talk_title=corpus.title(6)),
        paragraphs[1],
        build.heading(corpus.title(5), numbered=True),
        build.panel(who[1:], f"<p>{corpus.sentence(50)}</p>", title=corpus.title(4), chair=who[0]),
        build.bullets(*(corpus.sentence(6) for _ in range(4))),
        build.image(image, caption=corpus.sentence(8)),
        build.quote(corpus.sentence(20), attribution=who[1].name),
        build.callout(f"<p>{corpus.sentence(20)}</p>"),
        build.key_figures(("100+", "attendees"), ("93%", "would recommend")),
        build.event(corpus.title(4), datetime.date(2024, 5, 1), place="London"),
        build.table([["Week", "Visits"], ["1", "120"], ["2", "340"]], caption="Visits"),
        build.code("make test", language="bash"),
        build.embed("https://www.youtube.com/watch?v=bench", corpus.title(5), provider="YouTube"),
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
        began = time.monotonic()
        self.corpus = Corpus(seed)
        self.seed = seed
        with alerts_muted(), transaction.atomic():  # bench posts are not news
            home = make_home()
            self.blogs = [
                BlogPage.objects.filter(slug=slug).first() or make_blog(home, title, slug=slug)
                for title, slug in BLOGS
            ]
            self.people = [
                make_person(f"Bench Person {n}", job_title="Developer") for n in range(200)
            ]
            self.categories = [make_category(f"Bench Category {n}") for n in range(50)]
            self.tags = [Tag.objects.get_or_create(name=name)[0] for name in TAGS]
            self.image = make_image_once()
        start = PostPage.objects.filter(slug__startswith="bench-post-").count()
        with alerts_muted(), deferred():
            for first in range(start, start + posts, BATCH):
                numbers = range(first, min(first + BATCH, start + posts))
                with transaction.atomic():
                    if connection.vendor == "postgresql":
                        # Bench data: a crash may lose the last batches, never corrupt.
                        with connection.cursor() as cursor:
                            cursor.execute("SET LOCAL synchronous_commit TO OFF")
                    self.add_batch(numbers)
                self.stdout.write(f"{numbers[-1] + 1} posts")
        built = time.monotonic() - began
        # Once for the whole run: what readers see (pages, listings, searches) is replaced,
        # and every post's body rendered and its neighbours worked out (posts.rendering,
        # posts.neighbours: the worker's part, as after an import; here at once, unless
        # BULLETIN_WORKER=1 queues it).
        content.bump()
        rendered = time.monotonic() - began - built
        matches.invalidate()
        if connection.vendor == "postgresql":
            # The planner's statistics for the new rows now, as autovacuum would soon:
            # benchmarks run straight after, and without them search picks slow plans.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        seconds = time.monotonic() - began - rendered
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {posts} posts ({start + posts} in all) in {seconds:.1f} s; "
                f"bodies rendered and neighbours worked out in {rendered:.1f} s."
            )
        )

    def add_batch(self, numbers):
        """Posts `numbers`, written blog by blog with a multi-row INSERT per table, then
        indexed together: the posts in hand, so their bodies' people and images need no
        look-up (reading them back made indexing take ten times as long as writing)."""
        now = timezone.now()
        made = []
        for index, blog in enumerate(self.blogs):
            mine = [n for n in numbers if n % len(self.blogs) == index]
            if not mine:
                continue
            blog = Page.objects.select_for_update().get(pk=blog.pk)  # as add_child locks it
            pages = [self.post(n, blog, now) for n in mine]
            batch.insert_pages(blog, pages)
            batch.insert_relations(pages)
            batch.insert_revisions(pages, now)
            batch.insert_log_entries(pages, now)
            self.add_comments(pages)
            made.extend(pages)
        with search_fields_read_once():
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(PostPage, made)
        batch.insert_references(made)

    def post(self, n, blog, now):
        """Post number `n`, in memory, as publishing leaves it; its text seeded by `n`."""
        corpus, rng = self.corpus, self.corpus.rng
        corpus.reseed(f"{self.seed}-{n}")
        published = now - datetime.timedelta(hours=6 * n + 1)
        title = f"{corpus.title()} {n}"
        post = PostPage(
            title=title,
            draft_title=title,
            slug=f"bench-post-{n}",
            summary=corpus.summary(),
            body=body(corpus, self.people, self.image),
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            latest_revision_created_at=now,
            date=timezone.localdate(published),
            locale_id=blog.locale_id,
        )
        post.set_url_path(blog)
        for order, person in enumerate(rng.sample(self.people, rng.randint(1, 3))):
            post.post_authors.add(PostAuthor(person=person, sort_order=order))
        post.categories = rng.sample(self.categories, rng.randint(1, 3))
        # The tagged items themselves: what `tags.add` makes, without its look-ups.
        for tag in rng.sample(self.tags, 2):
            post.tagged_items.add(PostPageTag(tag=tag))
        post.bench_comments = [
            ReaderComment(
                name=f"Reader {c}",
                email=f"reader{c}@example.com",
                body=corpus.sentence(30),
                status="approved" if c else "pending",  # a few approved and one waiting
                created_at=published + datetime.timedelta(hours=c + 1),
            )
            for c in range(rng.randint(0, 4))
        ]
        return post

    def add_comments(self, pages):
        comments = []
        for page in pages:
            for comment in page.bench_comments:
                comment.post = page
                comment.digest = body_digest(comment.body)  # as save() does
                comments.append(comment)
        ReaderComment.objects.bulk_create(comments)


@contextlib.contextmanager
def search_fields_read_once():
    """The search index's PostgreSQL backend reads every search field of a post once for
    each column it fills (title, body, autocomplete and their plain texts): five walks of
    the body, block by block, for one. Inside, each post's fields are read once."""
    read = BaseField.get_value
    seen = {}

    def get_value(field, obj):
        key = (id(field), id(obj))
        if key not in seen:
            seen[key] = (obj, read(field, obj))  # obj kept alive: its id is not reused
        return seen[key][1]

    BaseField.get_value = get_value
    try:
        yield
    finally:
        BaseField.get_value = read


def make_image_once():
    image = get_image_model().objects.filter(title="Bench image").first()
    return image or make_image("Bench image", alt_text="A blue rectangle")
