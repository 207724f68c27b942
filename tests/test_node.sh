#!/bin/sh
# The Node.js package (bindings/node, over koffi) against the fresh build: node --test.
# koffi comes from RIAP_NODE_MODULES (a node_modules directory; .ci/run fills one from the npm
# registry when node is installed) or bindings/node/node_modules; without node or koffi, a skip.
. "$(dirname "$0")/lib.sh"
so="$bld/lib/.libs/libriap.so"
modules=${RIAP_NODE_MODULES:-$src/bindings/node/node_modules}
if ! command -v node > /dev/null || [ ! -d "$modules/koffi" ]; then
    echo "skipped: node or koffi is not installed"
    exit 77
fi
if [ "${RIAP_SANITIZERS:-no}" = yes ] || [ ! -f "$so" ]; then
    echo "skipped: no plain shared library in this build"
    exit 77
fi
out=$(mktemp)
if NODE_PATH="$modules" RIAP_LIBRARY="$so" node --test "$src/bindings/node/test/" > "$out" 2>&1; then
    pass "the Node.js package's tests: $(grep -E '^# pass' "$out")"
else
    fail "the Node.js package's tests" "$(grep -B3 -A20 '^not ok' "$out" | head -60)"
fi
rm -f "$out"
# the package as npm installed it (.ci/run packs this tree and installs the tarball)
if [ -d "$modules/riap" ]; then
    expect_eq "the installed package is this tree's" \
        "$(cmp "$modules/riap/index.js" "$src/bindings/node/index.js" && cmp "$modules/riap/index.d.ts" "$src/bindings/node/index.d.ts" && echo same)" same
    expect_eq "the installed package loads and converts (require('riap'))" \
        "$(cd "$modules/.." && RIAP_LIBRARY="$so" node -e "process.stdout.write(require('riap').formatFiscalYear(2022))")" "令和4年度"
fi
finish
