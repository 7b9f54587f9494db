"""
Backup and restore, as documented in the README: scripts/backup.sh dumps PostgreSQL and the media
files (or, when they are in a bucket, the database only); scripts/restore.sh puts them back. A board pack and everything that goes into it survive:
after a restore into an emptied database and media directory, the pack's file is whole, its inputs
hash the same, and asking for a build finds nothing changed.
"""

import datetime
import io
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from pypdf import PdfReader

from governance import packs, services
from governance.enums import PackStatus
from governance.models import BoardPack
from governance.packs.inputs import inputs_hash, pack_inputs
from proposals.enums import ProposalState as S
from proposals.models import Proposal, ProposalEvent

from .conftest import on_postgresql
from .factories import MeetingFactory

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seed_rubric"),
    pytest.mark.skipif(not (on_postgresql() and shutil.which("pg_dump")), reason="needs PostgreSQL and pg_dump"),
]


def database_url():
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return f"postgres://{settings['USER']}{password}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def run(script, *args, media, database=None, **environment):
    env = {**os.environ, "DATABASE_URL": database or database_url(), "MEDIA_ROOT": str(media), **environment}
    result = subprocess.run([str(ROOT / "scripts" / script), *args], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.split()


def test_a_pack_and_its_inputs_survive_a_backup_and_restore(cast, proposal_in, settings, tmp_path,
                                                            django_capture_on_commit_callbacks):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=10))
    services.add_proposal_to_agenda(meeting, proposal_in(S.QUALITY_ASSURANCE), by=cast.icsmg_secretary)
    services.add_paper(meeting, by=cast.icsmg_secretary, title="Winter plan", purpose="decision")
    with django_capture_on_commit_callbacks(execute=True):
        pack = packs.request_build(meeting, "A", by=cast.icsmg_secretary)
    pack.refresh_from_db()
    assert pack.status == PackStatus.READY
    original = pack.file.read()
    counts = Proposal.objects.count(), ProposalEvent.objects.count(), BoardPack.objects.count()

    dump, tarball = run("backup.sh", str(tmp_path / "backup"), media=media)
    connection.close()
    with connection.cursor() as cursor:  # lose everything: the tables' rows and the media files
        cursor.execute("TRUNCATE governance_boardpack, governance_agendaitem, proposals_proposalevent, "
                       "proposals_proposal CASCADE")
    shutil.rmtree(media)
    assert not BoardPack.objects.exists()

    connection.close()
    run("restore.sh", dump, tarball, media=media)
    assert (Proposal.objects.count(), ProposalEvent.objects.count(), BoardPack.objects.count()) == counts
    restored = BoardPack.objects.get(pk=pack.pk)
    assert restored.status == PackStatus.READY and restored.layout == pack.layout
    with restored.file.open("rb") as handle:
        data = handle.read()
    assert data == original and len(PdfReader(io.BytesIO(data)).pages) == restored.page_count
    assert inputs_hash(pack_inputs(meeting, "A")) == restored.inputs_hash  # every input came back
    assert packs.request_build(meeting, "A", by=cast.icsmg_secretary) == restored  # nothing to rebuild


def test_a_restore_onto_a_new_server_creates_the_database(tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    dump, tarball = run("backup.sh", str(tmp_path / "backup"), media=media)
    server = database_url().rsplit("/", 1)[0]
    name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    try:
        run("restore.sh", dump, tarball, media=tmp_path / "restored", database=f"{server}/{name}")
        rubrics = subprocess.run(["psql", f"{server}/{name}", "-tAc", "SELECT count(*) FROM scoring_rubricversion"],
                                 capture_output=True, text=True, check=True)
        assert int(rubrics.stdout) >= 1
    finally:
        subprocess.run(["dropdb", "--if-exists", f"--maintenance-db={server}/postgres", name], check=True)


def test_with_the_media_in_a_bucket_only_the_database_is_backed_up_and_restored(tmp_path):
    media = tmp_path / "media"  # not used: the media are in the bucket, which is kept on its own (README)
    backup = run("backup.sh", str(tmp_path / "backup"), media=media, AWS_STORAGE_BUCKET_NAME="ics-media")
    assert len(backup) == 1 and Path(backup[0]).name.startswith("database-")
    assert [path.name for path in (tmp_path / "backup").iterdir()] == [Path(backup[0]).name]
    server = database_url().rsplit("/", 1)[0]
    name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    try:
        run("restore.sh", backup[0], media=media, database=f"{server}/{name}", AWS_STORAGE_BUCKET_NAME="ics-media")
        assert not media.exists()
    finally:
        subprocess.run(["dropdb", "--if-exists", f"--maintenance-db={server}/postgres", name], check=True)
