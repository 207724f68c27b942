#!/bin/sh
# The schema and the bundled example, checked by libxml2's own tool, independently of the library.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! command -v xmllint > /dev/null; then
    fail "xmllint is installed (Debian package libxml2-utils)"
    finish
fi
if xmllint --noout "$src/schema/riap-1.xsd" 2> "$tmp/err"; then pass "schema is well-formed"; else fail "schema is well-formed" "$(cat "$tmp/err")"; fi
if xmllint --noout --schema "$src/schema/riap-1.xsd" "$src/examples/plans.xml" 2> "$tmp/err"; then
    pass "xmllint --schema accepts examples/plans.xml"
else
    fail "xmllint --schema accepts examples/plans.xml" "$(cat "$tmp/err")"
fi
# every element declaration carries Japanese and English documentation
elements=$(grep -c '<xs:element ' "$src/schema/riap-1.xsd")
ja=$(grep -A2 '<xs:element ' "$src/schema/riap-1.xsd" | grep -c 'xml:lang="ja"')
en=$(grep -A3 '<xs:element ' "$src/schema/riap-1.xsd" | grep -c 'xml:lang="en"')
inline=$(grep '<xs:element ' "$src/schema/riap-1.xsd" | grep -c '/>')
expect_eq "every element has ja documentation" "$ja" "$((elements - inline))"
expect_eq "every element has en documentation" "$en" "$((elements - inline))"
# a document breaking the schema is rejected by xmllint too
sed 's/kind="区"/kind="郡"/' "$src/examples/plans.xml" > "$tmp/bad.xml"
if xmllint --noout --schema "$src/schema/riap-1.xsd" "$tmp/bad.xml" 2> /dev/null; then
    fail "xmllint rejects a bad kind"
else
    pass "xmllint rejects a bad kind"
fi
# the examples run on the bundled plans
summary=$bld/examples/summary
if [ -x "$summary" ]; then
    "$summary" "$src/examples/plans.xml" > "$tmp/out"
    expect_eq "summary: seven plans, 2022-04-01/2025-03-31" "$(grep -c ': 2022-04-01/2025-03-31$' "$tmp/out")" 7
    expect_eq "summary: 荒川区 has no 'other'" "$(sed -n '/^荒川区/,/^板橋区/p' "$tmp/out" | grep -c other)" 0
    expect_eq "summary: '1 project', '2 projects'" "$(grep -cE ' 1 project$' "$tmp/out"):$(grep -cE ' (1 projects|[02-9] project)$' "$tmp/out")" "4:0"
    "$bld/examples/build_plan" "$tmp/built.xml" && xmllint --noout --schema "$src/schema/riap-1.xsd" "$tmp/built.xml" 2> /dev/null \
        && pass "build_plan writes a valid file" || fail "build_plan writes a valid file"
else
    fail "examples/summary is built"
fi
finish
