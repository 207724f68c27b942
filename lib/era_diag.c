/* SPDX-License-Identifier: MIT */
/* era_diag: positions and diagnostics of the era grammar: columns in characters, the rule and
 * the message recorded in the context (unless the lexer is quiet), excerpts of the text. */
#include "config.h"

#include "era_lex.h"

#include <stdarg.h>

bool riap__era_is_lang_ja(const riap__lexer *L)
{
    return riap__lang_ja(L->ctx);
}

uint32_t riap__era_column(const riap__lexer *L, uint32_t off)
{
    uint32_t line, col;
    riap__line_col(L->orig, off > L->orig_len ? L->orig_len : off, &line, &col);
    return line == 1 ? L->base_col + col - 1 : col;
}

static void vnote(riap__lexer *L, riap_severity sev, const char *rule, uint32_t off, const char *en,
                  const char *ja, va_list ap)
{
    if (sev == RIAP_SEVERITY_ERROR)
        L->last_rule = rule;
    if (!L->ctx || L->quiet)
        return;
    uint32_t line, col;
    if (off > L->orig_len)
        off = (uint32_t)L->orig_len;
    riap__line_col(L->orig, off, &line, &col);
    if (line == 1)
        col += L->base_col - 1;
    line += L->base_line - 1;
    riap__ctx_vdiag(L->ctx, rule, sev, (int64_t)off + L->base_off, line, col, en, ja, ap);
}

riap_status riap__era_fail(riap__lexer *L, riap_status st, const char *rule, uint32_t off,
                           const char *en, const char *ja, ...)
{
    va_list ap;
    va_start(ap, ja);
    vnote(L, RIAP_SEVERITY_ERROR, rule, off, en, ja, ap);
    va_end(ap);
    return st;
}

void riap__era_note(riap__lexer *L, riap_severity sev, const char *rule, uint32_t off,
                    const char *en, const char *ja, ...)
{
    va_list ap;
    va_start(ap, ja);
    vnote(L, sev, rule, off, en, ja, ap);
    va_end(ap);
}

const char *riap__era_quote(const riap__lexer *L, char *buf, size_t size, uint32_t from,
                            uint32_t to)
{
    if (to > L->orig_len)
        to = (uint32_t)L->orig_len;
    if (from > to)
        from = to;
    riap__excerpt(buf, size, L->orig + from, to - from, 60);
    return buf;
}
