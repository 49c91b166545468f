"""Renditions are made by the worker on publish (posts.renditions): the first reader of a
post, and of a listing showing its card, makes none."""

import io

import pytest
from PIL import Image as PILImage

from django.core.files.images import ImageFile

from demo import build
from demo.factories import make_blog, make_home, make_image, make_post
from images.models import BulletinImage, BulletinRendition
from posts.renditions import make_renditions


def make_jpeg(title, width, height):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "#00703c").save(buffer, format="JPEG")
    image = BulletinImage(title=title, alt_text=title)
    image.file = ImageFile(buffer, name="photo.jpg")
    image.save()
    return image


@pytest.fixture
def blog():
    return make_blog(make_home(), "Technology", slug="technology", logo=make_image("Logo"))


def publish(blog, capture, **fields):
    photo = make_jpeg("A photo", 1600, 900)  # every width, WebP and JPEG
    diagram = make_image("A diagram", width=700, height=400, alt_text="Boxes")  # PNG, narrower
    with capture(execute=True):  # the task is queued once the publish is committed
        return make_post(
            blog,
            "Pictures",
            body=[
                build.paragraph("<p>Hello</p>"),
                build.image(photo, caption="Photo"),
                build.image(diagram, caption="Diagram"),
            ],
            listing_image=make_image("Card", alt_text="Card"),
            social_image=make_image("Shared", width=1300, height=700, alt_text="Shared"),
            **fields,
        )


@pytest.mark.django_db
def test_reading_a_post_published_a_moment_ago_makes_no_rendition(
    client, blog, django_capture_on_commit_callbacks
):
    post = publish(blog, django_capture_on_commit_callbacks)
    made = BulletinRendition.objects.count()
    assert made >= 6 + 4 + 1 + 1 + 1  # photo, diagram, share, card, logo

    response = client.get(post.url)
    assert response.status_code == 200
    assert b"<picture" in response.content
    response = client.get(blog.url)  # the post's card
    assert response.status_code == 200
    assert BulletinRendition.objects.count() == made


@pytest.mark.django_db
def test_the_card_shows_the_listing_image_made_on_publish(
    client, blog, django_capture_on_commit_callbacks
):
    post = publish(blog, django_capture_on_commit_callbacks)
    assert post.listing_image.renditions.filter(filter_spec="fill-200x130").exists()
    assert post.social_image.renditions.filter(filter_spec="fill-1200x630").exists()


@pytest.mark.django_db
def test_a_draft_or_a_deleted_post_is_left_alone(blog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post(blog, "Draft", publish=False, listing_image=make_image("Card"))
    assert not BulletinRendition.objects.exists()  # saving a draft queues nothing
    make_renditions.call(post.pk)  # nor is anything made for a post not live
    make_renditions.call(10**9)
    assert not BulletinRendition.objects.exists()


@pytest.mark.django_db
def test_an_image_whose_file_is_gone_does_not_stop_the_others(
    blog, django_capture_on_commit_callbacks
):
    shared = make_image("Shared", width=1300, height=700, alt_text="Shared")
    shared.file.storage.delete(shared.file.name)  # made before the card: the first asked
    card = make_image("Card", alt_text="Card")
    with django_capture_on_commit_callbacks(execute=True):
        make_post(blog, "Gone", listing_image=card, social_image=shared)
    assert not shared.renditions.exists()
    assert card.renditions.filter(filter_spec="fill-200x130").exists()
