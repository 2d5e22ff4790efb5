#!/usr/bin/env python3
"""Checks a workbook of `sibyl report` against the summary of the same run.

    python3 tests/workbook_check.py WORKBOOK SUMMARY_JSON [--trials-csv TRIALS_CSV]

SUMMARY_JSON is `sibyl run CONTRACT --scenario FILE --trials N --seed S --format json`
with the report's inputs, trials and seed (the report's run is the same run). The check:

- the key figures are the workbook's first sheet: a table whose header row is frozen (the
  panes freeze below it) and whose first column holds each figure's stable dotted name;
- every metric, probability and estimate of the summary has exactly one row and the sheet
  has no other; its cells, by position (src/report/workbook.rs, SUMMARY_COLUMNS: name,
  figure, kind, mean, se, p05, p50, p95, cvar05, n), equal the summary's: a metric's mean,
  se, p05, p50, p95, cvar05 and n, a probability's p and se (in the mean and se columns),
  an estimate's value, se and n, to a relative 1e-12;
- a figure the summary leaves undefined (null) is an empty cell or a word, never a
  number; a defined one is a number, never text.

With --trials-csv (trials.csv of `sibyl run --out DIR --per-trial`, same inputs, trials
and seed), the workbook must have a sheet whose frozen header row is trials.csv's header,
with exactly its rows and the same numbers (an empty field is an empty cell).

Exits 0 and prints a line when everything holds; otherwise prints every problem found (up
to a limit) and exits 1. Needs openpyxl.
"""

import argparse
import csv
import json
import math
import re
import sys

try:
    import openpyxl
except ImportError:  # pragma: no cover - the Rust test reports it
    print("workbook_check: openpyxl is not installed (pip install openpyxl)", file=sys.stderr)
    sys.exit(3)

# Column positions of the key figures (0-based), as src/report/workbook.rs writes them.
NAME, FIGURE, KIND, MEAN, SE, P05, P50, P95, CVAR05, N = range(10)
WIDTH = 10
RELATIVE = 1e-12
MAX_PROBLEMS = 40


class Problems:
    def __init__(self):
        self.items = []

    def add(self, text):
        self.items.append(text)

    def __bool__(self):
        return bool(self.items)


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def close(a, b):
    if a == b:
        return True
    if not (math.isfinite(a) and math.isfinite(b)):
        return False
    return abs(a - b) <= RELATIVE * max(abs(a), abs(b))


def frozen_row(ws):
    """The first row below the frozen panes (1-based), or None if nothing is frozen."""
    top_left = ws.freeze_panes
    if not top_left:
        return None
    match = re.fullmatch(r"[A-Z]+(\d+)", top_left)
    return int(match.group(1)) if match else None


def compare(problems, where, cell, expected):
    """One figure: `expected` from JSON (a number or None), `cell` from the sheet."""
    if expected is None:
        if is_number(cell):
            problems.add(f"{where}: undefined in summary.json, but the cell holds the number {cell!r}")
        return
    if not is_number(cell):
        problems.add(f"{where}: expected the number {expected!r}, the cell holds {cell!r} ({type(cell).__name__})")
        return
    if not close(float(cell), float(expected)):
        problems.add(f"{where}: {cell!r} in the workbook, {expected!r} in summary.json")


def check_summary(wb, summary, problems):
    ws = wb.worksheets[0]
    expected = {}
    for name, m in summary["metrics"].items():
        expected[name] = ("metric", m)
    for name, p in summary["probabilities"].items():
        expected[name] = ("probability", p)
    for name, e in summary["estimates"].items():
        expected[name] = ("estimate", e)
    rows = [list(r) + [None] * (WIDTH - len(r)) for r in ws.iter_rows(values_only=True)]
    # The header is the row above the first row whose first cell is a summary name.
    header = None
    for i in range(1, len(rows)):
        if isinstance(rows[i][NAME], str) and rows[i][NAME] in expected:
            header = i - 1
            break
    if header is None:
        problems.add(f"sheet '{ws.title}': no row names a figure of summary.json in its first column")
        return 0
    heads = rows[header][:WIDTH]
    if not all(isinstance(h, str) and h.strip() for h in heads):
        problems.add(f"sheet '{ws.title}': the header row {header + 1} is not {WIDTH} texts: {heads!r}")
    below = frozen_row(ws)
    if below != header + 2:
        problems.add(
            f"sheet '{ws.title}': the header is row {header + 1}, so the panes should freeze "
            f"from row {header + 2}; they freeze at {ws.freeze_panes!r}"
        )
    seen = {}
    for i in range(header + 1, len(rows)):
        row = rows[i]
        name = row[NAME]
        if name is None:
            break
        where = f"sheet '{ws.title}' row {i + 1} ({name})"
        if not isinstance(name, str):
            problems.add(f"{where}: the name is not text")
            continue
        if name in seen:
            problems.add(f"{where}: listed twice (first in row {seen[name]})")
            continue
        seen[name] = i + 1
        if name not in expected:
            problems.add(f"{where}: not a figure of summary.json")
            continue
        if not isinstance(row[FIGURE], str) or not row[FIGURE].strip():
            problems.add(f"{where}: no label")
        kind, v = expected[name]
        if kind == "metric":
            for col, key in [(MEAN, "mean"), (SE, "se"), (P05, "p05"), (P50, "p50"),
                             (P95, "p95"), (CVAR05, "cvar05")]:
                compare(problems, f"{where} {key}", row[col], v[key])
            if row[N] != v["n"] or not is_number(row[N]):
                problems.add(f"{where} n: {row[N]!r} in the workbook, {v['n']!r} in summary.json")
        elif kind == "probability":
            compare(problems, f"{where} p", row[MEAN], v["p"])
            compare(problems, f"{where} se", row[SE], v["se"])
            for col in (P05, P50, P95, CVAR05, N):
                if row[col] is not None:
                    problems.add(f"{where}: a probability has no column {col + 1}, yet it holds {row[col]!r}")
        else:
            compare(problems, f"{where} value", row[MEAN], v["value"])
            compare(problems, f"{where} se", row[SE], v["se"])
            if row[N] != v["n"] or not is_number(row[N]):
                problems.add(f"{where} n: {row[N]!r} in the workbook, {v['n']!r} in summary.json")
    for name in expected:
        if name not in seen:
            problems.add(f"sheet '{ws.title}': no row for {name}")
    return len(seen)


def check_trials(wb, path, problems):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        lines = list(reader)
    sheets = [ws for ws in wb.worksheets if ws.cell(row=1, column=1).value == header[0]]
    if not sheets:
        problems.add(f"no sheet's first cell is {header[0]!r}, the first column of {path}")
        return 0
    ws = sheets[0]
    rows = list(ws.iter_rows(values_only=True))
    got = [h for h in rows[0]]
    while got and got[-1] is None:
        got.pop()
    if got != header:
        missing = [h for h in header if h not in got]
        extra = [h for h in got if h not in header]
        problems.add(
            f"sheet '{ws.title}': its header is not trials.csv's "
            f"({len(got)} columns, {len(header)} expected; missing {missing[:5]}, extra {extra[:5]})"
        )
        return 0
    if frozen_row(ws) != 2:
        problems.add(f"sheet '{ws.title}': the header row is not frozen ({ws.freeze_panes!r})")
    data = rows[1:]
    if len(data) != len(lines):
        problems.add(f"sheet '{ws.title}': {len(data)} rows of trials, trials.csv has {len(lines)}")
    for i, (row, line) in enumerate(zip(data, lines)):
        row = list(row) + [None] * (len(header) - len(row))
        for j, (cell, field) in enumerate(zip(row, line)):
            where = f"sheet '{ws.title}' row {i + 2} {header[j]}"
            if field == "":
                if cell is not None:
                    problems.add(f"{where}: empty in trials.csv, {cell!r} in the workbook")
            else:
                compare(problems, where, cell, float(field))
            if len(problems.items) > MAX_PROBLEMS:
                return len(data)
    return len(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook")
    parser.add_argument("summary_json")
    parser.add_argument("--trials-csv")
    args = parser.parse_args()
    with open(args.summary_json) as f:
        summary = json.load(f)
    try:
        wb = openpyxl.load_workbook(args.workbook)
    except Exception as e:  # noqa: BLE001 - any failure to open is the finding
        print(f"workbook_check: {args.workbook} does not open: {e}", file=sys.stderr)
        return 1
    problems = Problems()
    for ws in wb.worksheets:
        if len(ws.title) > 31 or any(ch in ws.title for ch in "[]:*?/\\"):
            problems.add(f"sheet name {ws.title!r} is not one Excel takes")
    figures = check_summary(wb, summary, problems)
    trials = check_trials(wb, args.trials_csv, problems) if args.trials_csv else None
    if problems:
        print(f"workbook_check: {args.workbook} does not match {args.summary_json}:", file=sys.stderr)
        for p in problems.items[:MAX_PROBLEMS]:
            print(f"  - {p}", file=sys.stderr)
        if len(problems.items) > MAX_PROBLEMS:
            print(f"  ... and {len(problems.items) - MAX_PROBLEMS} more", file=sys.stderr)
        return 1
    line = f"workbook_check: ok: {figures} key figures of {args.workbook} equal {args.summary_json}"
    if trials is not None:
        line += f"; {trials} rows of trials equal {args.trials_csv}"
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
