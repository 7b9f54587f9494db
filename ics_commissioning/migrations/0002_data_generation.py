from django.db import migrations

from ics_commissioning.data_generation import SEQUENCE


def create(apps, schema_editor):
    # A sequence on PostgreSQL (outside transactions: no write waits for another's commit); a row on SQLite.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}")
        schema_editor.execute(f"SELECT nextval('{SEQUENCE}')")  # so that its last_value moves with the next
    else:
        schema_editor.execute(f"CREATE TABLE IF NOT EXISTS {SEQUENCE} (id integer PRIMARY KEY, value integer NOT NULL)")
        schema_editor.execute(f"INSERT OR IGNORE INTO {SEQUENCE} (id, value) VALUES (1, 1)")


def drop(apps, schema_editor):
    kind = "SEQUENCE" if schema_editor.connection.vendor == "postgresql" else "TABLE"
    schema_editor.execute(f"DROP {kind} IF EXISTS {SEQUENCE}")


class Migration(migrations.Migration):
    dependencies = [("ics_commissioning", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
