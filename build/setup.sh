#!/usr/bin/env bash
# Installs the test prerequisites on a fresh machine; idempotent, so a second run costs seconds.
#  - node packages of the reference JS implementations (interop tests)
#  - PostgreSQL server binaries (the PostgreSQL status-store tests start a throwaway cluster on loopback)
#  - redis-server (the shared status-list cache and the VC API readiness tests start throwaway servers on loopback)
#  - SoftHSM2 (the PKCS#11 signer tests initialise their own tokens in a temporary folder)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "setup: installing node and npm (Debian packages)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
if [ ! -d tests/interop/node_modules ] || [ tests/interop/package-lock.json -nt tests/interop/node_modules ]; then
  echo "setup: npm ci (tests/interop)" >&2
  (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing PostgreSQL (Debian packages)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "setup: PostgreSQL binaries missing; run as root or install the 'postgresql' package" >&2
    exit 1
  fi
fi
if [ ! -e /usr/lib/softhsm/libsofthsm2.so ] || ! command -v softhsm2-util >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing SoftHSM2 (Debian package softhsm2)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq softhsm2 >/dev/null
  else
    echo "setup: SoftHSM2 missing; run as root or install the 'softhsm2' package" >&2
    exit 1
  fi
fi
if ! command -v redis-server >/dev/null && [ ! -x /usr/bin/redis-server ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing redis-server (Debian package)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    # The package starts a system-wide server; the tests start their own on a free port and need none running.
    (command -v systemctl >/dev/null && systemctl disable --now redis-server >/dev/null 2>&1) || service redis-server stop >/dev/null 2>&1 || true
  else
    echo "setup: redis-server missing; run as root or install the 'redis-server' package" >&2
    exit 1
  fi
fi
echo "setup: ready" >&2
