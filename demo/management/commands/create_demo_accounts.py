import json
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from demo.workflow import create_workflow_demo

# User name, whether a superuser, and the groups to join: the first of them that exists.
# Bulletin's own Writers/Reviewers groups come from the editorial app's migrations; until
# they exist, Wagtail's Editors/Moderators give the same kind of access.
ACCOUNTS = [
    ("admin", True, ()),
    ("writer", False, ("Writers", "Editors")),
    ("reviewer", False, ("Reviewers", "Moderators")),
]


class Command(BaseCommand):
    help = (
        "Create an administrator, a writer and a reviewer for trying Bulletin out locally. "
        "Development only: refuses to run unless DEBUG is on."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            type=Path,
            default=settings.BASE_DIR / ".demo-accounts.json",
            help="Where the generated passwords are kept (git-ignored; default: %(default)s).",
        )

    def handle(self, *args, file, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for development only (DEBUG is off).")
        passwords = read_passwords(file)
        for username, superuser, groups in ACCOUNTS:
            passwords.setdefault(username, secrets.token_urlsafe(16))
            ensure_user(username, passwords[username], superuser, groups)
        # The writer and reviewer join the technology blog's groups, and their dashboards get
        # a draft and a post waiting for review (demo.workflow).
        users = get_user_model().objects.in_bulk(["writer", "reviewer"], field_name="username")
        create_workflow_demo(users["writer"], users["reviewer"])
        write_passwords(file, passwords)

        header = "User name"
        width = max(len(header), *(len(username) for username, *_ in ACCOUNTS)) + 2
        self.stdout.write("Demo accounts (development only):")
        self.stdout.write(f"  {header.ljust(width)}Password")
        for username, *_ in ACCOUNTS:
            self.stdout.write(f"  {username.ljust(width)}{passwords[username]}")
        self.stdout.write(f"Sign in at {settings.BASE_URL}/admin/")
        self.stdout.write(f"The passwords are kept in {file}.")


def ensure_user(username, password, superuser, groups):
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.com"}
    )
    user.is_active = True
    user.is_staff = superuser
    user.is_superuser = superuser
    # The printed password must work, even if someone changed it since.
    if not user.check_password(password):
        user.set_password(password)
    user.save()
    for name in groups:
        group = Group.objects.filter(name=name).first()
        if group:
            user.groups.add(group)
            break


def read_passwords(path):
    try:
        passwords = json.loads(Path(path).read_text())
    except FileNotFoundError:
        return {}
    except ValueError as error:
        raise CommandError(f"{path} is not valid JSON; delete it to start again.") from error
    if not isinstance(passwords, dict):
        raise CommandError(f"{path} should hold an object of user names and passwords.")
    return passwords


def write_passwords(path, passwords):
    # Created readable by the owner only, and kept so if it already existed.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        json.dump(passwords, file, indent=2)
        file.write("\n")
    os.chmod(path, 0o600)
