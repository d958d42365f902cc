#!/usr/bin/env python3
"""faults-summary.py RUN_DIR T0 T1 [T2]: the fault's figures of a faults.sh run, as k=v on one line.

T0 is when the fault was injected, T1 when it was lifted, T2 when the service was whole again (epoch ms; empty:
never). From RUN_DIR/access.log (nginx, one line per request: epoch seconds with ms, status, method, path,
upstream statuses) the requests that reached the service between T0 and T2 and how many of them failed (5xx); from
RUN_DIR/gatling.log (every failed request logged with its response, -DfailedRequests=DEBUG) the candidates' errors
in that window by code: HTTP status and problem code ("503:SERVICE_UNAVAILABLE"), or the client's exception
("ConnectException") when no response came; errors before or after the window are counted apart (errors_outside).
"""
import collections
import datetime
import re
import sys
from pathlib import Path

run_dir = Path(sys.argv[1])
t0, t1 = int(sys.argv[2]), int(sys.argv[3])
t2 = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[4] else None

requests = failed = 0
by_status = collections.Counter()
end = t2
access = run_dir / "access.log"
if access.exists():
    last = 0
    for line in access.open(errors="replace"):
        parts = line.split()
        if len(parts) < 4:
            continue
        ms = int(float(parts[0]) * 1000)
        last = max(last, ms)
        if ms < t0 or (t2 is not None and ms > t2):
            continue
        requests += 1
        if parts[1].startswith("5"):
            failed += 1
            by_status[parts[1]] += 1
    if end is None:
        end = last

# Gatling logs each failed request as a block: a "HH:MM:SS.mmm DEBUG ..." line, ">>>>...", "Request:", then
# "<name>: KO <message>", the session, the request and, if one came, the response ("status:" with "\t<code> <reason>"
# on the next line, "body:" with the body after it), up to "<<<<...".
errors = collections.Counter()
outside = 0
day = datetime.datetime.fromtimestamp(t0 / 1000, datetime.timezone.utc).date()
stamp = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) DEBUG ")
problem = re.compile(r'"code"\s*:\s*"([A-Z_]+)"')
gatling = run_dir / "gatling.log"
blocks = []
if gatling.exists():
    last_ms, current, expect = None, None, None
    for line in gatling.open(errors="replace"):
        m = stamp.match(line)
        if m:
            h, mi, s, ms = (int(x) for x in m.groups())
            at = datetime.datetime.combine(day, datetime.time(h, mi, s, ms * 1000), datetime.timezone.utc)
            last_ms = int(at.timestamp() * 1000)
            continue
        if line.startswith(">>>>>>>>") and last_ms is not None:
            current = {"ms": last_ms, "message": "", "status": None, "code": None}
            blocks.append(current)
            expect = "request"
            continue
        if current is None:
            continue
        if line.startswith("<<<<<<<<"):
            current, expect = None, None
        elif expect == "request" and line.startswith("Request:"):
            expect = "message"
        elif expect == "message":
            current["message"] = line.split(": KO ", 1)[-1].strip()
            expect = None
        elif line.startswith("status:"):
            expect = "status"
        elif expect == "status":
            current["status"] = line.strip().split(" ")[0]
            expect = None
        elif current["status"] and current["code"] is None:
            m = problem.search(line)
            if m:
                current["code"] = m.group(1)
for b in blocks:
    if b["status"]:
        key = b["status"] + (":" + b["code"] if b["code"] else "")
    else:
        exc = re.search(r"([A-Za-z]+(Exception|Timeout|Error))", b["message"])
        key = exc.group(1) if exc else "no-response"
    if b["ms"] < t0 - 1000 or (end is not None and b["ms"] > end + 1000):
        outside += 1
    else:
        errors[key] += 1

fmt = lambda c: ",".join(f"{k}={v}" for k, v in c.most_common()) or "none"
recovery = f"{(t2 - t0) / 1000:.1f}" if t2 is not None else "FAIL"
print(f"fault_s={(t1 - t0) / 1000:.1f} recovery_s={recovery} fault_requests={requests} fault_5xx={failed} "
      f"fault_5xx_by_status={fmt(by_status)} errors={fmt(errors)} errors_outside={outside}")
