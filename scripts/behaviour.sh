#!/usr/bin/env bash
# Runs every command on every example with fixed seeds and small trial counts and stores
# what each prints (standard output, standard error, exit code) in scripts/behaviour/.
#
#   scripts/behaviour.sh record   # store the outputs of the current code
#   scripts/behaviour.sh check    # run again and compare with the stored outputs
#
# `check` compares byte for byte, except for the wording of warnings: in JSON each warning
# compares by its code and the figures in its message, in order; in tables and on standard
# error each block from a line starting with "warning" to the next blank line compares by
# its figures. A change that must not alter what
# sibyl computes keeps `check` green. This run's outputs stay in target/behaviour/ for a
# closer look. Set SIBYL to a binary to use it instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
# English whatever the machine's locale (the stored outputs are English).
unset LC_ALL LC_MESSAGES LANG

mode="${1:-check}"
case "$mode" in record|check) ;; *) echo "usage: scripts/behaviour.sh record|check" >&2; exit 2 ;; esac

if [ -z "${SIBYL:-}" ]; then
  # Optimised: the analyses run many trials; results are the same as a debug build's.
  cargo build --quiet --release --bin sibyl
  SIBYL="${CARGO_TARGET_DIR:-$PWD/target}/release/sibyl"
fi
root="$PWD"
store="$root/scripts/behaviour"
out="$root/target/behaviour"
rm -rf "$out"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

TRIALS=2000
SEED=7
export NO_COLOR=1

# case_ NAME ARGS...: runs sibyl with ARGS from a scratch folder, keeps what it printed.
case_() {
  local name="$1"; shift
  local rc=0
  (cd "$work" && "$SIBYL" "$@" >"$out/$name.stdout" 2>"$out/$name.stderr") || rc=$?
  echo "$rc" >"$out/$name.rc"
}

# Options that change what is computed, on the deals where they matter.
pb=("$root/contracts/peterborough.toml" --scenario "$root/scenarios/peterborough.toml" --seed "$SEED")
case_ "peterborough.run-precision" run "${pb[@]}" --trials "$TRIALS" --precision 0.02 --max-trials 20000 --format json
case_ "peterborough.run-stress" run "${pb[@]}" --trials "$TRIALS" --stress half_effect --format json
dwp=("$root/contracts/dwp-innovation-fund.toml" --scenario "$root/scenarios/dwp-innovation-fund.toml" --trials "$TRIALS" --seed "$SEED")
case_ "dwp-innovation-fund.stress-preset" stress "${dwp[@]}" --preset cream_skimming --format json
case_ "dwp-innovation-fund.stress-no-shocks" stress "${dwp[@]}" --no-shocks
case_ "dwp-innovation-fund.breakeven-prob" breakeven "${dwp[@]}" --assumption "$(grep -m1 -oE '^\[assumptions\.[A-Za-z0-9_-]+\]' "$root/scenarios/dwp-innovation-fund.toml" | sed 's/^\[assumptions\.//; s/\]$//')" --prob 0.8 --format json
# Payer caps by year and in total, cut payments, refunds and a history that stops early.
lc=("$root/contracts/life-chances.toml" --observed "$root/tests/fixtures/life-chances-strong.toml")
case_ "life-chances.settle-capped" settle "${lc[@]}"
case_ "life-chances.settle-capped-json" settle "${lc[@]}" --format json

for c in "$root"/contracts/*.toml; do
  name="$(basename "$c" .toml)"
  scen="$name"
  case "$name" in peterborough-*) scen=peterborough ;; esac
  s="$root/scenarios/$scen.toml"
  sim=(--scenario "$s" --trials "$TRIALS" --seed "$SEED")
  case_ "$name.check" check "$c" --scenario "$s"
  case_ "$name.check-contract" check "$c"
  case_ "$name.explain" explain "$c" --scenario "$s"
  case_ "$name.explain-contract" explain "$c"
  case_ "$name.run-json" run "$c" "${sim[@]}" --threads 2 --format json --out "$work/run-$name"
  case_ "$name.run-table" run "$c" "${sim[@]}" --threads 1 --out "$work/run-$name" --per-trial --force
  # The run folder: trials.csv by its SHA-256 (it is large), and whether summary.json (of the
  # run on one thread) is what --format json printed on two, which is compared in full.
  (cd "$work/run-$name" && sha256sum trials.csv) >"$out/$name.run-files.sha256"
  if cmp -s "$work/run-$name/summary.json" "$out/$name.run-json.stdout"; then
    echo "summary.json: as printed by --format json" >>"$out/$name.run-files.sha256"
  else
    echo "summary.json: differs from what --format json printed" >>"$out/$name.run-files.sha256"
  fi
  case_ "$name.stress" stress "$c" "${sim[@]}" --measured 0 --measured 0.1
  case_ "$name.stress-json" stress "$c" "${sim[@]}" --format json
  case_ "$name.sensitivity" sensitivity "$c" "${sim[@]}" --metric deal.paid
  case_ "$name.sensitivity-json" sensitivity "$c" "${sim[@]}" --metric deal.paid --format json
  first="$(grep -m1 -oE '^\[assumptions\.[A-Za-z0-9_-]+\]' "$s" | sed 's/^\[assumptions\.//; s/\]$//')"
  case_ "$name.breakeven" breakeven "$c" --scenario "$s" --trials "$TRIALS" --assumption "$first" --target 'deal.paid >= 1'
  case_ "$name.breakeven-json" breakeven "$c" --scenario "$s" --trials "$TRIALS" --assumption "$first" --format json
  if [ -f "$root/observed/$name.toml" ]; then
    case_ "$name.settle" settle "$c" --observed "$root/observed/$name.toml"
    case_ "$name.settle-json" settle "$c" --observed "$root/observed/$name.toml" --format json
  fi
done
p="$root/contracts/peterborough"
designs=("$p.toml" "$p-pooled-only.toml" "$p-rate-card.toml")
case_ "compare" compare "${designs[@]}" --scenario "$root/scenarios/peterborough.toml" --trials "$TRIALS" --seed "$SEED"
case_ "compare-json" compare "${designs[@]}" --scenario "$root/scenarios/peterborough.toml" --trials "$TRIALS" --seed "$SEED" --format json
for kind in contract scenario observed; do case_ "schema-$kind" schema "$kind"; done

# Absolute paths of this checkout and of the scratch folder do not belong in the outputs.
for f in "$out"/*; do
  sed -i "s|$work|<tmp>|g; s|$root|<root>|g" "$f"
done

if [ "$mode" = record ]; then
  rm -rf "$store"
  mkdir -p "$store"
  cp "$out"/* "$store"/
  echo "behaviour: recorded $(ls "$store" | wc -l) files in scripts/behaviour/"
  exit 0
fi

python3 - "$store" "$out" <<'PY'
import json, os, re, sys
store, out = sys.argv[1], sys.argv[2]

NUMBER = re.compile(r"-?\d[\d,.]*%?")

def numbers(text):
    return NUMBER.findall(text)

def warning(w, codes):
    # A warning compares by its code and the figures in its message, in order: the
    # wording around them may change. Warnings written before they had codes (plain
    # strings) compare by their figures only.
    if isinstance(w, dict):
        return [w.get("code") if codes else None, numbers(w.get("message", ""))]
    return [None, numbers(str(w))]

def drop_wording(v, codes):
    if isinstance(v, dict):
        return {k: ([warning(w, codes) for w in x] if k == "warnings" and isinstance(x, list)
                    else drop_wording(x, codes)) for k, x in v.items()}
    if isinstance(v, list):
        return [drop_wording(x, codes) for x in v]
    return v

def normalise(text, codes):
    try:
        return json.dumps(drop_wording(json.loads(text), codes), indent=1)
    except ValueError:
        pass
    # Tables and standard error: a block from a line starting with "warning" (any case,
    # after indentation) to the next blank line keeps only its figures.
    keep, block = [], None
    for line in text.splitlines():
        if block is None and re.match(r"^\s*warning", line, re.I):
            block = [line]
            continue
        if block is not None:
            if line.strip() == "":
                keep.append("warnings: " + " ".join(numbers(" ".join(block))))
                block = None
                keep.append(line)
            else:
                block.append(line)
            continue
        keep.append(line)
    if block is not None:
        keep.append("warnings: " + " ".join(numbers(" ".join(block))))
    return "\n".join(keep)

def has_codes(text):
    return not re.search(r'"warnings":\s*\[\s*"', text)

names = sorted(set(os.listdir(store)) | set(os.listdir(out)))
bad = 0
for n in names:
    a, b = os.path.join(store, n), os.path.join(out, n)
    if not (os.path.exists(a) and os.path.exists(b)):
        print(f"{n}: only in {'the stored outputs' if os.path.exists(a) else 'this run'}")
        bad += 1
        continue
    ta, tb = open(a, encoding="utf-8").read(), open(b, encoding="utf-8").read()
    codes = has_codes(ta) and has_codes(tb)
    if ta != tb and normalise(ta, codes) != normalise(tb, codes):
        print(f"{n}: differs (diff scripts/behaviour/{n} target/behaviour/{n})")
        bad += 1
print(f"behaviour: {len(names) - bad} same, {bad} differ")
sys.exit(1 if bad else 0)
PY
