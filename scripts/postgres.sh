#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the tests: unix socket only (no TCP port), in a temp folder,
# owned by the `postgres` system user that Debian's package creates. Prints the DATABASE_URL.
#   url=$(bash scripts/postgres.sh start DIR)    bash scripts/postgres.sh stop DIR
set -euo pipefail
action=$1
dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "postgres.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$action" in
    start)
        mkdir -p "$dir"
        chmod 0755 "$dir"  # the server runs as `postgres`: DIR's parents must let it through (e.g. under /tmp)
        if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
        as_postgres "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
        as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-c listen_addresses='' -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null
        echo "postgres://postgres@/dgeval_test?host=$dir"
        ;;
    stop)
        as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$dir"
        ;;
    *)
        echo "usage: postgres.sh start|stop DIR" >&2
        exit 2
        ;;
esac
