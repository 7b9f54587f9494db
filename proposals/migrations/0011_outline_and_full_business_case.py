"""The business case becomes two documents, the outline and the full business case, whose words are
kept by section key (Proposal.outline, Proposal.full_case). Each proposal's current sections are kept:
as its outline's, and as its full case's, which is where a supported proposal's work carries on.
Proposals already past assessment are at the full case. Search reads both (case_text)."""

import django.db.models.deletion
import django.utils.timezone
import django_fsm
from django.conf import settings
from django.db import migrations, models

OLD_FIELDS = ("summary", "ics_aspirations", "quality_safety", "finance_summary", "contracting", "delivery",
              "engagement")
OUTLINE_KEYS = ("summary", "ics_aspirations", "quality_safety", "finance_summary", "contracting")
PAST_ASSESSMENT = ("quality_assurance", "stakeholder_signoff", "formal_approval", "approved")
DOCUMENT = (
    "setweight(to_tsvector('english', concat_ws(' ', NEW.reference, NEW.title)), 'A') || "
    "setweight(to_tsvector('english', coalesce(NEW.case_text, '')), 'B')"
)


def drop_search_trigger(apps, schema_editor):
    """The trigger names the old columns: it goes before they do, and comes back on case_text."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS proposals_search_document ON proposals_proposal;")


def search_trigger_on_old_columns(apps, schema_editor):
    """Undone: the trigger as migration 0005 made it."""
    if schema_editor.connection.vendor != "postgresql":
        return
    old = "setweight(to_tsvector('english', concat_ws(' ', NEW.reference, NEW.title)), 'A') || " \
          "setweight(to_tsvector('english', concat_ws(' ', " + ", ".join(f"NEW.{f}" for f in OLD_FIELDS) + ")), 'B')"
    schema_editor.execute(f"""
        CREATE OR REPLACE FUNCTION proposals_search_document() RETURNS trigger AS $$
        BEGIN NEW.search_document := {old}; RETURN NEW; END $$ LANGUAGE plpgsql;
        CREATE TRIGGER proposals_search_document BEFORE INSERT OR UPDATE OF {", ".join(("reference", "title", *OLD_FIELDS))}
            ON proposals_proposal FOR EACH ROW EXECUTE FUNCTION proposals_search_document();
    """)


def search_trigger_on_case_text(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"""
        CREATE OR REPLACE FUNCTION proposals_search_document() RETURNS trigger AS $$
        BEGIN NEW.search_document := {DOCUMENT}; RETURN NEW; END $$ LANGUAGE plpgsql;
        CREATE TRIGGER proposals_search_document BEFORE INSERT OR UPDATE OF reference, title, case_text
            ON proposals_proposal FOR EACH ROW EXECUTE FUNCTION proposals_search_document();
        UPDATE proposals_proposal SET title = title;
    """)


def sections_into_documents(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    changed = []
    for proposal in Proposal.objects.only("pk", "state", "updated_at", *OLD_FIELDS).iterator(chunk_size=2000):
        old = {name: getattr(proposal, name) for name in OLD_FIELDS}
        proposal.outline = {key: old[key] for key in OUTLINE_KEYS if old[key]}
        proposal.full_case = {key: value for key, value in old.items() if value}
        proposal.case_text = "\n".join(dict.fromkeys(value for value in old.values() if value.strip()))
        if proposal.state in PAST_ASSESSMENT:
            proposal.full_case_started_at = proposal.updated_at
        changed.append(proposal)
        if len(changed) == 2000:
            Proposal.objects.bulk_update(changed, ["outline", "full_case", "case_text", "full_case_started_at"])
            changed = []
    Proposal.objects.bulk_update(changed, ["outline", "full_case", "case_text", "full_case_started_at"])


def documents_into_sections(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    for proposal in Proposal.objects.iterator(chunk_size=2000):
        words = {**proposal.outline, **proposal.full_case}
        for name in OLD_FIELDS:
            setattr(proposal, name, words.get(name, ""))
        proposal.save(update_fields=OLD_FIELDS)



class Migration(migrations.Migration):
    # One step at a time on PostgreSQL: rows rewritten, then columns dropped (pending trigger events).
    atomic = False

    dependencies = [
        ('proposals', '0010_assessing_body_help'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_search_trigger, search_trigger_on_old_columns),
        migrations.CreateModel(
            name='CaseVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('document', models.CharField(choices=[('outline', 'Outline proposal'), ('full', 'Full business case')], max_length=10)),
                ('number', models.PositiveSmallIntegerField()),
                ('content', models.JSONField()),
                ('submitted_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'ordering': ['proposal', 'number'],
            },
        ),
        migrations.CreateModel(
            name='Option',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200)),
                ('description', models.TextField(help_text='What the option is, its benefits and its drawbacks.')),
                ('net_cost', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='net cost over its life (£)')),
                ('is_do_nothing', models.BooleanField(default=False, verbose_name='this is the do-nothing option')),
                ('is_preferred', models.BooleanField(default=False, verbose_name='this is the preferred option')),
            ],
            options={
                'ordering': ['pk'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='financeline',
            name='one_finance_line_per_quarter',
        ),
        migrations.AddField(
            model_name='financeline',
            name='funding',
            field=models.CharField(choices=[('revenue', 'Revenue'), ('capital', 'Capital')], default='revenue', max_length=10),
        ),
        migrations.AddField(
            model_name='proposal',
            name='case_text',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name='proposal',
            name='full_case',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='proposal',
            name='full_case_started_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='proposal',
            name='outline',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AlterField(
            model_name='proposal',
            name='state',
            field=django_fsm.FSMField(choices=[('draft', 'Draft'), ('submitted', 'Submitted – awaiting triage'), ('place_based', 'Place-based commissioning'), ('assessment', 'Assessment'), ('full_case', 'Full business case in development'), ('quality_assurance', 'Quality assurance'), ('stakeholder_signoff', 'Stakeholder sign-off'), ('formal_approval', 'Formal approval'), ('approved', 'Approved'), ('returned', 'Returned for revision'), ('rejected', 'Rejected'), ('withdrawn', 'Withdrawn')], db_index=True, default='draft', max_length=50),
        ),
        migrations.AlterField(
            model_name='proposalevent',
            name='from_state',
            field=models.CharField(blank=True, choices=[('draft', 'Draft'), ('submitted', 'Submitted – awaiting triage'), ('place_based', 'Place-based commissioning'), ('assessment', 'Assessment'), ('full_case', 'Full business case in development'), ('quality_assurance', 'Quality assurance'), ('stakeholder_signoff', 'Stakeholder sign-off'), ('formal_approval', 'Formal approval'), ('approved', 'Approved'), ('returned', 'Returned for revision'), ('rejected', 'Rejected'), ('withdrawn', 'Withdrawn')], max_length=30),
        ),
        migrations.AlterField(
            model_name='proposalevent',
            name='kind',
            field=models.CharField(choices=[('created', 'Created'), ('transition', 'State change'), ('triage', 'Triage answers recorded'), ('formal_decision', 'Stage 4 decision'), ('deferred', 'Deferred'), ('assessor_assigned', 'Assessor assigned'), ('assessment_reopened', 'Assessment reopened'), ('score_moderated', 'Score moderated'), ('scores_released', 'Scores released to the authors'), ('stage_skipped', 'Stage skipped by its route'), ('supported', 'Supported: full business case started')], max_length=20),
        ),
        migrations.AlterField(
            model_name='proposalevent',
            name='to_state',
            field=models.CharField(blank=True, choices=[('draft', 'Draft'), ('submitted', 'Submitted – awaiting triage'), ('place_based', 'Place-based commissioning'), ('assessment', 'Assessment'), ('full_case', 'Full business case in development'), ('quality_assurance', 'Quality assurance'), ('stakeholder_signoff', 'Stakeholder sign-off'), ('formal_approval', 'Formal approval'), ('approved', 'Approved'), ('returned', 'Returned for revision'), ('rejected', 'Rejected'), ('withdrawn', 'Withdrawn')], max_length=30),
        ),
        migrations.AddConstraint(
            model_name='financeline',
            constraint=models.UniqueConstraint(fields=('proposal', 'financial_year', 'quarter', 'recurrence', 'funding'), name='one_finance_line_per_quarter'),
        ),
        migrations.AddField(
            model_name='caseversion',
            name='proposal',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='proposals.proposal'),
        ),
        migrations.AddField(
            model_name='caseversion',
            name='submitted_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='option',
            name='proposal',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='options', to='proposals.proposal'),
        ),
        migrations.AddConstraint(
            model_name='caseversion',
            constraint=models.UniqueConstraint(fields=('proposal', 'number'), name='one_version_per_number'),
        ),
        migrations.RunPython(sections_into_documents, documents_into_sections),
        migrations.RemoveField(
            model_name='proposal',
            name='contracting',
        ),
        migrations.RemoveField(
            model_name='proposal',
            name='delivery',
        ),
        migrations.RemoveField(
            model_name='proposal',
            name='engagement',
        ),
        migrations.RemoveField(
            model_name='proposal',
            name='finance_summary',
        ),
        migrations.RemoveField(
            model_name='proposal',
            name='ics_aspirations',
        ),
        migrations.RemoveField(
            model_name='proposal',
            name='quality_safety',
        ),
        migrations.RemoveField(
            model_name='proposal',
            name='summary',
        ),
        migrations.RunPython(search_trigger_on_case_text, drop_search_trigger),
]
