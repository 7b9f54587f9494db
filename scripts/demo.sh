#!/usr/bin/env bash
# Set up and run ICS Commissioning with demo data on the embedded default:
# SQLite in the project folder, Celery tasks run in-process. Serves http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

export DEBUG="${DEBUG:-1}"
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py seed_demo --profile "${DEMO_PROFILE:-ics2020}"
echo
echo "ICS Commissioning is running on http://127.0.0.1:8000 (Ctrl+C to stop)"
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
