#!/usr/bin/env bash
# The whole test suite, as CI runs it (the README's second command).
#
# Everything happens under _build/, from a pristine copy of the sources in _build/src: the
# user's own build (in-tree after the README's first command, or anywhere else) is neither
# read nor changed, so this script works before or after that command, and twice in a row.
#  1. clang-format check of the sources (when clang-format is installed)
#  2. bootstrap the copy; configure with warnings as errors in _build/werror; make; make check
#  3. the same suite in an ASan+UBSan build in _build/asan
#  4. the CUnit programs under valgrind (make check-valgrind), when valgrind is installed
#  5. install into a temporary directory; build the examples against it with pkg-config
#  6. make distcheck
#  7. an in-tree build of a copy (the README's first command's way), then make check there
#  8. the libFuzzer targets, FUZZ_SECONDS (default 60) each, built with clang in _build/fuzz
#     (skipped, and said so, when clang is not installed)
# It always ends with the suite's totals, added up from every test program's "riap-totals:"
# line, as "N passed, M failed" on a line of its own; a step that fails (a build, install,
# distcheck) counts as one failure more and is named just above that line.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
top=$PWD
work=$top/_build
jobs=$(nproc 2> /dev/null || echo 2)
if [ -d "$top/../shared/conformance" ]; then
    RIAP_SHARED_CONFORMANCE=$(cd "$top/../shared/conformance" && pwd)
    export RIAP_SHARED_CONFORMANCE
fi

failed_steps=()
step_failed() { # step_failed NAME LOG [LINES]: show the end of LOG, remember NAME
    failed_steps+=("$1")
    echo "FAILED: $1 (last lines of ${2#"$top"/}):"
    tail -n "${3:-40}" "$2" 2> /dev/null | sed 's/^/    /'
}

# ---- 0. a pristine copy of the sources
echo "== sources copied to _build/src"
rm -rf "$work"
mkdir -p "$work/src"
if git -C "$top" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    # tracked files plus new ones not ignored: what a commit of the work tree would hold
    git -C "$top" ls-files -z --cached --others --exclude-standard |
        (cd "$top" && xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh) |
        tar -C "$top" --null -T - -cf - | tar -C "$work/src" -xf -
else
    # a release tarball: everything but build directories, then undo an in-tree configure
    tar -C "$top" --exclude=./_build --exclude='./_build-*' -cf - . | tar -C "$work/src" -xf -
    if [ -f "$work/src/Makefile" ]; then
        make -C "$work/src" distclean > "$work/distclean.out" 2>&1 || true
    fi
fi
src=$work/src

# ---- 1. formatting
if command -v clang-format > /dev/null; then
    echo "== clang-format"
    unformatted=$(cd "$src" && for f in lib/*.[ch] include/*.h include/riap/*.h tools/*.c \
        tests/*.[ch] bench/*.c fuzz/*.c examples/*.c; do
        [ -f "$f" ] || continue
        clang-format "$f" | cmp -s - "$f" || echo "$f"
    done)
    if [ -n "$unformatted" ]; then
        echo "not clang-formatted (run clang-format -i on them):"
        printf '    %s\n' $unformatted
        failed_steps+=("clang-format")
    fi
fi

# ---- 2. bootstrap, builds and checks
build() { # build NAME DIR CONFIGURE-ARGS...: 0 when configured and built
    local name=$1 dir=$2
    shift 2
    mkdir -p "$dir"
    if ! (cd "$dir" && "$src/configure" --enable-werror "$@" > configure.out 2>&1); then
        step_failed "configure ($name)" "$dir/configure.out" 20
        return 1
    fi
    if ! make -C "$dir" -j"$jobs" > "$dir/make.out" 2>&1; then
        step_failed "make ($name)" "$dir/make.out"
        return 1
    fi
}

check() { # check NAME DIR: make check; on failure, the logs of the failed tests
    local name=$1 dir=$2 rc=0
    make -C "$dir" -j"$jobs" check > "$dir/check.out" 2>&1 || rc=$?
    grep -E '^(PASS|FAIL|ERROR|XPASS|SKIP):' "$dir/check.out"
    if [ $rc -ne 0 ]; then
        for log in "$dir"/tests/*.log; do
            grep -qE '^:test-result: (FAIL|ERROR)' "${log%.log}.trs" 2> /dev/null &&
                { echo "== ${log#"$top"/}"; tail -50 "$log"; }
        done
        # a failure no test counted (a crash before the totals, a link error) is a step failure
        if [ "$(totals "$dir"/tests/*.log | cut -d' ' -f2)" -eq 0 ]; then
            step_failed "make check ($name)" "$dir/check.out" 20
        fi
    fi
}

totals() { # totals LOG...: "PASSED FAILED" added up from the riap-totals lines
    cat "$@" 2> /dev/null | awk '/^riap-totals:/ {
        for (i = 2; i <= NF; i++) { split($i, kv, "="); n[kv[1]] += kv[2] } }
        END { printf "%d %d\n", n["passed"], n["failed"] }'
}

echo "== bootstrap (autogen.sh)"
if (cd "$src" && ./autogen.sh > "$work/autogen.out" 2>&1); then
    echo "== build (-Werror) and make check in _build/werror"
    built=0
    if build "-Werror" "$work/werror"; then
        built=1
        check "-Werror" "$work/werror"
    fi

    echo "== ASan+UBSan build and make check in _build/asan"
    if build "ASan+UBSan" "$work/asan" --enable-sanitizers; then
        ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
            UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 check "ASan+UBSan" "$work/asan"
    fi

    if [ $built -eq 1 ] && command -v valgrind > /dev/null; then
        echo "== valgrind (make check-valgrind in _build/werror)"
        if make -C "$work/werror" check-valgrind > "$work/valgrind.out" 2>&1; then
            echo "valgrind: no error and no definite leak in $(grep -c '^valgrind ' "$work/valgrind.out") programs"
        else
            step_failed "make check-valgrind" "$work/valgrind.out" 30
        fi
    fi

    if [ $built -eq 1 ]; then
        echo "== install, then build the examples against the installed library (pkg-config riap)"
        inst=$(mktemp -d)
        if { make -C "$work/werror" install DESTDIR="$inst" &&
            make -C "$work/werror" installcheck DESTDIR="$inst"; } > "$work/install.out" 2>&1; then
            grep '^installcheck:' "$work/install.out"
        else
            step_failed "make install / installcheck" "$work/install.out" 30
        fi
        rm -rf "$inst"

        echo "== make distcheck"
        if make -C "$work/werror" -j"$jobs" distcheck > "$work/distcheck.out" 2>&1; then
            grep -A1 'archives ready' "$work/distcheck.out" | tr -s '\n' ' '; echo
        else
            step_failed "make distcheck" "$work/distcheck.out" 60
        fi
    fi

    # the README's order: its first command builds in the source tree (configure, make), and
    # make check must pass there too (the generated sources in lib/ are no sources of ours)
    echo "== in-tree build (./configure && make), then make check, in a copy: _build/intree"
    if ! cp -a "$src" "$work/intree" ||
        ! (cd "$work/intree" && ./configure > configure.out 2>&1 && make -j"$jobs" > make.out 2>&1); then
        step_failed "in-tree configure and make" "$work/intree/make.out" 30
    elif ! make -C "$work/intree" -j"$jobs" check > "$work/intree/check.out" 2>&1; then
        step_failed "make check after an in-tree build" "$work/intree/check.out" 40
    else
        grep -E '^# (PASS|FAIL):' "$work/intree/check.out" | tr -s ' \n' ' '; echo
    fi

    if command -v clang > /dev/null; then
        echo "== fuzzing: clang --enable-fuzzing in _build/fuzz, make fuzz-smoke (${FUZZ_SECONDS:-60} s a target)"
        mkdir -p "$work/fuzz"
        if ! (cd "$work/fuzz" && "$src/configure" CC=clang --enable-fuzzing > configure.out 2>&1); then
            step_failed "configure (fuzzing)" "$work/fuzz/configure.out" 20
        elif ! make -C "$work/fuzz" -j"$jobs" fuzz/fuzz_era fuzz/fuzz_doc fuzz/fuzz_normalize \
            fuzz/fuzz_stream > "$work/fuzz/make.out" 2>&1; then
            step_failed "make (fuzzing)" "$work/fuzz/make.out"
        elif ! make -C "$work/fuzz" fuzz-smoke FUZZ_SECONDS="${FUZZ_SECONDS:-60}" \
            > "$work/fuzz/smoke.out" 2>&1; then
            step_failed "make fuzz-smoke (a finding: _build/fuzz/fuzz-corpus/crash-*)" \
                "$work/fuzz/smoke.out" 40
        else
            awk '/^fuzz_/ { t = $1 " " $2 " " $3 } /number_of_executed_units/ {
                print "    " t ": " $NF " executions, no finding" }' "$work/fuzz/smoke.out"
        fi
    else
        echo "== fuzzing skipped: clang is not installed (Debian packages clang, libclang-rt-14-dev)"
    fi
else
    step_failed "autogen.sh (are autoconf, automake, libtool and pkg-config installed?)" \
        "$work/autogen.out" 20
fi

read -r passed failed < <(totals "$work"/werror/tests/*.log "$work"/asan/tests/*.log)
[ "$passed" -eq 0 ] && [ ${#failed_steps[@]} -eq 0 ] && failed_steps+=("no test ran")
failed=$((failed + ${#failed_steps[@]}))
echo
for s in "${failed_steps[@]}"; do
    echo "failed step: $s"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
