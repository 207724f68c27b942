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
# the type hints, checked with mypy where it is installed (Debian's python3-mypy)
if python3 -m mypy --version > /dev/null 2>&1; then
    if (cd "$src/bindings/python" && python3 -m mypy --cache-dir /dev/null --ignore-missing-imports riap) > "$out" 2>&1; then
        pass "mypy finds no type error in the package"
    else
        fail "mypy" "$(tail -20 "$out")"
    fi
fi
rm -f "$out"
finish
