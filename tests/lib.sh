# Shared helpers for the shell tests: count checks and print the same totals line as the CUnit
# runner ("riap-totals: tests=N passed=P failed=F"), then exit non-zero on any failure.
#
# Where things are, the same way for every test (make check, make check-valgrind, by hand, in a
# VPATH build): the source directory is the one this file is in, unless RIAP_SRCDIR says
# otherwise; the build directory is RIAP_BUILDDIR, else the current one.
src=${RIAP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
bld=${RIAP_BUILDDIR:-$PWD}
data=${RIAP_TEST_DATA:-$src/tests/data}
riap=${RIAP_CLI:-$bld/tools/riap}

# as_nobody CMD...: runs CMD as user 65534; can_be_nobody: whether that works here (root, setpriv,
# and a build tree that user may reach: a checkout inside a 0700 directory is not)
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
can_be_nobody() {
    [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null && as_nobody "$riap" --version > /dev/null 2>&1
}

riap_passed=0
riap_failed=0

pass() { riap_passed=$((riap_passed + 1)); printf 'ok   %s\n' "$1"; }
fail() { riap_failed=$((riap_failed + 1)); printf 'FAIL %s\n' "$1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/     /'; }

# expect_eq NAME GOT WANT
expect_eq() {
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got:  $2
want: $3"; fi
}

finish() {
    total=$((riap_passed + riap_failed))
    printf '\nriap-totals: tests=%d passed=%d failed=%d\n' "$total" "$riap_passed" "$riap_failed"
    [ "$riap_failed" -eq 0 ] && [ "$total" -gt 0 ]
    exit $?
}
