from django.db import models

from wagtail.images.models import AbstractImage, AbstractRendition, Filter, Image

# What the image form, and the post body's image block, say when an image is not described.
NO_ALT_TEXT = (
    "Enter alt text that says what the image shows, or tick “Decorative image” if it adds "
    "nothing to the words around it"
)
NO_ALT_TEXT_IN_BLOCK = (
    "The image has no alt text: say here what it shows, or give the image its alt text (or "
    "tick “Decorative image”) in Images"
)


class Licence(models.TextChoices):
    OGL = "ogl", "Open Government Licence v3.0"
    CC_BY = "cc-by", "Creative Commons Attribution 4.0"
    CC_BY_SA = "cc-by-sa", "Creative Commons Attribution-ShareAlike 4.0"
    COPYRIGHT = "copyright", "All rights reserved"


class BulletinImage(AbstractImage):
    """An image with the accessibility and rights data the GOV.UK blogs theme records.

    Its one alt text is `alt_text`: Wagtail's own `description` (its default alt text) is
    left out of the form and unused, as Wagtail allows a model with its own alt field to do
    (`default_alt_text` below), so writers see a single field.
    """

    alt_text = models.CharField(
        "alt text",
        max_length=255,
        blank=True,
        help_text="What the image shows, for people who cannot see it: readers hear this "
        "instead of the image wherever it appears (posts, lists of posts, shares, feeds).",
    )
    is_decorative = models.BooleanField(
        "decorative image",
        default=False,
        help_text="Tick only if the image adds nothing to the words around it: screen "
        "readers then skip it (empty alt text).",
    )
    credit = models.CharField(max_length=255, blank=True, help_text="For example: photographer.")
    licence = models.CharField(max_length=20, choices=Licence.choices, default=Licence.OGL)
    copyright_holder = models.CharField(max_length=255, blank=True, default="Crown copyright")
    source_url = models.URLField(blank=True, help_text="Where the original can be found.")

    admin_form_fields = (
        *(name for name in Image.admin_form_fields if name != "description"),
        "alt_text",
        "is_decorative",
        "credit",
        "licence",
        "copyright_holder",
        "source_url",
    )

    @property
    def default_alt_text(self):
        # Used by {% image %} and wherever the image is shown. Decorative images get alt=""
        # on purpose; one not yet described gets "" too (the content checks say so), never
        # Wagtail's fallback, the title, which is usually the file name.
        return "" if self.is_decorative else self.alt_text.strip()

    def get_rendition(self, filter):
        # Wagtail's own writes the rendition back to its cache after every lookup, even one
        # it has just read from there: a second round trip to Redis for each image of a
        # page built after a change. Read from the cache here, and only otherwise Wagtail's
        # way (prefetched renditions, the database, made now), which caches what it finds.
        spec = Filter(spec=filter) if isinstance(filter, str) else filter
        if isinstance(spec, Filter) and self._get_prefetched_renditions() is None:
            spec = self.clean_filter_for_svg(spec)
            Rendition = self.get_rendition_model()
            key = Rendition.construct_cache_key(self, spec.get_cache_key(self), spec.spec)
            rendition = Rendition.cache_backend.get(key)
            if rendition is not None:
                rendition.image = self  # as Wagtail does: this instance's alt text and all
                return rendition
        return super().get_rendition(spec)

    @property
    def licence_url(self):
        return {
            Licence.OGL: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
            Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
        }.get(self.licence, "")


class BulletinRendition(AbstractRendition):
    image = models.ForeignKey(BulletinImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
