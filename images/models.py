from django.db import models

from wagtail.images.models import AbstractImage, AbstractRendition, Image


class Licence(models.TextChoices):
    OGL = "ogl", "Open Government Licence v3.0"
    CC_BY = "cc-by", "Creative Commons Attribution 4.0"
    CC_BY_SA = "cc-by-sa", "Creative Commons Attribution-ShareAlike 4.0"
    COPYRIGHT = "copyright", "All rights reserved"


class BulletinImage(AbstractImage):
    """An image with the accessibility and rights data the GOV.UK blogs theme records."""

    alt_text = models.CharField(
        max_length=255,
        blank=True,
        help_text="Describe the image for people who cannot see it. "
        "Leave empty only if the image is decorative.",
    )
    is_decorative = models.BooleanField(
        default=False,
        help_text="Decorative images are hidden from screen readers (empty alt text).",
    )
    credit = models.CharField(max_length=255, blank=True, help_text="For example: photographer.")
    licence = models.CharField(max_length=20, choices=Licence.choices, default=Licence.OGL)
    copyright_holder = models.CharField(max_length=255, blank=True, default="Crown copyright")
    source_url = models.URLField(blank=True, help_text="Where the original can be found.")

    admin_form_fields = (
        *Image.admin_form_fields,
        "alt_text",
        "is_decorative",
        "credit",
        "licence",
        "copyright_holder",
        "source_url",
    )

    @property
    def default_alt_text(self):
        # Used by {% image %}: decorative images get alt="" on purpose.
        return "" if self.is_decorative else (self.alt_text or "")

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
