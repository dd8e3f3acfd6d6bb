#!/usr/bin/env bash
# oxidc-uniffi: Kotlin, Python and Swift bindings generated (library mode) from the debug
# library, then tested against the shared vector corpus:
#   * Rust unit tests and clippy (with the `testing` feature that exports the error hooks);
#   * Kotlin: generated bindings + tests compiled with kotlinc (npm kotlin-compiler, into
#     target/), run on the JVM with Debian's JNA;
#   * Python: the generated module, stdlib unittest;
#   * Swift: generated bindings and the Swift tests syntax-checked with tree-sitter-swift
#     (a venv under target/); OXIDC_SWIFT=1 also builds and runs them with a real swiftc in a
#     debootstrapped Debian trixie chroot (slow; root; see bindings/uniffi/README.md);
#   * `cargo check` for aarch64-linux-android and aarch64-apple-ios.
# OXIDC_UNIFFI_BENCH=1 also runs the Kotlin benchmark (release library).
# Idempotent; quick once the tools are installed and nothing changed.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
TOOLS=$ROOT/target/uniffi-tools
GEN=$ROOT/target/uniffi
KOTLIN_VERSION=2.4.20
mkdir -p "$TOOLS" "$GEN"

apt_install() { # apt_install <check-path> <package>...
    local check=$1
    shift
    if [ ! -e "$check" ]; then
        if [ -z "${OXIDC_APT_UPDATED:-}" ]; then
            apt-get update -q >/dev/null
            export OXIDC_APT_UPDATED=1
        fi
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null
    fi
}

# ---------------------------------------------------------------- tools
rustup target add aarch64-linux-android aarch64-apple-ios >/dev/null 2>&1
apt_install /usr/bin/javac openjdk-17-jdk-headless
apt_install /usr/share/java/jna.jar libjna-java
apt_install /usr/bin/clang clang
apt_install /usr/bin/llvm-ar llvm
KOTLINC=$TOOLS/kotlin/node_modules/kotlin-compiler/bin/kotlinc
if [ ! -x "$KOTLINC" ] || ! grep -q "\"version\": \"$KOTLIN_VERSION\"" "$TOOLS/kotlin/node_modules/kotlin-compiler/package.json"; then
    mkdir -p "$TOOLS/kotlin"
    npm install --prefix "$TOOLS/kotlin" --no-audit --no-fund --loglevel=error "kotlin-compiler@$KOTLIN_VERSION" >/dev/null
fi
KOTLIN_STDLIB=$TOOLS/kotlin/node_modules/kotlin-compiler/lib/kotlin-stdlib.jar
JNA=/usr/share/java/jna.jar
VENV=$TOOLS/venv
if ! "$VENV/bin/python" -c "import tree_sitter, tree_sitter_swift" 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check tree-sitter==0.26.1 tree-sitter-swift==0.7.4
fi

# ---------------------------------------------------------------- Rust
cargo clippy -q -p oxidc-uniffi -p oxidc-uniffi-bindgen --all-targets --features oxidc-uniffi/testing -- -D warnings
cargo test -q -p oxidc-uniffi --features testing 2>&1 | grep -E "^test result|FAILED|panicked" || true
cargo test -q -p oxidc-uniffi --features testing >/dev/null
cargo build -q -p oxidc-uniffi --features testing
cargo build -q -p oxidc-uniffi-bindgen
LIB=$ROOT/target/debug/liboxidc_uniffi.so

# ---------------------------------------------------------------- generate (library mode)
for lang in kotlin python swift; do
    rm -rf "${GEN:?}/$lang"
    "$ROOT/target/debug/uniffi-bindgen" generate --no-format --language "$lang" \
        --out-dir "$GEN/$lang" "$LIB" >/dev/null
done
test -f "$GEN/kotlin/org/oxidc/oxidc_uniffi.kt"
test -f "$GEN/swift/Oxidc.swift"
cp "$LIB" "$GEN/python/"

# ---------------------------------------------------------------- Kotlin (JVM)
KT_SOURCES=("$GEN/kotlin/org/oxidc/oxidc_uniffi.kt" "$ROOT"/bindings/uniffi/tests/kotlin/*.kt)
KT_CLASSES=$GEN/kotlin-classes
stamp=$(cat "${KT_SOURCES[@]}" | sha256sum | cut -d' ' -f1)-$KOTLIN_VERSION
if [ "$(cat "$KT_CLASSES/.stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$KT_CLASSES"
    "$KOTLINC" -nowarn -cp "$JNA" "${KT_SOURCES[@]}" -d "$KT_CLASSES" 2>&1 | grep -v "^OpenJDK.*warning" || true
    test -f "$KT_CLASSES/org/oxidc/test/TestsKt.class"
    echo "$stamp" >"$KT_CLASSES/.stamp"
fi
java -Djna.library.path="$ROOT/target/debug" -cp "$KT_CLASSES:$JNA:$KOTLIN_STDLIB" \
    org.oxidc.test.TestsKt "$ROOT/tests/vectors"

# ---------------------------------------------------------------- Python
python3 "$ROOT/bindings/uniffi/tests/python/test_bindings.py" "$GEN/python" "$ROOT/tests/vectors" 2>&1 |
    grep -vE "^test_|^-+$|^Ran |^$|^OK$" || true
python3 "$ROOT/bindings/uniffi/tests/python/test_bindings.py" "$GEN/python" "$ROOT/tests/vectors" >/dev/null 2>&1

# ---------------------------------------------------------------- Swift (syntax)
"$VENV/bin/python" "$ROOT/bindings/uniffi/tests/swift/syntax_check.py" \
    "$GEN/swift/Oxidc.swift" "$ROOT"/bindings/uniffi/tests/swift/*.swift
if [ "${OXIDC_SWIFT:-0}" = 1 ]; then
    bash "$ROOT/bindings/uniffi/tests/swift/run_in_chroot.sh"
fi

# ---------------------------------------------------------------- phones: cargo check
# ring compiles C and assembly in its build script, so even `cargo check` needs a C compiler
# for the target. No NDK or Xcode SDK is installed here: Debian's clang cross-compiles ring's
# real sources for both targets in ring's own libc-free mode (RING_CORE_NOSTDLIBINC,
# -ffreestanding -nostdlibinc); iOS additionally needs TargetConditionals.h, which only the
# SDK ships, so a two-line stand-in defines the macros ring reads (TARGET_OS_IPHONE).
CROSS=$ROOT/target/uniffi-cross
mkdir -p "$CROSS/ios-sdk" "$CROSS/ios-include"
printf '%s\n' '/* Stand-in for the iPhoneOS SDK header: only the macros ring reads. */' \
    '#define TARGET_OS_MAC 1' '#define TARGET_OS_IPHONE 1' '#define TARGET_OS_IOS 1' \
    '#define TARGET_OS_OSX 0' >"$CROSS/ios-include/TargetConditionals.h"
FREESTANDING="-ffreestanding -nostdlibinc -DRING_CORE_NOSTDLIBINC=1"
CC_aarch64_linux_android=clang AR_aarch64_linux_android=llvm-ar \
    CFLAGS_aarch64_linux_android="$FREESTANDING" \
    cargo check -q -p oxidc-uniffi --target aarch64-linux-android
SDKROOT=$CROSS/ios-sdk CC_aarch64_apple_ios=clang AR_aarch64_apple_ios=llvm-ar \
    CFLAGS_aarch64_apple_ios="$FREESTANDING -I$CROSS/ios-include" \
    cargo check -q -p oxidc-uniffi --target aarch64-apple-ios
# The pure-Rust provider needs no C at all.
for t in aarch64-linux-android aarch64-apple-ios; do
    cargo check -q -p oxidc-uniffi --target "$t" --no-default-features --features rustcrypto
done
echo "uniffi: cargo check passed for aarch64-linux-android and aarch64-apple-ios (ring and rustcrypto)"

# ---------------------------------------------------------------- benchmark (opt-in)
if [ "${OXIDC_UNIFFI_BENCH:-0}" = 1 ]; then
    cargo build -q --release -p oxidc-uniffi --features testing
    java -Djna.library.path="$ROOT/target/release" -cp "$KT_CLASSES:$JNA:$KOTLIN_STDLIB" \
        org.oxidc.bench.BenchKt "$ROOT/tests/vectors"
fi
