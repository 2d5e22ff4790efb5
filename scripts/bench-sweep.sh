#!/usr/bin/env bash
# A 200-point sweep of the reference model (benches/ref-3c) against 200 separate
# `sibyl run` calls on the same points and trials, timed side by side; then checks that
# every point's figures are the run's, bit for bit.
#
#   cargo build --release && bash scripts/bench-sweep.sh            # 20,000 trials a point
#   N=100000 bash scripts/bench-sweep.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIBYL=${SIBYL:-$PWD/target/release/sibyl}
N=${N:-20000}
C=benches/ref-3c/contract.toml
S=benches/ref-3c/scenario.toml
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
SETS=(--set rules.pooled.threshold=0.05:0.1:20 --set rules.cohort.threshold=0.08:0.12:10)

# Wall-clock, user and system seconds of a command.
TIMEFORMAT='%R %U %S'
timed() { { time "$@" > /dev/null 2>&1; } 2>&1; }

sweep=$(timed "$SIBYL" sweep "$C" -s "$S" "${SETS[@]}" -n "$N" --out "$W/sweep")
# Its JSON for the check below: the same command again resumes, running nothing.
"$SIBYL" sweep "$C" -s "$S" "${SETS[@]}" -n "$N" --out "$W/sweep" --format json > "$W/sweep.json" 2>/dev/null

# The same 200 points as contract files: each threshold line set to the sweep's value.
mkdir -p "$W/points"
tail -n +2 "$W/sweep/summary.csv" | while IFS=, read -r point _ _ pooled cohort _; do
  awk -v pooled="$pooled" -v cohort="$cohort" '
    /^\[/ { table = $0 }
    table == "[rules.pooled]" && /^threshold *=/ { print "threshold = " pooled; next }
    table == "[rules.cohort]" && /^threshold *=/ { print "threshold = " cohort; next }
    { print }' "$C" > "$W/points/$point.toml"
done
count=$(ls "$W/points" | wc -l)

runs_all() {
  for i in $(seq 0 $((count - 1))); do
    "$SIBYL" run "$W/points/$i.toml" -s "$S" -n "$N" --format json > "$W/points/$i.json"
  done
}
# Each run's JSON is kept for the check below.
runs=$(timed runs_all)

read -r sw_real sw_user sw_sys <<< "$sweep"
read -r r_real r_user r_sys <<< "$runs"
printf 'points: %d, trials a point: %d, load average: %s\n' "$count" "$N" "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
printf '%-10s %8s %8s %8s\n' "" wall user sys
printf '%-10s %8.2f %8.2f %8.2f\n' sweep "$sw_real" "$sw_user" "$sw_sys"
printf '%-10s %8.2f %8.2f %8.2f\n' "$count runs" "$r_real" "$r_user" "$r_sys"
printf 'ratio runs/sweep: wall %.2f, cpu %.2f\n' "$(echo "$r_real / $sw_real" | bc -l)" \
  "$(echo "($r_user + $r_sys) / ($sw_user + $sw_sys)" | bc -l)"

# Every point's metrics, probabilities and estimates equal its run's.
python3 - "$W" "$count" <<'PY'
import json, sys
w, n = sys.argv[1], int(sys.argv[2])
sweep = json.load(open(f"{w}/sweep.json"))["points"]
keys = ["n", "mean", "se", "sd", "min", "p05", "p25", "p50", "p75", "p95", "max", "cvar05"]
for i in range(n):
    run = json.load(open(f"{w}/points/{i}.json"))
    p = sweep[i]
    for name, s in run["metrics"].items():
        assert all(p["metrics"][name][k] == s[k] for k in keys), (i, name)
    for name, s in run["probabilities"].items():
        assert p["probabilities"][name] == {"p": s["p"], "se": s["se"]}, (i, name)
    for name, s in run["estimates"].items():
        assert p["estimates"][name]["value"] == s["value"], (i, name)
print(f"all {n} points equal their runs")
PY
