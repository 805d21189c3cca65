#!/usr/bin/env bash
# run.sh - Phantom against Lua 5.4 and CPython on the programs of Benchmarks/programs/.
#
#     Benchmarks/run.sh [--runs N] [--only NAME,...] [--quick] [--timeout S]
#
# Builds `phantom` in release mode (scratch path .build, or $SCRATCH_PATH), installs
# lua5.4 and python3 from Debian if they are missing, then hands over to run.py, which
# runs everything and prints a Markdown report (progress on standard error). The peers
# can be chosen with $LUA and $PYTHON.
set -euo pipefail
cd "$(dirname "$0")/.."

SCRATCH_PATH="${SCRATCH_PATH:-.build}"

# The Debian packages of the default peers that are missing. Debian's CPython unless
# told otherwise: a python3 earlier in PATH (pyenv, a venv) may be another build.
missing=()
if [[ -z "${LUA:-}" ]]; then
    LUA=lua5.4
    command -v lua5.4 >/dev/null 2>&1 || missing+=(lua5.4)
fi
if [[ -z "${PYTHON:-}" ]]; then
    PYTHON=/usr/bin/python3
    [[ -x /usr/bin/python3 ]] || missing+=(python3)
fi
if ((${#missing[@]})); then
    if [[ "$(id -u)" == 0 ]]; then
        apt=(apt-get)
    elif command -v sudo >/dev/null 2>&1; then
        apt=(sudo apt-get)
    else
        echo "run.sh: ${missing[*]} missing, and no root or sudo to install them" >&2
        exit 1
    fi
    echo "run.sh: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    "${apt[@]}" update -qq
    "${apt[@]}" install -y -qq "${missing[@]}" >&2
fi

echo "run.sh: building phantom (swift build -c release --scratch-path $SCRATCH_PATH)" >&2
swift build -c release --scratch-path "$SCRATCH_PATH" --product phantom >&2

exec "$PYTHON" Benchmarks/run.py --phantom "$SCRATCH_PATH/release/phantom" \
    --lua "$LUA" --python "$PYTHON" "$@"
