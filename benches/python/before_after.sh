#!/usr/bin/env bash
# Alternating runs of compare.py and token_endpoint.py (full mode) with two oxidc wheels in the
# same venv, so both see the same machine: before, after, before, after, before, after, after,
# after (3 runs of "before", 5 of "after"), then summarise.py prints medians across runs and the
# ratio to the fastest peer per run. Usage:
#   benches/python/before_after.sh BEFORE.whl AFTER.whl [OUT_DIR]
# The venv is target/bench-venv as run.sh makes it (OXIDC_BENCH_VENV overrides).
set -euo pipefail
cd "$(dirname "$0")/../.."
BEFORE=$1 AFTER=$2 OUT=${3:-target/bench-runs}
PY=${OXIDC_BENCH_VENV:-target/bench-venv}/bin/python
mkdir -p "$OUT"
inst() { "$PY" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$1"; }
i=0
for which in before after before after before after after after; do
    i=$((i + 1))
    if [ "$which" = before ]; then inst "$BEFORE"; else inst "$AFTER"; fi
    echo "== run $i $which $(date +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    OXIDC_BENCH_JSON="$OUT/$which-$i.json" "$PY" benches/python/compare.py > "$OUT/$which-$i.txt" 2>&1
    OXIDC_BENCH_MODE=full "$PY" benches/python/token_endpoint.py > "$OUT/$which-$i-tep.txt" 2>&1
done
inst "$AFTER"
python3 benches/python/summarise.py "$OUT"
