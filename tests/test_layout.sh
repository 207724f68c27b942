#!/bin/sh
# The shape of the code: the layering of lib/ (a file of a lower layer never includes a header
# of a higher one; only the XML module includes libxml2; the core includes neither libxml2 nor
# ICU), and its size: no function over 120 lines and no file over 800 in lib/ and tools/. The
# longest functions and files are listed, so that a change that grows one shows.
. "$(dirname "$0")/lib.sh"

# the layer of a file of lib/, by its name: core 0, era 1, model 2, xml 3, validate 4, import
# and export 5 (the dependency rules of the library's design: arrows point down only)
layer() {
    case $(basename "$1") in
    core* | ctx.c | utf8.c | date.c | save.c | rules.c | json* | lgcode*) echo 0 ;;
    era*) echo 1 ;;
    model*) echo 2 ;;
    xml*) echo 3 ;;
    validate* | normalize*) echo 4 ;;
    import* | export*) echo 5 ;;
    *) echo 9 ;;
    esac
}

# the sources of lib/ as written: not the files make generates there in an in-tree build
# (lib/schema_data.c, lib/lgcode_data.c, whose first line says so)
lib_sources() {
    for f in "$src"/lib/*.c "$src"/lib/*.h; do
        head -n 1 "$f" | grep -q 'by make; do not edit' || printf '%s\n' "$f"
    done
}

bad=""
unknown=""
for f in $(lib_sources); do
    lf=$(layer "$f")
    [ "$lf" = 9 ] && unknown="$unknown $(basename "$f")"
    for h in $(sed -n 's/^#include "\([a-z_]*\.h\)".*/\1/p' "$f"); do
        [ "$h" = config.h ] && continue
        lh=$(layer "$h")
        [ "$lh" -gt "$lf" ] && bad="$bad $(basename "$f")->$h"
    done
done
expect_eq "every file of lib/ has a layer" "$unknown" ""
expect_eq "no file of lib/ includes a header of a higher layer" "$bad" ""
expect_eq "only the XML module includes libxml2" \
    "$(grep -l '#include <libxml/' $(lib_sources) | xargs -n1 basename | grep -v '^xml' | tr '\n' ' ')" ""
expect_eq "the core includes neither libxml2 nor ICU" \
    "$(for f in $(lib_sources); do [ "$(layer "$f")" = 0 ] && grep -l '#include <\(libxml\|unicode\)/' "$f"; done | xargs -n1 basename 2> /dev/null | tr '\n' ' ')" ""
expect_eq "the CLI includes only the public API (and configure's answers)" \
    "$(grep -h '#include "' "$src"/tools/*.c "$src"/tools/*.h | grep -v '"tool.h"\|"config.h"' | tr '\n' ' ')" ""

# sizes: functions from a line "{" at the start of a line to the next "}" there, with their
# signature; files by lines
sizes=$(for f in $(lib_sources | grep '\.c$') "$src"/tools/*.c; do
    awk -v file="$(basename "$f")" '
        /^[A-Za-z_]/ && !/;[ \t]*$/ { sig = NR; line = $0 }
        /^\{/ { start = sig ? sig : NR; name = line; sub(/\(.*/, "", name); n = split(name, w, /[ *]+/); name = w[n] }
        /^\}/ && start { printf "%d %s %s\n", NR - start + 1, file, name; start = 0; sig = 0 }
    ' "$f"
done | sort -rn)
echo "the longest functions (lines, file, function):"
printf '%s\n' "$sizes" | head -n 5 | sed 's/^/     /'
expect_eq "no function in lib/ or tools/ is over 120 lines" \
    "$(printf '%s\n' "$sizes" | awk '$1 > 120' | tr '\n' ' ')" ""
files=$(wc -l $(lib_sources) "$src"/tools/*.c "$src"/tools/*.h | grep -v ' total$' | sort -rn)
echo "the longest files (lines, file):"
printf '%s\n' "$files" | head -n 5 | sed "s|$src/||; s/^/     /"
expect_eq "no file in lib/ or tools/ is over 800 lines" \
    "$(printf '%s\n' "$files" | awk '$1 > 800' | sed "s|$src/||" | tr '\n' ' ')" ""
# a file that asks configure's answers (HAVE_*) must include config.h first, or every answer is
# silently "no" (riap validate's malloc tuning once never ran for that reason)
unconfigured=$(for f in $(lib_sources | grep '\.c$') "$src"/tools/*.c "$src"/bench/*.c; do
    if grep -q 'HAVE_[A-Z_]' "$f" && ! grep -q '#include "config.h"' "$f"; then
        echo "$f" | sed "s|$src/||"
    fi
done | tr '\n' ' ')
expect_eq "every source that tests a HAVE_ macro includes config.h" "$unconfigured" ""
finish
