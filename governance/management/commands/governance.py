from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from governance import configuration


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

    def handle(self, *args, action, **options):
        if action == "export":
            text = configuration.dump(configuration.export())
            if options["output"]:
                options["output"].write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text, ending="")
            return
        try:
            data = configuration.load(options["file"].read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"There is no file {options['file']}.") from None
        except configuration.ConfigurationRefused as refused:
            raise CommandError("The configuration was refused; nothing was changed:\n- "
                               + "\n- ".join(refused.problems)) from None
        if options["check"]:
            self.stdout.write("The configuration is valid.")
            return
        self.stdout.write(str(configuration.apply(data)))
