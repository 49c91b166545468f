from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """Bulletin's user, set before the first migration so that fields can be added later
    (two-factor state, a linked Person) without swapping the user model mid-life."""

    # What a writer's Person (their byline) is first made from.
    job_title = models.CharField(max_length=255, blank=True)
    organisation = models.CharField(max_length=255, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
