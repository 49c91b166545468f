import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from comments.models import CommentEdit, ReaderComment


class Command(BaseCommand):
    help = (
        "Delete the e-mail and IP addresses of comments older than COMMENTS_RETENTION_DAYS "
        "(and moderators' records of what edited comments said before). Run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead of COMMENTS_RETENTION_DAYS.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be deleted; change nothing."
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.COMMENTS_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        comments = ReaderComment.objects.filter(created_at__lt=cutoff).exclude(
            email="", ip_address__isnull=True
        )
        edits = CommentEdit.objects.filter(edited_at__lt=cutoff)
        comment_count, edit_count = comments.count(), edits.count()
        verb = "Would delete" if dry_run else "Deleted"
        if not dry_run:
            with transaction.atomic():
                comments.update(email="", ip_address=None, notify_on_publish=False)
                edits.delete()
        self.stdout.write(
            f"{verb} the e-mail and IP addresses of {comment_count} comment"
            f"{'s' if comment_count != 1 else ''} sent before {cutoff:%Y-%m-%d %H:%M} "
            f"and {edit_count} record{'s' if edit_count != 1 else ''} of edited text."
        )
