#!/bin/bash
# The riap command line: output formats, exit codes, batch mode, environment independence.
. "${RIAP_SRCDIR:-.}/tests/lib.sh"
riap=${RIAP_CLI:-./tools/riap}
data=${RIAP_TEST_DATA:-tests/data}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TAB=$(printf '\t')

run() { "$riap" "$@" > "$tmp/out" 2> "$tmp/err"; echo $? > "$tmp/rc"; }
out() { cat "$tmp/out"; }
rc() { cat "$tmp/rc"; }

# --- global options
run --help;            expect_eq "--help exits 0" "$(rc)" 0
grep -q 'era' "$tmp/out" && pass "--help lists era" || fail "--help lists era"
run --version;         expect_eq "--version exits 0" "$(rc)" 0
grep -qE '^riap [0-9]+\.[0-9]+\.[0-9]+ \(libriap [0-9.]+\)$' "$tmp/out" && pass "--version format" || fail "--version format" "$(out)"
run;                   expect_eq "no command exits 2" "$(rc)" 2
run frobnicate;        expect_eq "unknown command exits 2" "$(rc)" 2
run era --help;        expect_eq "era --help exits 0" "$(rc)" 0
grep -q -- '--to-era' "$tmp/out" && pass "era --help documents --to-era" || fail "era --help documents --to-era"

# --- expressions as arguments
run era 令和4年度;      expect_eq "one expression" "$(out)" "2022-04-01/2023-03-31"; expect_eq "exit 0" "$(rc)" 0
run era '令和４年度～令和６年度' 令和4年度～ ～令和6年度
expect_eq "several expressions, open ends" "$(out)" "2022-04-01/2025-03-31
2022-04-01/..
../2025-03-31"
run era 平成32年度;     expect_eq "warning after a tab" "$(out)" "2020-04-01/2021-03-31${TAB}warning:out-of-era"; expect_eq "a warning exits 0" "$(rc)" 0
run era --strict 平成32年度
expect_eq "strict: out-of-era is an error" "$(cut -d: -f1-2 "$tmp/out")" "error: out-of-era"; expect_eq "strict error exits 1" "$(rc)" 1
run era 令和4年度 令和0年 令和5年度
expect_eq "an error line in place" "$(sed -n 2p "$tmp/out" | cut -d: -f1-2)" "error: invalid-year"
expect_eq "three lines for three inputs" "$(wc -l < "$tmp/out")" 3
expect_eq "any error exits 1" "$(rc)" 1
run era -- -; expect_eq "'-' after -- is an expression" "$(cut -d: -f1 "$tmp/out")" "error"
run era --bogus 令和4年; expect_eq "unknown option exits 2" "$(rc)" 2
run era;               expect_eq "no expression exits 2" "$(rc)" 2
run era --batch 令和4年; expect_eq "--batch with arguments exits 2" "$(rc)" 2
run era --numeric-year 令和4年; expect_eq "--numeric-year without --to-era exits 2" "$(rc)" 2
run era --lang=ja 安政3年
grep -q '元号' "$tmp/out" && pass "--lang=ja gives Japanese messages" || fail "--lang=ja gives Japanese messages" "$(out)"

# --- batch: one output line per input line, in order, empty lines included
printf '令和4年度\n\n平成32年度\r\n令和4年度です\nR4.4.1' | "$riap" era --batch > "$tmp/out"; rcb=$?
expect_eq "batch lines" "$(out)" "2022-04-01/2023-03-31
error: empty: the expression is empty
2020-04-01/2021-03-31${TAB}warning:out-of-era
error: trailing-text: unexpected text 'です' after the expression at offset 13
2022-04-01/2022-04-01"
expect_eq "batch with an error exits 1" "$rcb" 1
printf '令和4年度\n' | "$riap" era --batch > /dev/null; expect_eq "clean batch exits 0" "$?" 0
: | "$riap" era --batch > "$tmp/out"; expect_eq "empty stdin: no output, exit 0" "$?:$(out)" "0:"
# a huge line is one too-long error, in bounded memory; NUL bytes stay inside their line
{ head -c 5000000 /dev/zero | tr '\0' 'x'; printf '\n令和4年度\n'; printf 'a\0b\n'; } | "$riap" era --batch > "$tmp/out"
expect_eq "huge line, then a normal one, then a NUL" "$(cut -d: -f1-2 "$tmp/out")" "error: too-long
2022-04-01/2023-03-31
error: syntax"
printf '\xff\xfe\n\xc0\xaf\n' | "$riap" era --batch > "$tmp/out"
expect_eq "ill-formed UTF-8 lines" "$(cut -d: -f1-2 "$tmp/out")" "error: invalid-utf8
error: invalid-utf8"

# --- the conformance table through the CLI
tail -n +2 "$data/conformance/era-examples.tsv" | cut -f1 | "$riap" era --batch > "$tmp/out"
tail -n +2 "$data/conformance/era-examples.tsv" | awk -F'\t' '{ if ($2 == "ERROR") print "error"; else if ($3 != "") print $2 "\twarning:" $3; else print $2 }' > "$tmp/want"
sed 's/^error: .*/error/' "$tmp/out" > "$tmp/got"
expect_eq "conformance rows via --batch" "$(cat "$tmp/got")" "$(cat "$tmp/want")"
expect_eq "conformance rows: one line each" "$(wc -l < "$tmp/out")" "$(wc -l < "$tmp/want")"

# --- results do not depend on locale, time zone or ICU's environment
tail -n +2 "$data/conformance/era-examples.tsv" | cut -f1 > "$tmp/in"
"$riap" era --batch < "$tmp/in" > "$tmp/base"
for env in "TZ=Pacific/Kiritimati" "TZ=America/Adak" "LC_ALL=C" "LC_ALL=ja_JP.UTF-8" \
           "LANG=tr_TR.UTF-8" "ICU_DATA=/nonexistent" "ICU_TIMEZONE_FILES_DIR=/nonexistent"; do
    env "$env" "$riap" era --batch < "$tmp/in" > "$tmp/alt" 2>/dev/null
    expect_eq "same results with $env" "$(cat "$tmp/alt")" "$(cat "$tmp/base")"
done

# --- JSON
run era --json 令和4～6年度 平成32年度 令和0年 ～令和6年度
expect_eq "json lines" "$(out)" '{"start":"2022-04-01","end":"2025-03-31","granularity":["fiscal-year","fiscal-year"],"eras":["令和","令和"],"warnings":[],"error":null}
{"start":"2020-04-01","end":"2021-03-31","granularity":["fiscal-year","fiscal-year"],"eras":["平成","平成"],"warnings":["out-of-era"],"error":null}
{"start":null,"end":null,"granularity":null,"eras":null,"warnings":[],"error":{"rule":"invalid-year","message":"year 0 at offset 6 does not exist (the first year is 1 or 元)","offset":6}}
{"start":null,"end":"2025-03-31","granularity":["open","fiscal-year"],"eras":[null,"令和"],"warnings":[],"error":null}'
run era --json 2022年4月1日; expect_eq "json gregorian era" "$(out)" '{"start":"2022-04-01","end":"2022-04-01","granularity":["day","day"],"eras":["gregorian","gregorian"],"warnings":[],"error":null}'
if command -v python3 > /dev/null; then
    printf '令和4年度\n"\\\n\xff\n' | "$riap" era --batch --json | python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]' \
        && pass "json output parses" || fail "json output parses"
fi

# --- to-era
run era --to-era 2019-04-30 2019-05-01 1989-01-07 1989-01-08 1873-01-01
expect_eq "to-era" "$(out)" "平成31年4月30日
令和元年5月1日
昭和64年1月7日
平成元年1月8日
明治6年1月1日"
expect_eq "to-era exit 0" "$(rc)" 0
run era --to-era --numeric-year 2019-05-01; expect_eq "--numeric-year" "$(out)" "令和1年5月1日"
run era --to-era 1872-12-31 2022-02-30 2022-4-1
expect_eq "to-era errors" "$(cut -d: -f1-2 "$tmp/out")" "error: before-gregorian
error: iso-date
error: iso-date"
expect_eq "to-era error exits 1" "$(rc)" 1
printf '2019-05-01\n\n2019-04-30\n' | "$riap" era --to-era --batch > "$tmp/out"
expect_eq "to-era batch" "$(cut -d: -f1-2 "$tmp/out")" "令和元年5月1日
error: iso-date
平成31年4月30日"
run era --to-era --json 2019-05-01 1872-12-31
expect_eq "to-era json" "$(sed -n 1p "$tmp/out")" '{"date":"2019-05-01","text":"令和元年5月1日","error":null}'
sed -n 2p "$tmp/out" | grep -q '"rule":"before-gregorian"' && pass "to-era json error" || fail "to-era json error" "$(out)"

# --- supplemental era from the environment
RIAP_SUPPLEMENTAL_ERA='name=未来,abbr=Z,since=2040-03-01' "$riap" era 未来2年度 Z1.3.1 > "$tmp/out"
expect_eq "RIAP_SUPPLEMENTAL_ERA" "$(out)" "2041-04-01/2042-03-31
2040-03-01/2040-03-01"
RIAP_SUPPLEMENTAL_ERA='garbage' "$riap" era 令和4年度 > "$tmp/out" 2> "$tmp/err"
grep -q 'RIAP_SUPPLEMENTAL_ERA' "$tmp/err" && pass "bad RIAP_SUPPLEMENTAL_ERA is reported" || fail "bad RIAP_SUPPLEMENTAL_ERA is reported"
expect_eq "bad RIAP_SUPPLEMENTAL_ERA is ignored" "$(out)" "2022-04-01/2023-03-31"

# --- the man page is valid roff
man_page="${RIAP_SRCDIR:-.}/doc/riap.1"
if [ -s "$man_page" ] && grep -q '^\.TH RIAP 1' "$man_page"; then pass "man page riap(1)"; else fail "man page riap(1)"; fi
finish
