#!/bin/sh
# riap export and riap_doc_export: JSON (checked against schema/riap-1.schema.json with Debian's
# python3-jsonschema when it is installed), CSV per project and per plan (RFC 4180, read back
# with Python's csv module), the byte order mark, the command line.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ex="$src/examples/plans.xml"
py() { command -v python3 > /dev/null && python3 "$@"; }

"$riap" export "$ex" > "$tmp/ex.json"
expect_eq "export (JSON by default): exit 0" "$?" 0
expect_eq "JSON: one object on one line, ending with a line feed" \
    "$(wc -l < "$tmp/ex.json" | tr -d ' '):$(head -c 1 "$tmp/ex.json")" "1:{"
"$riap" export -f json "$ex" | cmp -s - "$tmp/ex.json"
expect_eq "--format json is the default" "$?" 0

if command -v python3 > /dev/null; then
    # the JSON holds what the XML holds: the same plans, projects, links and figures
    got=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
plans = d["plans"]
print(len(plans), sum(len(c["projects"]) for p in plans for c in p["categories"]),
      sum(len(pr["also"]) for p in plans for c in p["categories"] for pr in c["projects"]),
      sum(len(p["figures"]) for p in plans), sum(len(p["visions"]) for p in plans),
      plans[0]["id"], plans[0]["municipality"]["code"], plans[0]["period"]["start"],
      plans[0]["period"]["end"], d["metadata"]["approver_code"], d["metadata"]["url"])' "$tmp/ex.json")
    want="$(grep -c '<plan id=' "$ex") $(grep -c '<project>' "$ex") $(grep -c '<also ' "$ex") $(grep -c '<figure' "$ex") $(grep -c '<vision>' "$ex") sumida-r4 131075 2022-04-01 2025-03-31 130001 None"
    expect_eq "JSON: the example's plans, projects, links, figures, visions and values" "$got" "$want"
    if python3 -c 'import jsonschema' 2> /dev/null; then
        for f in "$tmp/ex.json"; do
            python3 -c '
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))' \
                "$src/schema/riap-1.schema.json" "$f"
            expect_eq "JSON of the example validates against schema/riap-1.schema.json" "$?" 0
        done
        "$riap" import -q "$data/source/tokyo-2022-summary.txt" > "$tmp/imported.xml" 2> /dev/null
        "$riap" export "$tmp/imported.xml" > "$tmp/imported.json"
        python3 -c '
import json, sys, jsonschema
jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))' \
            "$src/schema/riap-1.schema.json" "$tmp/imported.json"
        expect_eq "JSON of the imported source document validates against the schema" "$?" 0
        # and a document the schema must refuse: it checks something
        python3 -c '
import json, sys, jsonschema
d = json.load(open(sys.argv[2])); d["plans"][0]["municipality"]["code"] = "13107"
try:
    jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(d)
except jsonschema.ValidationError:
    sys.exit(0)
sys.exit(1)' "$src/schema/riap-1.schema.json" "$tmp/ex.json"
        expect_eq "the JSON Schema refuses a five-digit code" "$?" 0
    else
        echo "skipped: the JSON Schema checks (python3-jsonschema is not installed)"
    fi
fi

# --- CSV, a row per project
"$riap" export --format=csv "$ex" > "$tmp/ex.csv"
expect_eq "CSV: exit 0, a header and one row per project" \
    "$?:$(head -n 1 "$tmp/ex.csv" | tr -d '\r'):$(($(wc -l < "$tmp/ex.csv") - 1))" \
    "0:plan_id,municipality,code,period_start,period_end,category,project,also:$(grep -c '<project>' "$ex")"
expect_eq "CSV: every line ends with CRLF" "$(grep -c "$(printf '\r')\$" "$tmp/ex.csv")" "$(wc -l < "$tmp/ex.csv" | tr -d ' ')"
expect_eq "CSV: a linked project lists its other categories" \
    "$(grep -c '^arakawa-r4,荒川区,131181,2022-04-01,2025-03-31,collaboration,次世代へのバトンタッチ支援事業,transformation' "$tmp/ex.csv")" 1
sed 's|<name>区内産業の実態把握</name>|<name>区内産業の "実態", 把握</name>|' "$ex" > "$tmp/quoting.xml"
"$riap" export -f csv "$tmp/quoting.xml" > "$tmp/quoting.csv"
expect_eq "CSV: a field with a comma or a quote is quoted, the quote doubled (RFC 4180)" \
    "$(grep -c ',"区内産業の ""実態"", 把握",' "$tmp/quoting.csv")" 1
if command -v python3 > /dev/null; then
    expect_eq "CSV reads back with Python's csv module, fields as the model holds them" \
        "$(python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
print(len(rows[0]), all(len(r) == 8 for r in rows), [r[6] for r in rows if r[0] == "sumida-r4"][-1])' "$tmp/quoting.csv")" \
        '8 True 区内産業の "実態", 把握'
fi
"$riap" export -f csv --bom "$ex" > "$tmp/bom.csv"
expect_eq "--bom: a UTF-8 byte order mark, then the same CSV" \
    "$(head -c 3 "$tmp/bom.csv" | od -An -tx1 | tr -d ' '):$(tail -c +4 "$tmp/bom.csv" | cmp -s - "$tmp/ex.csv" && echo same)" "efbbbf:same"

# --- CSV, a row per plan
"$riap" export -f csv-plans "$ex" > "$tmp/plans.csv"
expect_eq "csv-plans: a header and one row per plan" \
    "$(head -n 1 "$tmp/plans.csv" | tr -d '\r'):$(($(wc -l < "$tmp/plans.csv") - 1))" \
    "plan_id,title,municipality,kind,prefecture,code,period,period_start,period_end,scheme,categories,projects:$(grep -c '<plan id=' "$ex")"
expect_eq "csv-plans: a plan's row" "$(sed -n 4p "$tmp/plans.csv" | tr -d '\r')" \
    "arakawa-r4,荒川区地域産業活性化計画,荒川区,区,東京都,131181,令和４年度～令和６年度,2022-04-01,2025-03-31,tokyo-2022,collaboration;transformation,9"

# --- the command line
"$riap" export -f csv -o "$tmp/written.csv" "$ex" > "$tmp/out"
expect_eq "-o writes the file, nothing to standard output" \
    "$?:$(wc -c < "$tmp/out" | tr -d ' '):$(cmp -s "$tmp/written.csv" "$tmp/ex.csv" && echo same)" "0:0:same"
"$riap" export - < "$ex" | cmp -s - "$tmp/ex.json"
expect_eq "'-' reads standard input" "$?" 0
"$riap" export -f xml "$ex" > /dev/null 2> "$tmp/err"
expect_eq "an unknown format: exit 2 with a message" "$?:$(grep -c "invalid format 'xml'" "$tmp/err")" "2:1"
"$riap" export --bom "$ex" > /dev/null 2>&1
expect_eq "--bom with JSON: exit 2" "$?" 2
printf '<document' > "$tmp/bad.xml"
"$riap" export "$tmp/bad.xml" > "$tmp/out" 2> "$tmp/err"
expect_eq "not a plan document: exit 1, located diagnostics, nothing written" \
    "$?:$(wc -c < "$tmp/out" | tr -d ' '):$(grep -c 'bad.xml:1:[0-9]*: error: ' "$tmp/err" | grep -v '^0$')" "1:0:$(wc -l < "$tmp/err" | tr -d ' ')"
"$riap" export "$tmp/no-such.xml" > /dev/null 2>&1
expect_eq "a file that cannot be read: exit 2" "$?" 2
finish
