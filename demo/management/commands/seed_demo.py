"""`manage.py seed_demo`: load the invented demo ICS (demo.seeding). Idempotent."""

import textwrap

from django.core.management.base import BaseCommand
from django.db import transaction

from analytics import services as analytics
from demo.icb import USERS as icb_users
from demo.organisation import DEMO_PASSWORD, USERS
from demo.seeding import DemoSeeder, IcbSeeder
from notifications.services import recorded_only


class Command(BaseCommand):
    help = ("Load an invented demo: by default the seed's 2020 ICS (bodies, people, meetings and proposals in "
            "every state); with --profile icb, a 2026 Integrated Care Board with its own routes and scheme of "
            "delegation. Idempotent.")

    def add_arguments(self, parser):
        parser.add_argument("--profile", choices=["ics2020", "icb"], default="ics2020",
                            help="ics2020 (the default): the seed's CCG-era ICS; icb: an Integrated Care Board")

    def handle(self, *args, profile, **options):
        seeder = IcbSeeder() if profile == "icb" else DemoSeeder()
        self.users = icb_users if profile == "icb" else USERS
        # The invented people have no mailboxes: what they would have been sent is recorded (their
        # "Needs my action" pages show it) but not e-mailed.
        with recorded_only():
            with transaction.atomic():
                seeder.seed()
                if not seeder.scenario_skipped:
                    seeder.records()
            if not seeder.scenario_skipped:
                seeder.build_packs()
        # The pipeline's figures, as beat works them out each night, so that the demo shows them at once.
        analytics.rebuild()
        self._report(seeder)
        self._print_logins()

    def _report(self, seeder):
        if seeder.created:
            made = ", ".join(f"{count} {what}" for what, count in seeder.created.items())
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {made}."))
        if seeder.scenario_skipped:
            self.stdout.write(
                "The demo proposals already exist, so meetings and proposals were left as they are"
                + ("." if seeder.created else "; nothing was added.")
            )

    def _print_logins(self):
        users = self.users
        name_width = max(len(u.full_name) for u in users)
        user_width = max(len(u.username) for u in users)
        indent = user_width + name_width + 6
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo logins"))
        self.stdout.write(f"  {'username':<{user_width}}  {'name':<{name_width}}  what to try")
        for user in users:
            hint = textwrap.fill(user.try_this, width=110, initial_indent=" " * indent,
                                 subsequent_indent=" " * indent)
            self.stdout.write(f"  {user.username:<{user_width}}  {user.full_name:<{name_width}}  {hint[indent:]}")
        self.stdout.write("")
        self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}")
        self.stdout.write("(An account that existed before the first run keeps its own password.)")
        self.stdout.write("The admin account, being staff, also sets up an authenticator app at its first sign-in "
                          "(any TOTP app: Microsoft Authenticator, Google Authenticator, 1Password...).")
        self.stdout.write(self.style.WARNING(
            "WARNING: these are demo credentials only. Never load this data into a live system."
        ))
