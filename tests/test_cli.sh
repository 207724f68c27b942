#!/bin/bash
# The riap command line: output formats, exit codes, batch mode, environment independence.
. "$(dirname "$0")/lib.sh"
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
run era;               expect_eq "no expression exits 2" "$(rc)" 2
run era --batch 令和4年; expect_eq "--batch with arguments exits 2" "$(rc)" 2
run era --numeric-year 令和4年; expect_eq "--numeric-year without --to-era exits 2" "$(rc)" 2

# --- one option parser for every command
# options after operands, in any order
run era --to-era 2022-04-01 --json
expect_eq "options after operands" "$(out)" '{"date":"2022-04-01","text":"令和4年4月1日","error":null}'
run era 平成32年度 --strict; expect_eq "--strict after the operand" "$(rc):$(cut -d: -f1-2 "$tmp/out")" "1:error: out-of-era"
POSIXLY_CORRECT=1 "$riap" era 平成32年度 --strict > "$tmp/out" 2>&1
expect_eq "options after operands even with POSIXLY_CORRECT" "$(cut -d: -f1-2 "$tmp/out")" "error: out-of-era"
# bundled short options; --opt=value and --opt value
run era -en 2019-05-01;  expect_eq "bundled short options (-en)" "$(out)" "令和1年5月1日"
run era --lang ja 安政3年; grep -q '元号' "$tmp/out" && pass "--lang ja (separate argument)" || fail "--lang ja (separate argument)" "$(out)"
run era --lang=ja 安政3年; grep -q '元号' "$tmp/out" && pass "--lang=ja" || fail "--lang=ja" "$(out)"
run era --str 平成32年度; expect_eq "an unambiguous abbreviation (--str)" "$(rc)" 1
# -- ends the options: what follows is an operand even if it looks like one
run era -- --json;     expect_eq "-- then --json is an expression" "$(cut -d: -f1-2 "$tmp/out")" "error: syntax"
# errors: exit 2, the option named, a usage line, nothing on stdout
run era --bogus 令和4年
expect_eq "unknown long option: exit 2" "$(rc)" 2
expect_eq "unknown long option: named" "$(head -n 1 "$tmp/err")" "riap era: unknown or ambiguous option '--bogus'"
grep -q '^Usage: riap era ' "$tmp/err" && pass "unknown option: a usage line" || fail "unknown option: a usage line" "$(cat "$tmp/err")"
expect_eq "unknown option: nothing on stdout" "$(wc -c < "$tmp/out")" 0
run era -x 令和4年;     expect_eq "unknown short option" "$(rc):$(head -n 1 "$tmp/err")" "2:riap era: unknown option '-x'"
run era --lang;        expect_eq "--lang without its argument" "$(rc):$(head -n 1 "$tmp/err")" "2:riap era: option '--lang' requires an argument"
run era --lang=fr 令和4年; expect_eq "--lang with a bad value" "$(rc):$(head -n 1 "$tmp/err")" "2:riap era: invalid language 'fr' for --lang (ja or en)"
run era --json=yes 令和4年; expect_eq "--json=yes: takes no argument" "$(rc):$(head -n 1 "$tmp/err")" "2:riap era: option '--json=yes' takes no argument"
run era --in-place 令和4年; expect_eq "an option of another command" "$(rc):$(head -n 1 "$tmp/err")" "2:riap era: unknown or ambiguous option '--in-place'"
run era --recursive 令和4年; expect_eq "--recursive without --scan" "$(rc):$(head -n 1 "$tmp/err")" "2:riap era: --recursive goes with --scan"
run validate --jobs;   expect_eq "--jobs without its argument" "$(rc):$(head -n 1 "$tmp/err")" "2:riap validate: option '--jobs' requires an argument"
run validate -j;       expect_eq "-j without its argument" "$(rc):$(head -n 1 "$tmp/err")" "2:riap validate: option '-j' requires an argument"
run validate -j 0 x.xml; expect_eq "-j 0" "$(rc):$(head -n 1 "$tmp/err")" "2:riap validate: invalid number of jobs '0' (1 to 256)"
run validate --s x.xml; expect_eq "an ambiguous abbreviation (--s)" "$(rc):$(head -n 1 "$tmp/err")" "2:riap validate: unknown or ambiguous option '--s'"
run help era;          expect_eq "riap help era" "$(rc):$(head -n 1 "$tmp/out")" "0:Usage: riap era [OPTION]... EXPR..."
run help nothing;      expect_eq "riap help of an unknown command" "$(rc)" 2
run --frob;            expect_eq "unknown global option" "$(rc):$(head -n 1 "$tmp/err")" "2:riap: unknown option '--frob'"
for c in era validate normalize; do
    run $c --help
    expect_eq "$c --help: exit 0 and usage on stdout" "$(rc):$(head -n 1 "$tmp/out" | cut -d' ' -f1-3)" "0:Usage: riap $c"
done
# the same context setup everywhere: a bad RIAP_SUPPLEMENTAL_ERA is reported by every command
for c in "era 令和4年度" "validate $src/examples/plans.xml" "normalize $src/examples/plans.xml"; do
    RIAP_SUPPLEMENTAL_ERA=garbage "$riap" $c > /dev/null 2> "$tmp/err"
    grep -q 'RIAP_SUPPLEMENTAL_ERA.*\[bad-supplemental-era\]' "$tmp/err" && pass "bad RIAP_SUPPLEMENTAL_ERA reported by riap ${c%% *}" \
        || fail "bad RIAP_SUPPLEMENTAL_ERA reported by riap ${c%% *}" "$(cat "$tmp/err")"
done
RIAP_SUPPLEMENTAL_ERA=garbage "$riap" era -q 令和4年度 > "$tmp/out" 2> "$tmp/err"
expect_eq "era -q: no notice, the result" "$(wc -c < "$tmp/err"):$(out)" "0:2022-04-01/2023-03-31"
# positions in messages are columns, counted in characters
run era '令和4年度（金）です'
expect_eq "a message counts characters" "$(out)" "error: trailing-text: unexpected text 'です' after the expression at column 9"
run era --json '令和4年度（金）です'
grep -q '"column":9,"offset":22}' "$tmp/out" && pass "json keeps column and byte offset" || fail "json keeps column and byte offset" "$(out)"
run era --lang=ja 安政3年
grep -q '元号' "$tmp/out" && pass "--lang=ja gives Japanese messages" || fail "--lang=ja gives Japanese messages" "$(out)"

# --- batch: one output line per input line, in order, empty lines included
printf '令和4年度\n\n平成32年度\r\n令和4年度です\nR4.4.1' | "$riap" era --batch > "$tmp/out"; rcb=$?
expect_eq "batch lines" "$(out)" "2022-04-01/2023-03-31
error: empty: the expression is empty
2020-04-01/2021-03-31${TAB}warning:out-of-era
error: trailing-text: unexpected text 'です' after the expression at column 6
2022-04-01/2022-04-01"
expect_eq "batch with an error exits 1" "$rcb" 1
printf '令和4年度\n' | "$riap" era --batch > /dev/null; expect_eq "clean batch exits 0" "$?" 0
: | "$riap" era --batch > "$tmp/out"; expect_eq "empty stdin: no output, exit 0" "$?:$(out)" "0:"
# a huge line is one too-long error, in bounded memory; NUL bytes stay inside their line
{ head -c 5000000 /dev/zero | tr '\0' 'x'; printf '\n令和4年度\n'; printf 'a\0b\n'; } | "$riap" era --batch > "$tmp/out"
expect_eq "huge line, then a normal one, then a NUL" "$(cut -d: -f1-2 "$tmp/out")" "error: too-long
2022-04-01/2023-03-31
error: syntax"
# a million lines (valid, CRLF, ill-formed UTF-8, NUL inside): one output line each, in
# linear time (generous bound; not timed under the sanitizers); bench/era_batch has figures
yes "$(printf '令和4年度\nR4.4.1\r\n\377x\na@b')" | head -n 1000000 | tr '@' '\000' > "$tmp/million"
t0=$(date +%s)
"$riap" era --batch < "$tmp/million" > "$tmp/out"
t1=$(date +%s)
expect_eq "a million lines: one output line each" "$(wc -l < "$tmp/out")" 1000000
expect_eq "a million lines: each kind in its place" \
    "$(grep -c '^2022-04-01/2023-03-31$' "$tmp/out"):$(grep -c '^2022-04-01/2022-04-01$' "$tmp/out"):$(grep -c '^error: invalid-utf8' "$tmp/out"):$(grep -c '^error: syntax' "$tmp/out")" \
    "250000:250000:250000:250000"
if [ "${RIAP_SANITIZERS:-no}" != yes ]; then
    [ $((t1 - t0)) -le 30 ] && pass "a million lines in $((t1 - t0)) s (bound 30 s)" ||
        fail "a million lines took $((t1 - t0)) s (bound 30 s)"
fi
rm -f "$tmp/million"
# a line of exactly the maximum length (1024 bytes) reads the same with LF and CRLF
max=$(printf '令和4年度'; head -c $((1024 - 13)) /dev/zero | tr '\0' ' ')
expect_eq "a 1024-byte line with LF" "$(printf '%s\n' "$max" | "$riap" era --batch)" "2022-04-01/2023-03-31"
expect_eq "a 1024-byte line with CRLF" "$(printf '%s\r\n' "$max" | "$riap" era --batch)" "2022-04-01/2023-03-31"
expect_eq "a 1025-byte line with CRLF" "$(printf '%s \r\n' "$max" | "$riap" era --batch | cut -d: -f1-2)" "error: too-long"
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
expect_eq "json lines" "$(out)" '{"start":"2022-04-01","end":"2025-03-31","granularity":["fiscal-year","fiscal-year"],"eras":["令和","令和"],"warnings":[],"label":null,"remark":null,"approximate":false,"context":false,"start_time":null,"end_time":null,"error":null}
{"start":"2020-04-01","end":"2021-03-31","granularity":["fiscal-year","fiscal-year"],"eras":["平成","平成"],"warnings":["out-of-era"],"label":null,"remark":null,"approximate":false,"context":false,"start_time":null,"end_time":null,"error":null}
{"start":null,"end":null,"granularity":null,"eras":null,"warnings":[],"label":null,"remark":null,"approximate":false,"context":false,"start_time":null,"end_time":null,"error":{"rule":"invalid-year","message":"year 0 at column 3 does not exist (the first year is 1 or 元)","line":1,"column":3,"offset":6}}
{"start":null,"end":"2025-03-31","granularity":["open","fiscal-year"],"eras":[null,"令和"],"warnings":[],"label":null,"remark":null,"approximate":false,"context":false,"start_time":null,"end_time":null,"error":null}'
run era --json 2022年4月1日; expect_eq "json gregorian era" "$(out)" '{"start":"2022-04-01","end":"2022-04-01","granularity":["day","day"],"eras":["gregorian","gregorian"],"warnings":[],"label":null,"remark":null,"approximate":false,"context":false,"start_time":null,"end_time":null,"error":null}'
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
run era --to-era 2025-02-29 2025-13-01 2025-2-1
expect_eq "to-era: a day or a month that does not exist is named as such" "$(out)" \
    "error: iso-date: '2025-02-29' names a day that does not exist: 2025-02 has 28 days
error: iso-date: '2025-13-01' names month 13, which does not exist (01 to 12)
error: iso-date: '2025-2-1' is not a date of the form YYYY-MM-DD (four, two and two digits)"
run era --lang=ja --to-era 2024-04-31
expect_eq "to-era: a day that does not exist, in Japanese" "$(out)" \
    "error: iso-date: 「2024-04-31」は存在しない日です（2024 年 4 月は 30 日まで）"
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

# --- every byte riap prints is UTF-8, whatever the input held; JSON stays JSON
long=$(printf 'あ%.0s' $(seq 1 300))
nasty=($'\xff' $'\xe3\x81' $'令和\xe3\x81' $'\x01\x1b[31m' "$long" "令和${long}" $'R4.4.\xc0\xaf' $'平成\x7f年')
{
    for m in "" --json "--to-era" "--to-era --json"; do
        "$riap" era $m -- "${nasty[@]}"
        printf '%s\n' "${nasty[@]}" | "$riap" era $m --batch
    done
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<document xmlns="urn:libriap:plan:1" version="1.0"><p a="\xff\xfe"/></document>\n' > "$tmp/bad8.xml"
    printf '<document xmlns="urn:libriap:plan:1" version="1.0"><x>%s\x1b</x></document>' "$long" > "$tmp/ctl.xml"
    printf '%s\xe3\x81' "$long" > "$tmp/cut.xml"
    for m in "" --json --stream; do "$riap" validate $m "$tmp/bad8.xml" "$tmp/ctl.xml" "$tmp/cut.xml"; done
} > "$tmp/all" 2>&1
iconv -f UTF-8 -t UTF-8 "$tmp/all" > /dev/null 2>&1 && pass "every byte printed is UTF-8" || fail "every byte printed is UTF-8" "$(iconv -f UTF-8 -t UTF-8 "$tmp/all" 2>&1 > /dev/null)"
if command -v python3 > /dev/null; then
    { for m in "--json" "--to-era --json"; do "$riap" era $m -- "${nasty[@]}"; done
      "$riap" validate --json "$tmp/bad8.xml" "$tmp/ctl.xml" "$tmp/cut.xml" 2> /dev/null; } |
        python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin.buffer.read().decode("utf-8").splitlines()]' \
        && pass "JSON of hostile inputs parses" || fail "JSON of hostile inputs parses"
fi

# --- the rules: every rule id is listed by riap rules and documented
"$riap" rules > "$tmp/rules"
expect_eq "riap rules: one line per rule, four fields each" "$(awk -F'\t' 'NF != 4' "$tmp/rules" | wc -l):$(wc -l < "$tmp/rules" | tr -d ' ')" "0:$(cut -f1 "$tmp/rules" | sort -u | wc -l | tr -d ' ')"
expect_eq "riap rules: severities" "$(grep -E '^(out-of-era|text-fullwidth-ascii|period-syntax|import-code-unknown)	' "$tmp/rules" | cut -f1,3 | tr '\t\n' ': ')" \
    "out-of-era:warning period-syntax:error text-fullwidth-ascii:note import-code-unknown:warning "
# riap(1)'s list of rules is the table's (make update-man regenerates it)
sh "$src/doc/man-rules.sh" "$riap" < "$src/doc/riap.1" > "$tmp/riap.1"
expect_eq "riap(1) lists every rule of the table, as doc/man-rules.sh writes it (make update-man)" \
    "$(diff "$src/doc/riap.1" "$tmp/riap.1" | head -20)" ""
expect_eq "riap(1)'s generated list has a line per rule" "$(grep -c '^\.BR [a-z0-9-]* " (' "$tmp/riap.1")" "$(wc -l < "$tmp/rules" | tr -d ' ')"
run rules --lang=ja --json out-of-era
python3 -c 'import json,sys; o=json.loads(sys.stdin.read()); assert o["rule"]=="out-of-era" and o["area"]=="era" and o["severity"]=="warning" and "元号" in o["description"], o' < "$tmp/out" \
    && pass "riap rules --json --lang=ja" || fail "riap rules --json --lang=ja" "$(out)"
run rules no-such-rule
expect_eq "riap rules with an unknown id: exit 1" "$(rc)" 1

expect_eq "riap validate --list-rules lists the same table as riap rules" \
    "$("$riap" validate --list-rules | cksum)" "$(cksum < "$tmp/rules")"

# --- the man page is valid roff
man_page="$src/doc/riap.1"
if [ -s "$man_page" ] && grep -q '^\.TH RIAP 1' "$man_page"; then pass "man page riap(1)"; else fail "man page riap(1)"; fi
if command -v groff > /dev/null && command -v preconv > /dev/null; then
    for page in "$man_page" "$src"/doc/*.3 "$src/doc/riap.5" "$src/doc/riap-era.7"; do
        warnings=$(preconv "$page" | groff -ww -man -Tutf8 2>&1 > /dev/null)
        expect_eq "$(basename "$page") renders without a groff warning (groff -ww)" "$warnings" ""
    done
fi
# every exported function has a section-3 page: its own, or a link named in a page's NAME
exported=$(grep -oE 'riap_[a-z0-9_]+' "$src/lib/libriap.sym" | sort -u)
documented=$( (sh "$src/doc/man-aliases.sh" "$src"/doc/*.3 | cut -d' ' -f2
               for page in "$src"/doc/*.3; do basename "$page" .3; done) | sort -u)
expect_eq "every exported function has a man page (doc/man-aliases.sh)" \
    "$(printf '%s\n' "$exported" | grep -vxF "$documented")" ""
expect_eq "every name a man page documents is exported" \
    "$(printf '%s\n' "$documented" | grep -E '^riap_' | grep -vxF "$exported" | grep -vx 'riap_plan')" ""
# riap-era(7) is written from doc/era-expressions.md, the one description of the grammar
python3 "$src/doc/md2man.py" "$src/doc/era-expressions.md" > "$tmp/riap-era.7"
expect_eq "riap-era(7) is current with doc/era-expressions.md (doc/md2man.py)" \
    "$(diff "$tmp/riap-era.7" "$src/doc/riap-era.7" | head -5)" ""
# every option that a command's --help lists is in the man page, and the other way round
man_opts=$(sed 's/\\-/-/g' "$man_page" | grep -oE -- '--[a-z][a-z-]*' | sort -u)
help_opts=$(for c in era validate normalize import export rules; do "$riap" $c --help; done; "$riap" --help)
help_opts=$(printf '%s\n' "$help_opts" | grep -oE -- '--[a-z][a-z-]*' | sort -u)
expect_eq "the man page and --help name the same options" "$man_opts" "$help_opts"
finish
