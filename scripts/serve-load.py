#!/usr/bin/env python3
"""Load test of `sibyl serve` on loopback: N concurrent clients, each moving sliders.

    python3 scripts/serve-load.py [--sibyl target/release/sibyl] [--clients 30]
                                  [--requests 10] [--trials 20000] [--think 1 3]
                                  [--fixed-trials] [--deal peterborough]

Starts its own server on 127.0.0.1 (any free port), lets every client send a bounded
number of `POST /api/run` requests with random slider positions, as a page does: its own
`client` id, one request at a time, a pause of --think MIN MAX seconds between moves (0 0:
none), starting at --trials; as the page does, the first answer sets the trial count for
the rest (one step down among 1,000, 5,000, 20,000 and 50,000 if it took more than 1.2 s,
one up if less than 0.4 s; --fixed-trials keeps --trials). Then it stops the server and prints one JSON
line: requests, answers by status, p50/p95/max latency, requests per second, and the
server's peak resident memory (VmHWM). Exits 1 if any request failed or took longer than
the server's time limit (10 s). Only loopback is used; the run stops by itself.
"""

import argparse
import json
import random
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

TIME_LIMIT = 10.0
# The page's choices of trials.
STEPS = [1000, 5000, 20000, 50000]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sibyl", default="target/release/sibyl")
    p.add_argument("--clients", type=int, default=30)
    p.add_argument("--requests", type=int, default=10)
    p.add_argument("--trials", type=int, default=5000)
    p.add_argument("--deal", default="peterborough")
    p.add_argument("--think", type=float, nargs=2, default=[1.0, 3.0])
    p.add_argument("--fixed-trials", action="store_true")
    a = p.parse_args()

    server = subprocess.Popen(
        [a.sibyl, "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        url = re.search(r"http://\S+", server.stdout.readline()).group(0).rstrip("/")
        deals = json.load(urllib.request.urlopen(url + "/api/deals", timeout=30))["deals"]
        sliders = next(d for d in deals if d["id"] == a.deal)["sliders"]
        latencies, statuses, used, lock = [], {}, {}, threading.Lock()

        def client(k):
            rng = random.Random(k)
            trials = a.trials
            for n in range(a.requests):
                first = n == 0
                time.sleep(rng.uniform(*a.think))
                s = rng.choice(sliders)
                body = {
                    "deal": a.deal,
                    "trials": trials,
                    "seed": 1,
                    "client": f"load-{k}",
                    "charts": True,
                    "set": {s["id"]: rng.uniform(s["min"], s["max"])},
                }
                req = urllib.request.Request(
                    url + "/api/run", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
                )
                t0 = time.monotonic()
                try:
                    with urllib.request.urlopen(req, timeout=60) as r:
                        r.read()
                        status = r.status
                except urllib.error.HTTPError as e:
                    status = e.code
                dt = time.monotonic() - t0
                # As the page does: the first answer sets the trial count, which then stays
                # for every slider move (common random numbers at one count).
                if not a.fixed_trials and first and trials in STEPS:
                    i = STEPS.index(trials)
                    if dt > 1.2 and i > 0:
                        trials = STEPS[i - 1]
                    elif dt < 0.4 and i < len(STEPS) - 1:
                        trials = STEPS[i + 1]
                with lock:
                    latencies.append(dt)
                    used[body["trials"]] = used.get(body["trials"], 0) + 1
                    statuses[status] = statuses.get(status, 0) + 1

        started = time.monotonic()
        threads = [threading.Thread(target=client, args=(k,)) for k in range(a.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - started
        with open(f"/proc/{server.pid}/status") as f:
            hwm = next(int(l.split()[1]) for l in f if l.startswith("VmHWM"))
    finally:
        server.terminate()
        server.wait()
    latencies.sort()
    q = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))]
    result = {
        "clients": a.clients,
        "requests": len(latencies),
        "start_trials": a.trials,
        "think_s": a.think,
        "adaptive_trials": not a.fixed_trials,
        "statuses": statuses,
        "requests_by_trials": used,
        "p50_s": round(q(0.50), 3),
        "p95_s": round(q(0.95), 3),
        "max_s": round(latencies[-1], 3),
        "requests_per_s": round(len(latencies) / wall, 2),
        "peak_rss_mib": round(hwm / 1024, 1),
    }
    print(json.dumps(result))
    ok = set(statuses) == {200} and latencies[-1] <= TIME_LIMIT
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
