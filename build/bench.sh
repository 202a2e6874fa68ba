#!/usr/bin/env bash
# Measures this library beside the reference JavaScript kit in the same run, on the same machine and input:
#   bash build/bench.sh [unsigned-credential.json] [n] [js-seconds]
# Prints mcred bench's JSON, the reference's JSON, and the ratios the README quotes (single thread each).
set -euo pipefail
cd "$(dirname "$0")/.."
input=${1:-tests/MicroCredentials.Signing.Benchmarks/Data/ob3-rich-credential.json}
n=${2:-2000}
seconds=${3:-10}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
[ -d tests/interop/node_modules ] || (cd tests/interop && npm ci --no-audit --no-fund >/dev/null)
dotnet build src/MicroCredentials.Signing.Cli -c Release -f net10.0 -nologo -v q >/dev/null
ours=$(dotnet src/MicroCredentials.Signing.Cli/bin/Release/net10.0/mcred.dll bench --in "$input" --n "$n")
theirs=$(node tests/interop/bench-reference.mjs "$input" "$seconds")
echo "$ours"
echo "$theirs"
node -e '
const o = JSON.parse(process.argv[1]), t = JSON.parse(process.argv[2]);
const r = (a, b) => Math.round(a / b * 10) / 10;
console.log(JSON.stringify({
  machine: `${require("os").cpus()[0].model}, ${require("os").cpus().length} logical cores, load ${require("os").loadavg()[0].toFixed(2)}`,
  signVsJs: r(o.signOpsPerSec, t.signPerSec),
  proofVerifyVsJs: r(o.verifyOpsPerSec, t.verifyPerSec),
  wholeVerifyVsJsVerifyCredential: r(o.verifyCredentialOpsPerSec, t.verifyPerSec),
  canonicalizeVsJs: r(o.canonicalizeOpsPerSec, t.canonizePerSec),
}));' "$ours" "$theirs"
