#!/bin/sh
# SPDX-License-Identifier: MIT
# Writes riap(1) with its list of rules generated from the library's rule table (lib/rules.def,
# as `riap rules` prints it): the lines between the two marker comments of the RULES section
# are replaced, the rest is copied. `make update-man` rewrites doc/riap.1 with it;
# tests/test_cli.sh checks that doc/riap.1 is what it gives, so the page never lists a rule
# the library lacks or misses one it has.
# usage: man-rules.sh RIAP < riap.1 > riap.1.new
set -eu
riap=$1
list=$(mktemp)
trap 'rm -f "$list"' EXIT
"$riap" rules | awk -F '\t' '
function roff(s) { gsub(/\\/, "\\e", s); if (s ~ /^[.'"'"']/) s = "\\&" s; return s }
{ printf ".TP\n.BR %s \" (%s, %s)\"\n%s\n", $1, $2, $3, roff($4) }' > "$list"
# the era section: the rules of area era by severity, one sentence each
era=$(mktemp)
trap 'rm -f "$list" "$era"' EXIT
"$riap" rules | awk -F '\t' '
$2 == "era" && $3 == "error" { e[ne++] = $1 }
$2 == "era" && $3 == "warning" && $1 != "bad-supplemental-era" { w[nw++] = $1 }
END {
    print "errors:"
    for (i = 0; i < ne; i++) printf ".BR %s %s\n", e[i], (i + 1 < ne ? "," : ";")
    print "warnings, which are errors with"
    print ".BR \\-\\-strict :"
    for (i = 0; i < nw; i++) printf ".BR %s %s\n", w[i], (i + 1 < nw ? "," : ";")
    print "and the warning"
    print ".B bad-supplemental-era"
    print "(RIAP_SUPPLEMENTAL_ERA cannot be used and is ignored)."
}' > "$era"
awk -v list="$list" -v era="$era" '
/^\.\\" BEGIN RULES/ { print; while ((getline l < list) > 0) print l; skip = 1; next }
/^\.\\" END RULES/ { skip = 0 }
/^\.\\" BEGIN ERA RULES/ { print; while ((getline l < era) > 0) print l; skip = 1; next }
/^\.\\" END ERA RULES/ { skip = 0 }
!skip { print }' 
