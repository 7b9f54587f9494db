from django.db import migrations

# Each index carries the columns of the visibility rule (ProposalQuerySet.visible_to: submitted_at,
# lead_author_id; the primary key for the co-author and assessor lists), so that a column's count
# and a page's walk are index-only scans, whatever the width of the business case in the rows.
INDEXES = {
    # The pipeline board's columns, longest in stage first (proposals.pipeline).
    "proposal_board_order": "(state, state_changed_at, id) INCLUDE (submitted_at, lead_author_id)",
    # All proposals, the latest change first (ProposalListView), walked by keyset.
    "proposal_list_order": "(updated_at, id) INCLUDE (submitted_at, lead_author_id)",
}


def on_postgresql(apps, schema_editor):
    """Covering indexes (INCLUDE) are PostgreSQL's; the embedded SQLite demo does without."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX {name} ON proposals_proposal {definition}")


def off_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("proposals", "0005_search_document"),
    ]

    operations = [
        migrations.RunPython(on_postgresql, off_postgresql),
    ]
