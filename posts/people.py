"""People as writers add them: their own Person (their default byline) and people added from
the Person chooser. Both are saved as the People editor saves them."""

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from wagtail.actions.create import CreateAction
from wagtail.permission_policies import ModelPermissionPolicy

from posts.models.snippets import Person

SLUG_ATTEMPTS = 5


def unique_slug(name, taken=()):
    """`name` as a slug no Person has yet: jane-smith, then jane-smith-2, -3, ..."""
    base = slugify(name)[:240] or "person"
    slug, suffix = base, 2
    while slug in taken or Person.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def save_new_person(person, user):
    """Save a new Person through Wagtail's create action: published at once by someone who
    may publish people, otherwise a draft for a reviewer (when people are reviewed).

    The slug is made unique here, and again if someone else takes it first."""
    may_publish = ModelPermissionPolicy(Person).user_has_permission(user, "publish")
    taken = set()
    for _attempt in range(SLUG_ATTEMPTS):
        person.slug = unique_slug(person.name, taken)
        try:
            with transaction.atomic():
                # Unique fields are the database's to check (two requests may race).
                action = CreateAction(person, user=user, publish=may_publish, clean=False)
                return action.execute(skip_permission_checks=True)
        except IntegrityError:
            if person.user_id and Person.objects.filter(user_id=person.user_id).exists():
                raise
            taken.add(person.slug)
            person.pk = None
    raise IntegrityError(f"No free slug for {person.name!r} after {SLUG_ATTEMPTS} attempts")


def person_for(user):
    """The Person who is `user`: their posts' author by default. Made on first use from the
    account's full name, job title and organisation; None for an account without a name
    (a byline reading "writer2" helps nobody)."""
    person = Person.objects.filter(user=user).first()
    if person is not None:
        return person
    name = user.get_full_name().strip()
    if not name:
        return None
    person = Person(
        name=name[:255],
        job_title=user.job_title,
        organisation=user.organisation,
        user=user,
    )
    try:
        return save_new_person(person, user)
    except IntegrityError:
        # Another request (a second tab) made this user's Person first: use that one.
        made = Person.objects.filter(user=user).first()
        if made is None:
            raise
        return made
