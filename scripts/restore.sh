#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the database and media directory the app is
# configured with (DATABASE_URL, MEDIA_ROOT). Stop the web, worker and beat processes first, so
# that nothing writes meanwhile. The database is created if it does not exist (a new server).
# Usage: scripts/restore.sh DATABASE_DUMP MEDIA_TARBALL
# With the media in a bucket (AWS_STORAGE_BUCKET_NAME), there is no tarball: the bucket is restored
# on its own (README), and this restores the database only.
set -euo pipefail
usage="usage: scripts/restore.sh DATABASE_DUMP MEDIA_TARBALL (no tarball when the media are in a bucket)"
dump="${1:?$usage}"
: "${DATABASE_URL:?set DATABASE_URL}"
if [ -n "${AWS_STORAGE_BUCKET_NAME:-}" ]; then
  if [ $# -gt 1 ]; then
    echo "The media are in the bucket $AWS_STORAGE_BUCKET_NAME: restore them there (README), not from $2." >&2
    exit 2
  fi
  media=""
else
  media="${2:?$usage}"
  : "${MEDIA_ROOT:?set MEDIA_ROOT}"
fi

# postgres://user:pass@host:port/NAME?options: the database's name, and the same server's
# maintenance database to create it from.
base="${DATABASE_URL%%\?*}"
options="${DATABASE_URL#"$base"}"
name="${base##*/}"
maintenance="${base%/*}/postgres${options}"
exists="$(psql "$maintenance" --no-psqlrc --tuples-only --no-align --set=name="$name" \
  <<< "SELECT 1 FROM pg_database WHERE datname = :'name'")"
if [ "$exists" != 1 ]; then
  echo "Creating the database $name"
  createdb --maintenance-db="$maintenance" "$name"
fi

pg_restore --clean --if-exists --no-owner --single-transaction --dbname="$DATABASE_URL" "$dump"
if [ -n "$media" ]; then
  mkdir -p "$MEDIA_ROOT"
  tar --extract --gzip --file="$media" --directory="$MEDIA_ROOT"
fi
