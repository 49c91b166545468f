from django.core.management.base import BaseCommand

from alerts.signup import purge_unconfirmed
from alerts.tasks import resume_stalled


class Command(BaseCommand):
    help = (
        "Queue again the alerts whose worker stopped mid-way, and delete sign-ups never "
        "confirmed in time. The scheduler runs it every minute."
    )

    def handle(self, *args, **options):
        queued = resume_stalled()
        purged = purge_unconfirmed()
        self.stdout.write(
            f"{queued} alert(s) queued again; {purged} unconfirmed sign-up(s) deleted"
        )
