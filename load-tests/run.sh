#!/usr/bin/env bash
# load-tests/run.sh SIMULATION [SHAPE]: one load test from nothing, everything it starts stopped at the end.
#
# Builds what is missing (target/zikao.jar, the load tests, the baseline server for Orders), makes a fresh database
# on ZIKAO_PG_URI's PostgreSQL (dropped afterwards), starts a private redis-server, the payment simulator and the
# service on free ports with fixed JVM flags and a plan file of the run, seeds candidates (seed-candidates
# --sessions), warms up, runs Gatling while sampling CPU and RSS of every process and the service's /metrics, then
# runs `zikao.jar check`. The last line is
#   RESULT simulation=<name> shape=<shape> requests=<n> ko=<n> p95_ms=<n> p99_ms=<n> check=<OK|FAIL> <more k=v>
# Exit 0 only when the service got ready, Gatling's assertions held and check found nothing.
#
# Environment: ZIKAO_PG_URI (default postgresql://postgres@127.0.0.1:5432/postgres), RATE, DURATION, SEATS,
# WARMUP_SECONDS (15), SAMPLE_SECONDS (5), KEEP_DB=1 (keep the database), GATLING_ARGS (more -D for Gatling).
set -uo pipefail

SIMULATIONS="PeakOpening SeatRush AbuseAndFloods CallbackStorm PlanSeats Orders PaymentNotify"
SHAPES="smoke capacity stress soak spike"
SIM=${1:-}
SHAPE=${2:-smoke}
if [[ " $SIMULATIONS " != *" $SIM "* || " $SHAPES " != *" $SHAPE "* ]]; then
  echo "usage: load-tests/run.sh SIMULATION [SHAPE]   simulations: $SIMULATIONS; shapes: $SHAPES" >&2
  exit 2
fi

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
JAR=$ROOT/target/zikao.jar
RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)-$SIM-$SHAPE-$$
RUN_DIR=$HERE/target/runs/$RUN_ID
mkdir -p "$RUN_DIR"
START=$(date +%s)
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)

log() { printf '[run %s] %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$RUN_DIR/run.log" >&2; }
# shellcheck source=load-tests/run-lib.sh
. "$HERE/run-lib.sh"

trap 'stop_all; exit 130' INT TERM
trap stop_all EXIT

log "run $RUN_ID in $RUN_DIR (load average at start $LOAD_START)"
if awk -v l="$LOAD_START" 'BEGIN { exit !(l > 1) }'; then
  warn_loud "the load average is $LOAD_START (above 1): other work shares this machine, so these figures are upper bounds"
fi
command -v redis-server >/dev/null && command -v psql >/dev/null && command -v curl >/dev/null && command -v jq >/dev/null \
  || { log "needs redis-server, psql, curl and jq on the PATH (apt-get install redis-server postgresql-client curl jq)"; exit 1; }

build_missing || { finish 1 "build"; exit 1; }
make_database || { finish 1 "database"; exit 1; }
start_redis || { finish 1 "redis"; exit 1; }
write_plan || { finish 1 "plan"; exit 1; }
start_paysim && start_service || { finish 1 "readiness"; exit 1; }
seed || { finish 1 "seed"; exit 1; }
[ "$SIM" = Orders ] && { start_baseline || { finish 1 "baseline"; exit 1; }; }
warm_up
run_gatling
GATLING_STATUS=$?
stop_sampler
run_check
CHECK_STATUS=$?
extra_counts
EXTRA_STATUS=$?
STATUS=0
[ "$GATLING_STATUS" -ne 0 ] && STATUS=1
[ "$CHECK_STATUS" -ne 0 ] && STATUS=1
[ "$EXTRA_STATUS" -ne 0 ] && STATUS=1
finish "$STATUS" ""
exit "$STATUS"
