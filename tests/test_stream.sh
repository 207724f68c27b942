#!/bin/bash
# riap validate --stream reports exactly what the whole-document mode reports, on valid and
# invalid files, in every encoding; and its memory stays bounded on a large document.
. "$(dirname "$0")/lib.sh"
ex="$src/examples/plans.xml"
gen=$bld/bench/validate
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

same() { # same NAME FILE: both modes print the same, and exit the same
    "$riap" validate --verbose "$2" > "$tmp/dom" 2>&1; a=$?
    "$riap" validate --verbose --stream "$2" > "$tmp/str" 2>&1; b=$?
    if [ $a = $b ] && cmp -s "$tmp/dom" "$tmp/str"; then pass "$1 (exit $a)"; else fail "$1" "$(diff "$tmp/dom" "$tmp/str" | head -10)"; fi
}

same "the example" "$ex"
sed 's/code="131075"/code="131076"/; s/令和４年度～令和６年度<\/period>/令和0年度<\/period>/' "$ex" > "$tmp/rules.xml"
same "semantic errors" "$tmp/rules.xml"
sed '0,/<figure>/s/<figure>/<bogus\/><figure>/' "$ex" > "$tmp/schema.xml"
same "a schema error" "$tmp/schema.xml"
# a file cut short: the stream has checked the plans before the cut, the whole-document mode
# cannot parse it; both report the same error
head -c 20000 "$ex" > "$tmp/trunc.xml"
"$riap" validate "$tmp/trunc.xml" | grep ': error:' > "$tmp/dom"
"$riap" validate --stream "$tmp/trunc.xml" | grep ': error:' > "$tmp/str"
expect_eq "a truncated file: the same error" "$(cat "$tmp/str")" "$(cat "$tmp/dom")"
# without its last line: libxml2's push parser words the error differently, same rule
sed '$d' "$ex" > "$tmp/cut.xml"
"$riap" validate "$tmp/cut.xml" | grep -o ': error: .*\[xml-syntax\]' | sed 's/:.*\[/[/' > "$tmp/dom"
"$riap" validate --stream "$tmp/cut.xml" | grep -o ': error: .*\[xml-syntax\]' | sed 's/:.*\[/[/' > "$tmp/str"
expect_eq "a file without its last line: xml-syntax in both modes" "$(cat "$tmp/str")" "$(cat "$tmp/dom")"
printf '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x "y">]>\n<d>&x;</d>\n' > "$tmp/doctype.xml"
same "a DOCTYPE" "$tmp/doctype.xml"
{ head -c 5000 "$ex"; printf '\0'; tail -c +5001 "$ex"; } > "$tmp/nul.xml"
"$riap" validate --stream "$tmp/nul.xml" > "$tmp/out"; rc=$?
expect_eq "a NUL byte: exit 1" "$rc" 1
grep -q '\[nul-byte\]' "$tmp/out" && pass "a NUL byte: nul-byte" || fail "a NUL byte: nul-byte" "$(cat "$tmp/out")"
# UTF-16 without a byte-order mark: the NUL byte says what the file looks like, in both modes
for order in LE BE; do
    iconv -f UTF-8 -t "UTF-16$order" "$ex" > "$tmp/u16.xml"
    for mode in "" --stream; do
        "$riap" validate $mode "$tmp/u16.xml" > "$tmp/out"
        expect_eq "UTF-16$order without a BOM ($mode)" \
            "$(grep -o ':1:[12]: error: a NUL byte: the file looks like UTF-16 without' "$tmp/out")" \
            ":1:$([ $order = LE ] && echo 2 || echo 1): error: a NUL byte: the file looks like UTF-16 without"
    done
done
{ head -c 5000 "$ex"; printf '\xff'; tail -c +5001 "$ex"; } > "$tmp/bad8.xml"
"$riap" validate --stream "$tmp/bad8.xml" > "$tmp/out"; rc=$?
grep -q '\[invalid-encoding\]' "$tmp/out" && pass "ill-formed UTF-8: invalid-encoding" || fail "ill-formed UTF-8" "$(cat "$tmp/out")"
if command -v iconv > /dev/null; then
    sed 's/encoding="UTF-8"/encoding="Shift_JIS"/' "$ex" | iconv -f UTF-8 -t CP932 > "$tmp/sjis.xml"
    "$riap" validate -v --stream "$tmp/sjis.xml" > "$tmp/out"
    expect_eq "Shift_JIS, streamed" "$(grep -c ': note: ' "$tmp/out"):$(tail -n 1 "$tmp/out")" "26:$tmp/sjis.xml: valid (0 warnings)"
    sed 's/encoding="UTF-8"/encoding="UTF-16"/' "$ex" | iconv -f UTF-8 -t UTF-16 > "$tmp/u16.xml"
    "$riap" validate -v --stream "$tmp/u16.xml" > "$tmp/out"
    expect_eq "UTF-16 with a BOM, streamed" "$(grep -c ': note: ' "$tmp/out"):$(tail -n 1 "$tmp/out")" "26:$tmp/u16.xml: valid (0 warnings)"
fi
printf '<?xml version="1.0" encoding="ISO-8859-1"?><a/>' > "$tmp/latin.xml"
same "an encoding plan files may not use" "$tmp/latin.xml"
"$riap" validate --stream --lang=ja "$tmp/nul.xml" > "$tmp/out"
grep -q 'NUL バイト' "$tmp/out" && pass "stream messages in Japanese on request" || fail "stream messages in Japanese" "$(cat "$tmp/out")"
"$riap" validate --lang=ja "$tmp/schema.xml" > "$tmp/out"
grep -q 'スキーマ違反' "$tmp/out" && pass "schema messages in Japanese on request" || fail "schema messages in Japanese" "$(cat "$tmp/out")"
"$riap" validate --stream "$tmp/missing.xml" > /dev/null 2>&1
expect_eq "a missing file: exit 2" "$?" 2

# a generated document of 3,000 plans (about 9 MB): same report; bounded memory when streamed
if [ -x "$gen" ]; then
    RIAP_SRCDIR="$src" "$gen" --plans 3000 --keep "$tmp/big.xml" --reps 1 > "$tmp/bench.out" 2>&1
    sed 's/code="011002"/code="011003"/' "$tmp/big.xml" > "$tmp/big-bad.xml"
    same "a generated document of 3,000 plans" "$tmp/big.xml"
    same "a generated document with an error" "$tmp/big-bad.xml"
    "$riap" normalize -q "$tmp/big.xml" > "$tmp/n1.xml" && "$riap" normalize -q "$tmp/n1.xml" > "$tmp/n2.xml"
    cmp -s "$tmp/n1.xml" "$tmp/n2.xml" && pass "normalizing a generated document twice changes nothing" \
        || fail "normalizing a generated document twice changes nothing"
    expect_eq "the normalized generated document keeps every plan" "$(grep -c '<plan ' "$tmp/n1.xml")" 3000
    rss=$(awk '/riap validate --stream/ { print int($(NF-1)) }' "$tmp/bench.out")
    if [ "${RIAP_SANITIZERS:-no}" = yes ]; then
        : # AddressSanitizer's shadow memory and quarantine make RSS meaningless
    elif [ -n "$rss" ] && [ "$rss" -lt 64 ]; then
        pass "streaming peak RSS ${rss} MiB < 64 MiB"
    else
        fail "streaming peak RSS" "$(cat "$tmp/bench.out")"
    fi
else
    fail "bench/validate is built"
fi
finish
