#!/usr/bin/env bash
# The C ABI (ffi/): Rust tests of the boundary, the header drift check against a pinned
# cbindgen, and the C programs of tests/c/ (every JWS, message, client-authn and grant vector,
# serialisation, threads, bad input; ID tokens and the client-authn dispatcher) built with
# -std=c11 -Wall -Wextra -Werror -pedantic (and once as C++), linked against both the static
# and the shared library, run plain, under valgrind, and with ASan/UBSan.
set -euo pipefail
root=$(pwd)
out=target/c-tests
mkdir -p "$out"

need_apt=()
command -v gcc >/dev/null || need_apt+=(gcc)
command -v g++ >/dev/null || need_apt+=(g++)
command -v valgrind >/dev/null || need_apt+=(valgrind)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
if [ ${#need_apt[@]} -gt 0 ]; then
    apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# 1. The pinned header generator (installed once under target/, reused afterwards).
CBINDGEN_VERSION=0.29.4
cbindgen=target/tools/bin/cbindgen
if ! "$cbindgen" --version 2>/dev/null | grep -qx "cbindgen $CBINDGEN_VERSION"; then
    cargo install -q cbindgen --version "=$CBINDGEN_VERSION" --locked --root target/tools
fi

# 2. Rust side: unit tests (panic boundary, error table over Error::ALL, version macros).
cargo test -q -p oxidc-ffi
cargo build -q -p oxidc-ffi
lib=target/debug

# 3. include/oxidc.h is exactly what the pinned cbindgen makes from ffi/src.
"$cbindgen" --quiet --config ffi/cbindgen.toml --crate oxidc-ffi --output "$out/oxidc.h" ffi
if ! diff -u include/oxidc.h "$out/oxidc.h"; then
    echo "include/oxidc.h is stale: regenerate it (ffi/README.md, 'Regenerating the header')" >&2
    exit 1
fi

# 4. The vector corpus in a line format the C tests read.
python3 tests/c/gen_vectors.py "$root" >"$out/vectors.txt"
# Messages, client authn/PKCE and grants, interpreted as tests/conformance does.
python3 tests/c/gen_oauth_vectors.py "$root" messages >"$out/messages.txt"
python3 tests/c/gen_oauth_vectors.py "$root" grants >"$out/grants.txt"

CFLAGS=(-std=c11 -Wall -Wextra -Werror -pedantic -g -Iinclude)
CXXFLAGS=(-x c++ -std=c++20 -Wall -Wextra -Werror -pedantic -g -Iinclude)
# What a Rust staticlib needs from the system (rustc --print native-static-libs).
STATIC_LIBS=(-lpthread -ldl -lm -lrt -lutil)
programs=(vectors threads bad_input oauth grants rp)
args_for() {
    case "$1" in
    vectors) echo "$out/vectors.txt" ;;
    oauth | rp) echo "$out/messages.txt" ;;
    grants) echo "$out/grants.txt" ;;
    esac
}
# `grants` prints one decision per vector; the expectations are checked by the generator.
check_output() { # program output-file
    if [ "$1" = grants ]; then
        python3 tests/c/gen_oauth_vectors.py "$root" check-grants "$2"
    else
        tail -n 1 "$2"
    fi
}
run() { # program binary [wrapper...]
    local p=$1 bin=$2
    shift 2
    # shellcheck disable=SC2046 # the one argument is a path without spaces
    "$@" "$bin" $(args_for "$p")
}

for p in "${programs[@]}"; do
    gcc "${CFLAGS[@]}" "tests/c/$p.c" "$lib/liboxidc.a" "${STATIC_LIBS[@]}" -o "$out/${p}_static"
    gcc "${CFLAGS[@]}" "tests/c/$p.c" -L"$lib" -loxidc -Wl,-rpath,"$root/$lib" -lpthread \
        -o "$out/${p}_shared"
    g++ "${CXXFLAGS[@]}" "tests/c/$p.c" -x none "$lib/liboxidc.a" "${STATIC_LIBS[@]}" \
        -o "$out/${p}_cxx"
    for kind in static shared cxx; do
        run "$p" "$out/${p}_$kind" >"$out/${p}_$kind.out"
        if [ "$kind" = static ]; then
            check_output "$p" "$out/${p}_$kind.out"
        else
            check_output "$p" "$out/${p}_$kind.out" >/dev/null
        fi
    done
done

# 5. valgrind: zero errors, zero leaks (definite, indirect, possible), both libraries.
for p in "${programs[@]}"; do
    for kind in static shared; do
        run "$p" "$out/${p}_$kind" valgrind -q --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite,indirect,possible \
            --show-leak-kinds=definite,indirect,possible >/dev/null \
            || { echo "valgrind: $p ($kind) failed" >&2; exit 1; }
    done
done
echo "valgrind: ${#programs[@]} programs x 2 libraries clean"

# 6. ASan + UBSan (gcc), static library.
if echo 'int main(void){return 0;}' | gcc -x c -fsanitize=address,undefined - -o "$out/asan-probe" 2>/dev/null; then
    for p in "${programs[@]}"; do
        gcc "${CFLAGS[@]}" -fsanitize=address,undefined -fno-omit-frame-pointer \
            "tests/c/$p.c" "$lib/liboxidc.a" "${STATIC_LIBS[@]}" -o "$out/${p}_asan"
        run "$p" "$out/${p}_asan" env ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
            UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 >"$out/${p}_asan.out"
        check_output "$p" "$out/${p}_asan.out" >/dev/null
    done
    echo "asan+ubsan: ${#programs[@]} programs clean"
else
    echo "asan+ubsan: toolchain lacks the sanitizer runtimes; skipped"
fi

# 7. The README example compiles as shown, through the installed pkg-config file, and runs.
bash ffi/install.sh "$out/prefix" >/dev/null
python3 - "$out/readme_example.c" <<'PY'
import re, sys
text = open("ffi/README.md").read()
m = re.search(r"<!-- example -->\n```c\n(.*?)```", text, re.S)
open(sys.argv[1], "w").write(m.group(1))
PY
export PKG_CONFIG_PATH="$root/$out/prefix/lib/pkgconfig"
# shellcheck disable=SC2046 # word splitting of pkg-config output is the point
gcc -std=c11 -Wall -Wextra -Werror -pedantic "$out/readme_example.c" -o "$out/readme_example" \
    $(pkg-config --cflags --libs oxidc)
LD_LIBRARY_PATH="$out/prefix/lib" "$out/readme_example" >/dev/null
echo "README example: builds with pkg-config and runs"
