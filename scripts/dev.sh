#!/usr/bin/env bash
# One entry point for a fresh machine (Python 3.11 + apt): installs what dgeval needs, then runs a job.
#   bash scripts/dev.sh demo [dgeval demo options]   the main job: the full demo evaluation
#   bash scripts/dev.sh test [pytest options]        the whole test suite (what .ci/run calls)
# Idempotent: a second run installs nothing new.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV="$ROOT/.venv"
job=${1:-}
shift || true

APT_PACKAGES=(chromium fonts-noto-cjk nginx-light wget postgresql poppler-utils redis-server gettext)

install_system_packages() {
    local missing=()
    for pkg in "${APT_PACKAGES[@]}"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "dgeval setup: please install as root: apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    echo "dgeval setup: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >/dev/null
    # nginx (benchmark), PostgreSQL and Redis (tests) are started by our scripts on their own terms, not as services.
    for service in nginx postgresql redis-server; do
        if command -v systemctl >/dev/null 2>&1; then systemctl disable --now "$service" >/dev/null 2>&1 || true; fi
        service "$service" stop >/dev/null 2>&1 || true
    done
}

python_311() {
    for candidate in python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))'; then
            echo "$candidate"
            return
        fi
    done
    echo "dgeval setup: Python 3.11 or newer is required" >&2
    exit 1
}

install_python_packages() {
    local stamp="$VENV/.dgeval-installed"
    if [ ! -x "$VENV/bin/python" ]; then
        "$(python_311)" -m venv "$VENV"
    fi
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check -U pip
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[web,postgres,scale,test,bench]"
        touch "$stamp"
    fi
    # An editable install leaves dgeval's own modules uncompiled, and where PYTHONDONTWRITEBYTECODE is set every
    # process compiles them again (0.1 s of a scan's start, in each process it spawns): compiled here, as pip
    # compiles a regular install (only what changed since).
    "$VENV/bin/python" -m compileall -q -j 0 src/dgeval >/dev/null
}

install_system_packages
install_python_packages
export PATH="$VENV/bin:$PATH"

case "$job" in
    demo)
        exec dgeval demo "$@"
        ;;
    test)
        set +e
        python -m pytest -q -p no:cacheprovider "$@"
        status=$?
        # pytest exits 5 when it collected no test: nothing failed, say so instead of failing CI.
        if [ "$status" -eq 5 ]; then echo "no tests collected"; status=0; fi
        if [ "$status" -eq 0 ] && [ $# -eq 0 ]; then
            # The platform's database tests once more on a real PostgreSQL (SQLite is the default above).
            pgdir=$(mktemp -d /tmp/dgeval-pg.XXXXXX)
            trap 'bash scripts/postgres.sh stop "$pgdir"' EXIT
            url=$(bash scripts/postgres.sh start "$pgdir") || exit 1
            echo "== tests/web on PostgreSQL =="
            DGEVAL_TEST_DATABASE_URL=$url python -m pytest -q -p no:cacheprovider tests/web --ignore=tests/web/e2e
            status=$?
        fi
        exit "$status"
        ;;
    *)
        echo "usage: bash scripts/dev.sh demo|test [options]" >&2
        exit 2
        ;;
esac
