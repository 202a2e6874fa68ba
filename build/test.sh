#!/usr/bin/env bash
# Runs every test of the solution and prints one closing line "N passed, N failed[, N skipped]".
# Assumes the prerequisites installed by .ci/run (node packages for interop, PostgreSQL on loopback).
set -uo pipefail
cd "$(dirname "$0")/.."
results="$(pwd)/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"
# The team's layout (.editorconfig): `dotnet format whitespace --folder` fixes what this refuses.
dotnet format whitespace --folder --verify-no-changes --exclude tests/interop/node_modules -v q 1>&2 \
  || { echo "format: run 'dotnet format whitespace --folder --exclude tests/interop/node_modules'" >&2; echo "0 passed, 1 failed"; exit 1; }
dotnet build MicroCredentials.Signing.sln -c Release -warnaserror -nologo -v q 1>&2 || { echo "0 passed, 1 failed"; exit 1; }
dotnet test MicroCredentials.Signing.sln -c Release --no-build --nologo \
  --logger "trx;LogFilePrefix=results" --results-directory "$results" "$@" 1>&2
rc=$?
python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    s += int(c.get("notExecuted", 0))
print(f"{p} passed, {f} failed, {s} skipped")
PY
exit $rc
