#!/usr/bin/env bash
# Creates N distinct plugins with `automation plugin new`, packs each with `automation plugin pack`
# and installs the packages into DIR as <id>/<version>/, the way the server's installer lays them out.
# Usage: tools/bench/make-plugins.sh N DIR
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
COUNT="${1:?number of plugins}"
TARGET="$(mkdir -p "${2:?plugins directory}" && cd "$2" && pwd)"

dotnet build -c Release "$ROOT/src/AutomationServer.Sdk" >/dev/null
dotnet build -c Release "$ROOT/tools/cli" >/dev/null
CLI=(dotnet "$ROOT/tools/cli/bin/Release/net10.0/automation.dll")
WORK="$(mktemp -d /tmp/automation-bench-plugins.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

for i in $(seq -w 1 "$COUNT"); do
  name="Bench.Plugin$i"
  "${CLI[@]}" plugin new "$name" --output "$WORK/$name" --sdk-source "$ROOT/artifacts/packages" >/dev/null
  "${CLI[@]}" plugin pack "$WORK/$name" --output "$WORK/dist" >/dev/null
done

for package in "$WORK"/dist/*.zip; do
  base="$(basename "$package" .zip)"          # <id>-<version>
  id="${base%-*}" version="${base##*-}"
  rm -rf "${TARGET:?}/$id/$version"
  mkdir -p "$TARGET/$id/$version"
  unzip -q "$package" -d "$TARGET/$id/$version"
done
echo "$(ls "$TARGET" | wc -l) plugins in $TARGET"
