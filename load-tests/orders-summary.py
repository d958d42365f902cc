"""Rates, p50/p99 and the two ratios of an OrdersSimulation run, from its Gatling report.

python3 load-tests/orders-summary.py [report dir] [phase seconds]   (default: the newest Orders report, 30 s)
"""
import glob
import os
import re
import sys

reports = sorted(glob.glob(os.path.join(os.path.dirname(__file__), 'target/runs/*/gatling/orders-*')), key=os.path.getmtime)
report = sys.argv[1] if len(sys.argv) > 1 else reports[-1]
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 30.0
stats = {}
for page in glob.glob(os.path.join(report, 'req_*.html')):
    text = open(page, encoding='utf-8').read()
    name = re.search(r'<title>Gatling Stats - ([^<]*)</title>', text).group(1)

    def cell(title, column='total'):
        m = re.search(r'<td class="title">' + re.escape(title) + r'.*?</td>\s*<td class="total">([^<]*)</td>'
                      r'\s*<td class="ok">([^<]*)</td>\s*<td class="ko">([^<]*)</td>', text, re.S)
        return m.group(('total', 'ok', 'ko').index(column) + 1) if m else '?'

    stats[name] = dict(count=int(cell('Total count')), ko=cell('Total count', 'ko'),
                       p50=cell('50th percentile'), p99=cell('99th percentile'))
for name in ('baseline insert', 'order create', 'order cancel', 'baseline redis', 'seats'):
    s = stats[name]
    print(f"{name:16} {s['count']:>9,} in {seconds:.0f} s = {s['count'] / seconds:>8,.0f}/s  p50 {s['p50']} ms  p99 {s['p99']} ms  KO {s['ko']}")
cycles = stats['order cancel']['count'] / stats['baseline insert']['count']
seats = stats['seats']['count'] / stats['baseline redis']['count']
print(f"cycles / durable-insert ceiling {100 * cycles:.1f} %   seats / Redis ceiling {100 * seats:.1f} %")
