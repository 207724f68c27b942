#!/bin/sh
# SPDX-License-Identifier: MIT
# Prints "PAGE NAME" for every function a section-3 man page documents besides its own name:
# the names of its NAME section, up to the \- that ends them. `make install` links each NAME.3
# to its PAGE (so that `man riap_doc_free` opens riap_plan(3)); tests/test_cli.sh checks that
# every exported function has a page this way.
# usage: man-aliases.sh PAGE.3...
set -eu
for page in "$@"; do
    base=$(basename "$page" .3)
    sed -n '/^\.SH NAME/,/\\-/p' "$page" | sed '1d; s/\\-.*//' | tr ',' '\n' |
        sed 's/^[[:space:]]*//; s/[[:space:]]*$//' | grep -E '^[a-z_][a-z0-9_]*$' |
        while read -r name; do
            [ "$name" = "$base" ] || printf '%s %s\n' "$base" "$name"
        done
done
