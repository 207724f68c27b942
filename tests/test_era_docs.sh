#!/bin/bash
# Era dates as documents write them, through the command line: the tables of tests/data/era/
# through `riap era --batch` (strict rows with --strict) and `riap era --scan`; the source
# document's nine dates; --scan's formats and exit status.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TAB=$(printf '\t')

# --- the tables through --batch: one output line per row, the same range or rule, warnings
for table in "$data"/era/*.tsv; do
    name=$(basename "$table")
    for mode in lenient strict; do
        flag=; [ $mode = strict ] && flag=--strict
        awk -F'\t' -v m=$mode 'NR > 1 && $1 !~ /^#/ && $2 == m' "$table" > "$tmp/rows"
        [ -s "$tmp/rows" ] || continue
        cut -f1 "$tmp/rows" | "$riap" era --batch $flag > "$tmp/out"
        awk -F'\t' '{ w = ($4 == "-") ? "" : $4; gsub(/,/, "\twarning:", w);
                     if ($3 ~ /^ERROR:/) { sub(/^ERROR:/, "", $3); print "error:" $3 }
                     else print $3 (w == "" ? "" : "\twarning:" w) }' "$tmp/rows" > "$tmp/want"
        sed 's/^error: \([a-z-]*\): .*/error:\1/' "$tmp/out" > "$tmp/got"
        if diff "$tmp/want" "$tmp/got" > "$tmp/diff"; then
            pass "$name ($mode) through --batch: $(wc -l < "$tmp/rows") rows"
        else
            fail "$name ($mode) through --batch" "$(paste "$tmp/rows" "$tmp/got" | grep -v '^#' | head -40; cat "$tmp/diff")"
        fi
    done
done

# --- the same rows as lines of a document, through --scan: one match per line, the same result
cat "$data"/era/*.tsv | awk -F'\t' '$1 != "input" && $1 !~ /^#/ && $2 == "lenient" && $5 !~ /noscan/' > "$tmp/rows"
cut -f1 "$tmp/rows" | sed 's/^/本計画の期間は、/; s/$/とする。/' > "$tmp/doc.txt"
"$riap" era --scan "$tmp/doc.txt" > "$tmp/out"
awk -F'\t' '{ r = $3; sub(/^ERROR:/, "error:", r); print NR ":" r }' "$tmp/rows" > "$tmp/want"
sed -E 's/^[^:]*:([0-9]+):[0-9]+: error: ([a-z-]+): .*/\1:error:\2/; s/^[^:]*:([0-9]+):[0-9]+: [^\t]*\t([^\t]*).*/\1:\2/' "$tmp/out" > "$tmp/got"
if diff "$tmp/want" "$tmp/got" > "$tmp/diff"; then
    pass "the tables' rows in running text through --scan: $(wc -l < "$tmp/rows") dates"
else
    fail "the tables' rows through --scan" "$(head -40 "$tmp/diff")"
fi

# --- the source document: its nine dates and nothing else
src_doc="$data/source/tokyo-2022-summary.txt"
"$riap" era --scan "$src_doc" > "$tmp/out"; rc=$?
sed "s|^$src_doc:||" "$tmp/out" > "$tmp/got"
expect_eq "the source document's nine dates" "$(cat "$tmp/got")" "8:29: 令和４年度～令和６年度${TAB}2022-04-01/2025-03-31
10:1: 昭和 45 年${TAB}1970-01-01/1970-12-31
50:29: 令和４年度～令和６年度${TAB}2022-04-01/2025-03-31
119:29: 令和４年度～令和６年度${TAB}2022-04-01/2025-03-31
171:29: 令和４年度～令和６年度${TAB}2022-04-01/2025-03-31
220:7: 2020 年度${TAB}2020-04-01/2021-03-31
232:29: 令和４年度～令和６年度${TAB}2022-04-01/2025-03-31
282:29: 令和４年度～令和６年度${TAB}2022-04-01/2025-03-31
368:29: 令和４年度～令和６年度${TAB}2022-04-01/2025-03-31"
expect_eq "no invalid date: exit 0" "$rc" 0

# --- formats and exit status
printf '締切は令和5年2月30日（必着）、説明会は令和5年1月10日（火）。\r\n二行目 R5.4\n' > "$tmp/t.txt"
"$riap" era --scan "$tmp/t.txt" > "$tmp/out"; rc=$?
expect_eq "an invalid date: gcc-style error line, exit 1" "$(sed "s|^$tmp/||" "$tmp/out"):$rc" "t.txt:1:4: error: invalid-day: day 2023-02-30 (column 10) does not exist
t.txt:1:22: 令和5年1月10日（火）${TAB}2023-01-10/2023-01-10
t.txt:2:5: R5.4${TAB}2023-04-01/2023-04-30:1"
"$riap" era --scan < "$tmp/t.txt" | head -1 > "$tmp/out"
expect_eq "no FILE: standard input" "$(cut -d: -f1-3 "$tmp/out")" "<stdin>:1:4"
"$riap" era --scan - < "$tmp/t.txt" | head -1 > "$tmp/out"
expect_eq "'-': standard input" "$(cut -d: -f1-3 "$tmp/out")" "<stdin>:1:4"
"$riap" era --scan --json "$tmp/t.txt" > "$tmp/out"
if python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(rows) == 3, rows
assert rows[0]["error"]["rule"] == "invalid-day" and rows[0]["start"] is None, rows[0]
assert rows[1]["start"] == "2023-01-10" and rows[1]["line"] == 1 and rows[1]["column"] == 22, rows[1]
assert rows[1]["text"] == "令和5年1月10日（火）", rows[1]
assert rows[2]["granularity"] == ["month", "month"] and rows[2]["line"] == 2, rows[2]
assert rows[0]["remark"] is None and rows[1]["approximate"] is False, rows
data = open(sys.argv[2], "rb").read()
assert data[rows[2]["offset"]:].startswith(b"R5.4"), rows[2]
' "$tmp/out" "$tmp/t.txt"; then pass "--scan --json: one object per date, offsets into the file"; else fail "--scan --json" "$(cat "$tmp/out")"; fi
printf '説明会は令和5年1月頃（予定）です。\n' | "$riap" era --scan --json > "$tmp/out"
python3 -c 'import json,sys; o=json.loads(sys.stdin.read()); assert o["remark"]=="予定" and o["approximate"] is True and o["text"]=="令和5年1月頃（予定）", o' < "$tmp/out" \
    && pass "--scan --json gives the remark and the approximate flag" || fail "--scan --json remark" "$(cat "$tmp/out")"
"$riap" era --scan "$tmp/missing" > /dev/null 2> "$tmp/err"; rc=$?
expect_eq "an unreadable file: a message, exit 2" "$rc:$(grep -c missing "$tmp/err")" "2:1"
"$riap" era --scan --batch > /dev/null 2>&1; expect_eq "--scan with --batch: usage error" "$?" 2
"$riap" era --scan --strict "$tmp/t.txt" > "$tmp/out"; rc=$?
expect_eq "--strict: a weekday that disagrees is an error" "$(grep -c 'weekday-mismatch' "$tmp/out"):$rc" "0:1"
printf '令和4年4月1日（木）\n' | "$riap" era --scan --strict > "$tmp/out"; rc=$?
expect_eq "--scan --strict: weekday-mismatch is an error line" "$(cut -d: -f4-5 "$tmp/out"):$rc" " error: weekday-mismatch:1"

# --- a line longer than the piece --scan reads at once: dates on both sides of the cut
{ printf '令和4年度'; head -c 3000000 /dev/zero | tr '\0' 'x'; printf '令和5年度\n令和6年度\n'; } > "$tmp/long.txt"
"$riap" era --scan "$tmp/long.txt" > "$tmp/out"
expect_eq "a 3 MB line: its dates and the next line's, columns in characters" "$(sed "s|^$tmp/||" "$tmp/out")" "long.txt:1:1: 令和4年度${TAB}2022-04-01/2023-03-31
long.txt:1:3000006: 令和5年度${TAB}2023-04-01/2024-03-31
long.txt:2:1: 令和6年度${TAB}2024-04-01/2025-03-31"

# --- a date at every byte offset around 1 MiB and 2 MiB of a long line is found whole (the
# file is read whole: no match depends on where a read ends)
python3 - "$tmp/edges.txt" << 'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for edge in (1 << 20, 2 << 20):
        for k in range(-24, 25, 3):
            f.write("x" * (edge + k) + "令和5年1月31日（火）に" + "y" * 40 + "\n")
PY
"$riap" era --scan "$tmp/edges.txt" > "$tmp/out"
expect_eq "a date at each offset around 1 and 2 MiB of a line: found whole, each once" \
    "$(cut -f1,2 "$tmp/out" | sed 's/^[^ ]* //' | sort | uniq -c | sed 's/^ *//')" \
    "34 令和5年1月31日（火）${TAB}2023-01-31/2023-01-31"

# --- encodings: the same text in UTF-8 (with and without a BOM), UTF-16, Shift_JIS and EUC-JP
# gives the same matches at the same lines and columns
printf '日時　令和７年１１月１３日（木）午後\n\n　令和6年度〜翌年度の計画。R7年4月1日から\n' > "$tmp/enc.txt"
python3 - "$tmp/enc.txt" << 'PY'
import sys
t = open(sys.argv[1], encoding="utf-8").read()
for name, enc in (("sjis", "cp932"), ("euc", "euc_jp"), ("u16", "utf-16"), ("u16be", "utf-16")):
    data = t.encode(enc)
    if name == "u16be":
        data = b"\xfe\xff" + t.encode("utf-16-be")
    open(sys.argv[1] + "." + name, "wb").write(data)
open(sys.argv[1] + ".bom", "wb").write(b"\xef\xbb\xbf" + t.encode("utf-8"))
PY
"$riap" era --scan "$tmp/enc.txt" | sed "s|^$tmp/enc.txt||" > "$tmp/want"
expect_eq "the text's matches: indented dates at their own column, references, R7年" "$(cat "$tmp/want")" \
":1:4: 令和７年１１月１３日（木）${TAB}2025-11-13/2025-11-13
:3:2: 令和6年度〜翌年度${TAB}2024-04-01/2026-03-31
:3:15: R7年4月1日から${TAB}2025-04-01/.."
# (positions and ranges: CP932 and EUC-JP decode the wave dash 〜 as ～, as Windows does)
for e in sjis euc u16 u16be bom; do
    "$riap" era --scan "$tmp/enc.txt.$e" | sed "s|^$tmp/enc.txt.$e||" > "$tmp/got"
    expect_eq "the same text in $e: the same matches, lines and columns" \
        "$(awk -F'\t' '{ split($1, p, " "); print p[1], $2 }' "$tmp/got")" \
        "$(awk -F'\t' '{ split($1, p, " "); print p[1], $2 }' "$tmp/want")"
done
"$riap" era --scan --encoding=euc-jp "$tmp/enc.txt.sjis" > "$tmp/out" 2> "$tmp/err"; rc=$?
expect_eq "Shift_JIS read as EUC-JP: exit 2, the bad byte's offset, no match" \
    "$rc:$(wc -c < "$tmp/out"):$(grep -c 'invalid-encoding: the bytes at offset [0-9]* are not well-formed EUC-JP' "$tmp/err")" "2:0:1"
printf 'abc\377\376\375\n' > "$tmp/bin.txt"
"$riap" era --scan "$tmp/bin.txt" > /dev/null 2> "$tmp/err"; rc=$?
expect_eq "undecodable text: exit 2 with the offset, never an empty file" "$rc:$(grep -c 'offset 3' "$tmp/err")" "2:1"
"$riap" era --scan --encoding=latin1 "$tmp/enc.txt" > /dev/null 2> "$tmp/err"; rc=$?
expect_eq "an encoding it does not read: exit 2, unsupported-encoding" "$rc:$(grep -c unsupported-encoding "$tmp/err")" "2:1"

# --- the plain output gives a match's warnings as riap era does; strict makes them errors
printf '平成31年5月1日と令和五年十二月一日（木）、説明会はR6.4.1（火）です。\n' > "$tmp/w.txt"
"$riap" era --scan "$tmp/w.txt" | cut -f3 > "$tmp/out"
expect_eq "--scan: warnings after the range" "$(cat "$tmp/out")" "warning:out-of-era
warning:weekday-mismatch
warning:weekday-mismatch"
"$riap" era --scan --strict "$tmp/w.txt" > "$tmp/out"; rc=$?
expect_eq "--scan --strict: the same three dates, each an error (a compact date too)" \
    "$rc:$(grep -c ': error: ' "$tmp/out")" "1:3"

# --- a match claims no more than the text says
printf '令和7年4月1日～3回目\n令和6年度 第3回 審議会\n令和4年度中小企業支援\n令和3年度内閣府\n' > "$tmp/m.txt"
"$riap" era --scan "$tmp/m.txt" | sed "s|^$tmp/m.txt||" > "$tmp/out"
expect_eq "after ～ an unreadable date is an error; 第3回, 中小企業, 内閣府 end the match" \
    "$(sed 's/\(error: [a-z-]*\):.*/\1/' "$tmp/out")" ":1:1: error: incomplete
:2:1: 令和6年度${TAB}2024-04-01/2025-03-31
:3:1: 令和4年度${TAB}2022-04-01/2023-03-31
:4:1: 令和3年度${TAB}2021-04-01/2022-03-31"

# --- lines end at LF, CRLF and a lone CR alike: the same lines and columns
printf '前文\n令和7年4月1日から\n\n本文　令和8年3月31日まで\n' > "$tmp/lf.txt"
"$riap" era --scan "$tmp/lf.txt" | sed "s|^$tmp/lf.txt||" > "$tmp/want"
for e in crlf cr; do
    if [ $e = crlf ]; then sed 's/$/\r/' "$tmp/lf.txt" > "$tmp/$e.txt"; else tr '\n' '\r' < "$tmp/lf.txt" > "$tmp/$e.txt"; fi
    "$riap" era --scan "$tmp/$e.txt" | sed "s|^$tmp/$e.txt||" > "$tmp/got"
    expect_eq "--scan of a $e file: the lines and columns of the LF file" "$(cat "$tmp/got")" "$(cat "$tmp/want")"
done
expect_eq "--scan: the second date's place" "$(sed -n 2p "$tmp/want" | cut -f1)" ":4:4: 令和8年3月31日まで"

# --- a numbered item on the next line is a heading, never the date's or its time's
printf '１　日時　令和７年６月１０日（火）午後１時３０分～午後３時３０分\n２　場所　本庁舎\n３　受付　同日午後１時から\n' > "$tmp/notice.txt"
"$riap" era --scan "$tmp/notice.txt" | sed "s|^$tmp/notice.txt||" > "$tmp/out"
expect_eq "a time at a line's end before a numbered heading: the date whole, then 同日 read against it" \
    "$(cat "$tmp/out")" ":1:6: 令和７年６月１０日（火）午後１時３０分～午後３時３０分${TAB}2025-06-10/2025-06-10
:3:6: 同日午後１時から${TAB}2025-06-10/.."
printf '令和7年4月1日から実施、年度末まで継続\n令和7年4月1日～当日消印有効\n令和7年4月1日から来年度まで\n' > "$tmp/o.txt"
"$riap" era --scan "$tmp/o.txt" | sed "s|^$tmp/o.txt||; s/\(error: [a-z-]*\):.*/\1/" > "$tmp/out"
expect_eq "an open end where a word after から or ～ is no date; an error where it ends like one" \
    "$(cat "$tmp/out")" ":1:1: 令和7年4月1日から${TAB}2025-04-01/..
:2:1: 令和7年4月1日～${TAB}2025-04-01/..
:3:1: error: trailing-text"
# --- a JSON error names its own line: the match may span lines
printf '前文\n令和7年4月1日～\n令和7年2月30日\n' | "$riap" era --scan --json > "$tmp/out"
expect_eq "--scan --json: the error's line and column where the day is" \
    "$(sed 's/.*"error":{\(.*\)}}$/\1/' "$tmp/out" | grep -o '"line":[0-9]*,"column":[0-9]*')" '"line":3,"column":7'
# --- several files: one that cannot be read or decoded is told, the others are scanned
printf '令和7年4月1日\n' > "$tmp/good.txt"
printf 'a\377\376' > "$tmp/bad.txt"
"$riap" era --scan "$tmp/missing.txt" "$tmp/bad.txt" "$tmp/good.txt" > "$tmp/out" 2> "$tmp/err"; rc=$?
expect_eq "--scan of three files, two unreadable: exit 2, two messages, the third scanned" \
    "$rc:$(wc -l < "$tmp/err"):$(cut -f2 "$tmp/out")" "2:2:2025-04-01/2025-04-01"

# --- found by a second user test: the date before after an open fiscal year, a quarter's fiscal
# year, a range whose sides do not fit is an error (not nothing), headings after compact months,
# the other era's year and a date on the next line
printf '令和6年度以降。翌年度から\n\n令和6年度第3四半期に着工し、同年度末に完了\n\n期間は令和6年度～9月とする\n\n改定日 R7.4\n1 概要\n\n平成31年/令和元年\n令和2年4月1日\n' > "$tmp/u2.txt"
"$riap" era --scan "$tmp/u2.txt" | sed "s|^$tmp/u2.txt||; s/\(error: [a-z-]*\):.*/\1/" > "$tmp/out"
expect_eq "open fiscal years, quarters, ranges that do not fit, headings, the other era's year" \
    "$(cat "$tmp/out")" ":1:1: 令和6年度以降${TAB}2024-04-01/..
:1:9: 翌年度から${TAB}2025-04-01/..
:3:1: 令和6年度第3四半期${TAB}2024-10-01/2024-12-31
:3:16: 同年度末${TAB}2025-03-31/2025-03-31
:5:4: error: incomplete
:7:5: R7.4${TAB}2025-04-01/2025-04-30
:10:1: 平成31年/令和元年${TAB}2019-01-01/2019-12-31
:11:1: 令和2年4月1日${TAB}2020-04-01/2020-04-01"

# --- -r: the text files below a directory, in name order, whatever their encoding
mkdir -p "$tmp/tree/sub" "$tmp/tree/.hidden"
cp "$tmp/enc.txt.sjis" "$tmp/tree/b.txt"
cp "$tmp/enc.txt.u16" "$tmp/tree/sub/A.TXT"
cp "$tmp/enc.txt" "$tmp/tree/c.md"
printf '令和9年度\n' > "$tmp/tree/photo.png"
"$riap" era --scan -r "$tmp/tree" | sed "s|^$tmp/tree/||" | cut -d: -f1 | uniq > "$tmp/out"; rc=$?
expect_eq "--scan -r: the text files below the directory, in name order (not photo.png)" \
    "$(cat "$tmp/out")" "b.txt
c.md
sub/A.TXT"
"$riap" era --scan "$tmp/tree" > /dev/null 2> "$tmp/err"; rc=$?
expect_eq "--scan of a directory without -r: exit 2, a message" "$rc:$(grep -c 'use -r' "$tmp/err")" "2:1"

# --- a long date is read whole: past 64 tokens and past the first window of 256 bytes
{ printf '期間は令和7年4月1日（2025年4月1日）（火）午前10時30分15秒～令和7年4月3日（2025年4月3日）（木）午後5時30分45秒まで（予定）\n'
  printf '令和7年4月1日～%300s令和7年5月1日\n' ''; } > "$tmp/long2.txt"
"$riap" era --scan "$tmp/long2.txt" | cut -f2 > "$tmp/out"
expect_eq "a date of many tokens, and one of many spaces: whole, one match each" "$(cat "$tmp/out")" \
    "2025-04-01/2025-04-03
2025-04-01/2025-05-01"

# --- a range whose end is more than 1 KiB of white space away is read whole, not claimed open
python3 -c "print('令和5年4月1日～' + ' ' * 3000 + '令和6年3月31日')" > "$tmp/far.txt"
"$riap" era --scan "$tmp/far.txt" | cut -f2 > "$tmp/out"
expect_eq "a range over 3,000 spaces: one match, both ends" "$(cat "$tmp/out")" "2023-04-01/2024-03-31"

finish
