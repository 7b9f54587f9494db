#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the database and media directory the app is
# configured with (DATABASE_URL, MEDIA_ROOT). Stop the web and worker processes first.
# Usage: scripts/restore.sh DATABASE_DUMP MEDIA_TARBALL
set -euo pipefail
dump="${1:?usage: scripts/restore.sh DATABASE_DUMP MEDIA_TARBALL}"
media="${2:?usage: scripts/restore.sh DATABASE_DUMP MEDIA_TARBALL}"
: "${DATABASE_URL:?set DATABASE_URL}" "${MEDIA_ROOT:?set MEDIA_ROOT}"
pg_restore --clean --if-exists --no-owner --single-transaction --dbname="$DATABASE_URL" "$dump"
mkdir -p "$MEDIA_ROOT"
tar --extract --gzip --file="$media" --directory="$MEDIA_ROOT"
