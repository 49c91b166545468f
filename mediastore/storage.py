"""Media on an S3-compatible bucket (django-storages), with stable addresses for the images
readers see (README, "Media storage").

Nothing in the bucket is public. Renditions (Wagtail's `images/` folder: what pages, feeds
and shares show) get a plain, stable URL, which a full-page cache and a CDN may keep for
minutes: the site's own /media/images/... (mediastore.views streams it from the bucket, and
nginx or the CDN may cache it), or https://MEDIA_S3_CUSTOM_DOMAIN/images/... when the
operator serves that folder from a CDN of their own. Everything else (original uploads,
documents, the multiple uploader's pending files) only ever gets a signed URL that expires
in minutes; documents are served by Wagtail's serve view, which checks collection privacy
and streams the file from the bucket.
"""

from storages.backends.s3 import S3Storage

from django.conf import settings
from django.utils.encoding import filepath_to_uri

# Wagtail's renditions folder. Originals (original_images/) keep their EXIF data, and
# images of drafts are there too: readers only ever see renditions.
PUBLIC_FOLDERS = ("images/",)


def is_public(name):
    return name.startswith(PUBLIC_FOLDERS) and ".." not in name.split("/")


class MediaStorage(S3Storage):
    def get_default_settings(self):
        # public_domain: MEDIA_S3_CUSTOM_DOMAIN ("" serves renditions at MEDIA_URL).
        return {**super().get_default_settings(), "public_domain": ""}

    def url(self, name, parameters=None, expire=None, http_method=None):
        if is_public(name) and not parameters:
            path = filepath_to_uri(name)
            if self.public_domain:
                return f"https://{self.public_domain}/{path}"
            return f"{settings.MEDIA_URL}{path}"
        return super().url(name, parameters=parameters, expire=expire, http_method=http_method)
