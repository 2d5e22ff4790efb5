#!/usr/bin/env bash
# Seeds the fuzz corpora from the project's examples and its invalid files, and writes the
# dictionary of the languages' keys. Run from fuzz/: bash seed.sh
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/contract corpus/scenario corpus/observed corpus/check_run
cp $root/contracts/*.toml $root/tests/invalid/contracts/*.toml corpus/contract/ 2>/dev/null || true
cp $root/scenarios/*.toml $root/tests/invalid/scenarios/*.toml corpus/scenario/ 2>/dev/null || true
cp $root/observed/*.toml $root/tests/invalid/observed/*.toml corpus/observed/ 2>/dev/null || true
# Contract and scenario pairs of the library, joined by the separator the target splits on.
for c in $root/contracts/*.toml; do
  s=$root/scenarios/$(basename "$c")
  [ -f "$s" ] || continue
  { cat "$c"; printf '\n#%%%%\n'; cat "$s"; } > "corpus/check_run/$(basename "$c" .toml)"
done
# The dictionary: every key and table name the examples use, and the enumerated words.
{
  cat $root/contracts/*.toml $root/scenarios/*.toml $root/observed/*.toml |
    grep -oE '^\s*\[{1,2}[a-z_.]+' | tr -d ' [' | tr '.' '\n' | grep -E '^[a-z_]+$'
  cat $root/contracts/*.toml $root/scenarios/*.toml $root/observed/*.toml |
    grep -oE '^\s*[a-z_]+\s*=' | tr -d ' ='
  cat $root/contracts/*.toml $root/scenarios/*.toml |
    grep -oE '"[a-z_]+"' | tr -d '"'
} | sort -u | sed 's/.*/"&"/' > sibyl.dict
printf '"="\n"["\n"]"\n"[["\n"]]"\n"{"\n"}"\n"\\x0a#%%%%\\x0a"\n"1e308"\n"-0"\n"nan"\n"inf"\n"5e-324"\n"1e15"\n' >> sibyl.dict
wc -l sibyl.dict
