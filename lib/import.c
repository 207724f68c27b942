/* SPDX-License-Identifier: MIT */
/* import: the text of a published summary of approved plans, as it comes out of the PDF, into
 * a plan document (riap_import_text).
 *
 * The text is read as lines (import_text.c: decoding, white space, widths, the kind of each
 * line), then plan by plan (here): the header, with its municipality (import_muni.c), the
 * overview, the categories with their descriptions and project lists (import_list.c), and what
 * is left as figure captions. Paragraphs broken across lines are joined again:
 * a line goes on into the next while a bracket is open, when the next starts with closing
 * punctuation, and otherwise as the layout says: extractions that end each paragraph's last
 * line with a space (as the source's does) are read by that mark; others by the line's width
 * against the widest line around it. Everything built is then checked by the validation rules,
 * whose diagnostics point into the input, so that what is returned always validates. */
#include "config.h"

#include "import_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- plans ---- */

static void set_period(importer *im, riap_plan *plan, const line *l, size_t a, size_t b,
                       riap_era_range *range)
{
    char q[160];
    size_t k;
    /* 【計画期間：…】: the brackets and the label are the header's, the rest is the period */
    uint32_t cp = riap__im_fold(riap__im_cp_at(im, a, &k));
    if (cp == 0x3010 || cp == '[' || cp == 0x3016) {
        a += k;
        size_t e = b;
        while (e > a && ((unsigned char)im->t[e - 1] & 0xC0) == 0x80)
            e--;
        uint32_t last = e > a ? riap__im_fold(riap__im_cp_at(im, e - 1, &k)) : 0;
        if (last == 0x3011 || last == ']' || last == 0x3017)
            b = e - 1;
    }
    static const char label[] = "計画期間";
    while (a < b && riap__is_space(riap__im_cp_at(im, a, &k)))
        a += k;
    if (b - a > sizeof label - 1 && !memcmp(im->t + a, label, sizeof label - 1)) {
        a += sizeof label - 1;
        while (a < b &&
               (riap__is_space(cp = riap__im_fold(riap__im_cp_at(im, a, &k))) || cp == ':'))
            a += k;
    }
    while (b > a && im->t[b - 1] == ' ')
        b--;
    if (a >= b) {
        diag(im, "import-no-period", RIAP_SEVERITY_ERROR, l, a,
             "the plan's header gives no period (【計画期間：…】)",
             "計画の見出しに計画期間 (【計画期間：…】) がありません");
        return;
    }
    char *text = riap__strndup(im->t + a, b - a);
    if (!text) {
        im->nomem = true;
        return;
    }
    riap_status st = riap_plan_set_period(plan, im->era, text);
    if (st == RIAP_OK) {
        riap_plan_period_range(range, im->era, plan);
    } else if (st == RIAP_ERR_NOMEM) {
        im->nomem = true;
    } else {
        const riap_diag *d = riap_ctx_last_error(im->era);
        uint32_t col = d ? riap_diag_column(d) : 1;
        size_t at = a;
        for (uint32_t c = 1; c < col && at < b; c++) {
            riap__im_cp_at(im, at, &k);
            at += k;
        }
        diag(im, "import-period", RIAP_SEVERITY_ERROR, l, at, "the period '%s' is wrong: %s (%s)",
             "計画期間「%s」に誤りがあります: %s (%s)", riap__im_quote(q, sizeof q, im, a, b),
             d ? riap_diag_message(d) : riap_status_message(st), d ? riap_diag_rule(d) : "era");
    }
    plan->period_pos = riap__im_pos_at(im, l, a);
    riap__free(text);
}

/* A heading from line i: the line, and the lines it goes on over (the default scheme's headings
 * while they are a beginning of the known one; others as the layout marks it). Returns the
 * index after it. */
static size_t read_heading(importer *im, size_t i, size_t end, int number, bool themes, para *hp)
{
    memset(hp, 0, sizeof *hp);
    hp->first = hp->last = i;
    riap__im_join(im, &hp->b, NULL, &im->L[i]);
    for (;;) {
        size_t j = riap__im_next_line(im, hp->last + 1, end);
        if (j >= end || im->L[j].kind != L_TEXT)
            break;
        bool more;
        if (!themes) {
            if (riap__im_tokyo_match(hp->b.p, hp->b.n, number) != 1)
                break;
            riap__buf tb = {0};
            riap__buf_put(&tb, hp->b.p, hp->b.n);
            riap__im_join(im, &tb, &im->L[hp->last], &im->L[j]);
            more = !tb.nomem && riap__im_tokyo_match(tb.p, tb.n, number) != 0;
            riap__free(tb.p);
        } else {
            more = im->trail_marks && !im->L[hp->last].trail && !im->L[hp->last].brk;
        }
        if (!more)
            break;
        riap__im_join(im, &hp->b, &im->L[hp->last], &im->L[j]);
        hp->last = j;
    }
    return hp->last + 1;
}

/* Is line j where category `expect` starts (a heading (N) or a numbered theme)? */
static bool starts_category(importer *im, size_t j, int expect)
{
    size_t after;
    const line *l = &im->L[j];
    return (l->kind == L_HEADING && l->number == expect) ||
           (l->kind == L_TEXT && riap__im_theme_line(im, l, expect, &after));
}

/* A list in parentheses that stands in a paragraph of its own in [i, end): its paragraph, the
 * captions before it kept. Returns where the lines after it start, or SIZE_MAX: none. */
static size_t list_apart(importer *im, plan_state *ps, riap_category *cat, size_t i, size_t end)
{
    for (size_t j = riap__im_next_line(im, i, end); j < end; j = riap__im_next_line(im, j, end)) {
        if (im->L[j].kind != L_TEXT) {
            j++;
            continue;
        }
        para q;
        size_t after = riap__im_paragraph(im, j, end, &q, PARA_LIST, 0), a, b;
        bool list = !q.b.nomem && riap__im_whole_list(&q, &a, &b);
        if (list) {
            riap__im_captions(im, i, j, ps, cat);
            riap__im_add_items(im, ps, cat, &q, a, b);
        }
        riap__free(q.b.p);
        if (q.b.nomem)
            im->nomem = true;
        if (list || q.b.nomem)
            return after;
        j = after;
    }
    return SIZE_MAX;
}

/* Projects written one a line after a bullet (・板橋オプトフォーラム), from line i, after a
 * label alone on its line (【主な事業】) if one comes first: each line one project, the bullet
 * taken off. Returns the line after the list, or SIZE_MAX: no such list at i. */
static size_t bullet_list(importer *im, plan_state *ps, riap_category *cat, size_t i, size_t end)
{
    size_t j = riap__im_next_line(im, i, end);
    if (j < end && im->L[j].kind == L_TEXT) {
        const line *l = &im->L[j];
        size_t lab = riap__im_label(im->t, l->start, l->end);
        if (lab && l->start + lab >= l->end)
            j = riap__im_next_line(im, j + 1, end);
    }
    if (j >= end || im->L[j].kind != L_TEXT || !riap__im_bullet_at(im, &im->L[j]))
        return SIZE_MAX;
    riap__im_captions(im, i, i, ps, cat); /* (the lines before: blank, or the label) */
    for (; j < end && im->L[j].kind == L_TEXT; j = riap__im_next_line(im, j + 1, end)) {
        size_t b = riap__im_bullet_at(im, &im->L[j]);
        if (!b)
            break;
        para p;
        memset(&p, 0, sizeof p);
        p.first = p.last = j;
        riap__im_join(im, &p.b, NULL, &im->L[j]);
        /* an item goes on on the next line when that line is indented under it, or a bracket
         * of the item is open */
        int d = riap__im_depth_line(im, &im->L[j], 0, NULL);
        while (j + 1 < end && im->L[j + 1].kind == L_TEXT &&
               !riap__im_bullet_at(im, &im->L[j + 1]) &&
               (d > 0 || im->L[j + 1].start > im->L[j + 1].begin)) {
            riap__im_join(im, &p.b, &im->L[j], &im->L[j + 1]);
            d = riap__im_depth_line(im, &im->L[++j], d, NULL);
            p.last = j;
        }
        if (p.b.nomem) {
            im->nomem = true;
            return j;
        }
        riap__im_add_one(im, ps, cat, &p, b);
        riap__free(p.b.p);
    }
    return j;
}

/* Takes off the label that ends paragraph p (…図る。【主な事業】, the list on lines of its
 * own after it), and the spaces before it: true when there was one. */
static bool drop_final_label(para *p)
{
    size_t n = p->b.n, k;
    for (size_t i = 0; i < n; i += k) {
        uint32_t cp;
        k = riap__im_next(p->b.p, i, n, &cp);
        size_t lab = riap__im_label(p->b.p, i, n);
        if (lab && i + lab == n) {
            while (i > 0 && p->b.p[i - 1] == ' ')
                i--;
            p->b.n = i;
            p->b.p[i] = '\0';
            return true;
        }
    }
    return false;
}

/* Does line l hold a 、 or a ，? */
static bool holds_comma(const importer *im, const line *l)
{
    for (size_t i = l->start; i + 3 <= l->end; i++)
        if (!memcmp(im->t + i, "\xE3\x80\x81", 3) || !memcmp(im->t + i, "\xEF\xBC\x8C", 3))
            return true;
    return false;
}

/* Does a bulleted line start at line i (after blank lines)? */
static bool bullet_follows(importer *im, size_t i, size_t end)
{
    size_t j = riap__im_next_line(im, i, end);
    return j < end && im->L[j].kind == L_TEXT && riap__im_bullet_at(im, &im->L[j]);
}

/* A category's text from line i (after its heading): its body (one paragraph, unless the next
 * heading comes first), then captions until the heading expected next. A description that
 * ends without its project list takes the list that stands in a paragraph of its own among
 * what follows; with none, a warning says that the list is missing. Returns where the next
 * category starts. */
static size_t category_text(importer *im, plan_state *ps, riap_category *cat, size_t i, size_t end,
                            int expect, bool themes, bool bare)
{
    bool listed = true;
    size_t last = SIZE_MAX;
    i = riap__im_next_line(im, i, end);
    size_t after = i < end && im->L[i].kind == L_TEXT ? bullet_list(im, ps, cat, i, end) : SIZE_MAX;
    if (after != SIZE_MAX) { /* projects alone, a line each */
        i = after;
    } else if (i < end && im->L[i].kind == L_TEXT && !starts_category(im, i, expect)) {
        para p;
        i = riap__im_paragraph(im, i, end, &p, bare ? PARA_BARE : PARA_LIST, themes ? expect : 0);
        /* a text that ends with a label, its list bulleted on the lines after it: the text
         * before the label is the description */
        size_t j = riap__im_next_line(im, i, end);
        bool commas = j < end && im->L[j].kind == L_TEXT && !starts_category(im, j, expect) &&
                      holds_comma(im, &im->L[j]);
        bool labelled =
            !p.b.nomem && (commas || bullet_follows(im, i, end)) && drop_final_label(&p);
        if (p.b.nomem)
            im->nomem = true;
        else if (labelled && p.b.n)
            riap__im_category_body(im, ps, cat, &p, false);
        else if (!labelled)
            listed = riap__im_category_body(im, ps, cat, &p, bare);
        size_t bl = labelled && !commas ? bullet_list(im, ps, cat, i, end) : SIZE_MAX;
        if (labelled && commas) { /* 【主な事業】 / A事業、B事業: the list is the next paragraph */
            para q;
            bl = riap__im_paragraph(im, j, end, &q, PARA_BARE, themes ? expect : 0);
            if (q.b.nomem)
                im->nomem = true;
            else
                riap__im_add_items(im, ps, cat, &q, 0, q.b.n);
            riap__free(q.b.p);
        }
        if (bl != SIZE_MAX) {
            listed = true;
            i = bl;
        }
        last = p.last;
        riap__free(p.b.p);
    }
    size_t nxt = i;
    while (nxt < end && !starts_category(im, nxt, expect))
        nxt++;
    if (!listed && (after = bullet_list(im, ps, cat, i, nxt)) != SIZE_MAX) {
        listed = true;
        i = after;
    }
    if (!listed) {
        after = list_apart(im, ps, cat, i, nxt);
        listed = after != SIZE_MAX;
        i = listed ? after : i;
    }
    if (!listed && !im->nomem)
        diag(im, "import-no-list", RIAP_SEVERITY_WARNING, &im->L[last], im->L[last].start,
             "the text of '%s' ends without a list of projects in parentheses (…、…): it is "
             "imported as the description alone, with no project",
             "区分「%s」の文が事業の一覧 (括弧の中の「…、…」) なしで終わっています: 説明だけを"
             "取り込み、事業はありません",
             cat->id);
    riap__im_captions(im, i, nxt, ps, cat);
    return nxt;
}

/* The categories of a plan, from line i (a heading or a numbered theme) to end. */
static void categories(importer *im, plan_state *ps, size_t i, size_t end, bool themes)
{
    riap_plan *plan = ps->plan;
    /* the scheme: (N) headings that are all the default scheme's, or themes of the plan's own */
    for (size_t j = i; j < end && !themes; j++)
        if (im->L[j].kind == L_HEADING) {
            para hp;
            read_heading(im, j, end, im->L[j].number, false, &hp);
            themes = riap__im_tokyo_match(hp.b.p ? hp.b.p : "", hp.b.n, im->L[j].number) != 2;
            riap__free(hp.b.p);
        }
    if (themes && riap_plan_set_scheme(plan, "themes") == RIAP_ERR_NOMEM)
        im->nomem = true;
    int expect = 1;
    while (i < end && !im->nomem) {
        const line *l = &im->L[i];
        if (!starts_category(im, i, expect)) {
            /* a caption (text before the heading expected next) */
            size_t j = i + 1;
            while (j < end && !starts_category(im, j, expect))
                j++;
            riap__im_captions(im, i, j, ps, NULL);
            i = j;
            continue;
        }
        int number = expect;
        para hp;
        i = read_heading(im, i, end, number, themes, &hp);
        char id[32];
        if (themes)
            snprintf(id, sizeof id, "theme-%d", number);
        else
            snprintf(id, sizeof id, "%s", riap__im_tokyo[number - 1].id);
        riap_category *cat = NULL;
        riap_status st = hp.b.nomem ? RIAP_ERR_NOMEM
                                    : riap_plan_add_category(&cat, plan, id, hp.b.p ? hp.b.p : "");
        riap__free(hp.b.p);
        if (st == RIAP_ERR_NOMEM) {
            im->nomem = true;
            return;
        }
        expect = number + 1;
        if (!cat) {
            char q[160];
            diag(im, "import-unplaced", RIAP_SEVERITY_WARNING, l, l->start,
                 "the heading '%s' cannot be read as a category",
                 "見出し「%s」を区分として読めません",
                 riap__im_quote(q, sizeof q, im, l->start, l->end));
            continue;
        }
        cat->pos = cat->heading_pos = riap__im_pos_at(im, l, l->start);
        if (!plan->initiatives_pos.line)
            plan->initiatives_pos = cat->pos;
        i = category_text(im, ps, cat, i, end, expect, themes, themes || number == 3);
    }
}

static bool ends_sentence(const para *p)
{
    return p->b.n >= 3 && (!memcmp(p->b.p + p->b.n - 3, "\xE3\x80\x82", 3) || /* 。 */
                           !memcmp(p->b.p + p->b.n - 3, "\xEF\xBC\x8E", 3));  /* ． */
}

/* A paragraph p of the overview that does not end a sentence, whose last line is a short one
 * with no 、 or 。 after a line that fills the layout's width, and whose sentence goes on on
 * the line right after it (…今までの支援の / 区内事業所数の推移 / 継続では、…。): that short line
 * is a caption set inside the paragraph. The paragraph is joined to the lines after the caption
 * in p (the caption's line marked L_INSET, kept as a caption, and named in a warning); returns
 * the line after them, or SIZE_MAX (p untouched) when p is not so. */
static size_t around_caption(importer *im, plan_state *ps, para *p, size_t end)
{
    size_t c = p->last, nx = c + 1;
    if (c == p->first || nx >= end || im->L[nx].kind != L_TEXT || im->L[c].brk)
        return SIZE_MAX;
    const line *cl = &im->L[c], *bl = &im->L[c - 1];
    for (size_t i = cl->start; i + 3 <= cl->end; i++)
        if (!memcmp(im->t + i, "\xE3\x80\x81", 3) || !memcmp(im->t + i, "\xE3\x80\x82", 3))
            return SIZE_MAX; /* 、 。 */
    if (cl->width + 6 >= bl->wrap || bl->width + 6 < bl->wrap)
        return SIZE_MAX;
    para q;
    size_t after = riap__im_paragraph(im, nx, end, &q, PARA_PROSE, 1);
    bool sentence = !q.b.nomem && ends_sentence(&q);
    riap__free(q.b.p);
    if (!sentence)
        return SIZE_MAX;
    riap__im_captions(im, c, c + 1, ps, NULL);
    char qc[160];
    diag(im, "import-ambiguous-line", RIAP_SEVERITY_WARNING, cl, cl->start,
         "'%s' stands inside a paragraph of the overview: it is read as a figure caption, and "
         "the paragraph goes on after it (check the overview)",
         "「%s」は概要の段落の途中にあるため図の説明として読み、段落はその後に続けました (概要"
         "を確かめてください)",
         riap__im_quote(qc, sizeof qc, im, cl->start, cl->end));
    im->L[c].kind = L_INSET;
    p->b.n = 0;
    const line *prev = NULL;
    for (size_t j = p->first; j < after; j++)
        if (im->L[j].kind == L_TEXT) {
            riap__im_join(im, &p->b, prev, &im->L[j]);
            prev = &im->L[j];
        }
    p->last = after - 1;
    return after;
}

/* The overview and what comes before the first category: paragraphs that end a sentence are
 * the overview, the rest captions. Returns where the categories start. */
static size_t overview(importer *im, plan_state *ps, size_t i, size_t end, bool *themes)
{
    bool listing = false; /* in a bulleted list the overview introduced */
    while ((i = riap__im_next_line(im, i, end)) < end) {
        const line *l = &im->L[i];
        size_t after;
        if (l->kind != L_TEXT)
            break;
        if (riap__im_theme_line(im, l, 1, &after)) {
            *themes = true;
            break;
        }
        para p;
        size_t nx = riap__im_paragraph(im, i, end, &p, PARA_PROSE, 1);
        if (p.b.nomem) {
            riap__free(p.b.p);
            im->nomem = true;
            return end;
        }
        size_t joined = ends_sentence(&p) ? SIZE_MAX : around_caption(im, ps, &p, end);
        if (p.b.nomem) {
            riap__free(p.b.p);
            im->nomem = true;
            return end;
        }
        if (joined != SIZE_MAX)
            nx = joined;
        /* a paragraph that introduces a list (…を柱とする：) and the bulleted lines after it are
         * the overview's too, each a paragraph */
        size_t nl = riap__im_next_line(im, nx, end);
        bool colon = p.b.n >= 3 && (p.b.p[p.b.n - 1] == ':' ||
                                    !memcmp(p.b.p + p.b.n - 3, "\xEF\xBC\x9A", 3)); /* ： */
        bool introduces =
            colon && nl < end && im->L[nl].kind == L_TEXT && riap__im_bullet_at(im, &im->L[nl]);
        bool item = listing && riap__im_bullet_at(im, l);
        listing = introduces || item;
        if (ends_sentence(&p) || introduces || item) {
            riap_status st =
                riap__strv_push(NULL, &ps->plan->overview, p.b.p, riap__im_pos_at(im, l, l->start));
            if (st == RIAP_ERR_NOMEM)
                im->nomem = true;
            else
                riap__im_keep_text(im, ps->plan->overview.v[ps->plan->overview.n - 1],
                                   ps->plan_index, &p);
        } else {
            riap__im_captions(im, i, nx, ps, NULL);
        }
        riap__free(p.b.p);
        i = nx;
    }
    return i;
}

/* One plan: the header at line h, to the next header or the end. Returns where it ends. */
static size_t plan(importer *im, size_t h)
{
    size_t end = h + 1;
    while (end < im->nl && im->L[end].kind != L_HEADER)
        end++;
    const line *hl = &im->L[h];
    header hd;
    riap__im_parse_header(im, hl, &hd);
    size_t i = h + 1;
    const line *pl = hl;
    size_t pa = hd.rest_a, pb = hd.rest_b;
    if (pa >= pb) { /* the period on the next line */
        size_t j = riap__im_next_line(im, h + 1, end);
        if (j < end && im->L[j].kind == L_TEXT) {
            size_t k;
            uint32_t cp = riap__im_fold(riap__im_cp_at(im, im->L[j].start, &k));
            size_t llen = im->L[j].end - im->L[j].start;
            if (cp == 0x3010 || cp == '[' ||
                (llen >= 12 && !memcmp(im->t + im->L[j].start, "計画期間", 12))) {
                pl = &im->L[j];
                pa = pl->start;
                pb = pl->end;
                i = j + 1;
            }
        }
    }
    /* the municipality and the period are read into a plan of their own first: the plan's id
     * is made from them */
    riap_doc *sd = NULL;
    riap_plan *sp = NULL;
    if (riap_doc_new(&sd) != RIAP_OK || riap_doc_add_plan(&sp, sd, "header") != RIAP_OK) {
        riap_doc_free(sd);
        im->nomem = true;
        return im->nl;
    }
    size_t before = im->r->list.n;
    bool ok = riap__im_find_municipality(im, hl, hd.muni_a, hd.muni_b, sp, im->common_pref);
    riap_era_range range;
    memset(&range, 0, sizeof range);
    set_period(im, sp, pl, pa, pb, &range);
    for (size_t k = before; k < im->r->list.n; k++)
        ok = ok && im->r->list.v[k].severity != RIAP_SEVERITY_ERROR;
    char id[128];
    bool made = true;
    if (ok)
        made = riap__im_make_id(im, sp->muni_code, sp->period_text ? &range : NULL, im->nplans + 1,
                                id, sizeof id);
    else
        snprintf(id, sizeof id, "unread-%zu", im->nplans + 1);
    /* a plan is always made, so that what follows is read and checked too; one whose header
     * cannot be read is dropped (its errors say why, and there is no document). The id is
     * unique (riap__im_make_id): adding the plan fails only for want of memory. */
    riap_plan *p = NULL;
    riap_status st = made ? riap_doc_add_plan(&p, im->doc, id) : RIAP_ERR_NOMEM;
    riap_plan **np = NULL;
    if (st == RIAP_OK && im->nplans == im->capplans) {
        size_t cap = im->capplans ? 2 * im->capplans : 16;
        np = riap__realloc(im->plans, cap * sizeof *np);
        if (np) {
            im->plans = np;
            im->capplans = cap;
        }
    } else if (st == RIAP_OK) {
        np = im->plans;
    }
    if (!np) {
        riap_doc_free(sd);
        im->nomem = true;
        return im->nl;
    }
    im->plans[im->nplans] = p;
    plan_state ps;
    memset(&ps, 0, sizeof ps);
    ps.plan = p;
    ps.plan_index = im->nplans;
    im->nplans++;
    p->pos = riap__im_pos_at(im, hl, hl->start);
    char *title = riap__strndup(im->t + hd.title_a, hd.title_b - hd.title_a);
    if (!title || riap_plan_set_title(p, title) == RIAP_ERR_NOMEM)
        im->nomem = true;
    riap__free(title);
    p->title_pos = riap__im_pos_at(im, hl, hd.title_a);
    /* copied from a plan that took them: only memory can fail (anything else, the validation
     * of the plan says) */
    if (ok && ((sp->muni_name &&
                riap_plan_set_municipality(p, sp->muni_name, sp->muni_kind, sp->prefecture,
                                           sp->muni_code) == RIAP_ERR_NOMEM) ||
               (sp->period_text && riap_plan_set_period_as_written(
                                       p, sp->period_text, sp->has_from ? &sp->period_from : NULL,
                                       sp->has_to ? &sp->period_to : NULL) == RIAP_ERR_NOMEM)))
        im->nomem = true;
    p->muni_pos = sp->muni_pos;
    p->period_pos = sp->period_pos;
    riap_doc_free(sd);
    bool themes = false;
    i = overview(im, &ps, i, end, &themes);
    if (i < end)
        categories(im, &ps, i, end, themes);
    riap__im_link_stars(im, &ps);
    riap__free(ps.stars);
    char q[RIAP__QUOTE_SIZE];
    if (ok && !p->overview.n)
        diag(im, "import-no-overview", RIAP_SEVERITY_ERROR, hl, hl->start,
             "the plan '%s' has no overview: a paragraph after its header",
             "計画「%s」に概要 (見出しの後の段落) がありません", riap__quote(q, p->title, 0));
    if (ok && !p->n_cats)
        diag(im, "import-no-category", RIAP_SEVERITY_ERROR, hl, hl->start,
             "the plan '%s' has no category of initiatives ((１) …, or １ …)",
             "計画「%s」に取組の区分 ((１) … または １ …) がありません",
             riap__quote(q, p->title, 0));
    if (!ok)
        im->plans[ps.plan_index] = NULL;
    else if (!im->common_pref && p->prefecture)
        im->common_pref = p->prefecture;
    return end;
}

/* ---- the document ---- */

/* A title line 【…】 before the first plan: the summary's title. */
static void document_title(importer *im, size_t i)
{
    const line *l = &im->L[i];
    size_t k, e;
    if (l->kind != L_TEXT || riap__im_cp_at(im, l->start, &k) != 0x3010) /* 【 */
        return;
    size_t a = l->start + k;
    e = l->end - 1;
    while (e > a && ((unsigned char)im->t[e] & 0xC0) == 0x80)
        e--;
    if (e <= a || riap__im_cp_at(im, e, &k) != 0x3011) /* 】 */
        return;
    char *title = riap__strndup(im->t + a, e - a);
    riap_status st =
        title ? riap_doc_set_meta(im->doc, RIAP_DOC_SOURCE_TITLE, title) : RIAP_ERR_NOMEM;
    riap__free(title);
    if (st == RIAP_ERR_NOMEM)
        im->nomem = true;
    if (st != RIAP_OK)
        return;
    im->doc->meta_pos[RIAP_DOC_SOURCE_TITLE] = riap__im_pos_at(im, l, a);
    im->title_line = i;
    /* the title repeated at the top of each page is a page header */
    for (size_t j = i + 1; j < im->nl; j++) {
        line *r = &im->L[j];
        if (r->kind == L_TEXT && r->end - r->start == l->end - l->start &&
            !memcmp(im->t + r->start, im->t + l->start, l->end - l->start))
            r->kind = L_SKIP;
    }
}

/* The plans of a summary that says it lists approved plans, all of one prefecture, were
 * approved by that prefecture (a regional industry activation plan is approved by its
 * prefecture). */
static void approver(importer *im)
{
    const char *title = riap_doc_meta(im->doc, RIAP_DOC_SOURCE_TITLE), *pref = NULL;
    if (!title || !strstr(title, "承認"))
        return;
    for (size_t i = 0; i < im->nplans; i++) {
        const riap_plan *p = im->plans[i];
        if (!p || !p->prefecture || (pref && strcmp(pref, p->prefecture)))
            return;
        pref = p->prefecture;
    }
    const char *code = pref ? riap__pref_code(pref) : NULL;
    if (code && (riap_doc_set_meta(im->doc, RIAP_DOC_APPROVER, pref) == RIAP_ERR_NOMEM ||
                 riap_doc_set_meta(im->doc, RIAP_DOC_APPROVER_CODE, code) == RIAP_ERR_NOMEM))
        im->nomem = true;
}

static void run(importer *im)
{
    if (!riap__im_split_lines(im)) {
        im->nomem = true;
        return;
    }
    if (im->failed)
        return;
    riap__im_classify(im);
    im->title_line = SIZE_MAX;
    size_t i = 0;
    while (i < im->nl && im->L[i].kind == L_BLANK)
        i++;
    if (i < im->nl && (im->L[i].kind == L_TEXT || im->L[i].kind == L_SKIP)) {
        /* the title, also when it runs at the top of every page */
        int kind = im->L[i].kind;
        im->L[i].kind = L_TEXT;
        document_title(im, i);
        if (im->title_line == i)
            i++;
        else
            im->L[i].kind = kind;
    }
    riap__im_layout(im);
    char q[160];
    for (; i < im->nl && im->L[i].kind != L_HEADER; i++) {
        i = riap__im_next_line(im, i, im->nl);
        if (i < im->nl && im->L[i].kind != L_HEADER)
            diag(im, "import-unplaced", RIAP_SEVERITY_WARNING, &im->L[i], im->L[i].start,
                 "'%s' comes before the first plan's header and is not imported",
                 "「%s」は最初の計画の見出しより前にあり、取り込みません",
                 riap__im_quote(q, sizeof q, im, im->L[i].start, im->L[i].end));
        if (i >= im->nl || im->L[i].kind == L_HEADER)
            break;
    }
    if (i >= im->nl) {
        diag(im, "import-no-plan", RIAP_SEVERITY_ERROR, (const line *)NULL, 0,
             "no plan header (「TITLE」（MUNICIPALITY）【計画期間：PERIOD】) in the text",
             "計画の見出し (「計画名」（市区町村）【計画期間：期間】) がありません");
        return;
    }
    while (i < im->nl && !im->nomem)
        i = plan(im, i);
    if (!im->nomem)
        riap__im_place_captions(im);
    if (!im->nomem)
        approver(im);
}

static void validate_plans(importer *im)
{
    riap__vsession *vs = NULL;
    if (riap__vsession_new(&vs, im->r, im->ctx) != RIAP_OK) {
        im->nomem = true;
        return;
    }
    riap__vsession_importing(vs); /* import-code-unknown said what municipality-unknown would */
    riap__im_sort_texts(im);
    riap__vsession_text_map(vs, riap__im_map_text, im); /* the characters of joined lines */
    for (size_t i = 0; i < im->nplans; i++)
        if (im->plans[i]) {
            im->map_plan = i;
            riap__vsession_plan(vs, im->plans[i]);
        }
    if (riap__vsession_finish(vs) != RIAP_OK)
        im->nomem = true;
}

riap_status riap_import_text(riap_doc **out, riap_report **report, riap_ctx *ctx, const char *text,
                             size_t len, const char *name)
{
    riap__ctx_begin(ctx);
    if (out)
        *out = NULL;
    if (report)
        *report = NULL;
    if (!out || !report || (!text && len))
        return riap__arg_error(ctx);
    importer im;
    memset(&im, 0, sizeof im);
    im.ctx = ctx;
    riap_ctx *own = NULL;
    riap_status st = riap__report_new(&im.r, name);
    if (st == RIAP_OK && !ctx)
        st = riap_ctx_new(&own);
    if (st == RIAP_OK)
        st = riap_doc_new(&im.doc);
    if (st == RIAP_OK)
        riap_doc_set_options(im.doc, riap_ctx_options(ctx));
    im.era = ctx ? ctx : own;
    if (st == RIAP_OK) {
        if (len > riap_ctx_max_document_size(ctx))
            riap__im_report_at(&im, "too-large", RIAP_SEVERITY_ERROR, (riap__pos){0}, -1,
                               "the text is larger than the context's limit (%llu bytes)",
                               "テキストがコンテキストの上限 (%llu バイト) を超えています",
                               (unsigned long long)riap_ctx_max_document_size(ctx));
        else if (riap__im_decode(&im, text ? text : "", len))
            run(&im);
        if (!im.failed && !im.nomem)
            validate_plans(&im);
        if (im.nomem || im.r->list.nomem)
            st = RIAP_ERR_NOMEM;
    }
    for (size_t i = 0; i < im.ncaps; i++)
        riap__free(im.caps[i].text);
    riap__free(im.caps);
    riap__im_free_stems(&im);
    riap__free(im.texts);
    riap__free(im.plans);
    riap__free(im.L);
    riap__free(im.owned);
    riap_ctx_free(own);
    if (st != RIAP_OK) {
        riap_doc_free(im.doc);
        riap_report_free(im.r);
        riap__ctx_diag(ctx, "nomem", RIAP_SEVERITY_ERROR, -1, 0, 0, "out of memory",
                       "メモリが足りません");
        return st;
    }
    riap__report_finish(im.r);
    if (im.r->errors == 0) {
        *out = im.doc;
    } else {
        riap_doc_free(im.doc);
    }
    *report = im.r;
    return RIAP_OK;
}
