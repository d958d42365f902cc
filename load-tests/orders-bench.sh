#!/usr/bin/env bash
# The order benchmark of load-tests/RESULTS.md ("Orders"): the service, the baseline server, PostgreSQL, Redis and
# Gatling on this one machine; one Gatling run, four phases (durable insert ceiling, order create + cancel, Redis
# ceiling, seats). Needs target/zikao.jar (mvn -B package) and baseline/target/baseline.jar (mvn -B -f
# baseline/pom.xml package). PostgreSQL: BENCH_PG (a fresh database zikao_bench is made there); Redis: a private
# redis-server on BENCH_REDIS_PORT, stopped at the end.
set -euo pipefail
cd "$(dirname "$0")"
PG=${BENCH_PG:-postgresql://postgres@127.0.0.1:5432}
DB=zikao_bench
REDIS_PORT=${BENCH_REDIS_PORT:-6391}
APP_PORT=${BENCH_APP_PORT:-8085}
BASELINE_PORT=${BENCH_BASELINE_PORT:-8091}
USERS=${USERS:-64}
PHASE_SECONDS=${PHASE_SECONDS:-30}
pids=()
stop() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap stop EXIT

psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  echo "orders-bench: port $REDIS_PORT is taken; set BENCH_REDIS_PORT" >&2
  exit 1
fi
redis-server --port "$REDIS_PORT" --save "" --appendonly no >/dev/null & pids+=($!)
sleep 0.5
ZIKAO_PROFILE=dev ZIKAO_PG_URI="$PG/$DB" ZIKAO_REDIS_URI="redis://127.0.0.1:$REDIS_PORT/0" ZIKAO_HTTP_PORT="$APP_PORT" \
  bash -c 'cd .. && exec java -jar target/zikao.jar' > target/bench-service.log 2>&1 & pids+=($!)
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$APP_PORT/ready" >/dev/null && break
  sleep 0.5
done
psql "$PG/$DB" -q -v users="$USERS" -f orders-setup.sql
BASELINE_PG_URI="$PG/$DB" BASELINE_REDIS_URI="redis://127.0.0.1:$REDIS_PORT/0" BASELINE_PORT="$BASELINE_PORT" \
  java -jar baseline/target/baseline.jar > target/bench-baseline.log 2>&1 & pids+=($!)
sleep 2
mvn -B -o gatling:test -Dgatling.simulationClass=zikao.OrdersSimulation -DbaseUrl="http://127.0.0.1:$APP_PORT" \
  -DbaselineUrl="http://127.0.0.1:$BASELINE_PORT" -Dusers="$USERS" -Dseconds="$PHASE_SECONDS" | tee target/bench-gatling.log \
  || echo "orders-bench: Gatling assertions failed (see above)"
(cd .. && ZIKAO_PG_URI="$PG/$DB" ZIKAO_REDIS_URI="redis://127.0.0.1:$REDIS_PORT/0" java -jar target/zikao.jar check)
