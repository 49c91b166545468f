from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = "Images"

    def ready(self):
        from contentcache import content
        from images.models import BulletinImage

        # Alt text, captions and credits are in cached post bodies.
        content.bump_on_change(BulletinImage)
