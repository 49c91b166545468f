from django.conf import settings
from django.db import models
from django.utils.text import slugify

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index


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
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)


class Person(index.Indexed, SluggedSnippet):
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


class Category(index.Indexed, SluggedSnippet):
    description = models.TextField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(SluggedSnippet.Meta):
        verbose_name_plural = "categories"
