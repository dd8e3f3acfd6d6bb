#!/usr/bin/env bash
# Bare-metal proof (tests/nostd): the core on an emulated Cortex-M4F (QEMU mps2-an386) with no
# allocator. Builds the full and the verify-only firmware (release: opt-level s, LTO, abort),
# runs both under QEMU with a deterministic instruction clock, prints sizes, stack, heap and
# instruction counts as METRIC lines, checks them against the budgets, and runs the two
# negative controls (an allocation must fail to link; a failing check must fail the run).
set -euo pipefail
cd "$(dirname "$0")/../nostd"

# --- tools (installed only when missing) ---------------------------------------------------
if ! command -v qemu-system-arm >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends qemu-system-arm >/dev/null
fi
# clang builds p256-cortex-m4-sys's C and assembly (ES256 on the Cortex-M4; see
# tests/nostd/.cargo/config.toml and cshim/cc.sh).
if ! command -v clang >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang >/dev/null
fi
if ! rustup target list --installed | grep -qx thumbv7em-none-eabihf; then
    rustup target add thumbv7em-none-eabihf >/dev/null
fi
sysroot=$(rustc --print sysroot)
llvm_size=$(ls "$sysroot"/lib/rustlib/*/bin/llvm-size 2>/dev/null | head -n1 || true)
if [ -z "$llvm_size" ]; then
    rustup component add llvm-tools >/dev/null 2>&1 || rustup component add llvm-tools-preview >/dev/null
    llvm_size=$(ls "$sysroot"/lib/rustlib/*/bin/llvm-size | head -n1)
fi

out=target/nostd-report
mkdir -p "$out"
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# --- the core as the firmware builds it (no `sha512` feature): its unit tests pass ---------------
(cd ../.. && cargo test -q -p oxidc --no-default-features --features rustcrypto,opaque >/dev/null)
echo "core without sha512: unit tests pass"

# --- the firmware's own lints ----------------------------------------------------------------
cargo fmt -- --check
cargo clippy -q --lib --bins -- -D warnings

# --- the core's feature graph on the device: no alloc, no std ------------------------------
cargo tree -q -p oxidc -e features --target thumbv7em-none-eabihf >"$out/tree.txt"
if grep -E '"(alloc|std)"' "$out/tree.txt"; then
    fail "the firmware's oxidc feature graph enables alloc or std"
else
    echo "feature graph: oxidc on thumbv7em-none-eabihf has no alloc or std feature"
fi

# --- build and run -----------------------------------------------------------------------
cargo build -q --release --bins
elf=target/thumbv7em-none-eabihf/release
qemu() {
    timeout 300 qemu-system-arm -cpu cortex-m4 -machine mps2-an386 -nographic -monitor none \
        -serial none -semihosting-config enable=on,target=native \
        -icount shift=3,align=off,sleep=off -kernel "$1"
}

# Section sizes: flash = vector table + code + constants + .data's load image; the embedded
# test corpus (.corpus) is test data and reported apart; static RAM = .data + .bss + .uninit.
sizes() {
    "$llvm_size" -A "$1" | awk -v p="$2" '
        /^\.(vector_table|text|rodata|data|gnu\.sgstubs) / { flash += $2 }
        /^\.(data|bss|uninit) / { ram += $2 }
        /^\.text / { text = $2 } /^\.rodata / { rodata = $2 } /^\.corpus / { corpus = $2 }
        END {
            printf "METRIC %s_flash_bytes=%d\nMETRIC %s_text_bytes=%d\nMETRIC %s_rodata_bytes=%d\n", p, flash, p, text, p, rodata
            printf "METRIC %s_static_ram_bytes=%d\nMETRIC %s_corpus_bytes=%d\n", p, ram, p, corpus
        }'
}

for bin in full verify providers attacks; do
    echo "--- $bin firmware"
    status=0
    qemu "$elf/$bin" >"$out/$bin.log" 2>&1 || status=$?
    sizes "$elf/$bin" "$bin" >>"$out/$bin.log"
    grep -E '^(FAIL|PANIC|HARDFAULT|skip)' "$out/$bin.log" || true
    grep -E "^(METRIC|nostd-)" "$out/$bin.log"
    [ "$status" -eq 0 ] || fail "$bin firmware: QEMU exited with $status (see tests/nostd/$out/$bin.log)"
    grep -q "^nostd-$bin: [0-9]* passed, 0 failed$" "$out/$bin.log" || fail "$bin firmware: checks failed"
done

# --- budgets (issue 10) ------------------------------------------------------------------
metric() { # metric FILE NAME -> value (empty when absent)
    sed -n "s/^METRIC $2=//p" "$out/$1.log" | head -n1
}
# Budgets not met yet are listed here with the reason and a ceiling at today's number (plus a
# little), so they are never skipped silently and cannot get worse unnoticed.
declare -A over=(
    # (none: HS256 verification met its 60 k budget with HMAC keys prepared once per key and
    # the 32-bit tuning of base64, the name hash and the JSON reader; see tests/nostd/README.md)
)
# Every budgeted number also has a ceiling at today's measurement (plus ~1%), met or not, so
# a regression fails even while it stays inside the budget. Lower them when numbers improve.
declare -A ceiling=(
    [full:full_flash_bytes]=95400
    [full:peak_stack_bytes]=7100
    [verify:verify_flash_bytes]=53300
    [verify:peak_stack_bytes]=6750
    [full:es256_verify_insns]=765000
    [full:hs256_verify_insns]=59900
    # The pure-Rust provider (p256 0.14 portable arithmetic), kept tested by `providers`.
    [providers:es256_verify_insns_rustcrypto]=13400000
    [providers:hs256_verify_insns_rustcrypto]=61000
)
budget() { # budget FILE METRIC LIMIT
    local v
    v=$(metric "$1" "$2")
    local key="$1:$2"
    if [ -z "$v" ] || [ "$v" = overflow ]; then
        fail "budget $key: no measurement ($v)"
    elif [ -n "${ceiling[$key]:-}" ] && [ "$v" -gt "${ceiling[$key]}" ]; then
        fail "budget $key = $v: above its regression ceiling ${ceiling[$key]} (limit $3)"
    elif [ "$v" -le "$3" ]; then
        echo "budget $key = $v <= $3: ok"
    elif [ -n "${over[$key]:-}" ]; then
        local ceiling=${over[$key]%%|*} why=${over[$key]#*|}
        if [ "$v" -le "$ceiling" ]; then
            echo "budget $key = $v > $3: OVER BUDGET (known: $why; ceiling $ceiling)"
        else
            fail "budget $key = $v > $3 and above its known ceiling $ceiling"
        fi
    else
        fail "budget $key = $v > $3"
    fi
}
budget full full_flash_bytes $((96 * 1024))
budget full peak_stack_bytes $((12 * 1024))
budget full heap_bytes 0
budget verify verify_flash_bytes $((56 * 1024))
budget verify peak_stack_bytes $((8 * 1024))
budget verify heap_bytes 0
budget full es256_verify_insns 8000000
budget full hs256_verify_insns 60000
# No budgets of their own: the pure-Rust provider's numbers, held at their ceilings.
budget providers es256_verify_insns_rustcrypto 13400000
budget providers hs256_verify_insns_rustcrypto 61000
budget providers heap_bytes 0

# --- negative controls ---------------------------------------------------------------------
echo "--- canary: one allocation must fail to link"
if cargo build -q --release --bin full --features canary-alloc >"$out/canary-alloc.log" 2>&1; then
    fail "canary-alloc: a build with an allocation linked (there must be no allocator)"
elif grep -q "no global memory allocator found" "$out/canary-alloc.log"; then
    echo "canary-alloc: failed to link as expected (no global memory allocator found)"
else
    cat "$out/canary-alloc.log" >&2
    fail "canary-alloc: the build failed for another reason"
fi

echo "--- canary: one failing check must fail the QEMU run"
cargo build -q --release --bin full --features canary-fail
status=0
qemu "$elf/full" >"$out/canary-fail.log" 2>&1 || status=$?
if [ "$status" -ne 0 ] && grep -q "^FAIL jws/001-hs256-access-valid" "$out/canary-fail.log" \
    && grep -q "^nostd-full: [0-9]* passed, 1 failed$" "$out/canary-fail.log"; then
    echo "canary-fail: QEMU exited with $status and reported the one failing check"
else
    fail "canary-fail: QEMU exited with $status (expected non-zero with exactly one FAIL)"
fi
# Leave the normal firmware in place (the canary build replaced target/.../full).
cargo build -q --release --bins

echo "nostd: logs and metrics in tests/nostd/$out/"
[ "$failures" -eq 0 ]
