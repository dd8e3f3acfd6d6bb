#!/bin/sh
# The C compiler the cc crate uses for p256-cortex-m4-sys (see .cargo/config.toml): clang for
# thumbv7em-none-eabihf. Assembly sources (*.S) are preprocessed first and one construct is
# rewritten: a single-register `ldm rN,{rM}` without writeback has no 16-bit encoding, and its
# 32-bit one (LDM.W with one register) is UNPREDICTABLE in ARMv7-M; silicon happens to run it,
# QEMU faults on it (UsageFault). `ldr rM,[rN]` is the same load. C files go to clang as they are.
set -eu
src=""
for a in "$@"; do
    case "$a" in *.S) src="$a" ;; esac
done
if [ -z "$src" ]; then
    exec clang "$@"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
quote() { printf "'%s'" "$(printf %s "$1" | sed "s/'/'\\\\''/g")"; }
# pre: the flags minus the source, -c and -o FILE (preprocess to stdout);
# asm: all arguments with the source replaced by the rewritten text.
pre=""
asm=""
skip=0
for a in "$@"; do
    if [ "$a" = "$src" ]; then
        asm="$asm $(quote "$tmp/src.s")"
        continue
    fi
    asm="$asm $(quote "$a")"
    if [ "$skip" = 1 ]; then skip=0; continue; fi
    case "$a" in
        -o) skip=1; continue ;;
        -c) continue ;;
    esac
    pre="$pre $(quote "$a")"
done
eval "clang $pre -E -P -x assembler-with-cpp $(quote "$src")" |
    sed -E 's/^([[:space:]]*)ldm[[:space:]]+(r[0-9]+|sl|fp|ip|lr),[[:space:]]*\{[[:space:]]*(r[0-9]+|sl|fp|ip|lr)[[:space:]]*\}[[:space:]]*$/\1ldr \3,[\2]/' \
        >"$tmp/src.s"
if grep -qE 'ldm[[:space:]]+[a-z0-9]+,[[:space:]]*\{[a-z0-9]+\}' "$tmp/src.s"; then
    echo "cc.sh: a single-register ldm without writeback survived" >&2
    exit 1
fi
eval "clang -x assembler $asm"
