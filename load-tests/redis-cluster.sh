#!/usr/bin/env bash
# A Redis Cluster of 3 masters and 3 replicas on this machine, from Debian's redis-server, for tests and
# cluster.sh: `redis-cluster.sh up PORT_BASE` starts nodes on PORT_BASE..PORT_BASE+5 and waits for
# cluster_state:ok, printing the seeds (redis://127.0.0.1:PORT,...) as its last line; `redis-cluster.sh down
# PORT_BASE` stops them and removes their directory; `redis-cluster.sh start PORT_BASE PORT` starts one node again
# after it died (it rejoins from its nodes.conf). No persistence: a node that restarts comes back empty.
set -euo pipefail
usage="usage: redis-cluster.sh up|down PORT_BASE | start PORT_BASE PORT"
cmd=${1:?$usage}
base=${2:?$usage}
dir=${ZIKAO_CLUSTER_DIR:-${TMPDIR:-/tmp}/zikao-redis-cluster-$base}
ports=$(seq "$base" $((base + 5)))

node() { # port
  mkdir -p "$dir/$1"
  redis-server --port "$1" --bind 127.0.0.1 --daemonize yes --cluster-enabled yes \
    --cluster-config-file "$dir/$1/nodes.conf" --cluster-node-timeout 2000 --save "" --appendonly no \
    --dir "$dir/$1" --logfile "$dir/$1/redis.log" --pidfile "$dir/$1/redis.pid"
}

case "$cmd" in
  up)
    mkdir -p "$dir"
    for p in $ports; do node "$p"; done
    for p in $ports; do
      for _ in $(seq 1 50); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.1; done
    done
    redis-cli --cluster create $(for p in $ports; do printf '127.0.0.1:%s ' "$p"; done) \
      --cluster-replicas 1 --cluster-yes >"$dir/create.log"
    for _ in $(seq 1 100); do
      ok=0
      for p in $ports; do redis-cli -p "$p" cluster info | grep -q '^cluster_state:ok' && ok=$((ok + 1)); done
      [ "$ok" -eq 6 ] && break
      sleep 0.2
    done
    [ "$ok" -eq 6 ] || { echo "cluster on $base..$((base + 5)) is not ok (see $dir)" >&2; exit 1; }
    echo "$(for p in $ports; do printf 'redis://127.0.0.1:%s,' "$p"; done | sed 's/,$//')"
    ;;
  down)
    for p in $ports; do
      [ -f "$dir/$p/redis.pid" ] && kill "$(cat "$dir/$p/redis.pid")" 2>/dev/null || true
    done
    for p in $ports; do
      for _ in $(seq 1 50); do redis-cli -p "$p" ping >/dev/null 2>&1 || break; sleep 0.1; done
    done
    rm -rf "$dir"
    ;;
  start)
    p=${3:?$usage}
    [ -f "$dir/$p/nodes.conf" ] || { echo "no node $p in $dir" >&2; exit 1; }
    node "$p"
    for _ in $(seq 1 50); do redis-cli -p "$p" ping >/dev/null 2>&1 && exit 0; sleep 0.1; done
    echo "node $p did not start (see $dir/$p/redis.log)" >&2
    exit 1
    ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
