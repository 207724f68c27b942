#!/bin/sh
# The shared library exports exactly the symbols of lib/libriap.sym, all with the riap_ prefix.
. "$(dirname "$0")/lib.sh"
so="$bld/lib/.libs/libriap.so"
if [ ! -f "$so" ]; then
    fail "shared library built" "$so not found"
    finish
fi
pass "shared library built"
got=$(${NM:-nm} -D --defined-only "$so" | awk '$2 ~ /^[TDBRVW]$/ { print $3 }' | LC_ALL=C sort)
want=$(LC_ALL=C sort "$src/lib/libriap.sym")
expect_eq "exports match lib/libriap.sym" "$got" "$want"
bad=$(printf '%s\n' "$got" | grep -v '^riap_' || true)
expect_eq "every export has the riap_ prefix" "$bad" ""
internal=$(printf '%s\n' "$got" | grep '^riap__' || true)
expect_eq "no riap__ internal is exported" "$internal" ""
# every symbol of the list is declared in a public header
for s in $want; do
    if ! grep -q "\\b$s(" "$src"/include/riap/*.h "$bld"/include/riap/version.h; then
        fail "$s declared in include/riap"
    fi
done
pass "every export is declared in a public header"
soname=$(objdump -p "$so" 2>/dev/null | awk '/SONAME/ { print $2 }')
expect_eq "soname" "$soname" "libriap.so.0"
finish
