from django.core.management.base import BaseCommand

from alerts.digests import digest_due, send_digests
from alerts.models import Frequency


class Command(BaseCommand):
    help = "Send the daily or weekly digest of posts published since the last one."

    def add_arguments(self, parser):
        parser.add_argument("frequency", choices=[Frequency.DAILY, Frequency.WEEKLY])
        parser.add_argument(
            "--if-due",
            action="store_true",
            help="Only if a day (or a week) has passed since the last digest ended: the "
            "scheduler calls it every minute.",
        )

    def handle(self, *args, frequency, if_due, **options):
        if if_due and not digest_due(frequency):
            return
        sent = send_digests(frequency)
        self.stdout.write(f"{frequency} digest: {sent} message(s)")
