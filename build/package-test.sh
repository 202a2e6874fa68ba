#!/usr/bin/env bash
# Packs every package into a local folder feed, then, like a new user on a clean project:
#  1. creates a console app (outside the repository: no Directory.Build.props, no central versions),
#  2. adds MicroCredentials.Signing (+ .Sqlite, .PostgreSql, .Pkcs11) from that feed,
#  3. runs the README's quick-start issue-and-verify snippet, taken from README.md itself,
#  4. installs mcred as a .NET tool from the feed (dotnet tool install --tool-path) and runs it,
# and checks what each package carries (README, licence expression, icon, XML docs, snupkg symbols).
# Sources: the local feed plus the NuGet source this machine is configured with; nothing else is fetched.
# Exit code 0 only when every step passed; .ci/run runs it, so a failure fails CI.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
work="$(mktemp -d /tmp/mcred-package-test.XXXXXX)"
# A version of its own per run, so no package restored by an earlier run (NuGet caches by id and version) is used.
version="0.1.0-packagetest.$(date -u +%Y%m%d%H%M%S).$$"
# Every packable project under src/ (libraries first, the mcred tool last), so a package added later is tested too.
libraries=() tool=""
for csproj in src/*/*.csproj; do
  grep -q '<IsPackable>true</IsPackable>' "$csproj" || continue
  id="$(basename "$csproj" .csproj)"
  if grep -q '<PackAsTool>true</PackAsTool>' "$csproj"; then tool="$id"; else libraries+=("$id"); fi
done
[ "$tool" = MicroCredentials.Signing.Cli ] || { echo "package-test: the mcred tool project was not found" >&2; exit 1; }
packages=("${libraries[@]}" "$tool")
cleanup() {
  rm -rf "$work"
  for id in "${packages[@]}"; do rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/${id,,}/$version"; done
  rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/.tools/${tool,,}/$version" 2>/dev/null || true
}
trap cleanup EXIT
fail() { echo "package-test: FAILED: $*" >&2; exit 1; }
step() { echo "package-test: $*" >&2; }

feed="$work/feed"
mkdir -p "$feed"
for id in "${packages[@]}"; do
  step "pack $id $version"
  dotnet pack "src/$id/$id.csproj" -c Release -warnaserror -nologo -v q -o "$feed" -p:Version="$version" -p:MCRED_CI=true >"$work/pack-$id.log" 2>&1 \
    || { cat "$work/pack-$id.log" >&2; fail "dotnet pack $id"; }
done

step "check package contents"
for id in "${packages[@]}"; do
  nupkg="$feed/$id.$version.nupkg"
  [ -f "$nupkg" ] || fail "$nupkg was not produced"
  [ -f "$feed/$id.$version.snupkg" ] || fail "$id has no snupkg symbol package"
  listing="$(unzip -l "$nupkg")"
  nuspec="$(unzip -p "$nupkg" "$id.nuspec")"
  for file in README.md icon.png; do grep -q " $file\$" <<<"$listing" || fail "$id does not carry $file"; done
  grep -q '<license type="expression">MIT</license>' <<<"$nuspec" || fail "$id has no MIT licence expression"
  grep -q '<icon>icon.png</icon>' <<<"$nuspec" || fail "$id names no icon"
  grep -q '<readme>README.md</readme>' <<<"$nuspec" || fail "$id names no README"
  if [ "$id" = "$tool" ]; then
    grep -q '<packageType name="DotnetTool"' <<<"$nuspec" || fail "$id is not a .NET tool package"
  else
    for tfm in net10.0; do grep -q "lib/$tfm/$id.xml" <<<"$listing" || fail "$id has no XML docs for $tfm"; done
    symbols="$(unzip -l "$feed/$id.$version.snupkg")"
    grep -q "lib/net10.0/$id.pdb\$" <<<"$symbols" || fail "$id's snupkg holds no PDB"
  fi
done

step "new console app consuming the packages from the feed"
app="$work/app"
mkdir -p "$app"
cat >"$app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local-feed" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
(cd "$app" && dotnet new console --framework net10.0 --name QuickStart --output . >/dev/null) || fail "dotnet new console"
for id in "${libraries[@]}"; do
  (cd "$app" && dotnet add package "$id" --version "$version" >"$work/add-$id.log" 2>&1) || { cat "$work/add-$id.log" >&2; fail "dotnet add package $id"; }
done

# The README's quick start, verbatim: the first csharp block under "## Quick start".
snippet="$(awk '/^## Quick start/{q=1} q && /^```csharp/{c=1; next} c && /^```/{exit} c{print}' README.md)"
[ -n "$snippet" ] || fail "no quick-start snippet found in README.md"
{
  echo 'using MicroCredentials.Signing.Dids;'
  echo 'using MicroCredentials.Signing.Issuance;'
  echo 'using MicroCredentials.Signing.Keys;'
  echo 'using MicroCredentials.Signing.Model;'
  echo 'using MicroCredentials.Signing.Verification;'
  echo 'var path = args[0];'
  echo "$snippet"
  echo 'return report.Verified ? 0 : 1;'
} >"$app/Program.cs"
output="$(cd "$app" && dotnet run -c Release -- "$repo/samples/elements/rich-valid.json" 2>&1)" || { echo "$output" >&2; fail "the quick start did not verify"; }
[ "$(head -n1 <<<"$output")" = "True" ] || { echo "$output" >&2; fail "the quick start did not print True first"; }
grep -q '"verified": *true' <<<"$output" || { echo "$output" | head -40 >&2; fail "the report is not verified"; }

step "install and run the mcred tool from the feed"
tools="$work/tools"
dotnet tool install "$tool" --version "$version" --tool-path "$tools" --add-source "$feed" --configfile "$app/nuget.config" >"$work/tool.log" 2>&1 \
  || { cat "$work/tool.log" >&2; fail "dotnet tool install"; }
"$tools/mcred" --help >"$work/help.txt" 2>&1 || fail "mcred --help"
grep -q "verify" "$work/help.txt" || fail "mcred --help lists no verify command"
"$tools/mcred" keygen --type ed25519 --out "$work/key.json" >/dev/null || fail "mcred keygen"
"$tools/mcred" demo --store "$work/demo.db" --dir "$work/demo" >"$work/demo.txt" 2>&1 || { cat "$work/demo.txt" >&2; fail "mcred demo"; }

step "passed ($version: ${#packages[@]} packages, quick start verified, tool installed and ran)"
