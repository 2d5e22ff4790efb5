#!/usr/bin/env python3
"""Independent NumPy implementation of the `ref-deal` model (benches/ref-deal/README.md).

Written from the specification, vectorised over trials in chunks (arrays over trials;
loops only over cohorts, payment events and quarters), so it is a fair peer for speed
and a second opinion for the engine's statistics.

usage: peer_numpy.py [--trials N] [--seed S] [--chunk C] [--draws-only]
prints one JSON object: the statistics, the trial count and trials per second; with
--draws-only, only the trials per second of its random draws alone (the twin's own
draw-only floor, what any implementation with these samplers spends before settling).
"""
import argparse
import json
import math
import time

import numpy as np

QUARTERS = 20
COHORTS = 6
TARGET = 500
COST_PER_PARTICIPANT = 3_000.0
SETUP = 500_000.0
COMPARISON_SIZE = 2000
OFF_BASELINE = 1.5  # the contract's historical baseline, offences per participant

# Rules' prices, thresholds and caps (README: payment rules; caps and their order).
ENGAGE_PRICE, ENGAGE_CAP_PER_COHORT = 800.0, 260_000.0
JOBS_PRICE, EMPLOYMENT_CAP = 36_000.0, 7_000_000.0
OFF_PRICE, OFF_THRESHOLD = 14_000.0, 0.05
DEAL_CAP = 13_500_000.0
CAP_EPS = 1e-9

SENIOR, JUNIOR = 6_000_000.0, 4_500_000.0
COMMITTED = SENIOR + JUNIOR
R_SENIOR = 1.05 ** 0.25 - 1.0
R_JUNIOR = 1.10 ** 0.25 - 1.0
GUARANTEE_LIMIT = 1_500_000.0
PAYER_Q = 1.035 ** 0.25 - 1.0

CORR = np.array([
    [1.0, 0.0, 0.3, 0.0, 0.2, 0.3, -0.4, 0.0],
    [0.0, 1.0, 0.0, -0.3, 0.0, 0.0, 0.0, 0.0],
    [0.3, 0.0, 1.0, 0.0, 0.5, 0.0, -0.2, 0.0],
    [0.0, -0.3, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0],
    [0.2, 0.0, 0.5, 0.0, 1.0, 0.0, -0.2, 0.0],
    [0.3, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.2],
    [-0.4, 0.0, -0.2, 0.0, -0.2, 0.0, 1.0, 0.0],
    [0.0, 0.0, 0.0, 0.0, 0.0, 0.2, 0.0, 1.0],
])
CHOL = np.linalg.cholesky(CORR)


def logit(p):
    return math.log(p / (1.0 - p))


def logistic(x):
    return 1.0 / (1.0 + np.exp(-x))


def draw(rng, n):
    """Every random draw of one chunk of n trials (the assumptions, enrolment, drop-out and
    outcomes), in the order `simulate` makes them, and what follows from them directly."""
    z = rng.standard_normal((n, 8)) @ CHOL.T
    engage_rate = logistic(logit(0.70) + 0.30 * z[:, 0])
    emp_base = logistic(logit(0.25) + 0.20 * z[:, 1])
    emp_effect = 0.25 + 0.12 * z[:, 2]
    off_base = 1.5 + 0.10 * z[:, 3]
    off_effect = 0.10 + 0.06 * z[:, 4]
    referrals = 1.05 + 0.10 * z[:, 5]
    dropout = np.clip(logistic(logit(0.15) + 0.30 * z[:, 6]), 0.0, 1.0)
    overrun = np.clip(0.05 + 0.08 * z[:, 7], -1.0, 5.0)

    # Enrolment and drop-out, per cohort.
    lam = np.maximum(referrals, 0.0) * TARGET
    referred = rng.poisson(lam[:, None], size=(n, COHORTS))
    enrolled = np.minimum(referred, TARGET)
    stayed = rng.binomial(enrolled, (1.0 - dropout)[:, None]).astype(np.float64)

    # Outcomes.
    engaged = rng.binomial(stayed.astype(np.int64), np.clip(engage_rate, 0, 1)[:, None])
    p_treated = np.clip(emp_base * (1.0 + emp_effect), 0.0, 1.0)
    employed = rng.binomial(stayed.astype(np.int64), p_treated[:, None]).astype(np.float64)
    comparison = rng.binomial(COMPARISON_SIZE, emp_base[:, None], size=(n, COHORTS))
    lam_treated = np.maximum(np.maximum(off_base, 0.0) * (1.0 - off_effect), 0.0)
    offences = rng.poisson(stayed * lam_treated[:, None]).astype(np.float64)
    return enrolled, stayed, engaged, employed, comparison, offences, overrun


def simulate(rng, n):
    """One chunk of n trials: per-trial flows of both loans, payer payments, cap flags."""
    enrolled, stayed, engaged, employed, comparison, offences, overrun = draw(rng, n)

    # Gross payments per cohort, before caps.
    engage_gross = ENGAGE_PRICE * engaged
    jobs_gross = JOBS_PRICE * np.maximum(
        0.0, employed - stayed * comparison / COMPARISON_SIZE)
    avoided = OFF_BASELINE * stayed - offences
    with np.errstate(divide="ignore", invalid="ignore"):
        effect = np.where(stayed > 0, avoided / (OFF_BASELINE * stayed), 0.0)
    off_gross = np.where(effect >= OFF_THRESHOLD, OFF_PRICE * np.maximum(avoided, 0.0), 0.0)

    # Payment events (quarter, rule, cohort) in settlement order: by quarter, then engage
    # (rule 0, at enrolment + 6), jobs (1, + 8), offences (2, + 12).
    events = []
    for k in range(COHORTS):
        events.append((k + 6, 0, k))
        events.append((k + 8, 1, k))
        events.append((k + 12, 2, k))
    events.sort()
    dept = np.zeros((n, QUARTERS))
    council = np.zeros((n, QUARTERS))
    deal_paid = np.zeros(n)
    emp_paid = np.zeros(n)
    binds_engage = np.zeros(n, bool)
    binds_emp = np.zeros(n, bool)
    binds_deal = np.zeros(n, bool)

    def cut(a, room, flag):
        over = a > room + CAP_EPS
        flag |= over
        return np.where(over, np.maximum(room, 0.0), a)

    # A zero payment cuts nothing (every room is at least 0), so no cap binds on it.
    for t, rule, k in events:
        if rule == 0:
            a = cut(engage_gross[:, k], ENGAGE_CAP_PER_COHORT, binds_engage)
        elif rule == 1:
            a = cut(jobs_gross[:, k], EMPLOYMENT_CAP - emp_paid, binds_emp)
        else:
            a = off_gross[:, k]
        a = cut(a, DEAL_CAP - deal_paid, binds_deal)
        deal_paid += a
        if rule == 0:
            council[:, t] += a
        else:
            dept[:, t] += a
            if rule == 1:
                emp_paid += a

    # Costs, capital drawn pro rata as they fall due (quarters 0..5).
    cost = np.zeros((n, QUARTERS))
    cost[:, :COHORTS] = enrolled * COST_PER_PARTICIPANT
    cost[:, 0] += SETUP
    cost *= (1.0 + overrun)[:, None]
    drawn = np.zeros(n)
    take = np.zeros((n, QUARTERS))
    for t in range(COHORTS):
        undrawn = COMMITTED - drawn
        x = np.where(undrawn > 1e-9, np.minimum(cost[:, t], undrawn), 0.0)
        take[:, t] = x
        drawn += x
    draws_s = take * (SENIOR / COMMITTED)
    draws_j = take * (JUNIOR / COMMITTED)

    # Waterfall, quarter by quarter: accrue, draw, then receipts senior first.
    receipts = dept + council
    bal_s = np.zeros(n)
    bal_j = np.zeros(n)
    rec_s = np.zeros((n, QUARTERS))
    rec_j = np.zeros((n, QUARTERS))
    for t in range(QUARTERS):
        bal_s = bal_s * (1.0 + R_SENIOR) + draws_s[:, t]
        bal_j = bal_j * (1.0 + R_JUNIOR) + draws_j[:, t]
        x = receipts[:, t]
        to_s = np.minimum(x, bal_s)
        bal_s -= to_s
        to_j = np.minimum(x - to_s, bal_j)
        bal_j -= to_j
        rec_s[:, t] = to_s
        rec_j[:, t] = to_j

    # First-loss guarantee on the junior loan, in the last quarter.
    drawn_j = draws_j.sum(1)
    guarantee = np.minimum(np.maximum(drawn_j - rec_j.sum(1), 0.0), GUARANTEE_LIMIT)
    rec_j[:, -1] += guarantee

    return {
        "cf_s": rec_s - draws_s, "cf_j": rec_j - draws_j,
        "drawn_s": draws_s.sum(1), "drawn_j": drawn_j,
        "received_s": rec_s.sum(1), "received_j": rec_j.sum(1),
        "dept": dept, "council": council, "guarantee": guarantee,
        "binds_engage": binds_engage, "binds_emp": binds_emp, "binds_deal": binds_deal,
    }


def npv_and_slope(cf, r):
    """NPV of quarterly flows at rate r per quarter and its derivative in r (Horner in
    x = 1 / (1 + r))."""
    x = 1.0 / (1.0 + r)
    f = np.zeros_like(r)
    df = np.zeros_like(r)
    for t in range(cf.shape[1] - 1, -1, -1):
        df = df * x + f
        f = f * x + cf[:, t]
    return f, -df * x * x


def irr(cf):
    """Annualised IRR of quarterly flows with one sign change (draws, then receipts);
    -1 where nothing positive comes back. Newton on the quarterly rate from the rate the
    multiple implies over the mean times of flows out and in; bisection for stragglers."""
    t = np.arange(cf.shape[1], dtype=np.float64)
    scale = np.abs(cf).max(1)
    inflow = np.clip(cf, 0.0, None)
    outflow = np.clip(-cf, 0.0, None)
    total_in, total_out = inflow.sum(1), outflow.sum(1)
    total_loss = ~np.any(cf > (1e-12 * np.maximum(scale, 1.0))[:, None], axis=1)
    ok = ~total_loss
    with np.errstate(divide="ignore", invalid="ignore"):
        span = (inflow @ t) / total_in - (outflow @ t) / total_out
        r = np.where(ok, (total_in / total_out) ** (1.0 / span) - 1.0, 0.0)
    r = np.clip(np.nan_to_num(r), -0.9, 2.0)
    for _ in range(30):
        f, slope = npv_and_slope(cf, r)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = np.where(slope != 0.0, f / slope, 0.0)
        r = np.clip(r - step, -0.999, 5.0)
        if not np.abs(step).max() > 1e-13:
            break
    f, _ = npv_and_slope(cf, r)
    bad = ok & ~(np.abs(f) <= 1e-9 * np.maximum(scale, 1.0))
    if bad.any():
        sub = cf[bad]
        lo, hi = np.full(len(sub), -0.9999), np.full(len(sub), 10.0)
        flo = npv_and_slope(sub, lo)[0]
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            fm = npv_and_slope(sub, mid)[0]
            same = np.sign(fm) == np.sign(flo)
            lo, flo, hi = np.where(same, mid, lo), np.where(same, fm, flo), np.where(same, hi, mid)
        r[bad] = 0.5 * (lo + hi)
    return np.where(total_loss, -1.0, (1.0 + r) ** 4 - 1.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--trials", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--chunk", type=int, default=100_000)
    ap.add_argument("--draws-only", action="store_true")
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    if a.draws_only:
        t0 = time.perf_counter()
        done = 0
        while done < a.trials:
            n = min(a.chunk, a.trials - done)
            draw(rng, n)
            done += n
        secs = time.perf_counter() - t0
        print(json.dumps({"trials": a.trials, "seconds": round(secs, 4),
                          "trials_per_second": round(a.trials / secs, 1)}))
        return
    disc = (1.0 + PAYER_Q) ** -np.arange(QUARTERS)
    t0 = time.perf_counter()
    cols = {k: [] for k in (
        "irr_s", "irr_j", "moic_s", "moic_j", "loss_s", "loss_j", "dept", "council",
        "dept_npv", "deal", "guarantee", "binds_engage", "binds_emp", "binds_deal")}
    done = 0
    while done < a.trials:
        n = min(a.chunk, a.trials - done)
        s = simulate(rng, n)
        cols["irr_s"].append(irr(s["cf_s"]))
        cols["irr_j"].append(irr(s["cf_j"]))
        for tr in ("s", "j"):
            d, rc = s[f"drawn_{tr}"], s[f"received_{tr}"]
            cols[f"moic_{tr}"].append(rc / d)
            cols[f"loss_{tr}"].append(rc < d * (1.0 - 1e-9) - 1e-6)
        cols["dept"].append(s["dept"].sum(1))
        cols["council"].append(s["council"].sum(1))
        cols["dept_npv"].append((s["dept"] * disc).sum(1))
        cols["deal"].append(s["dept"].sum(1) + s["council"].sum(1))
        for k in ("guarantee", "binds_engage", "binds_emp", "binds_deal"):
            cols[k].append(s[k])
        done += n
    v = {k: np.concatenate(x) for k, x in cols.items()}
    secs = time.perf_counter() - t0

    def mean_se(name, x):
        return {f"{name}_mean": float(x.mean()),
                f"{name}_se": float(x.std(ddof=1) / math.sqrt(len(x)))}

    out = {"trials": a.trials, "seconds": round(secs, 4),
           "trials_per_second": round(a.trials / secs, 1)}
    out.update(mean_se("senior_irr", v["irr_s"]))
    out.update(mean_se("junior_irr", v["irr_j"]))
    out.update(mean_se("senior_moic", v["moic_s"]))
    out.update(mean_se("junior_moic", v["moic_j"]))
    out.update(mean_se("dept_paid", v["dept"]))
    out.update(mean_se("council_paid", v["council"]))
    out.update(mean_se("deal_paid", v["deal"]))
    out.update(mean_se("dept_npv", v["dept_npv"]))
    out.update(mean_se("guarantee_paid", v["guarantee"]))
    q = np.quantile(v["irr_j"], [0.05, 0.25, 0.5, 0.95])
    worst = np.sort(v["irr_j"])[: max(1, int(0.05 * len(v["irr_j"])))]
    out.update({"junior_irr_p05": float(q[0]), "junior_irr_p25": float(q[1]),
                "junior_irr_p50": float(q[2]), "junior_irr_p95": float(q[3]),
                "junior_irr_cvar05": float(worst.mean())})
    out.update({
        "p_senior_loss": float(v["loss_s"].mean()),
        "p_junior_loss": float(v["loss_j"].mean()),
        "p_engage_cap_binds": float(v["binds_engage"].mean()),
        "p_employment_cap_binds": float(v["binds_emp"].mean()),
        "p_deal_cap_binds": float(v["binds_deal"].mean()),
        "p_guarantee_pays": float((v["guarantee"] > 0).mean()),
    })
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
