from django.core.management.base import BaseCommand

from analytics import services
from analytics.models import StageMonth, StageStay


class Command(BaseCommand):
    help = "Work out the pipeline's figures again from the proposals' audit trail (beat does it each night)."

    def handle(self, *args, **options):
        services.rebuild()
        self.stdout.write(f"{StageStay.objects.count()} stays, {StageMonth.objects.count()} month rows.")
