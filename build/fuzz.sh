#!/usr/bin/env bash
# Coverage-guided fuzzing of the library's input parsers with afl-fuzz (Debian's afl++) and SharpFuzz.
#   bash build/fuzz.sh [seconds-per-target] [target...]
# Installs what it needs (idempotent; apt needs root), publishes the harness, instruments the library,
# runs each target for a bounded time from its checked-in seed corpus, and exits 1 if any target crashed
# (an exception outside its documented errors, a StackOverflow/OutOfMemory) or hung (FUZZ_TIMEOUT_MS per input).
# Findings are copied to artifacts/fuzz/findings/<target>/ with a replay command.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-30}
shift || true
timeout_ms=${FUZZ_TIMEOUT_MS:-5000}
sharpfuzz_version=2.3.0
art="$root/artifacts/fuzz"
tools="$art/tools"
harness="$root/tests/MicroCredentials.Signing.Fuzz"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

[[ "$seconds" =~ ^[0-9]+$ ]] && (( seconds > 0 )) || { echo "fuzz: seconds-per-target must be a positive integer" >&2; exit 2; }
command -v dotnet >/dev/null || { echo "fuzz: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 2; }

if ! command -v afl-fuzz >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "fuzz: installing afl++ (Debian package)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends afl++ >/dev/null
  else
    echo "fuzz: afl-fuzz missing; run as root or install the 'afl++' package" >&2
    exit 2
  fi
fi

mkdir -p "$tools"
if [ ! -x "$tools/sharpfuzz" ]; then
  echo "fuzz: installing SharpFuzz.CommandLine $sharpfuzz_version" >&2
  dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine --version "$sharpfuzz_version" >/dev/null
fi

# A fresh publish each time: sharpfuzz rewrites the library in place and refuses an already instrumented one.
rm -rf "$art/bin"
dotnet publish "$harness/MicroCredentials.Signing.Fuzz.csproj" -c Release -o "$art/bin" -nologo -v q -warnaserror 1>&2
"$tools/sharpfuzz" "$art/bin/MicroCredentials.Signing.dll" 1>&2

# Default: every target the harness defines (it lists them), each with a corpus folder.
if (( $# > 0 )); then targets=("$@"); else mapfile -t targets < <(dotnet "$art/bin/MicroCredentials.Signing.Fuzz.dll" --names); fi

export AFL_SKIP_BIN_CHECK=1          # the forkserver lives in SharpFuzz, not in the dotnet host binary
export AFL_NO_AFFINITY=1             # shared 2-core machines: do not pin a core
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_FAST_CAL=1
export AFL_BENCH_UNTIL_CRASH=1       # the first crash ends the run: it is already a failure

failed=0
mkdir -p "$art/out" "$art/findings"
for t in "${targets[@]}"; do
  corpus="$harness/corpus/$t"
  [ -d "$corpus" ] || { echo "fuzz: unknown target '$t' (no $corpus)" >&2; exit 2; }
  out="$art/out/$t"
  rm -rf "$out" "$art/findings/$t"
  dict=()
  [ -f "$harness/dict/$t.dict" ] && dict=(-x "$harness/dict/$t.dict")
  echo "fuzz: $t for ${seconds}s (timeout ${timeout_ms} ms per input)" >&2
  # -s fixes afl's RNG seed; the wall-clock bound makes runs comparable, not identical.
  rc=0
  timeout --kill-after=30 $((seconds + 180)) \
    afl-fuzz -s 1 -V "$seconds" -i "$corpus" -o "$out" -t "$timeout_ms" -m none "${dict[@]}" \
      -- dotnet "$art/bin/MicroCredentials.Signing.Fuzz.dll" "$t" --afl >"$out.log" 2>&1 || rc=$?
  stats="$out/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "fuzz: $t: afl-fuzz did not start (exit $rc); last lines of $out.log:" >&2
    tail -20 "$out.log" >&2
    failed=1
    continue
  fi
  get() { awk -F' *: *' -v k="$1" '$1==k {print $2}' "$stats"; }
  crashes=$(find "$out/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
  hangs=$(find "$out/default/hangs" -type f -name 'id:*' 2>/dev/null | wc -l)
  echo "fuzz: $t: $(get execs_done) execs ($(get execs_per_sec)/s), corpus $(get corpus_count), coverage $(get bitmap_cvg), $crashes crash(es), $hangs hang(s)" >&2
  if (( crashes + hangs > 0 )); then
    failed=1
    mkdir -p "$art/findings/$t"
    find "$out/default/crashes" "$out/default/hangs" -type f -name 'id:*' -exec cp {} "$art/findings/$t/" \; 2>/dev/null
    echo "fuzz: $t: FINDINGS saved in $art/findings/$t; replay with:" >&2
    echo "  dotnet run -c Release --project $harness -- $t $art/findings/$t" >&2
  fi
done
exit $failed
