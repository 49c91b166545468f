"""Media storage (settings/media.py, mediastore): the local disk unless MEDIA_S3_BUCKET is
set, then a bucket (here moto's S3 server on 127.0.0.1, standing in for S3) in which
nothing is public; renditions at stable /media/ addresses any node answers for; private
documents only through Wagtail's serve view."""

import io
import os
import subprocess
import sys

import pytest
from PIL import Image as PILImage

from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import override_settings

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from demo.factories import make_image, make_user
from mediastore.storage import MediaStorage
from settings.media import media_origins, media_storages
from tests.servers import ROOT, running_s3

BUCKET_ENV = {"MEDIA_S3_BUCKET": "media", "MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:9"}


# Which storage, from the environment alone.


def test_the_disk_unless_a_bucket_is_named():
    for environ in ({}, {"MEDIA_S3_BUCKET": "  "}, {"MEDIA_S3_ENDPOINT_URL": "http://x"}):
        chosen = media_storages(environ, "/m", "/i")
        assert chosen["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
        assert chosen["importer"]["OPTIONS"] == {"location": "/i"}
        assert media_origins(environ) == []


def test_a_bucket_for_media_and_a_private_prefix_of_it_for_the_importer():
    chosen = media_storages(
        {**BUCKET_ENV, "MEDIA_S3_REGION": "eu-west-2", "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE"},
        "/m",
        "/i",
    )
    media, importer = chosen["default"], chosen["importer"]
    assert media["BACKEND"] == "mediastore.storage.MediaStorage"
    assert importer["BACKEND"] == "storages.backends.s3.S3Storage"
    for options in (media["OPTIONS"], importer["OPTIONS"]):
        assert options["bucket_name"] == "media"
        assert options["endpoint_url"] == "http://127.0.0.1:9"
        assert options["region_name"] == "eu-west-2"
        assert options["default_acl"] is None  # the bucket's own: private
        assert options["file_overwrite"] is False
        # Credentials are never settings: boto3 reads them from the environment.
        assert not {"access_key", "secret_key", "security_token"} & set(options)
    assert importer["OPTIONS"]["location"] == "private"


def test_the_region_may_come_from_aws_s3_region_name():
    chosen = media_storages({**BUCKET_ENV, "AWS_S3_REGION_NAME": "eu-west-1"}, "/m", "/i")
    assert chosen["default"]["OPTIONS"]["region_name"] == "eu-west-1"


def test_a_custom_domain_serves_renditions_and_joins_img_src():
    environ = {**BUCKET_ENV, "MEDIA_S3_CUSTOM_DOMAIN": "media.blog.example/"}
    assert media_storages(environ, "/m", "/i")["default"]["OPTIONS"]["public_domain"] == (
        "media.blog.example"
    )
    assert media_origins(environ) == ["https://media.blog.example"]
    storage = MediaStorage(**media_storages(environ, "/m", "/i")["default"]["OPTIONS"])
    assert (
        storage.url("images/a.fill-10x10.png")
        == "https://media.blog.example/images/a.fill-10x10.png"
    )


def test_a_custom_domain_is_a_host_not_a_url():
    with pytest.raises(ImproperlyConfigured, match="MEDIA_S3_CUSTOM_DOMAIN"):
        media_storages({**BUCKET_ENV, "MEDIA_S3_CUSTOM_DOMAIN": "https://x"}, "/m", "/i")


def test_production_reads_the_bucket_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.STORAGES['default']['BACKEND'], s.STORAGES['importer']['BACKEND'], "
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'][-1], "
        # Credentials are never settings, even when the environment has them.
        "[n for n in dir(s) if n.startswith('AWS_')])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "blog.example",
        **BUCKET_ENV,
        "MEDIA_S3_CUSTOM_DOMAIN": "media.blog.example",
        "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "example-only",  # pragma: allowlist secret
    }
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "mediastore.storage.MediaStorage",
        "storages.backends.s3.S3Storage",
        "https://media.blog.example",
        "[]",
    ]


# Against a bucket (moto's S3 server).


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    with running_s3(tmp_path_factory.mktemp("s3")) as server:
        yield server


@pytest.fixture
def bucket(s3, monkeypatch):
    """The site's storages on the bucket, credentials from the environment only."""
    for name, value in s3.env.items():
        monkeypatch.setenv(name, value)
    chosen = media_storages(os.environ, "/unused", "/unused")
    with override_settings(STORAGES={**_storages(), **chosen}):
        yield s3


def _storages():
    from django.conf import settings

    return settings.STORAGES


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "#1d70b8").save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_storage_signs_with_the_environments_credentials(bucket):
    storage = storages["default"]
    assert isinstance(storage, MediaStorage)
    assert storage.access_key == bucket.env["AWS_ACCESS_KEY_ID"]
    name = storage.save("documents/note.txt", ContentFile(b"hello"))
    assert bucket.read(name) == b"hello"
    assert "X-Amz-Signature=" in storage.url(name)


def test_uploads_of_the_same_name_do_not_replace_each_other(bucket):
    storage = storages["default"]
    first = storage.save("original_images/photo.png", ContentFile(b"one"))
    second = storage.save("original_images/photo.png", ContentFile(b"two"))
    assert first != second
    assert (bucket.read(first), bucket.read(second)) == (b"one", b"two")


def test_nothing_in_the_bucket_is_readable_anonymously(bucket, db):
    image = make_image("Meeting room")
    rendition = image.get_rendition("fill-20x20")
    importer_name = storages["importer"].save("imports/x/export.xml", ContentFile(b"<rss/>"))
    keys = [image.file.name, rendition.file.name, f"private/{importer_name}"]
    for key in keys:
        assert bucket.read(key)  # it is there...
        assert bucket.anonymous_get(key) == 403, key  # ...and nobody else may read it


def test_renditions_have_stable_addresses_on_the_site_served_from_the_bucket(bucket, db, client):
    image = make_image("Meeting room")
    rendition = image.get_rendition("fill-20x20")
    assert rendition.url == f"/media/{rendition.file.name}"  # no signature, no expiry
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert b"".join(response.streaming_content) == bucket.read(rendition.file.name)


@pytest.mark.parametrize(
    "path",
    [
        "/media/original_images/x.png",
        "/media/documents/x.pdf",
        "/media/private/imports/x/export.xml",
        "/media/wagtail_uploads/x.png",
        "/media/images/../documents/x.pdf",
        "/media/images/missing.png",
    ],
)
def test_nothing_else_under_media_is_served(bucket, db, client, path):
    storage = storages["default"]
    for name in ("original_images/x.png", "documents/x.pdf", "wagtail_uploads/x.png"):
        storage.save(name, ContentFile(png_bytes()))
    assert client.get(path).status_code == 404


def test_originals_and_documents_only_get_signed_urls(bucket, db):
    image = make_image("Meeting room")
    assert "X-Amz-Signature=" in image.file.url
    assert "X-Amz-Expires=300" in image.file.url


def test_a_private_document_is_served_from_the_bucket_to_signed_in_people_only(bucket, db, client):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Internal")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model().objects.create(
        title="Budget", collection=private, file=ContentFile(b"figures", name="budget.txt")
    )
    key = document.file.name
    assert key.startswith("documents/")
    assert bucket.anonymous_get(key) == 403

    response = client.get(document.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"] or "login" in response["Location"]

    client.force_login(make_user("wendy_writer"))
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"figures" == bucket.read(key)
    assert response["Content-Disposition"].startswith("attachment")


def test_renditions_are_served_from_the_disk_or_memory_too(db, client):
    """One machine without a bucket: the same addresses, from the configured storage."""
    rendition = make_image("Meeting room").get_rendition("fill-20x20")
    response = client.get(rendition.url)
    assert response.status_code == 200
    served = b"".join(response.streaming_content)
    with storages["default"].open(rendition.file.name, "rb") as stored:
        stored.seek(0)  # InMemoryStorage hands out the one file object
        assert served == stored.read()
    assert client.get("/media/images/%2e%2e/original_images/x.png").status_code == 404
    assert client.post(rendition.url).status_code == 405
