#!/usr/bin/env python3
"""load-tests/steps.py STATS_JSON [RATE] [P95_MS] [P99_MS]: a capacity run's figures step by step.

Reads the js/stats.json of a `load-tests/run.sh SIMULATION capacity` report (request and group names end in
"@step n") and prints, per step: the arrival rate (RATE x n users/s, if RATE is given), requests and failures, the
request with the highest p95 and p99, logins by method, journeys that reached 考试查询 and the journey's p95, and
whether the step met the objectives (no failed request, every request's p95 <= P95_MS and p99 <= P99_MS; defaults
500 and 1000). The last line names the highest step that met them: the knee is the step after it.
For a PeakOpening run whose STATS_JSON lies in its run directory (RUN_DIR/gatling/*/js/stats.json), each step also
gets the mean CPU (% of one core) of every process sampled during the step's arrivals (RUN_DIR/samples.csv; the
steps follow the opening in RUN_DIR/exam-plan.yaml and the 5 s burst).
"""
import datetime
import json
import os
import re
import sys
from collections import defaultdict

STEPS, TOTAL_S, RAMP_S, BURST_S = 6, 360, 5, 5

STEP = re.compile(r"^(.*) @step (\d+)$")


def walk(node, groups, requests):
    for child in node.get("contents", {}).values():
        if child["type"] == "GROUP":
            groups.append(child)
            walk(child, groups, requests)
        else:
            requests.append(child)


def main():
    stats = json.load(open(sys.argv[1]))
    rate = float(sys.argv[2]) if len(sys.argv) > 2 else None
    p95_bound = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    p99_bound = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    groups, requests = [], []
    walk(stats, groups, requests)
    steps = defaultdict(lambda: {"requests": 0, "ko": 0, "p95": (0, ""), "p99": (0, ""), "logins": {}, "journeys": 0,
                                 "journey_p95_s": 0.0})
    for r in requests:
        m = STEP.match(r["name"])
        if not m:
            continue
        name, n = m.group(1), int(m.group(2))
        st = steps[n]
        st["requests"] += r["stats"]["numberOfRequests"]["total"]
        st["ko"] += r["stats"]["numberOfRequests"]["ko"]
        p95, p99 = r["stats"]["percentiles3"]["total"], r["stats"]["percentiles4"]["total"]
        if p95 > st["p95"][0]:
            st["p95"] = (p95, name)
        if p99 > st["p99"][0]:
            st["p99"] = (p99, name)
        login = re.match(r"POST /api/v1/sessions \((\w+)\)", name)
        if login:
            st["logins"][login.group(1)] = st["logins"].get(login.group(1), 0) + r["stats"]["numberOfRequests"]["ok"]
        if name == "GET /api/v1/exams":
            st["journeys"] += r["stats"]["numberOfRequests"]["ok"]
    for g in groups:
        m = STEP.match(g["name"])
        if m and m.group(1) == "journey" and "duration" in g:
            steps[int(m.group(2))]["journey_p95_s"] = g["duration"]["percentiles3"]["ok"] / 1000
    cpu = step_cpu(sys.argv[1])
    best = None
    for n in sorted(steps):
        st = steps[n]
        ok = st["ko"] == 0 and st["p95"][0] <= p95_bound and st["p99"][0] <= p99_bound
        if ok and (best is None or best == n - 1):
            best = n
        at = f" rate={rate * n:g}/s ({rate * n * 60:g}/min)" if rate else ""
        logins = " ".join(f"login_{k}={v}" for k, v in sorted(st["logins"].items()))
        print(f"STEP {n}{at} requests={st['requests']} ko={st['ko']} worst_p95_ms={st['p95'][0]} ({st['p95'][1]}) "
              f"worst_p99_ms={st['p99'][0]} ({st['p99'][1]}) {logins} journeys={st['journeys']} "
              f"journey_p95_s={st['journey_p95_s']:g} objectives={'met' if ok else 'MISSED'}{cpu.get(n, '')}")
    if best is None:
        print("KNEE no step met the objectives")
    else:
        at = f" = {rate * best:g} arrivals/s, {rate * best * 60:g} journeys/min" if rate else ""
        print(f"KNEE highest step within the objectives: {best}{at}")


def step_cpu(stats_path):
    """{step: " cpu_<process>=<mean %> ..."} from the run directory's samples, or {} when there are none."""
    run_dir = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(stats_path)))))
    samples, plan = os.path.join(run_dir, "samples.csv"), os.path.join(run_dir, "exam-plan.yaml")
    if not (os.path.exists(samples) and os.path.exists(plan)):
        return {}
    m = re.search(r"registrationOpensAt: (\S+)", open(plan).read())
    if not m:
        return {}
    start = datetime.datetime.fromisoformat(m.group(1)).timestamp() + BURST_S
    length = (TOTAL_S - RAMP_S * (STEPS - 1)) / STEPS
    sums = defaultdict(lambda: defaultdict(list))
    for line in open(samples).read().splitlines()[1:]:
        t, proc, pct, _ = line.split(",")
        offset = float(t) - start
        n = int(offset // (length + RAMP_S)) + 1
        if 1 <= n <= STEPS and offset - (n - 1) * (length + RAMP_S) < length:
            sums[n][proc].append(float(pct))
    return {n: "".join(f" cpu_{p}={sum(v) / len(v):.0f}%" for p, v in sorted(procs.items())) for n, procs in sums.items()}


if __name__ == "__main__":
    main()
