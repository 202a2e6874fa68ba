#!/usr/bin/env bash
# Regenerates PublicAPI.Unshipped.txt of every shipped library package from its current public surface, with the
# PublicApiAnalyzers' own code fix for RS0016 (applied by `dotnet format analyzers`). Run it after adding public
# members, or after a merge where two branches added them (a conflict in PublicAPI.Unshipped.txt: take either side,
# then run this). Removed members that were in PublicAPI.Shipped.txt still need a "*REMOVED*" line by hand (RS0017):
# that is the breaking change a reviewer must see.
#   bash build/update-public-api.sh            regenerate the Unshipped files
#   bash build/update-public-api.sh --ship     after a release: move Unshipped lines into Shipped
#   bash build/update-public-api.sh --check    fail when regeneration would change any file (for CI)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Every shipped library: a packable project under src/ that is not a .NET tool (the rule Directory.Build.targets
# applies), so a package added on another branch is picked up after the merge.
projects=()
for csproj in src/*/*.csproj; do
  if grep -q '<IsPackable>true</IsPackable>' "$csproj" && ! grep -q '<PackAsTool>true</PackAsTool>' "$csproj"; then
    projects+=("$(dirname "$csproj")")
  fi
done
mode="${1:-update}"

if [ "$mode" = "--ship" ]; then
  for p in "${projects[@]}"; do
    { echo '#nullable enable'; { grep -hv '^#nullable' "$p/PublicAPI.Shipped.txt" "$p/PublicAPI.Unshipped.txt" || true; } | LC_ALL=C sort -u; } > "$p/PublicAPI.Shipped.txt.new"
    mv "$p/PublicAPI.Shipped.txt.new" "$p/PublicAPI.Shipped.txt"
    echo '#nullable enable' > "$p/PublicAPI.Unshipped.txt"
  done
  echo "public-api: Unshipped moved into Shipped" >&2
  exit 0
fi

for p in "${projects[@]}"; do
  [ -f "$p/PublicAPI.Shipped.txt" ] || echo '#nullable enable' > "$p/PublicAPI.Shipped.txt"
  [ -f "$p/PublicAPI.Unshipped.txt" ] || echo '#nullable enable' > "$p/PublicAPI.Unshipped.txt"
  [ "$mode" = "--check" ] && cp "$p/PublicAPI.Unshipped.txt" "$p/PublicAPI.Unshipped.txt.before"
  # Start from an empty Unshipped list so members removed since (and merge leftovers) disappear too.
  echo '#nullable enable' > "$p/PublicAPI.Unshipped.txt"
  csproj="$(ls "$p"/*.csproj)"
  echo "public-api: $csproj" >&2
  dotnet format analyzers "$csproj" --diagnostics RS0016 --severity info -v q
  # One line per member in ordinal order, so two branches' additions merge as plain line insertions.
  { echo '#nullable enable'; grep -v '^#nullable' "$p/PublicAPI.Unshipped.txt" | LC_ALL=C sort -u; } > "$p/PublicAPI.Unshipped.txt.new"
  mv "$p/PublicAPI.Unshipped.txt.new" "$p/PublicAPI.Unshipped.txt"
done

if [ "$mode" = "--check" ]; then
  rc=0
  for p in "${projects[@]}"; do
    if ! cmp -s "$p/PublicAPI.Unshipped.txt.before" "$p/PublicAPI.Unshipped.txt"; then
      echo "public-api: $p/PublicAPI.Unshipped.txt is out of date (run bash build/update-public-api.sh)" >&2
      diff -u "$p/PublicAPI.Unshipped.txt.before" "$p/PublicAPI.Unshipped.txt" >&2 || true
      rc=1
    fi
    mv "$p/PublicAPI.Unshipped.txt.before" "$p/PublicAPI.Unshipped.txt"
  done
  exit $rc
fi
echo "public-api: done; review git diff -- '*PublicAPI*.txt'" >&2
