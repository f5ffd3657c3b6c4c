#!/usr/bin/env bash
# Start a throwaway Redis (Debian's redis-server) for the workers and their tests: a unix socket in DIR, no TCP port,
# no persistence. Prints the broker URL (DGEVAL_BROKER_URL) to use.
#   url=$(bash scripts/redis.sh start DIR)    bash scripts/redis.sh stop DIR
# With PORT set, listens on 127.0.0.1:PORT instead (for a worker fleet on this host that prefers TCP).
set -euo pipefail
action=${1:-}
dir=${2:-}
[ -n "$dir" ] || { echo "usage: redis.sh start|stop DIR" >&2; exit 2; }
command -v redis-server >/dev/null 2>&1 ||
    { echo "redis.sh: redis-server not found (apt-get install redis-server)" >&2; exit 1; }
case "$action" in
    start)
        mkdir -p "$dir"
        dir=$(cd "$dir" && pwd)
        if [ -n "${PORT:-}" ]; then
            listen=(--port "$PORT" --bind 127.0.0.1)
            url="redis://127.0.0.1:$PORT/0"
        else
            listen=(--port 0 --unixsocket "$dir/redis.sock" --unixsocketperm 700)
            url="redis+socket://$dir/redis.sock"
        fi
        redis-server --daemonize yes --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
            --save "" --appendonly no "${listen[@]}"
        for _ in $(seq 1 100); do
            if [ -n "${PORT:-}" ]; then
                redis-cli -h 127.0.0.1 -p "$PORT" ping >/dev/null 2>&1 && break
            else
                redis-cli -s "$dir/redis.sock" ping >/dev/null 2>&1 && break
            fi
            sleep 0.1
        done
        echo "$url"
        ;;
    stop)
        if [ -f "$dir/redis.pid" ]; then
            pid=$(cat "$dir/redis.pid")
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        fi
        rm -rf "$dir"
        ;;
    *)
        echo "usage: redis.sh start|stop DIR" >&2
        exit 2
        ;;
esac
