#!/bin/sh
# The Python package (bindings/python/riap) against the fresh build: its unittest suite.
. "$(dirname "$0")/lib.sh"
so="$bld/lib/.libs/libriap.so"
if ! command -v python3 > /dev/null; then
    echo "skipped: python3 is not installed"
    exit 77
fi
if [ "${RIAP_SANITIZERS:-no}" = yes ] || [ ! -f "$so" ]; then
    echo "skipped: no plain shared library in this build (python3 would need the ASan runtime)"
    exit 77
fi
out=$(mktemp)
if RIAP_LIBRARY="$so" PYTHONPATH="$src/bindings/python" PYTHONDONTWRITEBYTECODE=1 \
    python3 -m unittest discover -s "$src/bindings/python/tests" > "$out" 2>&1; then
    pass "the Python package's tests: $(grep -E '^Ran ' "$out")"
else
    fail "the Python package's tests" "$(tail -30 "$out")"
fi
rm -f "$out"
finish
