/* SPDX-License-Identifier: MIT */
/* validate_muni: a plan's municipality against the bundled list of local governments: its
 * prefecture, its code (check digit, prefecture, name), its kind (市, 区, 町, 村: the listed
 * name's), and, without a code, its name (unknown or ambiguous: the candidates named). */
#include "config.h"

#include "validate_int.h"

#include <stdio.h>
#include <string.h>

static bool name_matches(const char *listed, const char *name)
{
    if (strcmp(listed, name) == 0)
        return true;
    /* wards of designated cities: "札幌市 中央区" matches "中央区" and "札幌市中央区" */
    const char *sp = strchr(listed, ' ');
    if (!sp)
        return false;
    if (strcmp(sp + 1, name) == 0)
        return true;
    size_t a = (size_t)(sp - listed);
    return strncmp(listed, name, a) == 0 && strcmp(name + a, sp + 1) == 0;
}

/* The kind a listed name says by its last character (市, 区, 町, 村); UNKNOWN otherwise. */
static riap_municipality_kind kind_of_name(const char *name)
{
    static const char *const ends[] = {"市", "区", "町", "村"};
    static const riap_municipality_kind kinds[] = {RIAP_MUNICIPALITY_CITY, RIAP_MUNICIPALITY_WARD,
                                                   RIAP_MUNICIPALITY_TOWN,
                                                   RIAP_MUNICIPALITY_VILLAGE};
    size_t n = strlen(name);
    for (size_t i = 0; i < 4; i++)
        if (n >= 3 && strcmp(name + n - 3, ends[i]) == 0)
            return kinds[i];
    return RIAP_MUNICIPALITY_UNKNOWN;
}

/* The code points of s (at most max; the rest ignored). */
static size_t code_points(const char *s, uint32_t *out, size_t max)
{
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len && n < max;) {
        size_t k = riap__utf8_decode((const unsigned char *)s + i, len - i, &out[n]);
        if (!k)
            break;
        if (out[n] != ' ')
            n++;
        i += k;
    }
    return n;
}

/* Whether a and b differ by at most one code point replaced, added or removed. */
static bool one_edit(const char *a, const char *b)
{
    uint32_t x[32], y[32];
    size_t m = code_points(a, x, 32), n = code_points(b, y, 32);
    if (m > n + 1 || n > m + 1)
        return false;
    size_t i = 0, j = 0, edits = 0;
    while (i < m && j < n) {
        if (x[i] == y[j]) {
            i++;
            j++;
            continue;
        }
        if (++edits > 1)
            return false;
        if (m > n)
            i++;
        else if (n > m)
            j++;
        else {
            i++;
            j++;
        }
    }
    return edits + (m - i) + (n - j) <= 1;
}

/* "青梅市 (132055)" for each row, joined with ", ", into buf. */
static void list_rows(char *buf, size_t size, const riap__lg_row *const *rows, size_t n)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && o + 1 < size; i++) {
        int w =
            snprintf(buf + o, size - o, "%s%s (%s)", i ? ", " : "", rows[i]->name, rows[i]->code);
        if (w < 0)
            break;
        o += (size_t)w < size - o ? (size_t)w : size - o - 1;
    }
}

/* A name without a code: one listed municipality of that prefecture has it, or the warning
 * municipality-unknown names the candidates (the same name elsewhere in the prefecture, or a
 * name one character away). */
/* Where an attribute of the municipality is: its value, else the element. */
static riap__pos attr_pos(const riap_plan *p, riap__pos at)
{
    return at.line ? at : p->muni_pos;
}

/* qname, qpref: the municipality's name and prefecture as messages quote them */
static void check_name(riap_report *r, const riap_ctx *ctx, const riap_plan *p, const char *path,
                       const char *qname, const char *qpref)
{
    enum { MAX = 8 };
    const riap__lg_row *rows[MAX] = {NULL};
    size_t n = 0;
    bool more = false;
    for (size_t i = 0; i < riap__lg_count; i++) {
        const riap__lg_row *row = &riap__lg_rows[i];
        if (strcmp(row->prefecture, p->prefecture) == 0 && name_matches(row->name, p->muni_name)) {
            if (n < MAX)
                rows[n++] = row;
            else
                more = true;
        }
    }
    if (n == 1)
        return;
    bool ja = riap__lang_ja(ctx);
    char cands[512], tail[640];
    if (n > 1) {
        list_rows(cands, sizeof cands, rows, n);
        snprintf(tail, sizeof tail,
                 ja ? "次のどれかです: %s%s（団体コードを書いてください）"
                    : "it is one of %s%s: give its code",
                 cands, more ? ", ..." : "");
        riap__report_rule(r, ctx, RIAP__R_MUNICIPALITY_UNKNOWN,
                          riap__pos_in_text(p->muni_pos, p->muni_name, 0), path, qname, qpref,
                          ja ? "は複数の団体の名前です" : "names more than one local government",
                          tail);
        return;
    }
    for (size_t i = 0; i < riap__lg_count; i++) {
        const riap__lg_row *row = &riap__lg_rows[i];
        const char *sp = strchr(row->name, ' '); /* a ward: its own name counts too */
        if (strcmp(row->prefecture, p->prefecture) == 0 &&
            (one_edit(row->name, p->muni_name) || (sp && one_edit(sp + 1, p->muni_name)))) {
            if (n < MAX)
                rows[n++] = row;
            else
                more = true;
        }
    }
    list_rows(cands, sizeof cands, rows, n);
    if (n)
        snprintf(tail, sizeof tail, ja ? "%s%s のことですか" : "did you mean %s%s?", cands,
                 more ? ", ..." : "");
    else
        snprintf(tail, sizeof tail, "%s",
                 ja ? "一覧には 1 文字違いの名前もありません"
                    : "no listed name is one character away");
    riap__report_rule(
        r, ctx, RIAP__R_MUNICIPALITY_UNKNOWN, riap__pos_in_text(p->muni_pos, p->muni_name, 0), path,
        qname, qpref,
        ja ? "は地方公共団体の一覧にありません" : "is not in the list of local governments", tail);
}

/* s without the white space at its ends: s itself, or a copy in *owned (NULL: nomem). */
static const char *trimmed(const char *s, char **owned)
{
    *owned = NULL;
    if (!s)
        return NULL;
    const unsigned char *u = (const unsigned char *)s;
    size_t len = strlen(s), from = 0, to = len, k;
    while ((k = riap__space_at(u, len, from, true)) != 0)
        from += k;
    while (to > from && (k = riap__space_before(u, from, to, true)) != 0)
        to -= k;
    if (from == 0 && to == len)
        return s;
    *owned = riap__strndup(s + from, to - from);
    return *owned;
}

static void check_municipality(riap_report *r, const riap_ctx *ctx, const riap_plan *p,
                               const char *base, bool lookup);

void riap__check_municipality(riap_report *r, const riap_ctx *ctx, const riap_plan *p,
                              const char *base, bool lookup)
{
    /* the name and prefecture as meant: white space at their ends is text-whitespace's, not a
     * wrong name (the quotes and positions are of the text as written) */
    char *n = NULL, *f = NULL;
    riap_plan q = *p;
    q.muni_name = (char *)trimmed(p->muni_name, &n);
    q.prefecture = (char *)trimmed(p->prefecture, &f);
    if ((p->muni_name && !q.muni_name) || (p->prefecture && !q.prefecture))
        r->list.nomem = true; /* the validation says so: no check is skipped silently */
    else
        check_municipality(r, ctx, &q, base, lookup);
    riap__free(n);
    riap__free(f);
}

static void check_municipality(riap_report *r, const riap_ctx *ctx, const riap_plan *p,
                               const char *base, bool lookup)
{
    char path[256];
    if (!p->muni_name)
        return;
    char nbuf[RIAP__QUOTE_SIZE], pbuf[RIAP__QUOTE_SIZE];
    const char *qname = riap__quote(nbuf, p->muni_name, 0);
    const char *qpref = riap__quote(pbuf, p->prefecture, 0);
    const char *pref_code = riap__pref_code(p->prefecture);
    if (!pref_code) {
        snprintf(path, sizeof path, "%s/municipality/@prefecture", base);
        riap__report_rule(r, ctx, RIAP__R_PREFECTURE_UNKNOWN, attr_pos(p, p->pref_pos), path,
                          qpref);
    }
    if (p->title && !strstr(p->title, p->muni_name)) {
        snprintf(path, sizeof path, "%s/title", base);
        riap__report_rule(r, ctx, RIAP__R_TITLE_MUNICIPALITY,
                          riap__pos_in_text(p->title_pos, p->title, 0), path, qname);
    }
    const char *code = p->muni_code, *lpref = NULL, *lname = NULL;
    if (!code) {
        snprintf(path, sizeof path, "%s/municipality", base);
        if (lookup && pref_code && p->muni_kind != RIAP_MUNICIPALITY_PREFECTURE)
            check_name(r, ctx, p, path, qname, qpref);
        lname = p->muni_name; /* its kind is what its name says */
    } else {
        snprintf(path, sizeof path, "%s/municipality/@code", base);
        if (!riap_lgcode_check_digit_ok(code)) {
            riap__report_rule(r, ctx, RIAP__R_CODE_CHECK_DIGIT, attr_pos(p, p->code_pos), path,
                              code);
            code = NULL; /* nothing more from a mistyped code; the kind is what the name says */
            lname = p->muni_name;
        } else {
            if (pref_code && strncmp(code, pref_code, 2) != 0)
                riap__report_rule(r, ctx, RIAP__R_CODE_PREFECTURE, attr_pos(p, p->code_pos), path,
                                  code, qpref, pref_code);
            if (!riap_lgcode_find(&lpref, &lname, code)) {
                riap__report_rule(r, ctx, RIAP__R_CODE_UNKNOWN, attr_pos(p, p->code_pos), path,
                                  code, riap__lg_date);
                code = NULL;
                lname = p->muni_name;
            } else if (!name_matches(lname, p->muni_name)) {
                riap__report_rule(r, ctx, RIAP__R_CODE_NAME_MISMATCH, attr_pos(p, p->code_pos),
                                  path, code, lname, qname);
                lname = p->muni_name; /* one fact once: the kind is checked against the name */
            }
        }
    }
    /* the kind: a prefecture's code says so; a municipality's name ends with its kind */
    riap_municipality_kind want =
        code && !strcmp(code + 2, "0001") ? RIAP_MUNICIPALITY_PREFECTURE : kind_of_name(lname);
    if (want != RIAP_MUNICIPALITY_UNKNOWN && p->muni_kind != RIAP_MUNICIPALITY_UNKNOWN &&
        want != p->muni_kind) {
        snprintf(path, sizeof path, "%s/municipality/@kind", base);
        riap__report_rule(r, ctx, RIAP__R_MUNICIPALITY_KIND, attr_pos(p, p->kind_pos), path,
                          riap_municipality_kind_name(p->muni_kind),
                          lname == p->muni_name ? qname : lname, riap_municipality_kind_name(want));
    }
}
