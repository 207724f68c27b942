#!/bin/sh
# riap import: the source document against the bundled example, and the data-driven cases of
# tests/data/import: NAME.txt is imported; NAME.xml, when there, is the document it must give
# (exit 0, and it validates); NAME.diag, when there, the errors and warnings it must report
# (LINE:COLUMN: SEVERITY [RULE]); a NAME.txt without NAME.xml must fail (exit 1, nothing written).
# Adding a case is adding files.
. "$(dirname "$0")/lib.sh"
cases="$data/import"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

diags() { # the errors and warnings of an import's standard error, without the messages
    grep -v ': note: ' "$1" | sed -E 's/^.*:([0-9]+):([0-9]+): ([a-z]+): .* \[([a-z0-9-]+)\]$/\1:\2: \3 [\4]/'
}

# --- the source document: the bundled example, but for what a person added by hand
"$riap" import "$data/source/tokyo-2022-summary.txt" > "$tmp/source.xml" 2> "$tmp/source.err"
expect_eq "the source document imports (exit 0, no error or warning)" "$?:$(diags "$tmp/source.err")" "0:"
"$riap" validate "$tmp/source.xml" > "$tmp/v.out" 2>&1
expect_eq "the imported source document validates, with no warning" "$?:$(tail -n 1 "$tmp/v.out")" \
    "0:1 file: 1 valid, 0 invalid; 0 errors, 0 warnings"
expect_eq "it has the example's seven plans, in order" \
    "$(grep -o '<plan id="[a-z0-9-]*"' "$tmp/source.xml" | tr '\n' ' ')" \
    "$(grep -o '<plan id="[a-z0-9-]*"' "$src/examples/plans.xml" | tr '\n' ' ')"
if command -v python3 > /dev/null; then
    # what differs, item by item, is exactly the list of what a person added or decided:
    # publisher, visions, captions joined or given a category by judgement, a project named
    # inside a description (tests/data/import/source.exceptions)
    python3 "$src/tests/import_diff.py" "$src/examples/plans.xml" "$tmp/source.xml" > "$tmp/diff"
    expect_eq "the source document equals the example item by item, but for source.exceptions" \
        "$(cat "$tmp/diff")" "$(cat "$cases/source.exceptions")"
fi

# --- the data-driven cases
for txt in "$cases"/*.txt; do
    name=$(basename "$txt" .txt)
    "$riap" import "$txt" > "$tmp/out.xml" 2> "$tmp/err"
    rc=$?
    if [ -f "$cases/$name.xml" ]; then
        expect_eq "$name: imported (exit 0)" "$rc" 0
        expect_eq "$name: the document" "$(cat "$tmp/out.xml")" "$(cat "$cases/$name.xml")"
        "$riap" validate -q "$tmp/out.xml" > /dev/null 2>&1
        expect_eq "$name: the document validates" "$?" 0
    else
        expect_eq "$name: not imported (exit 1, nothing written)" "$rc:$(wc -c < "$tmp/out.xml" | tr -d ' ')" "1:0"
    fi
    if [ -f "$cases/$name.diag" ]; then
        expect_eq "$name: the diagnostics, with their positions" "$(diags "$tmp/err")" "$(cat "$cases/$name.diag")"
    elif [ -f "$cases/$name.xml" ]; then
        expect_eq "$name: no error or warning" "$(diags "$tmp/err")" ""
    fi
done

# --- what is left out is said, as notes
expect_eq "notes only with -v: none by default" \
    "$("$riap" import "$cases/captions.txt" 2>&1 > /dev/null | grep -c ': note: ')" 0
# a form feed ends a page, not a line of the file: the title after it on line 15 is at column 2
expect_eq "page numbers and a repeated title are left out, each with a note (import-skipped)" \
    "$("$riap" import -v "$cases/captions.txt" 2>&1 > /dev/null | grep '\[import-skipped\]' | cut -d: -f2,3 | tr '\n' ' ')" \
    "14:1 15:2 37:1 "
expect_eq "running headers and footers of pages are left out too" \
    "$("$riap" import -v "$cases/pages.txt" 2>&1 > /dev/null | grep -c '\[import-skipped\]')" 9

# --- many plans of one municipality: ids stay unique past 9999 (issue #18)
awk 'BEGIN { for (i = 0; i < 10001; i++) {
    print "「墨田区地域産業活性化計画」(墨田区)【計画期間:令和4年度~令和6年度】"
    print "製造業が減少している。"; print ""
    print "(1)多様な主体との連携を図る取組"; print " 区内企業をつなげていく(連携事業)"
    print "(2)感染症や災害などの発生による社会経済活動の大きな変化や社会構造の変革への対応に係る取組"
    print " 経営力を底上げさせていく(支援事業)"; print "" } }' > "$tmp/many.txt"
"$riap" import "$tmp/many.txt" > "$tmp/many.xml" 2> "$tmp/err"
expect_eq "10001 plans of one municipality: imported, ids sumida-r4 to sumida-r4-10001, no error" \
    "$?:$(grep -c '<plan id=' "$tmp/many.xml"):$(grep -o '<plan id="[a-z0-9-]*"' "$tmp/many.xml" | sort -u | wc -l | tr -d ' '):$(grep -o 'sumida-r4-10001' "$tmp/many.xml" | head -n 1):$(grep -c ': error: ' "$tmp/err")" \
    "0:10001:10001:sumida-r4-10001:0"

# --- encodings
if command -v iconv > /dev/null; then
    iconv -f UTF-8 -t CP932 "$cases/halfwidth.txt" > "$tmp/sjis.txt"
    "$riap" import "$tmp/sjis.txt" > "$tmp/sjis.xml" 2> /dev/null
    expect_eq "Shift_JIS (CP932) input gives the same document as UTF-8" "$?:$(cat "$tmp/sjis.xml")" "0:$(cat "$cases/halfwidth.xml")"
fi
printf '\357\273\277' > "$tmp/bom.txt"
cat "$cases/halfwidth.txt" >> "$tmp/bom.txt"
"$riap" import "$tmp/bom.txt" > "$tmp/bom.xml" 2> /dev/null
expect_eq "a UTF-8 byte order mark is skipped" "$?:$(cat "$tmp/bom.xml")" "0:$(cat "$cases/halfwidth.xml")"
printf 'abc\n\377\376\n' > "$tmp/bin.txt"
"$riap" import "$tmp/bin.txt" > /dev/null 2> "$tmp/err"
expect_eq "neither UTF-8 nor Shift_JIS: import-encoding at the first bad byte, exit 1" "$?:$(diags "$tmp/err")" \
    "1:2:1: error [import-encoding]"
printf '「墨田区地域産業活性化計画」 （墨田区） 【計画期間：令和４年度～令和６年度】\n本文\001です。\n' > "$tmp/ctl.txt"
"$riap" import "$tmp/ctl.txt" > /dev/null 2> "$tmp/err"
expect_eq "a control character: import-control-character where it is" "$?:$(diags "$tmp/err")" \
    "1:2:3: error [import-control-character]"

# --- the command line
"$riap" import - < "$cases/themes.txt" > "$tmp/stdin.xml" 2> "$tmp/err"
expect_eq "'-' reads standard input" "$?:$(cat "$tmp/stdin.xml")" "0:$(cat "$cases/themes.xml")"
expect_eq "diagnostics of standard input name <stdin>" "$(grep -c '^<stdin>:' "$tmp/err")" "$(wc -l < "$tmp/err" | tr -d ' ')"
"$riap" import -o "$tmp/written.xml" "$cases/themes.txt" > "$tmp/out" 2> /dev/null
expect_eq "-o writes the document to a file, nothing to standard output" \
    "$?:$(wc -c < "$tmp/out" | tr -d ' '):$(cat "$tmp/written.xml")" "0:0:$(cat "$cases/themes.xml")"
"$riap" import --strict "$cases/prefecture.txt" > "$tmp/out" 2> "$tmp/err"
expect_eq "--strict: a warning is an error, nothing written" "$?:$(wc -c < "$tmp/out" | tr -d ' '):$(diags "$tmp/err")" \
    "1:0:7:18: error [import-code-unknown]"
"$riap" import --lang=ja "$cases/no-period.txt" 2>&1 > /dev/null | grep -q '計画期間がありません\|計画期間 (【計画期間：…】) がありません'
expect_eq "--lang=ja gives Japanese messages" "$?" 0
"$riap" import --json "$cases/no-period.txt" > /dev/null 2> "$tmp/json"
if command -v python3 > /dev/null; then
    expect_eq "--json: one JSON object with the located diagnostics" \
        "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); d=[x for x in r["diagnostics"] if x["severity"]!="note"]; print(r["valid"], d[0]["rule"], d[0]["line"], d[0]["column"], d[0]["offset"])' "$tmp/json")" \
        "False import-no-period 1 21 58"
fi
"$riap" import "$tmp/no-such-file.txt" > /dev/null 2> "$tmp/err"
expect_eq "a file that cannot be read: exit 2 with a message" "$?:$(grep -c 'no-such-file' "$tmp/err")" "2:1"
"$riap" import > /dev/null 2>&1
expect_eq "no file: exit 2" "$?" 2
"$riap" import "$cases/themes.txt" "$cases/themes.txt" > /dev/null 2>&1
expect_eq "two files: exit 2" "$?" 2
finish
