#!/usr/bin/env python3
"""Speed and memory of sibyl, measured side by side in one session.

    cargo build --release
    python3 scripts/speed.py                      # everything below, about 10 minutes
    python3 scripts/speed.py --only examples      # one part: floor, examples, scaling, memory

Parts:
- floor: the draw-only floor (../shared/bench/drawlimit, built if its Cargo.toml is
  there), sibyl on ref-3c at 1 and 2 threads, the NumPy peers of ref-3c and ref-deal
  (../shared/bench/peer_numpy.py, benches/ref-deal/peer_numpy.py; numpy must be
  installed) and the twin's draws alone (`--draws-only`), alternating, `--rounds` times;
  the medians and their ratios.
- examples: every contract in contracts/ with its scenario, and the two reference models,
  on one thread: trials per CPU-second, and the cost of a trial per cohort-metric (each
  metric counted once per cohort it measures) relative to ref-3c's.
- scaling: ref-3c with more trials, cohorts, metrics and periods (variants written to a
  temporary folder), CPU seconds of each, and the cost per unit relative to the smallest.
- memory: peak resident memory at `--memory-trials` (default 10^7) for every example.

Examples and scaling are timed in CPU seconds of the child process (user + system, from
wait4), so a busy machine slows them less than wall-clock time. Against the floor and the
peers, sibyl on ref-3c is timed by the wall clock (start-up and summary included, to show
thread scaling) while the floor and the peers report their own timers; ref-deal and its
twin are compared per CPU-second. The peers run with their BLAS on one thread. Prints Markdown tables; `--json FILE` also writes the raw figures.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

# The NumPy peers on one core, like sibyl's `--threads 1`: a BLAS library may otherwise run
# their matrix products on a second thread, which a per-CPU-second figure would then charge
# them for without their own timer showing it.
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "bench"
REF = ROOT / "benches" / "ref-3c"
DEAL = ROOT / "benches" / "ref-deal"


def measure(cmd, cwd=ROOT):
    """Runs `cmd`; returns (wall s, CPU s, peak RSS MiB, stdout)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        err = errors.read().decode()
        out.seek(0)
        text = out.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text


def sibyl_run(sibyl, contract, scenario, trials, threads=1):
    return measure(
        [sibyl, "run", str(contract), "-s", str(scenario), "-n", str(trials),
         "--threads", str(threads), "--format", "json"]
    )


def examples():
    """(name, contract, scenario) of every example and reference model."""
    out = []
    for c in sorted((ROOT / "contracts").glob("*.toml")):
        s = ROOT / "scenarios" / c.name
        if not s.exists():
            s = ROOT / "scenarios" / (c.stem.split("-")[0] + ".toml")
        out.append((c.stem, c, s))
    out.append(("ref-3c", REF / "contract.toml", REF / "scenario.toml"))
    if (DEAL / "contract.toml").exists():
        out.append(("ref-deal", DEAL / "contract.toml", DEAL / "scenario.toml"))
    return out


def cohort_metrics(contract):
    """Each metric counted once per cohort it measures (every cohort unless it lists its own)."""
    c = tomllib.loads(Path(contract).read_text())
    cohorts = len(c.get("cohorts", {})) or 1
    total = 0
    for m in c.get("metrics", {}).values():
        total += len(m.get("cohorts", [])) or cohorts
    return max(total, 1)


def median(xs):
    return statistics.median(xs)


def part_floor(args, sibyl, report):
    drawlimit = SHARED / "drawlimit"
    floor_bin = drawlimit / "target" / "release" / "drawlimit"
    if (drawlimit / "Cargo.toml").exists() and not floor_bin.exists():
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=drawlimit, check=True)
    rows = {k: [] for k in ["floor1", "floor2", "sibyl1", "sibyl2", "peer", "deal1", "twin",
                            "twin_cpu", "twin_draws_cpu"]}
    n = args.floor_trials
    for _ in range(args.rounds):
        if floor_bin.exists():
            f = json.loads(measure([floor_bin, str(4 * n)])[3])
            rows["floor1"].append(f["per_s_1thread"])
            rows["floor2"].append(f["per_s_all"])
        for t in (1, 2):
            wall, _, _, _ = sibyl_run(sibyl, REF / "contract.toml", REF / "scenario.toml", n, t)
            rows[f"sibyl{t}"].append(n / wall)
        if (SHARED / "peer_numpy.py").exists():
            p = json.loads(measure([sys.executable, SHARED / "peer_numpy.py", "--trials", str(n),
                                    "--seed", "1"])[3])
            rows["peer"].append(p["trials_per_second"])
        if (DEAL / "peer_numpy.py").exists():
            _, cpu, _, _ = sibyl_run(sibyl, DEAL / "contract.toml", DEAL / "scenario.toml", n, 1)
            rows["deal1"].append(n / cpu)
            _, cpu, _, text = measure([sys.executable, DEAL / "peer_numpy.py", "--trials", str(n),
                                       "--seed", "1"])
            rows["twin"].append(json.loads(text)["trials_per_second"])
            rows["twin_cpu"].append(n / cpu)
            _, cpu, _, _ = measure([sys.executable, DEAL / "peer_numpy.py", "--trials", str(n),
                                    "--seed", "1", "--draws-only"])
            rows["twin_draws_cpu"].append(n / cpu)
    med = {k: median(v) for k, v in rows.items() if v}
    report["floor"] = {"trials": n, "rounds": args.rounds, "runs": rows, "median": med}
    print(f"\n### Against the floor and the NumPy peers ({n:,} trials, medians of "
          f"{args.rounds} alternating rounds)\n")
    print("| measure | trials/s |\n| --- | --- |")
    names = {
        "floor1": "draw-only floor, 1 thread", "floor2": "draw-only floor, 2 threads",
        "sibyl1": "sibyl ref-3c, `--threads 1` (wall)", "sibyl2": "sibyl ref-3c, `--threads 2` (wall)",
        "peer": "NumPy peer of ref-3c (its timer)", "deal1": "sibyl ref-deal, 1 thread (per CPU-second)",
        "twin": "NumPy twin of ref-deal (its timer)", "twin_cpu": "NumPy twin of ref-deal (per CPU-second)",
        "twin_draws_cpu": "NumPy twin of ref-deal, its draws alone (per CPU-second, start-up included)",
    }
    for k, v in med.items():
        print(f"| {names[k]} | {v:,.0f} |")
    ratios = []
    if "floor2" in med:
        ratios.append(("sibyl / floor, 2 threads", med["sibyl2"] / med["floor2"]))
        ratios.append(("sibyl / floor, 1 thread", med["sibyl1"] / med["floor1"]))
    if "peer" in med:
        ratios.append(("sibyl 1 thread / NumPy peer", med["sibyl1"] / med["peer"]))
    ratios.append(("thread scaling (2 / 1)", med["sibyl2"] / med["sibyl1"]))
    if "twin_cpu" in med:
        ratios.append(("sibyl ref-deal / NumPy twin, per CPU-second", med["deal1"] / med["twin_cpu"]))
        # What the target of 8 times the twin asks, against what the draws alone allow.
        ratios.append(("8 times the twin / the twin's draws alone (above 1: faster than its draws)",
                       8 * med["twin_cpu"] / med["twin_draws_cpu"]))
    print("\n| ratio | value |\n| --- | --- |")
    for name, v in ratios:
        print(f"| {name} | {v:.2f} |")
    report["floor"]["ratios"] = dict(ratios)


def part_examples(args, sibyl, report):
    n = args.trials
    rows = []
    for name, c, s in examples():
        cpus = [sibyl_run(sibyl, c, s, n)[1] for _ in range(args.rounds)]
        cpu = median(cpus)
        rows.append((name, cohort_metrics(c), n / cpu, cpu / n / cohort_metrics(c)))
    ref = next(r for r in rows if r[0] == "ref-3c")[3]
    report["examples"] = [
        {"example": r[0], "cohort_metrics": r[1], "trials_per_cpu_s": r[2],
         "cost_per_cohort_metric_vs_ref_3c": r[3] / ref} for r in rows
    ]
    print(f"\n### Every example, 1 thread, {n:,} trials (median of {args.rounds})\n")
    print("| example | cohort-metrics | trials per CPU-second | cost per trial per cohort-metric, ref-3c = 1 |")
    print("| --- | --- | --- | --- |")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]:,.0f} | {r[3] / ref:.2f} |")


def variant(base_c, base_s, cohorts=3, metrics=1, stretch=1):
    """ref-3c with `cohorts` cohorts of 1,000, `metrics` copies of its metric (each with its
    two rules), and every period `stretch` times longer (horizon, enrolment, measurement)."""
    # Keep the deal, parties, costs, caps and tranche; drop the cohorts, metric and rules.
    head, rest = base_c.split("# Three cohorts", 1)
    costs = rest[rest.index("# The investors'"):rest.index("[metrics.reconviction]")]
    tail = rest[rest.index("[caps]"):]
    c = head + costs + tail
    c = c.replace("horizon = 15", f"horizon = {15 * stretch}")
    parts = [c.rstrip() + "\n"]
    for k in range(cohorts):
        start = (8 * k // max(cohorts - 1, 1)) * stretch
        parts.append(f"\n[cohorts.c{k + 1}]\ntarget = 1000\nenrol_from = {start}\n")
    s = base_s
    for j in range(metrics):
        m = "reconviction" if j == 0 else f"reconviction{j + 1}"
        parts.append(
            f"\n[metrics.{m}]\nkind = \"binary\"\ndirection = \"reduce\"\n"
            f"measured_at = {6 * stretch}\nmeasurement = \"comparison\"\ncomparison_size = 10000\n"
            f"\n[rules.cohort_{j}]\ntype = \"threshold\"\nmetric = \"{m}\"\nthreshold = 0.10\n"
            f"price = {50_000 // metrics}\n"
            f"\n[rules.pooled_{j}]\ntype = \"threshold\"\nmetric = \"{m}\"\nscope = \"pooled\"\n"
            f"threshold = 0.075\nprice = {50_000 // metrics}\nunless_paid_by = [\"cohort_{j}\"]\n"
        )
        if j > 0:
            s += f"\n[metrics.{m}]\nbaseline = \"p0\"\neffect = \"d\"\n"
    return "".join(parts), s


def part_scaling(args, sibyl, report):
    base_c = (REF / "contract.toml").read_text()
    base_s = (REF / "scenario.toml").read_text()
    n = args.trials
    axes = [
        ("trials", [(f"{m * n:,}", dict(), m * n) for m in (1, 2, 4, 8)]),
        ("cohorts", [(str(k), dict(cohorts=k), n) for k in (3, 6, 12, 24)]),
        ("metrics", [(str(j), dict(metrics=j), n) for j in (1, 2, 4, 8)]),
        ("periods", [(str(15 * f), dict(stretch=f), n) for f in (1, 2, 4, 8)]),
    ]
    out = {}
    print(f"\n### Cost as the model grows (ref-3c and variants, 1 thread, CPU seconds, "
          f"median of {args.rounds})\n")
    print("| axis | value | trials | CPU s | CPU s per 10^6 trials | fitted line | off the line |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for axis, points in axes:
            rows = []
            for label, kw, trials in points:
                c, s = variant(base_c, base_s, **kw)
                cp, sp = Path(tmp) / f"{axis}-{label}.toml", Path(tmp) / f"{axis}-{label}-s.toml"
                cp.write_text(c)
                sp.write_text(s)
                cpu = median([sibyl_run(sibyl, cp, sp, trials)[1] for _ in range(args.rounds)])
                rows.append((label, float(label.replace(",", "")), trials, cpu))
            # Least squares: CPU = a + b * units (a fixed part and a part per unit).
            xs, ys = [r[1] for r in rows], [r[3] for r in rows]
            mx, my = statistics.fmean(xs), statistics.fmean(ys)
            b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
            a = my - b * mx
            if axis == "trials":
                line = f"{a:.3f} s + {b * 1e6:.2f} µs a trial"
            else:
                per = 1e6 / rows[0][2]
                line = f"{a * per:.2f} µs + {b * per:.2f} µs per {axis[:-1]}, a trial"
            for i, (label, x, trials, cpu) in enumerate(rows):
                off = (cpu - (a + b * x)) / cpu
                print(f"| {axis} | {label} | {trials:,} | {cpu:.2f} | {cpu / trials * 1e6:.2f} | "
                      f"{line if i == 0 else ''} | {off:+.1%} |")
            out[axis] = {"points": [dict(zip(["value", "units", "trials", "cpu_s"], r)) for r in rows],
                         "fixed_s": a, "per_unit_s": b}
    report["scaling"] = out


def part_memory(args, sibyl, report):
    n = args.memory_trials
    rows = []
    print(f"\n### Peak memory at {n:,} trials (every core)\n")
    print("| example | peak RSS, MiB | wall s |\n| --- | --- | --- |")
    for name, c, s in examples():
        wall, _, rss, _ = measure([sibyl, "run", str(c), "-s", str(s), "-n", str(n),
                                   "--format", "json"])
        rows.append({"example": name, "peak_rss_mib": rss, "wall_s": wall})
        print(f"| {name} | {rss:.1f} | {wall:.1f} |", flush=True)
    report["memory"] = {"trials": n, "rows": rows}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sibyl", default=str(ROOT / "target" / "release" / "sibyl"))
    ap.add_argument("--only", choices=["floor", "examples", "scaling", "memory"], action="append")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--trials", type=int, default=200_000, help="examples and scaling")
    ap.add_argument("--floor-trials", type=int, default=1_000_000)
    ap.add_argument("--memory-trials", type=int, default=10_000_000)
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    sibyl = args.sibyl
    if not Path(sibyl).exists():
        sys.exit(f"no {sibyl}: run `cargo build --release` first")
    parts = args.only or ["floor", "examples", "scaling", "memory"]
    report = {"sibyl": sibyl, "cpus": os.cpu_count()}
    for part in parts:
        globals()[f"part_{part}"](args, sibyl, report)
        sys.stdout.flush()
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
