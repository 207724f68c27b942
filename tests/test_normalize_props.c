/* SPDX-License-Identifier: MIT */
/* Properties of riap_normalize over generated plan documents, with a fixed seed
 * (RIAP_PROPS_ROUNDS documents, default 120; RIAP_PROPS_SEED picks another seed): Japanese and
 * Latin text, full-width letters, half-width kana, paragraphs wrapped over lines, white space of
 * every kind, comments and processing instructions. For each document x:
 *  - normalize is idempotent: normalizing normalize(x) again changes nothing, and saving then
 *    loading it gives the same bytes;
 *  - validate(normalize(x)) has no diagnostic (rule and path) that validate(x) does not have;
 *  - each text of normalize(x) is the text of x under the documented folds, as computed by the
 *    reference model below (written from riap(1), not from lib/normalize.c);
 *  - every comment and processing instruction is still there, and --drop-comments drops all. */
#include "runner.h"

#include <riap.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = 2 * (b->n + n + 1);
        b->p = realloc(b->p, b->cap);
        CU_ASSERT_PTR_NOT_NULL_FATAL(b->p);
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void puts_(buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
    return riap_test_below(&rng_state, n);
}

/* ---- generated text ---- */

static const char *const words[] = {
    "地域",        "産業", "発展してきた。", "近年は", "ものづくり", "（連携）",   "「事業」",
    "、",          "。",   "ＤＸ",           "ＩｏＴ", "２０２２",   "令和４年度", "ｶﾞｲﾄﾞ",
    "ﾃﾞｻﾞｲﾝ",      "ﾞ",    "Society",        "5.0",    "IoT",        "digital",    "…",
    "○",           "①",    "한국",           "α線",    "ｶ",          "Ａ",         "x",
    "\xE2\x80\x8B"};
static const char *const spaces[] = {" ",    "  ",       "\t",   "\n",   " \n  ",  "\r\n", "　",
                                     "　　", "\xC2\xA0", "\n　", " 　 ", "\t\n\t", "\n\n"};

/* A text of a few words with white space between some (and maybe at the ends). */
static void gen_text(buf *b, const char *prefix)
{
    if (rnd(5) == 0)
        puts_(b, spaces[rnd(sizeof spaces / sizeof spaces[0])]);
    puts_(b, prefix);
    uint32_t n = 1 + rnd(8);
    for (uint32_t i = 0; i < n; i++) {
        if (rnd(3) == 0) {
            const char *s = spaces[rnd(sizeof spaces / sizeof spaces[0])];
            /* a literal CR would be a line feed once read: as a reference, it stays CR */
            puts_(b, strcmp(s, "\r\n") == 0 ? "&#13;\n" : s);
        }
        puts_(b, words[rnd(sizeof words / sizeof words[0])]);
    }
    if (rnd(5) == 0)
        puts_(b, spaces[rnd(sizeof spaces / sizeof spaces[0])]);
}

static size_t notes_made;

static void maybe_note(buf *b)
{
    if (rnd(4))
        return;
    notes_made++;
    puts_(b, rnd(3) ? "<!-- 担当: 商工観光課 -->" : "<?review done?>");
}

static void leaf(buf *b, const char *name, const char *prefix)
{
    maybe_note(b);
    puts_(b, "<");
    puts_(b, name);
    puts_(b, ">");
    gen_text(b, prefix);
    maybe_note(b);
    puts_(b, "</");
    puts_(b, name);
    puts_(b, ">\n");
}

static char *gen_doc(void)
{
    buf b = {0};
    notes_made = 0;
    puts_(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    maybe_note(&b);
    puts_(&b, "<document xmlns=\"urn:libriap:plan:1\" version=\"1.0\">\n<metadata><source>");
    leaf(&b, "title", "");
    puts_(&b, "</source></metadata>\n");
    uint32_t plans = 1 + rnd(3);
    for (uint32_t i = 0; i < plans; i++) {
        char id[32], prefix[32];
        snprintf(id, sizeof id, "<plan id=\"p%u\">", i);
        maybe_note(&b);
        puts_(&b, id);
        leaf(&b, "title", "計画");
        puts_(&b,
              "<municipality kind=\"区\" prefecture=\"東京都\" code=\"131075\">墨田区"
              "</municipality><period from=\"2022-04-01\" to=\"2025-03-31\">令和4年度～令和6年度"
              "</period>\n<overview>");
        for (uint32_t k = 1 + rnd(3); k; k--)
            leaf(&b, "p", "");
        maybe_note(&b);
        puts_(&b, "</overview>\n");
        if (rnd(2))
            leaf(&b, "vision", "");
        puts_(&b, "<initiatives scheme=\"tokyo-2022\"><category id=\"collaboration\">");
        leaf(&b, "heading", "(1)");
        if (rnd(2))
            leaf(&b, "description", "");
        for (uint32_t k = rnd(3); k; k--) {
            snprintf(prefix, sizeof prefix, "事業%u", k); /* names stay distinct */
            puts_(&b, "<project>");
            leaf(&b, "name", prefix);
            maybe_note(&b);
            puts_(&b, "</project>");
        }
        puts_(&b, "</category></initiatives>\n");
        if (rnd(2))
            leaf(&b, "figure", "図");
        maybe_note(&b);
        puts_(&b, "</plan>\n");
    }
    puts_(&b, "</document>\n");
    maybe_note(&b);
    return b.p;
}

/* ---- the reference model of the folds (riap(1), NORMALIZE) ---- */

static int is_space(UChar32 c)
{
    return c == ' ' || (c >= 9 && c <= 13) || c == 0xA0 || c == 0x3000;
}

static int japanese(UChar32 c)
{
    int w = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    UErrorCode ec = U_ZERO_ERROR;
    return (w == U_EA_FULLWIDTH || w == U_EA_WIDE || w == U_EA_HALFWIDTH) &&
           uscript_getScript(c, &ec) != USCRIPT_HANGUL;
}

static int halfwidth_kana(UChar32 c)
{
    return c >= 0xFF61 && c <= 0xFF9F;
}

/* The text under the folds, as UTF-8 in out. */
static void reference(const char *text, char *out, size_t size)
{
    UChar32 in[4096], mid[4096];
    int32_t n = 0, m = 0;
    for (int32_t i = 0, len = (int32_t)strlen(text); i < len && n < 4096;) {
        UChar32 c;
        U8_NEXT(text, i, len, c);
        in[n++] = c;
    }
    int32_t s = 0, e = n;
    while (s < e && is_space(in[s])) /* trimmed white space */
        s++;
    while (e > s && is_space(in[e - 1]))
        e--;
    for (int32_t i = s; i < e;) {
        if (!is_space(in[i])) {
            UChar32 c = in[i++];
            int full = (c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
                       (c >= 0xFF41 && c <= 0xFF5A);
            mid[m++] = full ? c - 0xFEE0 : c; /* full-width ASCII */
            continue;
        }
        int32_t j = i, line = 0;
        for (; is_space(in[j]); j++)
            line |= in[j] >= 10 && in[j] <= 13;
        if (line) { /* joined lines */
            if (!(in[i - 1] == 0x200B || in[j] == 0x200B ||
                  (japanese(in[i - 1]) && japanese(in[j]))))
                mid[m++] = ' ';
        } else { /* folded white space */
            for (int32_t k = i; k < j; k++)
                if (in[k] != ' ' && in[k] != '\t')
                    mid[m++] = in[k];
                else if (k == i || (in[k - 1] != ' ' && in[k - 1] != '\t'))
                    mid[m++] = ' ';
        }
        i = j;
    }
    /* half-width kana: each run, by NFKC */
    UChar u16[8192], k16[64], f16[128];
    int32_t un = 0;
    for (int32_t i = 0; i < m;) {
        if (!halfwidth_kana(mid[i])) {
            U16_APPEND_UNSAFE(u16, un, mid[i]);
            i++;
            continue;
        }
        int32_t kn = 0;
        while (i < m && halfwidth_kana(mid[i]) && kn < 60)
            k16[kn++] = (UChar)mid[i++];
        UErrorCode ec = U_ZERO_ERROR;
        int32_t fn = unorm2_normalize(unorm2_getNFKCInstance(&ec), k16, kn, f16, 128, &ec);
        CU_ASSERT_FATAL(U_SUCCESS(ec));
        memcpy(u16 + un, f16, (size_t)fn * sizeof *f16);
        un += fn;
    }
    UErrorCode ec = U_ZERO_ERROR;
    u_strToUTF8(out, (int32_t)size, NULL, u16, un, &ec);
    CU_ASSERT_FATAL(U_SUCCESS(ec));
}

/* ---- the texts of a document, in order ---- */

static size_t texts(const riap_doc *d, const char **v, size_t max)
{
    size_t n = 0;
#define ADD(t)                                                                                     \
    do {                                                                                           \
        if ((t) && n < max)                                                                        \
            v[n++] = (t);                                                                          \
    } while (0)
    ADD(riap_doc_meta(d, RIAP_DOC_SOURCE_TITLE));
    for (size_t i = 0; i < riap_doc_plan_count(d); i++) {
        const riap_plan *p = riap_doc_plan(d, i);
        ADD(riap_plan_title(p));
        for (size_t k = 0; k < riap_plan_overview_count(p); k++)
            ADD(riap_plan_overview(p, k));
        for (size_t k = 0; k < riap_plan_vision_count(p); k++)
            ADD(riap_plan_vision(p, k));
        for (size_t c = 0; c < riap_plan_category_count(p); c++) {
            const riap_category *cat = riap_plan_category(p, c);
            ADD(riap_category_heading(cat));
            ADD(riap_category_description(cat));
            for (size_t k = 0; k < riap_category_project_count(cat); k++)
                ADD(riap_project_name(riap_category_project(cat, k)));
        }
        for (size_t k = 0; k < riap_plan_figure_count(p); k++)
            ADD(riap_figure_caption(riap_plan_figure(p, k)));
    }
#undef ADD
    return n;
}

/* Is every diagnostic (rule, path) of `after` in `before`? Prints the first that is not. */
static int no_new_diagnostic(const riap_report *before, const riap_report *after)
{
    for (size_t i = 0; i < riap_report_count(after); i++) {
        const riap_diag *a = riap_report_get(after, i);
        int found = 0;
        for (size_t j = 0; j < riap_report_count(before) && !found; j++) {
            const riap_diag *b = riap_report_get(before, j);
            found = !strcmp(riap_diag_rule(a), riap_diag_rule(b)) &&
                    !strcmp(riap_diag_path(a) ? riap_diag_path(a) : "",
                            riap_diag_path(b) ? riap_diag_path(b) : "");
        }
        if (!found) {
            fprintf(stderr, "\n  new after normalize: %s [%s]\n", riap_diag_message(a),
                    riap_diag_rule(a));
            return 0;
        }
    }
    return 1;
}

static size_t count(const char *s, const char *what)
{
    size_t n = 0;
    for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
        n++;
    return n;
}

static void one_document(void)
{
    char *xml = gen_doc();
    riap_doc *x = NULL, *orig = NULL, *back = NULL;
    if (riap_doc_load_memory(&orig, NULL, xml, strlen(xml)) != RIAP_OK)
        fprintf(stderr, "\n  the generated document does not load:\n%s\n", xml);
    CU_ASSERT_PTR_NOT_NULL_FATAL(orig);
    CU_ASSERT_EQUAL_FATAL(riap_doc_load_memory(&x, NULL, xml, strlen(xml)), RIAP_OK);
    riap_report *before = NULL, *after = NULL, *changes = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_validate(&before, NULL, x), RIAP_OK);
    CU_ASSERT_EQUAL_FATAL(riap_normalize(&changes, NULL, x), RIAP_OK);
    riap_report_free(changes);
    /* the folds, against the reference model */
    const char *a[128], *b[128];
    size_t na = texts(orig, a, 128), nb = texts(x, b, 128);
    CU_ASSERT_EQUAL_FATAL(na, nb);
    for (size_t i = 0; i < na; i++) {
        char want[16384];
        reference(a[i], want, sizeof want);
        if (!*want) /* blank: kept for validation to report */
            snprintf(want, sizeof want, "%s", a[i]);
        if (strcmp(want, b[i]) != 0)
            fprintf(stderr, "\n  '%s' → '%s', the model says '%s'\n", a[i], b[i], want);
        CU_ASSERT_STRING_EQUAL(b[i], want);
    }
    /* validation finds nothing new */
    CU_ASSERT_EQUAL_FATAL(riap_validate(&after, NULL, x), RIAP_OK);
    CU_ASSERT_TRUE(no_new_diagnostic(before, after));
    /* idempotent, through a save and a load too; the comments are all there */
    char *once = NULL, *twice = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_doc_save_memory(&once, NULL, NULL, x), RIAP_OK);
    CU_ASSERT_EQUAL(count(once, "<!--") + count(once, "<?review"), notes_made);
    CU_ASSERT_EQUAL_FATAL(riap_doc_load_memory(&back, NULL, once, strlen(once)), RIAP_OK);
    CU_ASSERT_EQUAL_FATAL(riap_normalize(&changes, NULL, back), RIAP_OK);
    CU_ASSERT_EQUAL(riap_report_count(changes), 0);
    riap_report_free(changes);
    CU_ASSERT_EQUAL_FATAL(riap_doc_save_memory(&twice, NULL, NULL, back), RIAP_OK);
    CU_ASSERT_STRING_EQUAL(once, twice);
    riap_free(twice);
    /* dropped on demand, each with a note */
    riap_ctx *ctx = NULL;
    CU_ASSERT_EQUAL_FATAL(riap_ctx_new(&ctx), RIAP_OK);
    riap_ctx_set_options(ctx, RIAP_OPT_DROP_COMMENTS);
    CU_ASSERT_EQUAL_FATAL(riap_normalize(&changes, ctx, back), RIAP_OK);
    CU_ASSERT_EQUAL(riap_report_count(changes), notes_made);
    /* each note at its comment or PI, in the file's order */
    size_t k = 0, misplaced = 0;
    uint32_t line = 1, col = 1;
    for (const char *p = once; *p && k < riap_report_count(changes); p++) {
        if (!strncmp(p, "<!--", 4) || !strncmp(p, "<?review", 8)) {
            const riap_diag *d = riap_report_get(changes, k++);
            if (riap_diag_line(d) != line || riap_diag_column(d) != col ||
                riap_diag_offset(d) != (int64_t)(p - once)) {
                fprintf(stderr, "\n  note %zu at %u:%u @%lld, its comment at %u:%u @%lld\n", k,
                        riap_diag_line(d), riap_diag_column(d), (long long)riap_diag_offset(d),
                        line, col, (long long)(p - once));
                misplaced++;
            }
        }
        if (*p == '\n')
            line++, col = 1;
        else if (((unsigned char)*p & 0xC0) != 0x80)
            col++;
    }
    CU_ASSERT_EQUAL(k, notes_made);
    CU_ASSERT_EQUAL(misplaced, 0);
    CU_ASSERT_EQUAL_FATAL(riap_doc_save_memory(&twice, NULL, NULL, back), RIAP_OK);
    CU_ASSERT_EQUAL(count(twice, "<!--") + count(twice, "<?review"), 0);
    riap_free(twice);
    riap_report_free(changes);
    riap_ctx_free(ctx);
    riap_free(once);
    riap_report_free(before);
    riap_report_free(after);
    riap_doc_free(back);
    riap_doc_free(orig);
    riap_doc_free(x);
    free(xml);
}

static void test_normalize_props(void)
{
    const char *rounds = getenv("RIAP_PROPS_ROUNDS");
    rng_state = riap_test_seed(20260418u);
    long n = rounds ? atol(rounds) : riap_test_quick() ? 20 : 120;
    for (long i = 0; i < n; i++)
        one_document();
}

int riap_test_register(void)
{
    CU_pSuite s = CU_add_suite("normalize over generated documents", NULL, NULL);
    if (!s)
        return -1;
    ADD_TEST(s, test_normalize_props);
    return 0;
}
