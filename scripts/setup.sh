# Sourced by demo.sh and test.sh: make .venv with the project installed, and check the
# system libraries WeasyPrint needs. Usage: source scripts/setup.sh [EXTRAS]
set -euo pipefail

extras="${1:-}"
python="${PYTHON:-python3}"

if [ ! -x .venv/bin/python ]; then
  echo "Creating the virtual environment in .venv"
  "$python" -m venv .venv
fi

# Reinstall only when the pinned dependencies (or the extras asked for) change.
stamp=".venv/.installed-$(cat pyproject.toml | sha256sum | cut -c1-16)-${extras:-base}"
if [ ! -f "$stamp" ]; then
  echo "Installing Python dependencies${extras:+ (with $extras)}"
  # uv installs the same pinned packages from PyPI as pip would, in a tenth of the time (it fetches
  # and unpacks in parallel, and compiles no bytecode up front).
  .venv/bin/pip install --quiet --disable-pip-version-check "uv==0.13.9"
  .venv/bin/uv pip install --quiet --python .venv/bin/python -e ".${extras:+[$extras]}"
  touch "$stamp"
fi

# The NHS.UK design system and our stylesheet, served as static files.
if ! command -v npm >/dev/null; then
  echo "Node.js and npm are needed to build the front end (https://nodejs.org or your package manager)." >&2
  exit 1
fi
npm_stamp="node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)"
if [ ! -f "$npm_stamp" ]; then
  echo "Installing front-end packages"
  npm ci --silent --no-audit --no-fund
  touch "$npm_stamp"
fi
if [ ! -f static/build/app.css ] || [ -n "$(find frontend package-lock.json -newer static/build/app.css)" ]; then
  npm run --silent build
fi

# WeasyPrint renders board packs with Pango and needs at least one font.
if ! .venv/bin/python -c "import weasyprint" >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -q .; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Pango and fonts for WeasyPrint"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fontconfig >/dev/null
  else
    echo "WeasyPrint needs Pango and a font. On Debian/Ubuntu:" >&2
    echo "  sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core" >&2
    exit 1
  fi
fi
