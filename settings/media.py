"""Where uploaded files live: the local disk (MEDIA_ROOT, one machine), or an S3-compatible
bucket when MEDIA_S3_BUCKET is set, so that every web node and the worker see the same
files (README, "Media storage").

Credentials are never settings: boto3 reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
(or a role) from the environment. Nothing in the bucket is public: images readers see are
served at the site's own /media/ (mediastore.views), or from MEDIA_S3_CUSTOM_DOMAIN, whose
origin then joins the Content-Security-Policy's img-src.
"""

from django.core.exceptions import ImproperlyConfigured

MEDIA_STORAGE = "mediastore.storage.MediaStorage"


def s3_options(environ):
    """S3Storage options shared by the media and the importer's storages."""
    region = environ.get("MEDIA_S3_REGION") or environ.get("AWS_S3_REGION_NAME") or None
    options = {
        "bucket_name": environ["MEDIA_S3_BUCKET"].strip(),
        "endpoint_url": environ.get("MEDIA_S3_ENDPOINT_URL") or None,
        "region_name": region,
        # Objects get the bucket's default ACL (private); no upload is ever public-read.
        "default_acl": None,
        # Two uploads of "photo.jpg" must not replace each other (S3's default would).
        "file_overwrite": False,
        # A URL to anything but an image readers see is signed and short-lived.
        "querystring_auth": True,
        "querystring_expire": 300,
    }
    if environ.get("MEDIA_S3_ADDRESSING_STYLE"):
        options["addressing_style"] = environ["MEDIA_S3_ADDRESSING_STYLE"]
    return options


def media_storages(environ, media_root, importer_root):
    """STORAGES["default"] and STORAGES["importer"] for the environment."""
    if not environ.get("MEDIA_S3_BUCKET", "").strip():
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "importer": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": importer_root},
            },
        }
    domain = environ.get("MEDIA_S3_CUSTOM_DOMAIN", "").strip().strip("/")
    if "://" in domain:
        raise ImproperlyConfigured(
            f"MEDIA_S3_CUSTOM_DOMAIN is a host name (and path), not a URL (got {domain!r})."
        )
    return {
        "default": {
            "BACKEND": MEDIA_STORAGE,
            "OPTIONS": {**s3_options(environ), "public_domain": domain},
        },
        # A WordPress export holds drafts and e-mail addresses: in the same bucket under a
        # prefix nothing serves and no URL is ever made for.
        "importer": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**s3_options(environ), "location": "private"},
        },
    }


def media_origins(environ):
    """Origins to add to img-src: the custom domain images are served from, if any."""
    domain = environ.get("MEDIA_S3_CUSTOM_DOMAIN", "").strip().strip("/")
    if not environ.get("MEDIA_S3_BUCKET", "").strip() or not domain:
        return []
    return [f"https://{domain.split('/', 1)[0]}"]
