#!/usr/bin/env bash
# Back up everything ICS Commissioning keeps: the PostgreSQL database (pg_dump, custom format)
# and the media files (uploads, board packs, minutes). Usage: scripts/backup.sh DIRECTORY
# Reads DATABASE_URL (postgres://…) and MEDIA_ROOT from the environment, as the app does. With
# AWS_STORAGE_BUCKET_NAME set the media are in that bucket, not under MEDIA_ROOT: only the database
# is dumped here, and the bucket is kept by its own versioning or copied with `aws s3 sync` (README).
set -euo pipefail
target="${1:?usage: scripts/backup.sh DIRECTORY}"
: "${DATABASE_URL:?set DATABASE_URL}"
bucket="${AWS_STORAGE_BUCKET_NAME:-}"
[ -n "$bucket" ] || : "${MEDIA_ROOT:?set MEDIA_ROOT}"
mkdir -p "$target"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
pg_dump --format=custom --no-owner --dbname="$DATABASE_URL" --file="$target/database-$stamp.dump"
echo "$target/database-$stamp.dump"
if [ -n "$bucket" ]; then
  echo "The media are in the bucket $bucket: back it up as README, \"Backup and restore\", says." >&2
else
  tar --create --gzip --file="$target/media-$stamp.tar.gz" --directory="$MEDIA_ROOT" .
  echo "$target/media-$stamp.tar.gz"
fi
