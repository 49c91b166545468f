from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import MD5


class RenderedBody(models.Model):
    """A live post's body as HTML, rendered by the worker once the post is published
    (posts.rendering), so that no reader renders its blocks. Kept out of the page's own
    row, so that revisions and previews never carry it. `key` says what it was rendered
    from (the body, its blog, the code): a page shows it only while its own key matches;
    "" when something it shows has changed since (a person, an image, a linked page)."""

    post = models.OneToOneField(
        "posts.PostPage", primary_key=True, on_delete=models.CASCADE, related_name="rendered"
    )
    key = models.CharField(max_length=64, blank=True)
    html = models.TextField(blank=True)
    # The HTML's digest, made by the database on every write: a part made from the HTML is
    # known current without reading it (posts.feeds).
    digest = models.GeneratedField(
        expression=MD5("html"),
        output_field=models.CharField(max_length=32),
        db_persist=True,
        serialize=False,
    )

    def __str__(self):
        return f"Rendered body of post {self.post_id}"


class RenderedBodyReference(models.Model):
    """An object a rendered body shows (a person, an image, a page it links to), so that a
    change to it clears the bodies that show it. Its model is the base one (Page for any
    page), its id text, as in Wagtail's reference index."""

    body = models.ForeignKey(RenderedBody, on_delete=models.CASCADE, related_name="references")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=255)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "content_type", "object_id"], name="unique_rendered_reference"
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} in {self.body_id}"
