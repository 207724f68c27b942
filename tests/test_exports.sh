#!/bin/sh
# The shared library exports exactly the symbols of lib/libriap.sym, all with the riap_ prefix.
. "$(dirname "$0")/lib.sh"
so="$bld/lib/.libs/libriap.so"
if [ ! -f "$so" ]; then
    fail "shared library built" "$so not found"
    finish
fi
pass "shared library built"
got=$(${NM:-nm} -D --defined-only "$so" | awk '$2 ~ /^[TDBRVW]$/ { sub(/@.*/, "", $3); print $3 }' | LC_ALL=C sort)
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
# every export carries the version node LIBRIAP_0 (where the linker took a version script)
if [ "${RIAP_VERSION_SCRIPT:-yes}" = yes ]; then
    unversioned=$(objdump -T "$so" | awk 'NF >= 2 && $NF ~ /^riap_/ && $(NF-1) != "LIBRIAP_0" { print $NF }')
    expect_eq "every export is versioned LIBRIAP_0" "$unversioned" ""
    expect_eq "the version node holds every export" \
        "$(objdump -T "$so" | awk 'NF >= 2 && $(NF-1) == "LIBRIAP_0" && $NF ~ /^riap_/ { print $NF }' | LC_ALL=C sort)" "$want"
fi
soname=$(objdump -p "$so" 2>/dev/null | awk '/SONAME/ { print $2 }')
expect_eq "soname" "$soname" "libriap.so.0"
finish
