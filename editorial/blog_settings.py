"""Each blog's settings for the review of its posts.

Edited in the blog's Settings tab (editorial.apps adds the panel), kept in the blog's
revisions and applied when the blog is published, so a writer of the blog cannot switch
the second reviewer off by saving a draft. A blog with no row has the defaults."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from posts.models import BlogPage


class BlogReviewSettings(models.Model):
    blog = ParentalKey(BlogPage, on_delete=models.CASCADE, related_name="review_settings")
    require_second_reviewer = models.BooleanField(
        "second reviewer required",
        default=True,
        help_text="Posts go live only when approved by a reviewer other than the person who "
        "submitted or last changed them.",
    )
    reading_age_threshold = models.PositiveSmallIntegerField(
        default=17,
        validators=[MinValueValidator(9), MaxValueValidator(25)],
        help_text="The content checks flag posts with a higher reading age. GOV.UK aims for "
        "9 for everyone; blogs for specialists may allow more.",
    )

    # Sign-off by people without accounts (editorial.signoff).
    sign_off_link_days = models.PositiveSmallIntegerField(
        "sign-off links last (days)",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="How long a sign-off link works after it is sent.",
    )
    require_press_office_sign_off = models.BooleanField(
        "press office must sign off",
        default=False,
        help_text="Reviewers can approve a post only once the press office has approved "
        "its current version.",
    )
    require_policy_sign_off = models.BooleanField(
        "policy must sign off",
        default=False,
        help_text="Reviewers can approve a post only once policy has approved its current "
        "version.",
    )
    require_legal_sign_off = models.BooleanField(
        "legal must sign off",
        default=False,
        help_text="Reviewers can approve a post only once legal has approved its current version.",
    )
    writers_may_request_sign_off = models.BooleanField(
        "writers may ask for sign-off",
        default=False,
        help_text="Writers, not only reviewers, can send sign-off links for posts in review.",
    )

    panels = [
        FieldPanel("require_second_reviewer"),
        FieldPanel("reading_age_threshold"),
        FieldPanel("sign_off_link_days"),
        FieldPanel("require_press_office_sign_off"),
        FieldPanel("require_policy_sign_off"),
        FieldPanel("require_legal_sign_off"),
        FieldPanel("writers_may_request_sign_off"),
    ]

    class Meta:
        verbose_name = verbose_name_plural = "review settings"
        constraints = [
            models.UniqueConstraint(fields=["blog"], name="one_review_settings_per_blog")
        ]

    def __str__(self):
        return f"Review settings of blog {self.blog_id}"


SETTINGS = (
    "require_second_reviewer",
    "reading_age_threshold",
    "sign_off_link_days",
    "require_press_office_sign_off",
    "require_policy_sign_off",
    "require_legal_sign_off",
    "writers_may_request_sign_off",
)


def review_settings_for(obj):
    """The review settings of the blog a page is in (or is), the defaults where the blog
    has none saved; None for a page outside any blog, a person or a category. One query,
    the blog's and its settings' together."""
    if obj is None or not obj.pk or not isinstance(obj, Page):
        return None
    if isinstance(obj, BlogPage):
        return obj.review_settings.first() or BlogReviewSettings(blog=obj)
    blog = (
        BlogPage.objects.ancestor_of(obj, inclusive=True)
        .values("pk", *(f"review_settings__{name}" for name in SETTINGS))
        .first()
    )
    if blog is None:
        return None
    saved = {name: blog[f"review_settings__{name}"] for name in SETTINGS}
    # No setting can be null: a null is a blog without a row.
    saved = {name: value for name, value in saved.items() if value is not None}
    return BlogReviewSettings(blog_id=blog["pk"], **saved)
