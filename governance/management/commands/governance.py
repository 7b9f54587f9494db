from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from governance import configuration
from proposals.enums import ServiceArea


class Command(BaseCommand):
    help = (
        "Export the governance configuration (organisations, bodies and how they decide, routes) to a "
        "versioned YAML file, or import one: checked whole, refused whole, never deleting, a changed "
        "route becoming a new version."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="Write the configuration as YAML")
        export.add_argument("--output", type=Path, help="The file to write (default: standard output)")
        load = actions.add_parser("import", help="Read a configuration YAML file")
        load.add_argument("file", type=Path)
        load.add_argument("--check", action="store_true", help="Only check the file; change nothing")
        load.add_argument("--by", help="The username of the administrator making the change (it is kept with it)")

    def handle(self, *args, action, **options):
        if action == "export":
            text = configuration.dump(configuration.export())
            if options["output"]:
                options["output"].write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text, ending="")
            return
        try:
            text = options["file"].read_text(encoding="utf-8")
            data = configuration.load(text, service_areas=ServiceArea.values)
        except FileNotFoundError:
            raise CommandError(f"There is no file {options['file']}.") from None
        except configuration.ConfigurationRefused as refused:
            raise CommandError("The configuration was refused; nothing was changed:\n- "
                               + "\n- ".join(refused.problems)) from None
        if options["check"]:
            self.stdout.write("The configuration is valid.")
            return
        by = get_user_model().objects.filter(username=options["by"] or "", is_superuser=True, is_active=True).first()
        if by is None:
            raise CommandError("Say which administrator is making the change: --by USERNAME (an active superuser). "
                               "Nothing was changed.")
        self.stdout.write(str(configuration.apply(data, by=by, text=text)))
