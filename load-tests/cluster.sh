#!/usr/bin/env bash
# Zikao scaled out on this machine: `cluster.sh up [INSTANCES]` starts INSTANCES (default 2) service instances
# behind nginx (least_conn), a Redis Cluster of 3 masters and 3 replicas (redis-cluster.sh), one payment
# simulator and a fresh PostgreSQL database shared by all, then prints `BASE=... PAYSIM=...` as its last line;
# `cluster.sh down` stops everything it started (pid files under its state directory) and drops the database.
# Open-source nginx has passive health checks only: an instance that fails max_fails times is left out for
# fail_timeout, and an idempotent request that meets a dead instance is passed to the next (proxy_next_upstream;
# a 503 is the service's answer, passed to the client, and takes no instance out).
set -euo pipefail
cd "$(dirname "$0")/.."
state=${ZIKAO_CLUSTER_STATE:-${TMPDIR:-/tmp}/zikao-cluster}
pg_admin=${ZIKAO_CLUSTER_PG:-postgresql://postgres@127.0.0.1:5432/postgres}
db=zikao_cluster

log() { printf '[cluster] %s\n' "$*" >&2; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_ready() { # url seconds
  for _ in $(seq 1 $(( $2 * 5 ))); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" = 200 ] && return 0
    sleep 0.2
  done
  return 1
}

up() {
  local n=${1:-2}
  [ -d "$state" ] && { log "already up (state in $state): cluster.sh down first"; exit 1; }
  command -v nginx >/dev/null || { log "installing nginx"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }
  [ -f target/zikao.jar ] || { log "building target/zikao.jar"; mvn -B -q -o -DskipTests package; }
  mkdir -p "$state/data" "$state/logs" "$state/nginx"
  local pg_uri=${pg_admin%/*}/$db
  psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
  local base
  base=$(for b in $(seq 17000 10 17990); do
    ok=1; for p in $(seq "$b" $((b + 5))); do (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null && ok=0; done
    [ "$ok" -eq 1 ] && { echo "$b"; break; }; done)
  echo "$base" >"$state/redis-base"
  local seeds
  seeds=$(load-tests/redis-cluster.sh up "$base" | tail -1)
  log "Redis Cluster $seeds"
  local lb paysim
  lb=$(free_port); paysim=$(free_port)
  local notify=http://127.0.0.1:$lb/api/v1/payments/wechat/notify
  # One data directory: every instance and the simulator share the dev WeChat Pay keys generated there.
  export ZIKAO_PROFILE=dev ZIKAO_DATA_DIR="$state/data" ZIKAO_PG_URI="$pg_uri" ZIKAO_REDIS_MODE=cluster \
    ZIKAO_REDIS_URI="$seeds" ZIKAO_PAYSIM_PORT="$paysim" ZIKAO_WECHAT_NOTIFY_URL="$notify"
  ZIKAO_HTTP_PORT=$(free_port) nohup java -jar target/zikao.jar paysim >"$state/logs/paysim.log" 2>&1 &
  echo $! >"$state/paysim.pid"
  for _ in $(seq 1 150); do (echo >"/dev/tcp/127.0.0.1/$paysim") 2>/dev/null && break; sleep 0.2; done
  local servers=""
  for i in $(seq 1 "$n"); do
    local port
    port=$(free_port)
    ZIKAO_HTTP_PORT=$port ZIKAO_INSTANCE_ID=zikao-$i ZIKAO_PAYSIM_ENABLED=false ZIKAO_HTTP_INSTANCES=${ZIKAO_HTTP_INSTANCES:-2} \
      nohup java -jar target/zikao.jar >"$state/logs/zikao-$i.log" 2>&1 &
    echo $! >"$state/zikao-$i.pid"
    echo "$port" >"$state/zikao-$i.port"
    servers+="    server 127.0.0.1:$port max_fails=3 fail_timeout=10s;"$'\n'
  done
  # ZIKAO_CLUSTER_ACCESS_LOG=FILE: one line per request (time, status, method, path, upstream statuses), for faults.sh
  local access="access_log off;"
  [ -n "${ZIKAO_CLUSTER_ACCESS_LOG:-}" ] \
    && access="log_format brief '\$msec \$status \$request_method \$uri \"\$upstream_status\"'; access_log $ZIKAO_CLUSTER_ACCESS_LOG brief;"
  cat >"$state/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $state/nginx/nginx.pid;
error_log $state/logs/nginx-error.log warn;
events { worker_connections 4096; }
http {
  $access
  client_body_temp_path $state/nginx/body;
  proxy_temp_path $state/nginx/proxy;
  fastcgi_temp_path $state/nginx/fastcgi;
  uwsgi_temp_path $state/nginx/uwsgi;
  scgi_temp_path $state/nginx/scgi;
  client_max_body_size 1m;
  upstream zikao {
    least_conn;
$servers    keepalive 64;
  }
  server {
    listen 127.0.0.1:$lb;
    location / {
      proxy_pass http://zikao;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      # only idempotent requests are passed on (nginx never resends a POST it has sent). Not on 503: that is the
      # service's own answer (BUSY, or a store down for every instance alike) with its Retry-After, and each such
      # attempt would count towards max_fails: a 503 burst would leave every instance out for fail_timeout (502s)
      proxy_next_upstream error timeout http_502 http_504;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 1s;
      proxy_read_timeout 15s;
    }
  }
}
CONF
  nginx -p "$state/nginx" -c "$state/nginx/nginx.conf"
  for i in $(seq 1 "$n"); do
    wait_ready "http://127.0.0.1:$(cat "$state/zikao-$i.port")/ready" 180 \
      || { log "instance $i is not ready (see $state/logs/zikao-$i.log)"; exit 1; }
  done
  wait_ready "http://127.0.0.1:$lb/ready" 30 || { log "nginx does not answer (see $state/logs)"; exit 1; }
  log "$n instances, logs under $state/logs"
  echo "BASE=http://127.0.0.1:$lb PAYSIM=http://127.0.0.1:$paysim"
}

down() {
  [ -d "$state" ] || { log "nothing is up"; return 0; }
  [ -f "$state/nginx/nginx.pid" ] && kill "$(cat "$state/nginx/nginx.pid")" 2>/dev/null || true
  for f in "$state"/zikao-*.pid "$state"/paysim.pid; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
  for f in "$state"/zikao-*.pid "$state"/paysim.pid; do
    [ -f "$f" ] || continue
    for _ in $(seq 1 75); do kill -0 "$(cat "$f")" 2>/dev/null || break; sleep 0.2; done
  done
  [ -f "$state/redis-base" ] && load-tests/redis-cluster.sh down "$(cat "$state/redis-base")"
  psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$state"
  log "down"
}

case "${1:-}" in
  up) up "${2:-2}" ;;
  down) down ;;
  *) echo "usage: cluster.sh up [INSTANCES] | down" >&2; exit 2 ;;
esac
