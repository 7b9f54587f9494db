#!/usr/bin/env bash
# Install (if needed) and run the whole test suite. With DATABASE_URL and REDIS_URL set
# (as CI does) it runs against PostgreSQL and Redis; otherwise on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh test

# The browser tests drive Debian's Chromium (Playwright's own browser download is not used).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is not installed: the browser tests will be skipped (sudo apt-get install chromium)." >&2
  fi
fi

# Development settings (no HTTPS redirect, demo secret key); pytest-django still runs each
# test with DEBUG off, and tests/test_settings.py checks the production settings on their own.
export DEBUG="${DEBUG:-1}"
.venv/bin/ruff check --quiet ics_commissioning accounts analytics procurement proposals scoring governance notifications public api demo tests bench
# The one-way layers (pyproject.toml, [tool.importlinter]): a lower layer importing a higher one fails the run.
.venv/bin/lint-imports --no-cache --no-logo

# Two processes, each with its own test database, for all but the tests that start a real Celery
# worker: those share Redis's one queue, so they run after, one at a time. Exit status 5 is
# "no tests selected" (arguments that pick tests of one kind only).
status=0
# worksteal: a process that runs out of tests takes some of the other's, so the long ones at the end
# (the authorisation matrix, the browser journeys) do not leave one process idle.
.venv/bin/pytest -n "${TEST_PROCESSES:-2}" --dist worksteal -m "not real_worker" "$@" || status=$?
[ "$status" = 5 ] && status=0
worker_status=0
.venv/bin/pytest -m real_worker "$@" || worker_status=$?
[ "$worker_status" = 5 ] && worker_status=0
exit $(( status || worker_status ))
