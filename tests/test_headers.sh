#!/bin/sh
# The public headers compile alone, under strict C99 and as C++, with only standard includes.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
inc="-I$src/include -I$bld/include"
for h in riap.h riap/common.h riap/ctx.h riap/date.h riap/era.h riap/plan.h riap/doc.h riap/validate.h riap/version.h; do
    printf '#include <%s>\nint main(void) { return 0; }\n' "$h" > "$tmp/t.c"
    if ${CC:-cc} -std=c99 -pedantic -Wall -Wextra -Werror $inc -c "$tmp/t.c" -o "$tmp/t.o" 2> "$tmp/err"; then
        pass "$h compiles alone as C99"
    else
        fail "$h compiles alone as C99" "$(cat "$tmp/err")"
    fi
done
cat > "$tmp/t.c" <<'C'
#include <riap.h>
int main(void)
{
    riap_ctx *ctx = 0;
    riap_era_range r;
    if (riap_ctx_new(&ctx) != RIAP_OK)
        return 1;
    riap_status st = riap_era_parse(&r, ctx, "R4.4.1", 6);
    riap_ctx_free(ctx);
    return st == RIAP_OK ? 0 : 1;
}
C
cxx=$(command -v c++ || command -v g++ || true)
if [ -n "$cxx" ]; then
    cp "$tmp/t.c" "$tmp/t.cc"
    if "$cxx" -std=c++11 -pedantic -Wall -Wextra -Werror $inc -c "$tmp/t.cc" -o "$tmp/tcc.o" 2> "$tmp/err"; then
        pass "riap.h compiles as C++11"
    else
        fail "riap.h compiles as C++11" "$(cat "$tmp/err")"
    fi
else
    fail "a C++ compiler is installed (c++ or g++)"
fi
# no dependency's header leaks into the public API
leak=$(grep -lE '#include *<(libxml|unicode|CUnit)' "$src"/include/riap.h "$src"/include/riap/*.h || true)
expect_eq "no libxml2/ICU/CUnit include in public headers" "$leak" ""
finish
