# The steps of load-tests/run.sh, sourced by it (SIM, SHAPE, HERE, ROOT, JAR, RUN_DIR and log() are set there).

# Fixed JVM flags, so that runs compare: the service, the simulator and the one-shot commands (seed, check).
SERVICE_JAVA=(-Xms768m -Xmx768m -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError)
PAYSIM_JAVA=(-Xms128m -Xmx256m -XX:+UseSerialGC)
TOOL_JAVA=(-Xmx1g -XX:+UseParallelGC)
SAMPLE_SECONDS=${SAMPLE_SECONDS:-5}
WARMUP_SECONDS=${WARMUP_SECONDS:-15}
SEATS=${SEATS:-20}
RUSH_AREA=0700
ORDERS_USERS=${ORDERS_USERS:-64}
# Orders: the seats of slot 1 in area BIG_AREA, whose candidates run the same cycles again (0: no such phase)
BIG_SEATS=${BIG_SEATS:-1000000}
BIG_AREA=${BIG_AREA:-0200}
# PeakOpening: the plan opens registration this long after it is written (start, seeding, warm-up, Gatling's own
# start and the pre-opening ramp of 40 s must fit; if they take longer the ramp is shorter, and the run says so)
OPENING_LEAD=${OPENING_LEAD:-95}
PIDS_TO_STOP=()

warn_loud() {
  local line="!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  printf '%s\n!!! WARNING: %s\n%s\n' "$line" "$*" "$line" | tee -a "$RUN_DIR/run.log" >&2
}

# The simulation's rate at level 1 (users/s) and the shape's length: the defaults of the Java side.
default_rate() {
  case "$SIM" in
    PeakOpening | AbuseAndFloods) echo 1 ;; CallbackStorm) echo 3 ;; SeatRush) echo 2 ;; *) echo 20 ;;
  esac
}
shape_seconds() {
  case "$SHAPE" in smoke) echo 60 ;; capacity) echo 360 ;; stress) echo 180 ;; soak) echo 1800 ;; spike) echo 120 ;; esac
}
RUN_RATE=${RATE:-$(default_rate)}
RUN_SECONDS=${DURATION:-$(shape_seconds)}

build_missing() {
  if [ ! -f "$JAR" ]; then
    log "building target/zikao.jar (mvn -B -q -DskipTests package)"
    (cd "$ROOT" && mvn -B -q -DskipTests package) >"$RUN_DIR/build.log" 2>&1 || { log "build failed: $RUN_DIR/build.log"; return 1; }
  fi
  if [ ! -d "$HERE/target/test-classes/cn/zikao/load" ]; then
    log "building the load tests (mvn -B -q test-compile)"
    (cd "$HERE" && mvn -B -q test-compile) >>"$RUN_DIR/build.log" 2>&1 || { log "load tests do not build: $RUN_DIR/build.log"; return 1; }
  fi
  if [ ! -f "$HERE/target/classpath.txt" ]; then
    (cd "$HERE" && mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test) \
      >>"$RUN_DIR/build.log" 2>&1 || { log "cannot resolve the load tests' classpath: $RUN_DIR/build.log"; return 1; }
  fi
  if [ "$SIM" = Orders ] && [ ! -f "$HERE/baseline/target/baseline.jar" ]; then
    log "building the baseline server"
    (cd "$HERE/baseline" && mvn -B -q package) >>"$RUN_DIR/build.log" 2>&1 || { log "baseline does not build: $RUN_DIR/build.log"; return 1; }
  fi
}

make_database() {
  local admin=${ZIKAO_PG_URI:-postgresql://postgres@127.0.0.1:5432/postgres}
  DB=zikao_load_$(date +%s)_$$
  psql "$admin" -qAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE $DB" >/dev/null || { log "cannot create database $DB on $admin"; return 1; }
  PG_ADMIN=$admin
  PG_URI=${admin%/*}/$DB
  log "database $DB (dropped at the end unless KEEP_DB=1)"
}

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

start_redis() {
  REDIS_PORT=$(free_port) || return 1
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$RUN_DIR/redis.log" 2>&1 &
  REDIS_PID=$!
  PIDS_TO_STOP+=("$REDIS_PID")
  REDIS_URI=redis://127.0.0.1:$REDIS_PORT/0
  for _ in $(seq 1 100); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && { log "redis-server on port $REDIS_PORT (pid $REDIS_PID)"; return 0; }
    sleep 0.1
  done
  log "redis-server did not start: $RUN_DIR/redis.log"
  return 1
}

# ISO time in China (+08:00), as the plan file writes it.
cn_time() { date -u -d "@$(($1 + 28800))" +%Y-%m-%dT%H:%M:%S+08:00; }

write_plan() {
  PLAN=$RUN_DIR/exam-plan.yaml
  local now
  now=$(date +%s)
  if [ "$SIM" = PeakOpening ]; then OPENS_AT=$((now + OPENING_LEAD)); else OPENS_AT=$((now - 86400)); fi
  sed -E -e "s/registrationOpensAt: .*/registrationOpensAt: $(cn_time "$OPENS_AT")/" \
    -e "s/registrationClosesAt: .*/registrationClosesAt: $(cn_time $((now + 30 * 86400)))/" "$ROOT/config/exam-plan.yaml" >"$PLAN"
  if [ "$SIM" != SeatRush ]; then
    # room for every seeded candidate (2,000 an area) in every slot: these runs measure the journey, not sell-outs
    sed -i -E "s/seats: \{1: [0-9]+, 2: [0-9]+, 3: [0-9]+, 4: [0-9]+\}/seats: {1: 5000, 2: 5000, 3: 5000, 4: 5000}/" "$PLAN"
  fi
  if [ "$SIM" = Orders ] && [ "$BIG_SEATS" -gt 0 ]; then
    sed -i -E "/code: \"$BIG_AREA\"/,/seats:/ s/seats: \{1: [0-9]+,/seats: {1: $BIG_SEATS,/" "$PLAN"
    grep -A2 "code: \"$BIG_AREA\"" "$PLAN" | grep -q "seats: {1: $BIG_SEATS," || { log "could not set the seats of area $BIG_AREA in $PLAN"; return 1; }
    log "plan: area $BIG_AREA has $BIG_SEATS seats in slot 1 (the Orders run's large area-slot)"
  fi
  if [ "$SIM" = SeatRush ]; then
    # the area's seats line follows its code line (block-style areas)
    sed -i -E "/code: \"$RUSH_AREA\"/,/seats:/ s/seats: \{[^}]*\}/seats: {1: $SEATS, 2: $SEATS, 3: $SEATS, 4: $SEATS}/" "$PLAN"
    grep -A2 "code: \"$RUSH_AREA\"" "$PLAN" | grep -q "seats: {1: $SEATS," || { log "could not set the seats of area $RUSH_AREA in $PLAN"; return 1; }
    log "plan: area $RUSH_AREA has $SEATS seats per slot"
  fi
  log "plan $PLAN: registration opens $(cn_time "$OPENS_AT")"
  HOLD=1800
  [ "$SHAPE" = soak ] && HOLD=120
  SMS_ENV=(ZIKAO_SMS_PER_IP_PER_HOUR=100000000 ZIKAO_SMS_DAILY_LIMIT=1000 ZIKAO_CAPTCHA_PER_IP_PER_MINUTE=100000000)
  if [ "$SIM" = AbuseAndFloods ]; then
    SMS_ENV=()
    log "SMS limits as configured: the floods must meet them; honest candidates come from 250 loopback addresses"
  else
    log "SMS and captchas: one load generator on one address, so the per-address limits are raised" \
      "(ZIKAO_SMS_PER_IP_PER_HOUR=100000000, ZIKAO_SMS_DAILY_LIMIT=1000, ZIKAO_CAPTCHA_PER_IP_PER_MINUTE=100000000);" \
      "the per-phone cooldown and the captchas' global limit stay as configured (each candidate asks once)"
  fi
}

# The service's environment: the stores, ports and plan of the run, sessions outliving the run, holds, limits.
service_environment() {
  SERVICE_ENV=(ZIKAO_PROFILE=dev ZIKAO_PG_URI="$PG_URI" ZIKAO_REDIS_URI="$REDIS_URI" ZIKAO_HTTP_PORT="$HTTP_PORT"
    ZIKAO_PAYSIM_PORT="$PAYSIM_PORT" ZIKAO_PLAN="$PLAN" ZIKAO_DATA_DIR="$RUN_DIR/data"
    ZIKAO_JWT_TTL_SECONDS=$((RUN_SECONDS + 7200)) ZIKAO_ORDER_HOLD_SECONDS="$HOLD" ZIKAO_WECHAT_QUERY_AFTER_SECONDS=10
    "${SMS_ENV[@]}")
}
service_env() { env "${SERVICE_ENV[@]}" "$@"; }

start_paysim() {
  HTTP_PORT=$(free_port) && PAYSIM_PORT=$(free_port) || return 1
  service_environment
  env "${SERVICE_ENV[@]}" java "${PAYSIM_JAVA[@]}" -jar "$JAR" paysim >"$RUN_DIR/paysim.log" 2>&1 &
  PAYSIM_PID=$!
  PIDS_TO_STOP+=("$PAYSIM_PID")
  for _ in $(seq 1 120); do
    curl -s -o /dev/null "http://127.0.0.1:$PAYSIM_PORT/sim/orders/none" && { log "payment simulator on port $PAYSIM_PORT (pid $PAYSIM_PID)"; return 0; }
    kill -0 "$PAYSIM_PID" 2>/dev/null || break
    sleep 0.5
  done
  log "the payment simulator did not start: $RUN_DIR/paysim.log"
  tail -5 "$RUN_DIR/paysim.log" >&2
  return 1
}

start_service() {
  local t0 deadline
  t0=$(date +%s)
  deadline=$((t0 + ${READY_TIMEOUT:-180}))
  local profile=()
  # JFR=1: a flight recording of the service for the whole run (profile settings), written when it stops
  [ "${JFR:-0}" = 1 ] && profile=(-XX:StartFlightRecording=filename="$RUN_DIR/service.jfr",settings=profile,dumponexit=true)
  env "${SERVICE_ENV[@]}" java "${SERVICE_JAVA[@]}" "${profile[@]}" -jar "$JAR" >"$RUN_DIR/service.log" 2>&1 &
  SERVICE_PID=$!
  PIDS_TO_STOP+=("$SERVICE_PID")
  BASE=http://127.0.0.1:$HTTP_PORT
  until curl -fs -o /dev/null "$BASE/ready"; do
    if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
      log "the service exited before it was ready: $RUN_DIR/service.log"
      tail -5 "$RUN_DIR/service.log" >&2
      return 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "the service was not ready within ${READY_TIMEOUT:-180} s: $RUN_DIR/service.log"
      return 1
    fi
    sleep 0.5
  done
  log "service ready at $BASE in $(($(date +%s) - t0)) s (pid $SERVICE_PID)"
}

# How many candidates the run needs: arrivals of the shape at the rate, with room to spare.
seed_count() {
  case "$SIM" in
    SeatRush) echo $((10 * SEATS)) ;;
    Orders) echo $((2 * ORDERS_USERS)) ;;
    PlanSeats) echo 0 ;;
    *)
      local factor
      case "$SHAPE" in capacity) factor=4 ;; stress) factor=6 ;; spike) factor=2 ;; *) factor=1 ;; esac
      # PeakOpening adds the pre-opening ramp and the burst before the shape
      awk -v r="$RUN_RATE" -v d="$RUN_SECONDS" -v f="$factor" -v p="$([ "$SIM" = PeakOpening ] && echo 1 || echo 0)" \
        'BEGIN { n = r * (d * f + p * 60) * 1.2 + 50; printf "%d\n", n }'
      ;;
  esac
}

# seed-candidates into as many areas as the count needs (2,000 an area; SeatRush: its small area), merged and
# shuffled, and 20 more in area 0100 for the warm-up alone, so no simulation meets a candidate the warm-up touched.
seed() {
  local n areas per area
  n=$(seed_count)
  if [ "$SIM" = SeatRush ]; then
    areas=$RUSH_AREA
  elif [ "$SIM" = Orders ] || [ "$n" -le 2000 ]; then
    areas=0100
  else
    # area codes are the plan's four-digit codes (venues have six)
    areas=$(grep -oE 'code: "[0-9]{4}"' "$PLAN" | grep -oE '[0-9]{4}' | head -n $(((n + 1999) / 2000)) | tr '\n' ' ')
  fi
  [ -n "${areas// /}" ] || { log "no exam area found in $PLAN"; return 1; }
  per=$(((n + $(wc -w <<<"$areas") - 1) / $(wc -w <<<"$areas")))
  mkdir -p "$RUN_DIR/seed"
  seed_into warm-up 0100 20 || return 1
  cp "$RUN_DIR/seed/warm-up/sessions.csv" "$RUN_DIR/seed/warm-up-sessions.csv"
  for f in candidates.csv sessions.csv; do head -1 "$RUN_DIR/seed/warm-up/$f" >"$RUN_DIR/seed/$f"; done
  [ "$per" -gt 0 ] || return 0
  for area in $areas; do seed_into "$area" "$area" "$per" || return 1; done
  if [ "$SIM" = Orders ] && [ "$BIG_SEATS" -gt 0 ]; then seed_into big "$BIG_AREA" "$ORDERS_USERS" || return 1; fi
  for f in candidates.csv sessions.csv; do
    for area in $areas; do tail -n +2 "$RUN_DIR/seed/$area/$f"; done | shuf >>"$RUN_DIR/seed/$f"
  done
}

seed_into() {
  service_env java "${TOOL_JAVA[@]}" -jar "$JAR" seed-candidates --count "$3" --out "$RUN_DIR/seed/$1" --area "$2" --sessions \
    >>"$RUN_DIR/seed.log" 2>&1 || { log "seed-candidates failed: $RUN_DIR/seed.log"; tail -3 "$RUN_DIR/seed.log" >&2; return 1; }
  tail -1 "$RUN_DIR/seed.log" | tee -a "$RUN_DIR/run.log" >&2
}

start_baseline() {
  BASELINE_PORT=$(free_port) || return 1
  BASELINE_PG_URI=$PG_URI BASELINE_REDIS_URI=$REDIS_URI BASELINE_PORT=$BASELINE_PORT \
    java "${SERVICE_JAVA[@]}" -jar "$HERE/baseline/target/baseline.jar" >"$RUN_DIR/baseline.log" 2>&1 &
  BASELINE_PID=$!
  PIDS_TO_STOP+=("$BASELINE_PID")
  for _ in $(seq 1 60); do
    curl -fs -o /dev/null "http://127.0.0.1:$BASELINE_PORT/redis" && { log "baseline server on port $BASELINE_PORT"; return 0; }
    sleep 0.5
  done
  log "the baseline server did not start: $RUN_DIR/baseline.log"
  return 1
}

# JIT and pools: public reads, captchas, me and the selection with the warm-up sessions, four clients in parallel.
warm_up() {
  [ "$WARMUP_SECONDS" -gt 0 ] || return 0
  log "warm-up for $WARMUP_SECONDS s"
  local end=$(($(date +%s) + WARMUP_SECONDS)) workers=()
  for _ in 1 2 3 4; do
    (
      while [ "$(date +%s)" -lt "$end" ]; do
        t=$(shuf -n 1 "$RUN_DIR/seed/warm-up-sessions.csv" | cut -d, -f2)
        curl -s -H "Authorization: Bearer $t" -o /dev/null -o /dev/null -o /dev/null -o /dev/null -o /dev/null \
          "$BASE/" "$BASE/api/v1/plan" "$BASE/api/v1/plan/271/seats?area=0100" "$BASE/api/v1/me" \
          "$BASE/api/v1/sittings/271/selection"
        curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d '{}' "$BASE/api/v1/captchas"
      done
    ) &
    workers+=($!)
  done
  wait "${workers[@]}"
  [ "$SIM" = PeakOpening ] && log "registration opens in $((OPENS_AT - $(date +%s))) s"
}

# CPU (% of one core) and RSS of each process every SAMPLE_SECONDS into samples.csv, and /metrics' key series.
proc_ticks_rss() {
  local ticks=0 rss=0 p t r
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] || continue
    t=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }')
    r=$(awk '/^VmRSS/ { print $2 }' "/proc/$p/status" 2>/dev/null)
    ticks=$((ticks + ${t:-0}))
    rss=$((rss + ${r:-0}))
  done
  echo "$ticks $rss"
}

sample_loop() {
  local hz prev_t now name pids tr ticks rss cpu
  declare -A prev
  hz=$(getconf CLK_TCK)
  echo "time,process,cpu_percent,rss_kb" >"$RUN_DIR/samples.csv"
  prev_t=$(date +%s.%N)
  while true; do
    now=$(date +%s.%N)
    for name in service postgres redis paysim gatling; do
      case "$name" in
        service) pids=$SERVICE_PID ;; redis) pids=$REDIS_PID ;; paysim) pids=$PAYSIM_PID ;;
        gatling) pids="$GATLING_MVN_PID $(pgrep -P "$GATLING_MVN_PID" 2>/dev/null | tr '\n' ' ')" ;;
        postgres) pids=$(psql "$PG_URI" -qAt -c "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()" 2>/dev/null | tr '\n' ' ') ;;
      esac
      read -r ticks rss <<<"$(proc_ticks_rss $pids)"
      if [ -n "${prev[$name]:-}" ]; then
        cpu=$(awk -v a="${prev[$name]}" -v b="$ticks" -v hz="$hz" -v dt="$(awk -v x="$now" -v y="$prev_t" 'BEGIN { print x - y }')" \
          'BEGIN { d = b - a; if (d < 0) d = 0; printf "%.1f", 100 * d / hz / dt }')
        echo "${now%.*},$name,$cpu,$rss" >>"$RUN_DIR/samples.csv"
      fi
      prev[$name]=$ticks
    done
    prev_t=$now
    curl -s "$BASE/metrics" | grep -E '^(jvm_memory_used_bytes|jvm_gc_pause_seconds_(sum|count)|jvm_threads_live_threads|process_cpu_usage|process_files_open_files|zikao_event_loop_delay_seconds_(max|sum|count)|vertx_pool_(in_use|queue_pending|queue_time_seconds_(sum|count)))' \
      | sed "s/^/${now%.*} /" >>"$RUN_DIR/metrics.txt"
    sleep "$SAMPLE_SECONDS"
  done
}

stop_sampler() {
  if [ -n "${SAMPLER_PID:-}" ]; then
    kill "$SAMPLER_PID" 2>/dev/null
    wait "$SAMPLER_PID" 2>/dev/null
    SAMPLER_PID=
  fi
}

run_gatling() {
  local props=(-Dgatling.simulationClass="cn.zikao.load.$SIM" -DbaseUrl="$BASE" -DpaysimUrl="http://127.0.0.1:$PAYSIM_PORT"
    -DseedDir="$RUN_DIR/seed" -Dshape="$SHAPE" -DopensAt="$OPENS_AT" -DgatlingResults="$RUN_DIR/gatling")
  [ -n "${RATE:-}" ] && props+=(-Drate="$RATE")
  [ -n "${DURATION:-}" ] && props+=(-Dduration="$DURATION")
  [ "$SIM" = SeatRush ] && props+=(-Dseats="$SEATS" -Darea="$RUSH_AREA")
  [ "$SIM" = Orders ] && props+=(-DbaselineUrl="http://127.0.0.1:$BASELINE_PORT" -Dusers="$ORDERS_USERS" -DbigSeats="$BIG_SEATS")
  log "Gatling: $SIM, shape $SHAPE, rate $RUN_RATE/s, ${RUN_SECONDS} s (log $RUN_DIR/gatling.log)"
  # shellcheck disable=SC2086
  (cd "$HERE" && exec mvn -B gatling:test "${props[@]}" ${GATLING_ARGS:-}) >"$RUN_DIR/gatling.log" 2>&1 &
  GATLING_MVN_PID=$!
  PIDS_TO_STOP+=("$GATLING_MVN_PID")
  sample_loop &
  SAMPLER_PID=$!
  wait "$GATLING_MVN_PID"
  local status=$?
  GATLING_MVN_PID=
  grep -E ': (true|false) \(actual|ERROR|crashed' "$RUN_DIR/gatling.log" | head -20 >&2
  write_stats_json
  # a request Gatling could not even build ends its user without a KO: count it as a failure of the run
  if grep -q "Failed to build request" "$RUN_DIR/gatling.log"; then
    log "some requests could not be built (see 'Failed to build request' in $RUN_DIR/gatling.log)"
    status=1
  fi
  ASSERTIONS=OK
  if [ "$status" -ne 0 ]; then
    ASSERTIONS=FAIL
    log "Gatling failed (exit $status): assertions or the run itself, see $RUN_DIR/gatling.log"
  fi
  return "$status"
}

# Gatling 3.15 writes no js/stats.json: StatsJson computes it from the run's simulation.log with Gatling's own reader.
write_stats_json() {
  local report
  report=$(ls -td "$RUN_DIR"/gatling/*/ 2>/dev/null | head -1)
  [ -n "$report" ] && [ -f "$report/simulation.log" ] || return 0
  java --add-opens=java.base/java.lang=ALL-UNNAMED -cp "$HERE/target/test-classes:$(cat "$HERE/target/classpath.txt")" \
    cn.zikao.load.StatsJson "$report" >>"$RUN_DIR/gatling.log" 2>&1 || log "could not write $report/js/stats.json"
}

run_check() {
  service_env java "${TOOL_JAVA[@]}" -jar "$JAR" check >"$RUN_DIR/check.log" 2>&1
  local status=$?
  grep -E '^(check:|payments waiting)' "$RUN_DIR/check.log" >&2
  CHECK=OK
  [ "$status" -ne 0 ] && CHECK=FAIL
  return "$status"
}

sql() { psql "$PG_URI" -qAt -c "$1"; }

# The counts a simulation ends on, for the RESULT line; non-zero when they are not what it must end with.
extra_counts() {
  EXTRA=
  case "$SIM" in
    SeatRush)
      local held holders candidates refused
      held=$(sql "SELECT count(*) FROM enrollment WHERE area_code = '$RUSH_AREA' AND slot_no = 1 AND status IN ('HELD', 'PAID')")
      holders=$(sql "SELECT count(DISTINCT candidate_id) FROM enrollment WHERE area_code = '$RUSH_AREA' AND slot_no = 1 AND status IN ('HELD', 'PAID')")
      candidates=$(sql "SELECT count(*) FROM candidate WHERE area_code = '$RUSH_AREA'")
      refused=$((candidates - holders))
      EXTRA="seats=$SEATS held_or_paid=$held refused_seats_full=$refused candidates=$candidates"
      if [ "$held" -ne "$SEATS" ] || [ "$refused" -ne $((candidates - SEATS)) ]; then
        log "SeatRush: $held seats held or paid of $SEATS, $refused of $candidates refused: not what a full area must show"
        return 1
      fi
      ;;
    PeakOpening | CallbackStorm | PaymentNotify)
      local paid applied mismatch open void
      paid=$(sql "SELECT count(*) FROM exam_order WHERE status = 'PAID'")
      open=$(sql "SELECT count(*) FROM exam_order WHERE status IN ('UNPAID', 'PAYING')")
      void=$(sql "SELECT count(*) FROM exam_order WHERE status = 'VOID'")
      applied=$(sql "SELECT count(*) FROM payment WHERE status = 'APPLIED'")
      mismatch=$(sql "SELECT count(*) FROM payment WHERE status = 'AMOUNT_MISMATCH'")
      EXTRA="paid_orders=$paid applied_payments=$applied open_orders=$open void_orders=$void amount_mismatch=$mismatch"
      if [ "$paid" -ne "$applied" ]; then
        log "$paid PAID orders but $applied applied payments"
        return 1
      fi
      ;;
  esac
  return 0
}

# Mean CPU and peak RSS per process, the worst event-loop delay and the PostgreSQL pool wait, as k=v.
resource_summary() {
  [ -f "$RUN_DIR/samples.csv" ] || return 0
  awk -F, 'NR > 1 { s[$2] += $3; n[$2]++; if ($4 > m[$2]) m[$2] = $4 }
    END { for (p in s) printf "cpu_%s=%.0f%% rss_%s_mb=%.0f ", p, s[p] / n[p], p, m[p] / 1024 }' "$RUN_DIR/samples.csv"
  [ -f "$RUN_DIR/metrics.txt" ] || return 0
  awk '$2 ~ /^zikao_event_loop_delay_seconds_max/ && $3 > d { d = $3 }
    $2 ~ /^vertx_pool_queue_time_seconds_sum\{.*zikao-pg/ { ws = $3 } $2 ~ /^vertx_pool_queue_time_seconds_count\{.*zikao-pg/ { wc = $3 }
    $2 ~ /^vertx_pool_queue_pending\{.*zikao-pg/ && $3 > q { q = $3 }
    END { printf "loop_delay_max_ms=%.0f pg_wait_mean_ms=%.1f pg_queue_max=%d", d * 1000, (wc > 0 ? 1000 * ws / wc : 0), q }' "$RUN_DIR/metrics.txt"
}

stop_pid() {
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  pkill -TERM -P "$pid" 2>/dev/null
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  pkill -KILL -P "$pid" 2>/dev/null
  kill -KILL "$pid" 2>/dev/null
}

# Everything the run started, newest first, then its database. Safe to call twice.
stop_all() {
  [ -n "${STOPPED:-}" ] && return 0
  STOPPED=1
  stop_sampler
  local i
  for ((i = ${#PIDS_TO_STOP[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS_TO_STOP[$i]}"; done
  if [ -n "${DB:-}" ] && [ -z "${KEEP_DB:-}" ]; then
    psql "$PG_ADMIN" -qAt -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || log "could not drop database $DB"
  fi
}

# Stops everything, then prints the RESULT line (figures from Gatling's js/stats.json) as the last line.
finish() {
  local status=$1 error=$2 stats requests=0 ko=0 p95=0 p99=0 resources
  resources=$(resource_summary)
  stop_all
  stats=$(ls -t "$RUN_DIR"/gatling/*/js/stats.json 2>/dev/null | head -1)
  if [ -n "$stats" ]; then
    read -r requests ko p95 p99 <<<"$(jq -r '.stats | "\(.numberOfRequests.total) \(.numberOfRequests.ko) \(.percentiles3.total) \(.percentiles4.total)"' "$stats")"
    log "report: $(dirname "$(dirname "$stats")")/index.html"
  fi
  local line="RESULT simulation=$SIM shape=$SHAPE requests=$requests ko=$ko p95_ms=$p95 p99_ms=$p99 check=${CHECK:-FAIL} assertions=${ASSERTIONS:-FAIL}"
  [ -n "$error" ] && line="$line error=$error"
  line="$line ${EXTRA:-}${EXTRA:+ }rate=$RUN_RATE duration_s=$RUN_SECONDS load_start=$LOAD_START load_end=$(cut -d' ' -f1 /proc/loadavg) elapsed_s=$(($(date +%s) - START)) $resources"
  echo "${line% }" | tee -a "$RUN_DIR/run.log"
}
