#!/usr/bin/env bash
# Installs liboxidc.{a,so}, include/oxidc.h and lib/pkgconfig/oxidc.pc under PREFIX.
# Usage: ffi/install.sh PREFIX [debug|release]   (default: debug, as the tests use it)
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${1:?usage: ffi/install.sh PREFIX [debug|release]}
profile=${2:-debug}
if [ "$profile" = release ]; then
    cargo build -q -p oxidc-ffi --release
else
    cargo build -q -p oxidc-ffi
fi
mkdir -p "$prefix/lib/pkgconfig" "$prefix/include"
prefix=$(cd "$prefix" && pwd)
cp "target/$profile/liboxidc.a" "target/$profile/liboxidc.so" "$prefix/lib/"
cp include/oxidc.h "$prefix/include/"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
sed -e "s|@PREFIX@|$prefix|" -e "s|@VERSION@|$version|" ffi/oxidc.pc.in >"$prefix/lib/pkgconfig/oxidc.pc"
echo "installed oxidc $version ($profile) under $prefix"
