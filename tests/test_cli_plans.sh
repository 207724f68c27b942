#!/bin/bash
# riap validate and riap normalize: output format, exit codes, JSON, in-place replacement.
. "$(dirname "$0")/lib.sh"
ex="$src/examples/plans.xml"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() { "$riap" "$@" > "$tmp/out" 2> "$tmp/err"; echo $? > "$tmp/rc"; }
rc() { cat "$tmp/rc"; }

# --- validate
run validate "$ex"
expect_eq "example: exit 0" "$(rc)" 0
expect_eq "example: no warning, a line per file" "$(cat "$tmp/out")" "$ex: valid (0 warnings)"
expect_eq "example: the summary on stderr" "$(cat "$tmp/err")" "1 file: 1 valid, 0 invalid; 0 errors, 0 warnings"
run validate --verbose "$ex"
expect_eq "--verbose: full-width ASCII is a note" "$(grep -c ': note: .*\[text-fullwidth-ascii\]$' "$tmp/out")" 26
bad_lines=$(head -n -1 "$tmp/out" | grep -cvE "^$ex:[0-9]+:[0-9]+: (error|warning|note): .+ \[[a-z-]+\]$")
expect_eq "example: every line is FILE:LINE:COL: severity: message [rule]" "$bad_lines" 0
sed 's/code="131075"/code="131076"/' "$ex" > "$tmp/bad.xml"
run validate "$tmp/bad.xml"
expect_eq "bad code: exit 1" "$(rc)" 1
grep -q "^$tmp/bad.xml:12:51: error: the code 131076 has a wrong check digit \[code-check-digit\]$" "$tmp/out" \
    && pass "bad code: located message" || fail "bad code: located message" "$(cat "$tmp/out")"
expect_eq "bad code: summary" "$(tail -n 1 "$tmp/out")" "$tmp/bad.xml: invalid (1 error, 0 warnings)"
run validate "$ex" "$tmp/bad.xml"
expect_eq "two files, one invalid: exit 1" "$(rc)" 1
expect_eq "two files: two summaries" "$(grep -cE ': (valid|invalid) \(' "$tmp/out")" 2
run validate --strict "$ex"
expect_eq "strict: notes stay notes, exit 0" "$(rc):$(tail -n 1 "$tmp/out")" "0:$ex: valid (0 warnings)"
sed 's|<p>|<p> |' "$ex" > "$tmp/ws.xml"
run validate "$tmp/ws.xml"
expect_eq "white space: warnings, exit 0" "$(rc):$(tail -n 1 "$tmp/out")" "0:$tmp/ws.xml: valid (7 warnings)"
run validate "$tmp/ws.xml" --strict
expect_eq "strict: warnings are errors, exit 1" "$(rc):$(tail -n 1 "$tmp/out")" "1:$tmp/ws.xml: invalid (7 errors, 0 warnings)"
run validate "$tmp/missing.xml"
expect_eq "missing file: exit 2" "$(rc)" 2
grep -q 'missing.xml' "$tmp/err" && pass "missing file: named on stderr" || fail "missing file: named on stderr"
run validate "$ex" "$tmp/missing.xml"
expect_eq "a missing file among valid ones: exit 2" "$(rc)" 2
run validate;                 expect_eq "no file: exit 2" "$(rc)" 2
run validate --frob "$ex";    expect_eq "unknown option: exit 2" "$(rc)" 2
run validate --help;          expect_eq "--help: exit 0" "$(rc)" 0
run validate --lang=ja "$tmp/bad.xml"
grep -q '検査数字' "$tmp/out" && pass "--lang=ja" || fail "--lang=ja" "$(cat "$tmp/out")"
gzip -c "$ex" > "$tmp/plans.xml.gz"
run validate "$tmp/plans.xml.gz"
expect_eq "a gzip file is not inflated: exit 1" "$(rc)" 1
grep -q '\[invalid-encoding\]' "$tmp/out" && pass "gzip: invalid-encoding" || fail "gzip: invalid-encoding" "$(cat "$tmp/out")"
printf '<document xmlns="urn:libriap:plan:1" version="1.0">\n<x/>\n</document>\n' > "$tmp/schema.xml"
run validate "$tmp/schema.xml"
grep -q "^$tmp/schema.xml:2:1: error: .*\[schema\]$" "$tmp/out" && pass "schema error located" || fail "schema error located" "$(cat "$tmp/out")"
if command -v python3 > /dev/null; then
    run validate --json "$ex" "$tmp/bad.xml"
    python3 - "$tmp/out" "$tmp/bad.xml" <<'PY' && pass "--json: one object per file, with counts and diagnostics" || fail "--json"
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
raw = open(sys.argv[2], "rb").read()
assert len(objs) == 2
assert objs[0]["valid"] is True and objs[0]["errors"] == 0 and objs[0]["warnings"] == 0
assert objs[0]["diagnostics"] == []
assert objs[1]["valid"] is False and objs[1]["errors"] == 1
d = [x for x in objs[1]["diagnostics"] if x["rule"] == "code-check-digit"][0]
assert d["line"] == 12 and d["column"] == 51 and d["severity"] == "error"
# the byte offset of the code itself in the file: line 12, column 51 (in characters)
line_start = sum(len(l) for l in raw.split(b"\n")[:11]) + 11
col_bytes = len(raw[line_start:].decode("utf-8", "replace")[:50].encode("utf-8"))
assert d["offset"] == line_start + col_bytes, (d["offset"], line_start + col_bytes)
assert raw[d["offset"]:d["offset"] + 7] == b'131076"'
assert d["path"] == "plan[sumida-r4]/municipality/@code"
PY
fi

# --- the clerk's path: five independent mistakes in one file, all reported by one run
python3 - "$ex" "$tmp/five.xml" <<'PY'
import sys
x = open(sys.argv[1], encoding="utf-8").read().split("\n")
def edit(line, old, new):
    assert old in x[line - 1], (line, x[line - 1])
    x[line - 1] = x[line - 1].replace(old, new, 1)
edit(12, 'kind="区"', 'kind="市"')  # 1. 墨田区 is no 市
edit(54, "令和４年度～令和６年度", "令和4年4月1日（土）～令和7年3月31日（月）")  # 2. a Friday
edit(138, 'id="transformation"', 'id="other"')  # 3. a category missing, its links broken
i = next(n for n in range(158, 200) if "<name>" in x[n])
x[i] = x[i].split("<name>")[0] + "<name>　</name>"  # 4. a blank project name
edit(213, 'code="132055"', 'code="132056"')  # 5. a check digit
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(x))
PY
for mode in "" --stream; do
    run validate -q $mode "$tmp/five.xml"
    expect_eq "five mistakes, one run${mode:+ ($mode)}: each reported" \
        "$(rc):$(grep -o '\[[a-z-]*\]$' "$tmp/out" | sort -u | tr '\n' ' ')" \
        "1:[category-missing] [code-check-digit] [link-unresolved] [municipality-kind] [period-note] [project-empty-name] "
done
expect_eq "five mistakes: each at its own line" \
    "$(grep -o '^[^:]*:[0-9]*' "$tmp/out" | cut -d: -f2 | sort -un | tr '\n' ' ')" \
    "12 54 114 123 127 131 135 168 213 "

# --- many files and directories, in order, on several threads
mkdir -p "$tmp/tree/a/deeper" "$tmp/tree/b" "$tmp/tree/empty"
cp "$ex" "$tmp/tree/b/2.xml"; cp "$ex" "$tmp/tree/a/1.xml"; cp "$tmp/bad.xml" "$tmp/tree/a/deeper/3.xml"
cp "$ex" "$tmp/tree/a/notes.txt"; ln -s "$tmp/tree" "$tmp/tree/a/loop"
run validate "$tmp/tree"
expect_eq "a directory without -r: exit 2" "$(rc)" 2
grep -q "is a directory (use -r" "$tmp/err" && pass "a directory without -r: said so" || fail "a directory without -r: said so" "$(cat "$tmp/err")"
run validate --json "$tmp/tree" "$ex"
expect_eq "--json: a directory without -r is an object too" "$(rc):$(head -n 1 "$tmp/out" | grep -c "^{\"file\":\"$tmp/tree\",\"valid\":false,\"error\":{\"rule\":\"io\"")" "2:1"
run validate -r "$tmp/tree"
expect_eq "-r: the *.xml files, depth first in name order, links to directories not followed" \
    "$(grep -E ': (in)?valid' "$tmp/out")" "$tmp/tree/a/1.xml: valid (0 warnings)
$tmp/tree/a/deeper/3.xml: invalid (1 error, 0 warnings)
$tmp/tree/b/2.xml: valid (0 warnings)"
expect_eq "-r: exit 1" "$(rc)" 1
expect_eq "-r: summary" "$(cat "$tmp/err")" "3 files: 2 valid, 1 invalid; 1 error, 0 warnings"
cp "$ex" "$tmp/tree/b/UPPER.XML"; mkfifo "$tmp/tree/b/fifo.xml"
run validate -r -v -q "$tmp/tree"
expect_eq "-r -v: upper-case .XML validated, what was passed over listed" \
    "$(rc):$(grep -c '^riap validate: ' "$tmp/err"):$(grep 'skipped' "$tmp/err")" \
    "1:3:riap validate: $tmp/tree/a/loop: skipped (a symbolic link to a directory)
riap validate: $tmp/tree/a/notes.txt: skipped (not one of the *.xml files)
riap validate: $tmp/tree/b/fifo.xml: skipped (not a regular file)"
expect_eq "-r -v: upper-case .XML validated" "$(grep -c UPPER.XML "$tmp/out")" 26
run validate -r -q --lang=ja -v "$tmp/tree/a"
expect_eq "-r -v --lang=ja: in Japanese" "$(grep notes.txt "$tmp/err")" \
    "riap validate: $tmp/tree/a/notes.txt: 読み飛ばしました（*.xml ファイルではありません）"
run validate -r -q "$tmp/tree/a"
expect_eq "-r without -v: nothing listed" "$(grep -c skipped "$tmp/err")" 0
rm -f "$tmp/tree/b/UPPER.XML" "$tmp/tree/b/fifo.xml"
ln -s "$tmp/nowhere.xml" "$tmp/tree/b/dangling.xml"
run validate -r -q "$tmp/tree/b"
expect_eq "-r: a link to nothing is an error in its place, not passed over" \
    "$(rc):$(grep -c 'dangling.xml' "$tmp/err")" "2:1"
rm -f "$tmp/tree/b/dangling.xml"
for i in $(seq 1 40); do cp "$ex" "$tmp/many-$i.xml"; done
cp "$tmp/bad.xml" "$tmp/many-17.xml"
files=$(for i in $(seq 1 40); do printf '%s ' "$tmp/many-$i.xml"; done)
"$riap" validate -j 1 $files > "$tmp/j1" 2>&1
"$riap" validate --jobs=4 $files > "$tmp/j4" 2>&1
"$riap" validate $files --jobs 2 > "$tmp/j2" 2>&1
cmp -s "$tmp/j1" "$tmp/j4" && cmp -s "$tmp/j1" "$tmp/j2" && pass "the same output in the same order on 1, 2 and 4 threads" \
    || fail "the same output on 1, 2 and 4 threads" "$(diff "$tmp/j1" "$tmp/j4" | head)"
expect_eq "40 files: the summary" "$(tail -n 1 "$tmp/j4")" "40 files: 39 valid, 1 invalid; 1 error, 0 warnings"
expect_eq "40 files: the invalid one in its place" "$(grep -n ': invalid' "$tmp/j4" | cut -d: -f1)" 18
run validate -q -j 3 $files
expect_eq "-q: only the problems" "$(rc):$(wc -l < "$tmp/out"):$(wc -c < "$tmp/err")" "1:1:0"
run validate -rq "$tmp/tree/b"
expect_eq "bundled -rq: nothing to say, exit 0" "$(rc):$(wc -c < "$tmp/out"):$(wc -c < "$tmp/err")" "0:0:0"
run validate "$ex" "$tmp/missing.xml" "$tmp/bad.xml" -j 2
expect_eq "unreadable among others: exit 2, counted" "$(rc):$(cat "$tmp/err" | tail -n 1)" "2:3 files: 1 valid, 2 invalid; 2 errors, 0 warnings"
run validate --lang=ja "$ex"
expect_eq "summary in Japanese" "$(cat "$tmp/err")" "1 ファイル: 有効 1、無効 0。エラー 0 件、警告 0 件"
run validate -- "$ex"
expect_eq "-- before a file" "$(rc)" 0

# --- inputs that are not plan files: a clear message each, no hang, in both modes
: > "$tmp/empty.xml"
printf '\n  \n' > "$tmp/blank.xml"
printf 'hello\nworld\n' > "$tmp/text.xml"
ln -s "$tmp/loop-b" "$tmp/loop-a"; ln -s "$tmp/loop-a" "$tmp/loop-b"
mkfifo "$tmp/fifo"
for mode in "" --stream; do
    for f in /dev/null "$tmp/empty.xml" "$tmp/blank.xml" "$tmp/fifo"; do
        timeout 20 "$riap" validate -q $mode "$f" > "$tmp/out" 2>&1; rcx=$?
        expect_eq "validate $mode $f: empty document" "$rcx:$(grep -c '^.*:1:1: error: empty document: .*\[empty-document\]$' "$tmp/out")" "1:1"
    done
    timeout 20 "$riap" validate -q $mode "$tmp/text.xml" > "$tmp/out" 2>&1
    expect_eq "validate $mode: text and no element" "$(cat "$tmp/out")" "$tmp/text.xml:1:1: error: text 'hello' where the document should begin with <document> (or <?xml) [xml-syntax]"
    timeout 20 "$riap" validate -q $mode "$tmp/loop-a" > "$tmp/out" 2>&1
    expect_eq "validate $mode: a symbolic link loop, exit 2" "$?:$(grep -c 'symbolic links' "$tmp/out")" "2:1"
    cat "$ex" | timeout 20 "$riap" validate $mode - > "$tmp/out" 2> /dev/null
    expect_eq "validate $mode: '-' reads standard input" "$?:$(cat "$tmp/out")" "0:-: valid (0 warnings)"
    { sleep 0.2; cat "$ex"; } > "$tmp/fifo" &
    timeout 20 "$riap" validate $mode "$tmp/fifo" > "$tmp/out" 2> /dev/null
    expect_eq "validate $mode: a FIFO with a writer" "$?:$(cat "$tmp/out")" "0:$tmp/fifo: valid (0 warnings)"
    wait
done
if can_be_nobody; then
    cp "$ex" "$tmp/secret.xml"; chmod 600 "$tmp/secret.xml"; chmod 755 "$tmp"
    as_nobody "$riap" validate -q "$tmp/secret.xml" > "$tmp/out" 2>&1
    expect_eq "an unreadable file: exit 2, said so" "$?:$(grep -c 'Permission denied' "$tmp/out")" "2:1"
fi

# --- normalize
run normalize "$ex"
expect_eq "normalize: exit 0" "$(rc)" 0
cp "$tmp/out" "$tmp/n1.xml"
nt=$(grep -c 'normalized-text\|normalized-period' "$tmp/err")
expect_eq "normalize: a summary on stderr, no list" "$nt:$(grep -c '^'"$ex"': normalized [0-9]* texts, [0-9]* periods\?; dropped 0 comments or PIs (-v lists them)$' "$tmp/err")" "0:1"
run normalize -v "$ex"
texts=$(grep -c ': note: plan\[[a-z0-9-]*\]/[^ ]* (.*): .* \[normalized-text\]$' "$tmp/err")
expect_eq "normalize -v: a note per text, with its folds, and the summary's count" \
    "$(grep -c '(full-width ASCII): ' "$tmp/err"):$(tail -n 1 "$tmp/err" | grep -c "normalized $texts texts")" "$texts:1"
run normalize -v --lang=ja "$ex"
expect_eq "normalize -v --lang=ja: the folds and the summary in Japanese" \
    "$(grep -c '(全角英数字): ' "$tmp/err"):$(tail -n 1 "$tmp/err" | grep -c "^$ex: 正規化: テキスト $texts 件、")" "$texts:1"
# a stored day the text contradicts is replaced, and said so without -v, with both days
sed '0,/to="2025-03-31"/s//to="2024-03-31"/' "$ex" > "$tmp/pm.xml"
run normalize "$tmp/pm.xml"
expect_eq "normalize: a day replaced is a warning, at the attribute's value" \
    "$(rc):$(grep ': warning: .* \[normalized-period-changed\]$' "$tmp/err" | cut -d: -f2-)" \
    "0:$(grep -n 'to="2024-03-31"' "$tmp/pm.xml" | cut -d: -f1):$(($(grep 'to="2024-03-31"' "$tmp/pm.xml" | sed 's/2024-03-31.*//' | wc -m))):\
 warning: plan[sumida-r4]/period: to=\"2024-03-31\" replaced by \"2025-03-31\", as the text '令和4年度～令和6年度' says [normalized-period-changed]"
expect_eq "normalize: the day replaced in the output" "$(grep -c 'to="2025-03-31"' "$tmp/out")" \
    "$(grep -c '<period' "$ex")"
# what the schema accepts is normalized even with errors of the plan rules; what it rejects is not
run normalize "$src/tests/data/invalid/code-check-digit/1.xml"
expect_eq "normalize of a file with a plan rule's error (a check digit): exit 0, written" \
    "$(rc):$(grep -c '<plan ' "$tmp/out")" "0:1"
run normalize "$src/tests/data/invalid/schema/1.xml"
expect_eq "normalize of a file the schema rejects: exit 1, nothing written" "$(rc):$(wc -c < "$tmp/out")" "1:0"
# comments and processing instructions: kept, or dropped with --drop-comments, each a note
sed -e 's|^<document|<!-- 担当: 商工観光課 -->\n<document|' -e 's|</plan>|</plan><?review done?>|' "$ex" > "$tmp/c.xml"
ncom=$(grep -c '<?review done?>' "$tmp/c.xml")
run normalize "$tmp/c.xml"
expect_eq "normalize keeps the comments and PIs" \
    "$(grep -c '^<!-- 担当: 商工観光課 -->$' "$tmp/out"):$(grep -c '^  <?review done?>$' "$tmp/out")" "1:$ncom"
run normalize -v --drop-comments "$tmp/c.xml"
expect_eq "--drop-comments: none left, each dropped one a note" \
    "$(grep -c '<!--\|<?review' "$tmp/out"):$(grep -c '\[normalized-comment\]$' "$tmp/err")" "0:$((ncom + 1))"
grep -q "note: dropped the comment ' 担当: 商工観光課 ' \[normalized-comment\]$" "$tmp/err" \
    && pass "--drop-comments: the comment quoted" || fail "--drop-comments: the comment quoted" "$(cat "$tmp/err")"
expect_eq "--drop-comments: the summary counts them" "$(tail -n 1 "$tmp/err" | grep -c "dropped $((ncom + 1)) comments or PIs$")" 1
run normalize "$tmp/n1.xml"
cmp -s "$tmp/out" "$tmp/n1.xml" && pass "normalize twice changes nothing" || fail "normalize twice changes nothing"
expect_eq "second normalize: no change listed, and that said" "$(cat "$tmp/err")" "$tmp/n1.xml: nothing to normalize"
"$riap" normalize -q - < "$tmp/n1.xml" > "$tmp/stdin.xml"; rcs=$?
expect_eq "normalize - (standard input): exit 0" "$rcs" 0
cmp -s "$tmp/stdin.xml" "$tmp/n1.xml" && pass "normalize -: the same document" || fail "normalize -: the same document"
"$riap" normalize -q -o - "$tmp/n1.xml" > "$tmp/dash.xml"
cmp -s "$tmp/dash.xml" "$tmp/n1.xml" && pass "normalize -o -: standard output" || fail "normalize -o -: standard output"
[ ! -e ./- ] && pass "normalize -o -: no file named '-'" || fail "normalize -o -: no file named '-'"
"$riap" normalize -i - < "$tmp/n1.xml" > /dev/null 2>&1; rci=$?
expect_eq "normalize -i -: a usage error" "$rci" 2
run validate --strict "$tmp/n1.xml"
expect_eq "normalized example validates clean, even strict" "$(rc):$(tail -n 1 "$tmp/out")" "0:$tmp/n1.xml: valid (0 warnings)"
run normalize -o "$tmp/n2.xml" "$ex"
cmp -s "$tmp/n2.xml" "$tmp/n1.xml" && pass "normalize -o" || fail "normalize -o"
cp "$ex" "$tmp/inplace.xml"
run normalize --in-place --quiet "$tmp/inplace.xml"
expect_eq "--in-place: exit 0, quiet" "$(rc):$(wc -c < "$tmp/err")" "0:0"
cmp -s "$tmp/inplace.xml" "$tmp/n1.xml" && pass "--in-place replaced the file" || fail "--in-place replaced the file"
expect_eq "--in-place leaves no temporary file" "$(ls -A "$tmp" | grep -c 'riap-')" 0
run normalize -o "$tmp/x.xml" --in-place "$ex"; expect_eq "-o with --in-place: exit 2" "$(rc)" 2
run normalize;                               expect_eq "normalize without a file: exit 2" "$(rc)" 2
run normalize "$tmp/missing.xml";            expect_eq "normalize a missing file: exit 2" "$(rc)" 2
run normalize "$tmp/schema.xml";             expect_eq "normalize an invalid file: exit 1" "$(rc)" 1
run normalize -o "$tmp/nodir/out.xml" "$ex"; expect_eq "normalize into a missing directory: exit 2" "$(rc)" 2
finish
