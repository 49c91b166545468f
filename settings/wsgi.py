import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.production")

application = get_wsgi_application()

from operations import memory  # noqa: E402 - needs Django set up

memory.freeze_long_lived()
