#!/usr/bin/env bash
# The whole test suite, as CI runs it (README, second command):
#  1. bootstrap; configure with warnings as errors in _build/; build; make check
#  2. the same suite again in an ASan+UBSan build in _build-asan/
#  3. make distcheck
# and finally the suite's totals, added up from every test program's "riap-totals:" line,
# as "N passed, M failed" on a line of their own.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
jobs=$(nproc 2>/dev/null || echo 2)
shared_conf="$top/../shared/conformance"
if [ -d "$shared_conf" ]; then
    export RIAP_SHARED_CONFORMANCE="$shared_conf"
fi

./autogen.sh > /dev/null 2>&1 || ./autogen.sh

build() { # build DIR CONFIGURE-ARGS...
    local dir=$1
    shift
    rm -rf "$dir"
    mkdir -p "$dir"
    (cd "$dir" && "$top/configure" --enable-werror "$@" > configure.out) || {
        cat "$dir/configure.out"
        exit 1
    }
    make -C "$dir" -j"$jobs" > "$dir/make.out" 2>&1 || {
        cat "$dir/make.out"
        exit 1
    }
}

check() { # check DIR
    local rc=0
    make -C "$1" -j"$jobs" check > "$1/check.out" 2>&1 || rc=$?
    grep -E '^(PASS|FAIL|ERROR|XPASS|SKIP):' "$1/check.out" || true
    if [ $rc -ne 0 ]; then
        for log in "$1"/tests/*.log; do
            grep -qE '^(FAIL|ERROR)' "${log%.log}.trs" 2>/dev/null && { echo "== $log"; tail -50 "$log"; }
        done
        return $rc
    fi
}

totals() { # totals DIR...: adds up the riap-totals lines
    cat "$@" 2>/dev/null | awk '/^riap-totals:/ {
        for (i = 2; i <= NF; i++) { split($i, kv, "="); n[kv[1]] += kv[2] } }
        END { printf "%d %d\n", n["passed"], n["failed"] }'
}

status=0
if command -v clang-format > /dev/null; then
    echo "== clang-format"
    unformatted=$(for f in $(git ls-files 'lib/*.[ch]' 'include/*.h' 'tools/*.c' 'tests/*.[ch]' \
                               'bench/*.c' 'fuzz/*.c' 'examples/*.c' 2> /dev/null); do
        clang-format "$f" | cmp -s - "$f" || echo "$f"
    done)
    if [ -n "$unformatted" ]; then
        echo "not clang-formatted (run clang-format -i on them):"
        echo "$unformatted"
        status=1
    fi
fi
echo "== build (-Werror) and make check"
build _build
check _build || status=1

echo "== ASan+UBSan build and make check"
build _build-asan --enable-sanitizers
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    check _build-asan || status=1

if [ $status -eq 0 ]; then
    echo "== install, then build the examples against the installed library (pkg-config riap)"
    inst=$(mktemp -d)
    { make -C _build install DESTDIR="$inst" && make -C _build installcheck DESTDIR="$inst"; } \
        > _build/install.out 2>&1 || { tail -30 _build/install.out; status=1; }
    grep '^installcheck:' _build/install.out || true
    rm -rf "$inst"
fi

if [ $status -eq 0 ]; then
    echo "== make distcheck"
    make -C _build -j"$jobs" distcheck > _build/distcheck.out 2>&1 || {
        tail -60 _build/distcheck.out
        status=1
    }
    [ $status -eq 0 ] && grep -E 'archives ready|\.tar\.gz' _build/distcheck.out | head -3
fi

read -r passed failed < <(totals _build/tests/*.log _build-asan/tests/*.log)
if [ "$passed" -eq 0 ]; then
    echo "no test ran"
    status=1
fi
[ $status -ne 0 ] && [ "$failed" -eq 0 ] && failed=1  # a build or distcheck failure counts
echo
echo "$passed passed, $failed failed"
exit $status
