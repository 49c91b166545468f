from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """Bulletin's user, set before the first migration so that fields can be added later
    (two-factor state, a linked Person) without swapping the user model mid-life."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
