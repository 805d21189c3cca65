#!/usr/bin/env bash
# Compiles every PhantomCore source for bare-metal x86_64 with Embedded Swift, so that
# no Foundation, untyped throws or non-class existentials leak into the core.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFTC="${SWIFTC:-$(command -v swiftc)}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
mapfile -t SOURCES < <(find Sources/PhantomCore -name '*.swift' | sort)
"$SWIFTC" -target x86_64-unknown-none-elf -enable-experimental-feature Embedded -wmo \
    -parse-as-library -module-name PhantomCore -Osize -warnings-as-errors \
    -Xcc -ffreestanding -Xcc -mno-red-zone -Xfrontend -disable-stack-protector \
    -c "${SOURCES[@]}" -o "$OUT/PhantomCore.o"
echo "embedded check: ok (${#SOURCES[@]} files of PhantomCore compile for x86_64-unknown-none-elf)"
