from django.core.management.base import BaseCommand

from alerts.digests import send_digests
from alerts.models import Frequency


class Command(BaseCommand):
    help = "Send the daily or weekly digest of posts published since the last one."

    def add_arguments(self, parser):
        parser.add_argument("frequency", choices=[Frequency.DAILY, Frequency.WEEKLY])

    def handle(self, *args, frequency, **options):
        sent = send_digests(frequency)
        self.stdout.write(f"{frequency} digest: {sent} message(s)")
