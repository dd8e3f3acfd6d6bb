#!/usr/bin/env bash
# Runs fuzz targets for a bounded time each, one at a time (the machine is shared).
#   tests/fuzz/scripts/run.sh SECONDS [TARGET...]      (default: every target)
# Env: FUZZ_RUNS=N stops each target after N executions (as well as after SECONDS);
#      FUZZ_TOOLCHAIN (+nightly), FUZZ_SANITIZER (none), FUZZ_MAX_LEN, FUZZ_TIMEOUT (10 s),
#      FUZZ_LOGS / FUZZ_SUMMARY (where logs and the summary go);
#      FUZZ_JOBS is deliberately not supported: one fuzzer process at a time.
# Corpora grow in target/fuzz/corpus/<target> (kept between runs), seeds come from
# tests/vectors via seed.py. A crash leaves its input in tests/fuzz/artifacts/<target>/ and
# fails the script. A summary line per target (executions, coverage) goes to stdout and to
# target/fuzz/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/../../.."
secs=${1:?seconds per target}
shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo "${FUZZ_TOOLCHAIN:-+nightly}" fuzz list --fuzz-dir tests/fuzz)
fi
python3 tests/fuzz/scripts/seed.py target/fuzz/seeds >/dev/null
logs=${FUZZ_LOGS:-target/fuzz/logs}
mkdir -p "$logs"
summary=${FUZZ_SUMMARY:-target/fuzz/summary.txt}
: >"$summary.new"
status=0
for t in "${targets[@]}"; do
    mkdir -p "target/fuzz/corpus/$t" "target/fuzz/seeds/$t"
    log="$logs/$t.log"
    extra=()
    regress=()
    [ -d "tests/fuzz/regressions/$t" ] && regress=("tests/fuzz/regressions/$t")
    [ -n "${FUZZ_RUNS:-}" ] && extra+=("-runs=$FUZZ_RUNS")
    # Inputs past 4 KiB only slow the search down (the limits tests cover the large inputs);
    # compact_jws goes just past MAX_TOKEN_LEN so the size check itself is fuzzed.
    case "$t" in
        compact_jws) extra+=("-max_len=${FUZZ_MAX_LEN:-17000}") ;;
        *) extra+=("-max_len=${FUZZ_MAX_LEN:-4096}") ;;
    esac
    if ! nice -n 19 cargo "${FUZZ_TOOLCHAIN:-+nightly}" fuzz run --fuzz-dir tests/fuzz -O -s "${FUZZ_SANITIZER:-none}" "$t" \
        "target/fuzz/corpus/$t" "target/fuzz/seeds/$t" ${regress[@]+"${regress[@]}"} -- \
        -max_total_time="$secs" -rss_limit_mb=2048 -timeout=${FUZZ_TIMEOUT:-10} -print_final_stats=1 \
        "${extra[@]}" >"$log" 2>&1; then
        echo "FUZZ FAILURE in $t (see $log):" >&2
        grep -E "panicked|ERROR|SUMMARY|Test unit written" "$log" >&2 || tail -20 "$log" >&2
        status=1
    fi
    runs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
    cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo 0)
    ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo 0)
    corp=$(grep -oE 'corp: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo 0)
    line=$(printf '%-14s execs %12s  cov %6s  ft %7s  corpus %6s  (%ss)' "$t" "$runs" "$cov" "$ft" "$corp" "$secs")
    echo "$line"
    echo "$line" >>"$summary.new"
done
mv "$summary.new" "$summary"
exit $status
