#!/usr/bin/env bash
# load-tests/faults.sh SCENARIO: SeatRush against the scaled-out service (cluster.sh: INSTANCES instances behind
# nginx, a Redis Cluster of 3 masters and 3 replicas, one PostgreSQL database, one payment simulator) with one fault
# injected in the thick of the rush, then what the service must end with:
#   - `zikao.jar check` clean (within the drift repair's minute after the run);
#   - exactly the capacity sold: held or paid = SEATS, every other candidate refused SEATS_FULL (after the run, the
#     candidates without a seat try once more, so a seat the fault stranded and the repair returned is sold too);
#   - no payment lost: every order the simulator holds as paid is PAID, or its payment REFUND_DUE;
#   - the service whole again: every instance /ready 200 and a probe candidate's order paid end to end.
# The last line is
#   RESULT scenario=<s> simulation=SeatRush requests=<n> ko=<n> fault_requests=<n> fault_errors=<n> errors=<code:n,...>
#     fault_s=<n> recovery_s=<n> check=<OK|FAIL> seats=<n> held_or_paid=<n> refused_seats_full=<n> ... lost_payments=<n>
# and it exits non-zero unless all of the above hold.
#
# Scenarios: redis-master-kill, redis-flushall, pg-restart, instance-kill, instance-stop, paysim-stop (README, "Faults").
# Environment: INSTANCES (2), SEATS (60), RUSH_SECONDS (60), DURATION (watchers, 60), WARMUP_SECONDS (5),
# RECOVERY_TIMEOUT (240), KEEP_DB=1 (leave the cluster up for a look; cluster.sh down stops it), GATLING_ARGS.
set -uo pipefail

SCENARIOS="redis-master-kill redis-flushall pg-restart instance-kill instance-stop paysim-stop"
SCENARIO=${1:-}
if [[ " $SCENARIOS " != *" $SCENARIO "* ]]; then
  echo "usage: load-tests/faults.sh SCENARIO   scenarios: $SCENARIOS" >&2
  exit 2
fi

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
JAR=$ROOT/target/zikao.jar
SIM=SeatRush
SHAPE=smoke
SEATS=${SEATS:-60}
WARMUP_SECONDS=${WARMUP_SECONDS:-5}
RUSH_SECONDS=${RUSH_SECONDS:-60}
INSTANCES=${INSTANCES:-2}
RECOVERY_TIMEOUT=${RECOVERY_TIMEOUT:-240}
RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)-faults-$SCENARIO-$$
RUN_DIR=$HERE/target/runs/$RUN_ID
mkdir -p "$RUN_DIR/launch"
START=$(date +%s)
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
export ZIKAO_CLUSTER_STATE=$RUN_DIR/cluster ZIKAO_CLUSTER_ACCESS_LOG=$RUN_DIR/access.log

log() { printf '[faults %s] %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$RUN_DIR/run.log" >&2; }
# shellcheck source=load-tests/run-lib.sh
. "$HERE/run-lib.sh"

now_ms() { date +%s%3N; }
# Runs a command with no file descriptor but stdin, stdout and stderr: what it starts and outlives the run (a
# restarted PostgreSQL) must not hold the run's own, such as the build lock that `flock` passed down.
bare() {
  (
    for fd in $(ls "/proc/$BASHPID/fd"); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done
    exec "$@"
  )
}
http_code() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$@" || true; }
instance_ports() { cat "$ZIKAO_CLUSTER_STATE"/zikao-*.port; }

cluster_up() {
  log "cluster: $INSTANCES instances, Redis Cluster 3+3, paysim, nginx (state $ZIKAO_CLUSTER_STATE)"
  # the instances inherit the run's plan, session length, holds and raised per-address limits
  local out
  out=$(bare env "${RUN_ENV[@]}" "$HERE/cluster.sh" up "$INSTANCES" 2>>"$RUN_DIR/cluster.log" | tail -1)
  case "$out" in BASE=*) ;; *) log "cluster.sh up failed: $RUN_DIR/cluster.log"; tail -5 "$RUN_DIR/cluster.log" >&2; return 1 ;; esac
  BASE=${out#BASE=}; BASE=${BASE%% *}
  PAYSIM=${out##*PAYSIM=}
  PAYSIM_PORT=${PAYSIM##*:}
  REDIS_BASE=$(cat "$ZIKAO_CLUSTER_STATE/redis-base")
  REDIS_DIR=${TMPDIR:-/tmp}/zikao-redis-cluster-$REDIS_BASE
  REDIS_URI=$(for p in $(seq "$REDIS_BASE" $((REDIS_BASE + 5))); do printf 'redis://127.0.0.1:%s,' "$p"; done | sed 's/,$//')
  PG_URI=${PG_ADMIN%/*}/zikao_cluster
  SERVICE_PID=$(cat "$ZIKAO_CLUSTER_STATE"/zikao-*.pid | tr '\n' ' ')
  PAYSIM_PID=$(cat "$ZIKAO_CLUSTER_STATE/paysim.pid")
  REDIS_PID=$(cat "$REDIS_DIR"/*/redis.pid | tr '\n' ' ')
  # the one-shot commands (seed, check) see the stores and keys the instances see
  SERVICE_ENV=("${RUN_ENV[@]}" ZIKAO_PG_URI="$PG_URI" ZIKAO_REDIS_MODE=cluster ZIKAO_REDIS_URI="$REDIS_URI"
    ZIKAO_DATA_DIR="$ZIKAO_CLUSTER_STATE/data")
  local name
  for name in $(cd "$ZIKAO_CLUSTER_STATE" && ls zikao-*.pid paysim.pid | sed 's/\.pid$//'); do save_launch "$name"; done
  log "BASE=$BASE PAYSIM=$PAYSIM redis $REDIS_BASE..$((REDIS_BASE + 5)) database zikao_cluster"
}

# How a process of the cluster was started (environment, command line, directory), to start it again the same way.
save_launch() {
  local pid
  pid=$(cat "$ZIKAO_CLUSTER_STATE/$1.pid")
  tr '\0' '\n' <"/proc/$pid/environ" >"$RUN_DIR/launch/$1.env"
  cp "/proc/$pid/cmdline" "$RUN_DIR/launch/$1.cmd"
  readlink "/proc/$pid/cwd" >"$RUN_DIR/launch/$1.cwd"
}
relaunch() {
  local envs cmd log_file=$ZIKAO_CLUSTER_STATE/logs/$1.log
  mapfile -t envs <"$RUN_DIR/launch/$1.env"
  mapfile -d '' cmd <"$RUN_DIR/launch/$1.cmd"
  echo "--- started again $(date -u +%H:%M:%S) ---" >>"$log_file"
  # the subshell becomes the process itself (exec), so the pid file names what cluster.sh down must stop
  (
    cd "$(cat "$RUN_DIR/launch/$1.cwd")" || exit 1
    for fd in $(ls "/proc/$BASHPID/fd"); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done
    exec env -i "${envs[@]}" nohup "${cmd[@]}" >>"$log_file" 2>&1
  ) &
  echo $! >"$ZIKAO_CLUSTER_STATE/$1.pid"
  log "$1 started again (pid $!)"
}

all_ready() {
  local p
  for p in $(instance_ports); do [ "$(http_code "http://127.0.0.1:$p/ready")" = 200 ] || return 1; done
}

# The probe: a candidate of its own (area 0100) orders, pays at the simulator and sees the order PAID, as the
# pages do (a BUSY order waits its Retry-After with its place). 0 when all of it worked within 20 s.
PROBE_N=0
probe() {
  PROBE_N=$((PROBE_N + 1))
  local token out code body id no ra ticket="" deadline=$(($(date +%s) + 20)) auth
  token=$(sed -n "$((PROBE_N + 1))p" "$RUN_DIR/seed/probe/sessions.csv" | cut -d, -f2)
  [ -n "$token" ] || { log "probe: no probe candidate left"; return 1; }
  auth="Authorization: Bearer $token"
  [ "$(http_code -X POST -H "$auth" "$BASE/api/v1/sittings/271/notice-ack")" = 204 ] || return 1
  while :; do
    out=$(curl -s -m 5 -D "$RUN_DIR/probe.headers" -w '\n%{http_code}' -X POST -H "$auth" -H 'Content-Type: application/json' \
      -H "X-Zikao-Queue-Ticket: $ticket" -d '{"selections":[{"slotNo":1,"courseCode":"03706"}]}' "$BASE/api/v1/sittings/271/orders") || return 1
    code=${out##*$'\n'}; body=${out%$'\n'*}
    [ "$code" = 201 ] && break
    [ "$code" = 503 ] && [ "$(jq -r .code <<<"$body" 2>/dev/null)" = BUSY ] && [ "$(date +%s)" -lt "$deadline" ] || return 1
    ticket=$(awk -F': ' 'tolower($1) == "x-zikao-queue-ticket" { print $2 }' "$RUN_DIR/probe.headers" | tr -d '\r')
    ra=$(awk -F': ' 'tolower($1) == "retry-after" { print $2 + 0 }' "$RUN_DIR/probe.headers")
    sleep "${ra:-1}"
  done
  id=$(jq -r .orderId <<<"$body"); no=$(jq -r .outTradeNo <<<"$body")
  [ "$(http_code -X POST -H "$auth" -H 'Content-Type: application/json' -d '{"provider":"wechat"}' "$BASE/api/v1/orders/$id/payments")" = 201 ] || return 1
  [ "$(http_code -X POST "$PAYSIM/sim/pay/$no")" = 200 ] || return 1
  while [ "$(date +%s)" -lt "$deadline" ]; do
    [ "$(curl -s -m 5 -H "$auth" "$BASE/api/v1/orders/$id" | jq -r .status 2>/dev/null)" = PAID ] && return 0
    sleep 0.5
  done
  return 1
}

# The Redis master that holds the rush's seat keys (hash tag {271:<area>}).
rush_master() {
  local slot p
  slot=$(redis-cli -p "$REDIS_BASE" cluster keyslot "{271:$RUSH_AREA}")
  for p in $(seq "$REDIS_BASE" $((REDIS_BASE + 5))); do
    redis-cli -p "$p" role 2>/dev/null | head -1 | grep -qx master || continue
    [ "$(redis-cli -p "$p" cluster countkeysinslot "$slot" 2>/dev/null)" -gt 0 ] 2>/dev/null && { echo "$p"; return 0; }
  done
  return 1
}
cluster_ok() {
  local p
  for p in $(seq "$REDIS_BASE" $((REDIS_BASE + 5))); do
    redis-cli -p "$p" cluster info 2>/dev/null | grep -q '^cluster_state:ok' || return 1
  done
}

# Which orders the simulator holds as paid (GET /sim/orders?state=SUCCESS, one answer): appends
# "out_trade_no transaction_id" lines to FILE; non-zero when it does not answer.
sim_paid() {
  local list
  list=$(curl -fs -m 10 "$PAYSIM/sim/orders?state=SUCCESS") || return 1
  jq -r '.[] | "\(.out_trade_no) \(.transaction_id)"' <<<"$list" >>"$1"
}

# The fault, then the wait for the service to be whole; times (ms) in fault.env: T0 injected, T1 lifted, T2 whole.
inject() {
  local t0 t1 t2 port pid
  # which orders the simulator holds as paid, asked just before it stops (compared after the run as well)
  if [ "$SCENARIO" = paysim-stop ]; then
    sim_paid "$RUN_DIR/sim-paid-before-stop.txt" || { log "the simulator does not list its paid orders"; return 1; }
  fi
  t0=$(now_ms)
  case "$SCENARIO" in
    redis-master-kill)
      port=$(rush_master) || { log "no master holds the seat keys of area $RUSH_AREA"; return 1; }
      pid=$(cat "$REDIS_DIR/$port/redis.pid")
      kill -9 "$pid"
      log "FAULT: kill -9 the Redis master on port $port (pid $pid), which holds the seat keys of area $RUSH_AREA"
      # failed over: the others mark it failed (after the node timeout), a replica took its slots, the cluster is ok
      for _ in $(seq 1 300); do sleep 0.2; failed_over "$port" && break; done
      log "failover done after $((($(now_ms) - t0) / 1000)) s: $(redis-cli -p "$(other_port "$port")" cluster nodes | awk -v p=":$port@" 'index($2, p) { print $3 }')"
      bare "$HERE/redis-cluster.sh" start "$REDIS_BASE" "$port" >>"$RUN_DIR/run.log" 2>&1 && log "node $port started again (rejoins as a replica)"
      ;;
    redis-flushall)
      for port in $(seq "$REDIS_BASE" $((REDIS_BASE + 5))); do
        redis-cli -p "$port" role | head -1 | grep -qx master && redis-cli -p "$port" flushall >/dev/null && log "FAULT: FLUSHALL on master $port"
      done
      ;;
    pg-restart)
      log "FAULT: restart PostgreSQL"
      bare pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main restart >>"$RUN_DIR/run.log" 2>&1 || log "pg_ctlcluster restart failed"
      log "PostgreSQL restarted in $((($(now_ms) - t0) / 1000)) s"
      ;;
    instance-kill)
      pid=$(cat "$ZIKAO_CLUSTER_STATE/zikao-1.pid")
      kill -9 "$pid"
      log "FAULT: kill -9 instance zikao-1 (pid $pid); started again 5 s later, as a supervisor would"
      sleep 5
      relaunch zikao-1
      ;;
    instance-stop)
      pid=$(cat "$ZIKAO_CLUSTER_STATE/zikao-1.pid")
      kill -STOP "$pid"
      log "FAULT: SIGSTOP instance zikao-1 (pid $pid) for 15 s"
      sleep 15
      kill -CONT "$pid"
      log "SIGCONT zikao-1"
      ;;
    paysim-stop)
      pid=$(cat "$ZIKAO_CLUSTER_STATE/paysim.pid")
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      log "FAULT: payment simulator stopped (pid $pid; $(wc -l <"$RUN_DIR/sim-paid-before-stop.txt") orders paid there so far) for 60 s"
      sleep 60
      relaunch paysim
      for _ in $(seq 1 150); do [ "$(http_code "$PAYSIM/sim/orders/none")" = 404 ] && break; sleep 0.2; done
      ;;
  esac
  t1=$(now_ms)
  local deadline=$((t1 / 1000 + RECOVERY_TIMEOUT)) whole=0
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if all_ready && probe; then whole=1; break; fi
    sleep 1
  done
  t2=$(now_ms)
  [ "$whole" -eq 1 ] || { log "not whole within $RECOVERY_TIMEOUT s of the fault's end"; t2=; }
  printf 'T0=%s\nT1=%s\nT2=%s\n' "$t0" "$t1" "$t2" >"$RUN_DIR/fault.env"
  [ -n "$t2" ] && log "whole again $(((t2 - t0) / 1000)) s after the fault (every instance ready, probe order paid after $PROBE_N probe(s))"
}
other_port() { [ "$1" = "$REDIS_BASE" ] && echo $((REDIS_BASE + 1)) || echo "$REDIS_BASE"; }
# the dead node is marked failed, holds no slot, and every other node has cluster_state:ok
failed_over() {
  local p line
  line=$(redis-cli -p "$(other_port "$1")" cluster nodes 2>/dev/null | awk -v p=":$1@" 'index($2, p)')
  [[ "$line" == *" fail "* || "$line" == *",fail "* || "$line" == *"slave,fail"* ]] || return 1
  [ "$(awk '{ print NF }' <<<"$line")" -le 8 ] || return 1
  for p in $(seq "$REDIS_BASE" $((REDIS_BASE + 5))); do
    [ "$p" = "$1" ] && continue
    redis-cli -p "$p" cluster info 2>/dev/null | grep -q '^cluster_state:ok' || return 1
  done
}

# In the thick of the rush: once half the seats are taken (paysim-stop: a third, so that some winners have paid, some
# are paying and the rest will pay when the gateway goes away), or when Gatling is done, whichever is first.
fault_when_half_sold() {
  local until=$(($(date +%s) + 120)) held at=$((SEATS / 2))
  [ "$SCENARIO" = paysim-stop ] && at=$((SEATS / 3))
  while [ "$(date +%s)" -lt "$until" ]; do
    held=$(sql "SELECT count(*) FROM enrollment WHERE area_code = '$RUSH_AREA' AND slot_no = 1 AND status IN ('HELD', 'PAID')" 2>/dev/null)
    [ "${held:-0}" -ge "$at" ] && break
    [ -f "$RUN_DIR/gatling-done" ] && break
    sleep 0.2
  done
  log "rush under way: ${held:-?} of $SEATS seats taken"
  inject
}

# After the run: the candidates of the rush area without a seat try once more, in turn, until one is refused
# SEATS_FULL, so a seat the fault stranded and the repair returned is sold; prints how many they took.
last_call() {
  local taken=0 id token code out tries
  for id in $(sql "SELECT c.id FROM candidate c WHERE c.area_code = '$RUSH_AREA' AND NOT EXISTS
      (SELECT 1 FROM enrollment e WHERE e.candidate_id = c.id AND e.slot_no = 1 AND e.status IN ('HELD', 'PAID'))
      ORDER BY random()"); do
    token=$(awk -F, -v id="$id" '$1 == id { print $2; exit }' "$RUN_DIR/seed/sessions.csv")
    [ -n "$token" ] || continue
    curl -s -o /dev/null -X POST -H "Authorization: Bearer $token" "$BASE/api/v1/sittings/271/notice-ack"
    for tries in 1 2 3 4 5; do
      out=$(curl -s -m 10 -w '\n%{http_code}' -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d '{"selections":[{"slotNo":1,"courseCode":"03706"}]}' "$BASE/api/v1/sittings/271/orders")
      code=${out##*$'\n'}
      [ "$code" = 503 ] && { sleep 1; continue; }
      break
    done
    case "$code" in
      201) taken=$((taken + 1)) ;;
      409) [ "$(jq -r .code <<<"${out%$'\n'*}" 2>/dev/null)" = SEATS_FULL ] && break
        log "last call: 409 $(jq -r .code <<<"${out%$'\n'*}" 2>/dev/null) for a candidate without a seat" ;;
      *) log "last call: $code $(jq -r .code <<<"${out%$'\n'*}" 2>/dev/null)" ;;
    esac
  done
  echo "$taken"
}

# check, again every 10 s until clean, at most 90 s (the drift repair runs every minute); CHECK_WAIT_S how long.
check_until_clean() {
  local t0
  t0=$(date +%s)
  until run_check 2>/dev/null; do
    [ $(($(date +%s) - t0)) -ge 90 ] && { CHECK_WAIT_S=$(($(date +%s) - t0)); run_check; return 1; }
    sleep 10
  done
  CHECK_WAIT_S=$(($(date +%s) - t0))
}

# LOST: the orders of sim-paid.txt that are neither PAID with an APPLIED payment of their transaction nor REFUND_DUE
# (each named unless "quiet"); 0 when there are none.
count_lost() {
  local no tx st
  LOST=0
  while read -r no tx; do
    st=$(sql "SELECT coalesce((SELECT p.status FROM payment p WHERE p.transaction_id = '$tx'), 'NONE') || '/' || o.status
      FROM exam_order o WHERE o.out_trade_no = '$no'")
    case "$st" in
      APPLIED/PAID | REFUND_DUE/*) ;;
      *) LOST=$((LOST + 1)); [ "${1:-}" = quiet ] || log "LOST PAYMENT: order $no transaction $tx is $st" ;;
    esac
  done <"$RUN_DIR/sim-paid.txt"
  [ "$LOST" -eq 0 ]
}

stop_cluster() {
  [ -n "${CLUSTER_STOPPED:-}" ] && return 0
  CLUSTER_STOPPED=1
  stop_all
  # a stopped instance is stopped for good
  [ -f "$ZIKAO_CLUSTER_STATE/zikao-1.pid" ] && kill -CONT "$(cat "$ZIKAO_CLUSTER_STATE/zikao-1.pid")" 2>/dev/null
  if [ -n "${KEEP_DB:-}" ]; then
    log "KEEP_DB: the cluster stays up (ZIKAO_CLUSTER_STATE=$ZIKAO_CLUSTER_STATE load-tests/cluster.sh down)"
  elif [ -d "$ZIKAO_CLUSTER_STATE" ]; then
    # the logs of the instances, the simulator and nginx stay with the run
    cp -r "$ZIKAO_CLUSTER_STATE/logs" "$RUN_DIR/cluster-logs" 2>/dev/null
    cp -r "$REDIS_DIR" "$RUN_DIR/redis-nodes" 2>/dev/null
    "$HERE/cluster.sh" down >>"$RUN_DIR/cluster.log" 2>&1 || log "cluster.sh down failed: $RUN_DIR/cluster.log"
  fi
}

result() {
  local status=$1 error=$2 stats requests=0 ko=0 line
  stats=$(ls -t "$RUN_DIR"/gatling/*/js/stats.json 2>/dev/null | head -1)
  [ -n "$stats" ] && read -r requests ko <<<"$(jq -r '.stats.numberOfRequests | "\(.total) \(.ko)"' "$stats")"
  line="RESULT scenario=$SCENARIO simulation=$SIM requests=$requests ko=$ko ${FAULT_FIGURES:-} check=${CHECK:-FAIL}"
  [ -n "$error" ] && line="$line error=$error"
  line="$line ${EXTRA:-}${EXTRA:+ }${PAYMENTS:-}${PAYMENTS:+ }assertions=${ASSERTIONS:-FAIL} instances=$INSTANCES load_start=$LOAD_START load_end=$(cut -d' ' -f1 /proc/loadavg) elapsed_s=$(($(date +%s) - START))"
  echo "${line% }" | tee -a "$RUN_DIR/run.log"
  return "$status"
}
fail() { stop_cluster; result 1 "$1"; exit 1; }

# Everything runs from one function, so bash has read the whole script before the run starts.
main() {
  trap 'stop_cluster; exit 130' INT TERM
  trap stop_cluster EXIT

  log "faults $SCENARIO, run $RUN_ID in $RUN_DIR (load average at start $LOAD_START)"
  if awk -v l="$LOAD_START" 'BEGIN { exit !(l > 1) }'; then
    warn_loud "the load average is $LOAD_START (above 1): other work shares this machine, so these figures are upper bounds"
  fi
  for c in redis-server redis-cli psql curl jq python3; do
    command -v "$c" >/dev/null || { log "needs $c on the PATH"; exit 1; }
  done

  PG_ADMIN=${ZIKAO_CLUSTER_PG:-postgresql://postgres@127.0.0.1:5432/postgres}
  build_missing || fail build
  write_plan || fail plan
  RUN_SECONDS=$((${DURATION:-60} + RUSH_SECONDS))
  RUN_ENV=(ZIKAO_PROFILE=dev ZIKAO_PLAN="$PLAN" ZIKAO_JWT_TTL_SECONDS=$((RUN_SECONDS + 7200)) ZIKAO_ORDER_HOLD_SECONDS="$HOLD"
    ZIKAO_WECHAT_QUERY_AFTER_SECONDS=10 "${SMS_ENV[@]}")
  cluster_up || fail cluster
  seed || fail seed
  seed_into probe 0100 $((RECOVERY_TIMEOUT + 100)) || fail seed
  warm_up

  GATLING_ARGS="-DrushSeconds=$RUSH_SECONDS -DfailedRequests=DEBUG ${GATLING_ARGS:-}"
  fault_when_half_sold &
  INJECTOR=$!
  run_gatling
  GATLING_STATUS=$?
  touch "$RUN_DIR/gatling-done"
  stop_sampler
  [ "$GATLING_STATUS" -eq 0 ] && ASSERTIONS=OK || ASSERTIONS=FAIL
  log "waiting for the fault's end and the service to be whole"
  wait "$INJECTOR"
  STATUS=0
  # shellcheck disable=SC1091
  . "$RUN_DIR/fault.env" 2>/dev/null || { log "the fault was not injected"; fail fault; }
  [ -n "$T2" ] || STATUS=1

  check_until_clean || STATUS=1
  log "check clean $CHECK_WAIT_S s after the run"
  TAKEN=$(last_call)
  log "last call: candidates without a seat took $TAKEN more"
  run_check || STATUS=1
  extra_counts || STATUS=1

  # money: every order the simulator holds as paid is PAID or has a REFUND_DUE payment
  sim_paid "$RUN_DIR/sim-paid.txt" || { log "the simulator does not list its paid orders"; STATUS=1; }
  # after paysim-stop, the orders paid before the stop come from the list taken then
  cat "$RUN_DIR"/sim-paid-before-stop.txt 2>/dev/null >>"$RUN_DIR/sim-paid.txt"
  sort -u -o "$RUN_DIR/sim-paid.txt" "$RUN_DIR/sim-paid.txt"
  # a payment whose notification the gateway never delivered is the lost-callback sweep's: it asks about a quiet
  # PAYING order again every 30 s, so one the gateway could not answer meanwhile is given up to 90 s
  PAY_WAIT_S=0
  until count_lost quiet; do
    [ "$PAY_WAIT_S" -ge 90 ] && break
    sleep 10
    PAY_WAIT_S=$((PAY_WAIT_S + 10))
  done
  count_lost
  PAID_AT_SIM=$(wc -l <"$RUN_DIR/sim-paid.txt")
  PAYMENTS="paid_at_sim=$PAID_AT_SIM paid_orders=$(sql "SELECT count(*) FROM exam_order WHERE status = 'PAID'") refund_due=$(sql "SELECT count(*) FROM payment WHERE status = 'REFUND_DUE'") lost_payments=$LOST payments_wait_s=$PAY_WAIT_S last_call=$TAKEN"
  [ "$LOST" -eq 0 ] || STATUS=1

  FAULT_FIGURES=$(python3 "$HERE/faults-summary.py" "$RUN_DIR" "$T0" "$T1" "${T2:-}") || STATUS=1
  FAULT_FIGURES="$FAULT_FIGURES check_wait_s=${CHECK_WAIT_S:-?}"
  stop_cluster
  result "$STATUS" ""
  return "$STATUS"
}

main "$@"; exit $?
