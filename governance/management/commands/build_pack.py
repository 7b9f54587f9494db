import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from governance import packs
from governance.enums import AgendaPart
from governance.models import Meeting
from governance.packs.inputs import pack_inputs


class Command(BaseCommand):
    help = (
        "Render a meeting's board pack synchronously, the same way the worker does (in one pass, as a "
        "first build), to a file. Nothing is stored: the meeting's pack versions are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("meeting_id", type=int)
        parser.add_argument("--part", choices=["a", "b"], default="a", help="Part A (public) or Part B (confidential)")
        parser.add_argument("--output", required=True, type=Path, help="Where to write the PDF")

    def handle(self, *args, meeting_id, part, output, **options):
        meeting = Meeting.objects.filter(pk=meeting_id).select_related("body").first()
        if meeting is None:
            raise CommandError(f"There is no meeting {meeting_id}.")
        started = time.perf_counter()
        pdf, layout = packs.render(pack_inputs(meeting, AgendaPart(part.upper())))
        output.write_bytes(pdf)
        self.stdout.write(
            f"{meeting} Part {part.upper()}: {layout['pages']} pages, {len(pdf):,} bytes "
            f"in {time.perf_counter() - started:.2f} s → {output}"
        )
