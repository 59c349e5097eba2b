#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers at SALON_TEST_POSTGRES_URL (default: 127.0.0.1:5432, database test).
# Starts the machine's cluster when it is installed but stopped; installs it from Debian's packages when absent.
set -euo pipefail
url=${SALON_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/test}

answers() { pg_isready -q -d "$url" 2>/dev/null; }

if command -v pg_isready >/dev/null && answers; then
  echo "PostgreSQL answers at ${url#*@}"
  exit 0
fi
if ! command -v pg_ctlcluster >/dev/null; then
  echo "Installing PostgreSQL from Debian's packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /etc/postgresql | sort -V | tail -n 1)
pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 30); do
  answers && break
  sleep 1
done
if ! answers; then
  echo "PostgreSQL does not answer at ${url#*@}; set SALON_TEST_POSTGRES_URL to a reachable server." >&2
  exit 1
fi
# Trust auth for loopback is what the tests expect; make sure the test database exists.
su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='test'\"" | grep -q 1 \
  || su postgres -c "createdb test"
echo "PostgreSQL answers at ${url#*@}"
