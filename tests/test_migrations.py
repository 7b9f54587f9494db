"""Every change to the models has its migration: a model edited without one fails here, not in production."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_is_missing_its_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit as exit:
        pytest.fail(f"Models changed without a migration (exit {exit.code}):\n{out.getvalue()}")


@pytest.mark.django_db(transaction=True)
def test_existing_proposals_keep_their_business_case_as_the_full_case():
    """Migrating a database with proposals in it (proposals 0011): each one's sections become its outline's
    and its full case's words, and one past assessment is at the full case; search reads them."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("proposals", "0010_assessing_body_help")], [("proposals", "0011_outline_and_full_business_case")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    User, Proposal = old.get_model("auth", "User"), old.get_model("proposals", "Proposal")
    lead = User.objects.create(username="migrated_lead")
    words = {"summary": "Pool the cardiology budgets.", "ics_aspirations": "Equity of access.",
             "quality_safety": "Shorter transfers.", "finance_summary": "Savings of £40k.", "contracting": "Block.",
             "delivery": "Eight quarters.", "engagement": "Patient panels."}
    draft = Proposal.objects.create(reference="ICS-2020-000001", title="Draft", lead_author=lead, **words)
    assured = Proposal.objects.create(reference="ICS-2020-000002", title="Assured", lead_author=lead,
                                      state="stakeholder_signoff", **words)
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps.get_model("proposals", "Proposal")
        draft, assured = new.objects.get(pk=draft.pk), new.objects.get(pk=assured.pk)
        assert draft.outline == {k: words[k] for k in ("summary", "ics_aspirations", "quality_safety",
                                                        "finance_summary", "contracting")}
        assert draft.full_case == words and draft.full_case_started_at is None
        assert assured.full_case == words and assured.full_case_started_at is not None
        assert "Patient panels." in assured.case_text
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
