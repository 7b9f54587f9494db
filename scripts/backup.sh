#!/usr/bin/env bash
# Back up everything ICS Commissioning keeps: the PostgreSQL database (pg_dump, custom format)
# and the media files (uploads, board packs, minutes). Usage: scripts/backup.sh DIRECTORY
# Reads DATABASE_URL (postgres://…) and MEDIA_ROOT from the environment, as the app does.
set -euo pipefail
target="${1:?usage: scripts/backup.sh DIRECTORY}"
: "${DATABASE_URL:?set DATABASE_URL}" "${MEDIA_ROOT:?set MEDIA_ROOT}"
mkdir -p "$target"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
pg_dump --format=custom --no-owner --dbname="$DATABASE_URL" --file="$target/database-$stamp.dump"
tar --create --gzip --file="$target/media-$stamp.tar.gz" --directory="$MEDIA_ROOT" .
echo "$target/database-$stamp.dump"
echo "$target/media-$stamp.tar.gz"
