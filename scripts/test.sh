#!/usr/bin/env bash
# Install (if needed) and run the whole test suite. With DATABASE_URL and REDIS_URL set
# (as CI does) it runs against PostgreSQL and Redis; otherwise on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh test

# Development settings (no HTTPS redirect, demo secret key); pytest-django still runs each
# test with DEBUG off, and tests/test_settings.py checks the production settings on their own.
export DEBUG="${DEBUG:-1}"
exec .venv/bin/pytest "$@"
