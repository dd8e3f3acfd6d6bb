#!/usr/bin/env bash
# Opt-in (OXIDC_SWIFT=1 in tests/steps/50-uniffi.sh): builds the generated Swift bindings and
# the Swift tests with a real swiftc and runs them against the debug library.
# The host (Debian bookworm) has no Swift; Debian trixie packages it (`swiftlang`), so this
# debootstraps a minimal trixie into target/uniffi-tools/trixie (once; several minutes and
# ~1.5 GB), mounts /proc and bind-mounts the work tree at /src inside it, and runs swiftc there.
# Needs root. Expects the step to have built target/debug/liboxidc_uniffi.so (feature
# `testing`) and generated target/uniffi/swift.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
ROOT=$PWD
CHROOT=$ROOT/target/uniffi-tools/trixie
MIRROR=${OXIDC_DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [ "$(id -u)" != 0 ]; then
    echo "OXIDC_SWIFT=1 needs root (debootstrap, chroot, mount)" >&2
    exit 1
fi
if ! command -v debootstrap >/dev/null; then
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null
fi
if [ ! -e "$CHROOT/.oxidc-ready" ]; then
    if [ ! -e "$CHROOT/etc/debian_version" ]; then
        debootstrap --variant=minbase trixie "$CHROOT" "$MIRROR"
    fi
    mountpoint -q "$CHROOT/proc" || mount -t proc proc "$CHROOT/proc"
    chroot "$CHROOT" apt-get update -q
    DEBIAN_FRONTEND=noninteractive chroot "$CHROOT" apt-get install -y -q --no-install-recommends \
        swiftlang libc6-dev
    touch "$CHROOT/.oxidc-ready"
fi

cleanup() {
    mountpoint -q "$CHROOT/src" && umount "$CHROOT/src"
    mountpoint -q "$CHROOT/proc" && umount "$CHROOT/proc"
}
trap cleanup EXIT
mountpoint -q "$CHROOT/proc" || mount -t proc proc "$CHROOT/proc"
mkdir -p "$CHROOT/src"
mountpoint -q "$CHROOT/src" || mount --bind "$ROOT" "$CHROOT/src"

chroot "$CHROOT" /bin/bash -euo pipefail -c '
cd /src
OUT=target/uniffi/swift-build
rm -rf "$OUT" && mkdir -p "$OUT"
swiftc --version | head -1
# The modulemap names the FFI module; the generated Swift imports it when available.
swiftc -O -module-name OxidcTests \
    -Xcc -fmodule-map-file=target/uniffi/swift/oxidcFFI.modulemap -I target/uniffi/swift \
    target/uniffi/swift/Oxidc.swift bindings/uniffi/tests/swift/main.swift \
    -L target/debug -loxidc_uniffi -o "$OUT/oxidc-swift-tests"
LD_LIBRARY_PATH=target/debug "$OUT/oxidc-swift-tests" tests/vectors
'
