"""Rates, p50/p99 and the two ratios of an Orders run, from its report's js/stats.json (written by run.sh).

python3 load-tests/orders-summary.py [report dir] [phase seconds]   (default: the newest Orders report, 15 s: smoke)
"""
import glob
import json
import os
import sys

reports = sorted(glob.glob(os.path.join(os.path.dirname(__file__), 'target/runs/*/gatling/orders-*')), key=os.path.getmtime)
report = sys.argv[1] if len(sys.argv) > 1 else reports[-1]
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 15.0
stats = {}


def walk(node):
    for child in node.get('contents', {}).values():
        if child['type'] == 'REQUEST':
            stats[child['name']] = child['stats']
        walk(child)


walk(json.load(open(os.path.join(report, 'js', 'stats.json'), encoding='utf-8')))
for name in ('baseline insert', 'order create', 'order cancel', 'big: order create', 'big: order cancel', 'baseline redis', 'seats'):
    if name not in stats:
        continue
    s = stats[name]
    count = s['numberOfRequests']['total']
    print(f"{name:16} {count:>9,} in {seconds:.0f} s = {count / seconds:>8,.0f}/s  p50 {s['percentiles1']['total']} ms"
          f"  p99 {s['percentiles4']['total']} ms  KO {s['numberOfRequests']['ko']}")
cycles = stats['order cancel']['numberOfRequests']['total'] / stats['baseline insert']['numberOfRequests']['total']
seats = stats['seats']['numberOfRequests']['total'] / stats['baseline redis']['numberOfRequests']['total']
print(f"cycles / durable-insert ceiling {100 * cycles:.1f} %   seats / Redis ceiling {100 * seats:.1f} %")
if 'big: order cancel' in stats:
    flat = stats['big: order cancel']['numberOfRequests']['total'] / stats['order cancel']['numberOfRequests']['total']
    print(f"cycles at the large area-slot / at the small one {100 * flat:.1f} %   (target >= 90 %)")
