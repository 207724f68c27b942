#!/bin/sh
# Writes the seed corpus of a fuzz target: seeds.sh TARGET SRCDIR OUTDIR
#   era:                 each expression of the conformance tables, after a flags byte, and
#                        the era findings of tests/data/fuzz/era_find
#   era_find:            each expression of the tables of tests/data/era/ inside a sentence,
#                        the source document, and the findings of tests/data/fuzz/era_find
#   doc, normalize:      the bundled example (in UTF-8, Shift_JIS, EUC-JP and UTF-16) and
#                        each of its plans as a document of its own
#   stream:              the same, after eight bytes of read sizes
#   import:              the source document and each case of tests/data/import, after a flags
#                        byte
set -e
target=$1 src=$2 out=$3
mkdir -p "$out"
case $target in
era)
    i=0
    for t in "$src"/tests/data/conformance/era-examples.tsv "$src"/tests/data/conformance/era-format-examples.tsv "$src"/tests/data/era/*.tsv; do
        tail -n +2 "$t" | grep -v '^#' | cut -f1 | while IFS= read -r line; do
            i=$((i + 1))
            { printf '\000'; printf '%s' "$line"; } > "$out/seed-$(printf '%s' "$line" | cksum | cut -d' ' -f1)"
        done
    done
    # the findings of earlier runs (a flags byte first, as here)
    for f in "$src"/tests/data/fuzz/era_find/*; do
        cp "$f" "$out/finding-$(basename "$f")"
    done
    ;;
era_find)
    for t in "$src"/tests/data/era/*.tsv; do
        tail -n +2 "$t" | grep -v '^#' | cut -f1 | while IFS= read -r line; do
            { printf '\000'; printf '本計画の期間は、%s\nとする。' "$line"; } > "$out/seed-$(printf '%s' "$line" | cksum | cut -d' ' -f1)"
        done
    done
    { printf '\000'; cat "$src/tests/data/source/tokyo-2022-summary.txt"; } > "$out/seed-source"
    for f in "$src"/tests/data/fuzz/era_find/*; do
        cp "$f" "$out/finding-$(basename "$f")"
    done
    ;;
doc | normalize | stream)
    prefix=''
    [ "$target" = stream ] && prefix='\007\000\377\002\037\003\177\001'
    ex="$src/examples/plans.xml"
    { printf "$prefix"; cat "$ex"; } > "$out/seed-example"
    # the example in the other encodings a plan file may have (where iconv can write them)
    for enc in Shift_JIS:CP932 EUC-JP:EUC-JP-MS UTF-16:UTF-16; do
        if sed "s/encoding=\"UTF-8\"/encoding=\"${enc%%:*}\"/" "$ex" | iconv -f UTF-8 -t "${enc#*:}" > "$out/.conv" 2> /dev/null; then
            { printf "$prefix"; cat "$out/.conv"; } > "$out/seed-example-${enc%%:*}"
        fi
        rm -f "$out/.conv"
    done
    # each plan alone, with the document's head and tail
    head=$(sed -n '1,/<\/metadata>/p' "$ex")
    n=$(grep -c '<plan id=' "$ex")
    k=1
    while [ "$k" -le "$n" ]; do
        { printf "$prefix"; printf '%s\n' "$head";
          awk -v k="$k" '/<plan id=/ { c++ } c == k { print } /<\/plan>/ && c == k { exit }' "$ex";
          printf '</document>\n'; } > "$out/seed-plan-$k"
        k=$((k + 1))
    done
    ;;
import)
    { printf '\000'; cat "$src/tests/data/source/tokyo-2022-summary.txt"; } > "$out/seed-source"
    for f in "$src"/tests/data/import/*.txt; do
        { printf '\000'; cat "$f"; } > "$out/seed-$(basename "$f" .txt)"
    done
    ;;
*)
    echo "seeds.sh: unknown target $target" >&2
    exit 2
    ;;
esac
