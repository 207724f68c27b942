#!/bin/bash
# The ABI: the built library against the baseline in abi/ (abidw/abidiff from Debian's
# abigail-tools; public headers only, private types dropped). An incompatible change must be
# announced by the libtool version (CURRENT raised, AGE 0) against the baseline's; additions
# pass. Regenerate the baseline with `make abi-baseline` when a release fixes the ABI.
. "$(dirname "$0")/lib.sh"
so="$bld/lib/.libs/libriap.so"
if ! command -v abidw > /dev/null || ! command -v abidiff > /dev/null; then
    echo "skipped: abidw/abidiff not installed (Debian package abigail-tools)"
    exit 77
fi
if [ "${RIAP_SANITIZERS:-no}" = yes ] || [ ! -f "$so" ]; then
    echo "skipped: no plain shared library in this build"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
abidw --no-corpus-path --no-show-locs --drop-private-types --headers-dir "$src/include/riap" \
    --headers-dir "$bld/include/riap" "$so" > "$tmp/built.abi"
expect_eq "abidw reads the built library" "$?" 0
abidiff --no-show-locs "$src/abi/libriap.abi" "$tmp/built.abi" > "$tmp/diff"
rc=$?
expect_eq "abidiff ran" "$((rc & 3))" 0
base=$(cat "$src/abi/version")
now=${RIAP_LT_VERSION:-}
IFS=: read -r bc br ba <<< "$base"
IFS=: read -r nc nr na <<< "$now"
# abidiff's summaries: anything removed or changed (a function's or a type's) is incompatible
# here; only additions are not
removed_or_changed=$(grep -E 'changes summary:' "$tmp/diff" |
    grep -oE '[0-9]+ (Removed|Changed)' | awk '{ n += $1 } END { print n + 0 }')
if [ $((rc & 8)) -ne 0 ] || [ "$removed_or_changed" -gt 0 ]; then
    if [ -n "$now" ] && [ "$nc" -gt "$bc" ] && [ "$na" -eq 0 ]; then
        pass "an incompatible ABI change, announced by libtool version $now (baseline $base)"
    else
        fail "an incompatible ABI change that the libtool version ($now, baseline $base) does not announce" "$(head -60 "$tmp/diff")"
    fi
else
    pass "no incompatible ABI change against the baseline ($( [ $((rc & 4)) -ne 0 ] && echo "additions only" || echo "identical"))"
fi
# the frozen records keep their layout
cat > "$tmp/layout.c" <<'C'
#include <riap.h>
#include <stddef.h>
_Static_assert(sizeof(riap_date) == 12, "riap_date is frozen");
_Static_assert(offsetof(riap_date, day) == 8, "riap_date is frozen");
_Static_assert(sizeof(riap_era_range) == 44, "riap_era_range is frozen");
_Static_assert(offsetof(riap_era_range, end) == 12, "riap_era_range is frozen");
_Static_assert(offsetof(riap_era_range, start_granularity) == 24, "riap_era_range is frozen");
_Static_assert(offsetof(riap_era_range, end_granularity) == 28, "riap_era_range is frozen");
_Static_assert(offsetof(riap_era_range, start_era) == 32, "riap_era_range is frozen");
_Static_assert(offsetof(riap_era_range, end_era) == 36, "riap_era_range is frozen");
_Static_assert(offsetof(riap_era_range, warnings) == 40, "riap_era_range is frozen");
_Static_assert(RIAP_GRANULARITY_FISCAL_YEAR == 4 && RIAP_GRANULARITY_DECADE == 8, "appended only");
_Static_assert(RIAP_ERR_LIMIT == 8, "statuses are appended only");
int main(void) { return 0; }
C
${CC:-cc} -std=c11 -I"$src/include" -I"$bld/include" -o "$tmp/layout" "$tmp/layout.c" 2> "$tmp/err"
expect_eq "the frozen records keep their layout (static assertions)" "$?:$(cat "$tmp/err")" "0:"
finish
