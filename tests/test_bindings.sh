#!/bin/sh
# The API binds through Python's ctypes, with no header parsing and no compiler.
. "$(dirname "$0")/lib.sh"
so="$bld/lib/.libs/libriap.so"
if ! command -v python3 > /dev/null; then
    fail "python3 is installed"
    finish
fi
if [ "${RIAP_SANITIZERS:-no}" = yes ]; then
    echo "skipped under sanitizers (python3 would need the ASan runtime preloaded)"
    exit 77
fi
out=$(mktemp)
if python3 "$src/bindings/python/smoke.py" "$so" "$src/examples/plans.xml" > "$out" 2>&1; then
    pass "$(cat "$out")"
else
    fail "ctypes smoke test" "$(cat "$out")"
fi
rm -f "$out"
finish
