from django.core.management.base import BaseCommand

from comments.tasks import send_moderation_digest


class Command(BaseCommand):
    help = (
        "Queue the daily e-mail telling each moderator how many reader comments wait for "
        "them (sent by the background worker). Run once a day from cron."
    )

    def handle(self, *args, **options):
        result = send_moderation_digest.enqueue()
        self.stdout.write(f"Queued the moderation digest (task {result.id}).")
