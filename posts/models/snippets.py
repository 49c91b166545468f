from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index


class SnippetQuerySet(models.QuerySet):
    def live(self):
        """What readers may see: published, and not unpublished since. Editors' drafts are
        revisions; a row that was never published holds only a draft."""
        return self.filter(live=True)


class SluggedSnippet(models.Model):
    """A snippet whose slug comes from its name when left blank ("Open Source" -> open-source)."""

    name = models.CharField(max_length=255)
    slug = models.SlugField(
        max_length=255, unique=True, blank=True, help_text="Made from the name if left blank."
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.default_slug()
        super().save(*args, **kwargs)

    def clean(self):
        # Made before the form checks uniqueness, so a taken slug is a form error, not a 500.
        super().clean()
        if not self.slug:
            self.slug = self.default_slug()

    def default_slug(self):
        return slugify(self.name)


class ReviewedSnippet(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin):
    """People and categories show on live posts, so a change to one is a draft until a
    reviewer publishes it, through the same review as posts (editorial.workflow). The row
    is what readers see; drafts are revisions."""

    class Meta:
        abstract = True


class Person(ReviewedSnippet, index.Indexed, SluggedSnippet):
    """An author, speaker or panellist. One record per person, so their page can list
    everything they wrote and every talk or panel they appeared in."""

    job_title = models.CharField(max_length=255, blank=True)
    organisation = models.CharField(max_length=255, blank=True)
    bio = models.TextField(blank=True, max_length=1000, verbose_name="short bio")
    photo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The account of a person who writes in Bulletin: their posts' author by default.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    objects = SnippetQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        MultiFieldPanel([FieldPanel("job_title"), FieldPanel("organisation")], heading="Role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("job_title"),
        index.SearchField("organisation"),
    ]

    class Meta(SluggedSnippet.Meta):
        verbose_name_plural = "people"

    @property
    def role(self):
        """ "Head of Software Engineering, HM Courts & Tribunals Service"."""
        return ", ".join(part for part in (self.job_title, self.organisation) if part)


class CategoryQuerySet(SnippetQuerySet):
    def for_blog(self, blog):
        """The categories a post of `blog` may have: the blog's own and the network-wide."""
        return self.filter(models.Q(blog__isnull=True) | models.Q(blog=blog))


class Category(ReviewedSnippet, index.Indexed, SluggedSnippet):
    """A topic. Slugs are unique across the network, so `category=SLUG` in search and
    `<blog>/category/SLUG/` each name one category."""

    description = models.TextField(blank=True)
    blog = models.ForeignKey(
        "posts.BlogPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="own_categories",
        help_text="Only this blog's posts can use the category. Leave blank for a topic "
        "every blog can use.",
    )

    objects = CategoryQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("blog"),
        FieldPanel("description"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(SluggedSnippet.Meta):
        verbose_name_plural = "categories"

    def clean(self):
        super().clean()
        if self.pk and self.blog_id:
            elsewhere = self.posts.exclude(path__startswith=self.blog.path)
            if elsewhere.exists():
                raise ValidationError(
                    {
                        "blog": "Posts on other blogs use this category. Take it off them "
                        "first, or leave the blog blank so that every blog can use it."
                    }
                )

    def default_slug(self):
        # Two blogs may both want "Events": the second gets events-<blog slug>.
        slug = super().default_slug()
        taken = Category.objects.filter(slug=slug).exclude(pk=self.pk).exists()
        if taken and self.blog_id:
            slug = f"{slug}-{self.blog.slug}"[:255]
        return slug
