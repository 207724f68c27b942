/* SPDX-License-Identifier: MIT */
/* import_list: a category's body (its description and its projects in （…、…）), the ☆ links,
 * and the figure captions with the plan and category they belong to. */
#include "config.h"

#include "import_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- categories and their project lists ---- */

/* The headings of RIAP_SCHEME_DEFAULT, folded (ASCII digits and parentheses, no spaces). */
const riap__im_heading riap__im_tokyo[] = {
    {"collaboration", "(1)多様な主体との連携を図る取組"},
    {"transformation", "(2)感染症や災害などの発生による社会経済活動の大きな変化や社会構造の変革"
                       "への対応に係る取組"},
    {"other", "(3)(1)、(2)以外の取組"},
};

/* How text (a heading as written) compares with the default scheme's heading number n, folded:
 * 0 it is another, 1 it is a beginning of it (a heading broken over lines), 2 it starts with
 * all of it (what follows, as （持続的な産業基盤の整備）, stays in the heading as written). */
int riap__im_tokyo_match(const char *text, size_t len, int n)
{
    if (n < 1 || n > 3)
        return 0;
    const char *h = riap__im_tokyo[n - 1].heading;
    size_t j = 0;
    for (size_t i = 0; i < len && h[j];) {
        uint32_t cp = 0;
        size_t k = riap__utf8_decode((const unsigned char *)text + i, len - i, &cp);
        if (!k)
            return 0;
        i += k;
        cp = riap__im_fold(cp);
        if (cp == ' ')
            continue;
        char u[4];
        size_t ul = riap__utf8_encode(cp, u);
        if (strncmp(h + j, u, ul))
            return 0;
        j += ul;
    }
    return h[j] == 0 ? 2 : 1;
}

/* Where byte `off` of a paragraph's text is in the input: the paragraph's lines hold its text
 * in order, joined with at most one added space. Asked for offsets in order (a list's items),
 * it goes on from the line where it was, so that a paragraph is walked once. */
void riap__im_para_pos(const importer *im, para *p, size_t off, size_t *line_out, size_t *at)
{
    size_t done = 0, from = p->first;
    if (p->at && off + 1 >= p->at) {
        from = p->at_line;
        done = p->at_done;
    }
    p->at = off + 1;
    for (size_t i = from; i <= p->last; i++) {
        p->at_line = i;
        p->at_done = done;
        const line *l = &im->L[i];
        if (l->kind != L_TEXT && i != p->first)
            continue;
        size_t len = l->end - l->start;
        if (off < done + len || i == p->last) {
            *line_out = i;
            *at = l->start + (off - done < len ? off - done : len);
            return;
        }
        done += len;
        if (done < p->b.n && p->b.p[done] == ' ' &&
            (l->end == l->start || im->t[l->end - 1] != ' '))
            done++; /* the space riap__im_join() added */
    }
    *line_out = p->first;
    *at = im->L[p->first].start;
}

void riap__im_keep_text(importer *im, const char *s, size_t plan, const para *p)
{
    if (!s)
        return;
    if (im->ntexts == im->captexts) {
        size_t cap = im->captexts ? 2 * im->captexts : 64;
        im_text *v = riap__realloc(im->texts, cap * sizeof *v);
        if (!v) {
            im->nomem = true;
            return;
        }
        im->texts = v;
        im->captexts = cap;
    }
    im->texts[im->ntexts] = (im_text){s, plan, p->first, p->last, im->ntexts};
    im->ntexts++;
}

static int by_plan(const void *a, const void *b)
{
    const im_text *x = a, *y = b;
    if (x->plan != y->plan)
        return x->plan < y->plan ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void riap__im_sort_texts(importer *im)
{
    if (im->ntexts > 1)
        qsort(im->texts, im->ntexts, sizeof *im->texts, by_plan);
}

riap__pos riap__im_map_text(void *user, const char *s, riap__pos pos, size_t off)
{
    importer *im = user;
    /* the kept texts of one plan are together: found from the first, by halving */
    size_t lo = 0, hi = im->ntexts;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (im->texts[mid].plan < im->map_plan)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < im->ntexts && im->texts[i].plan == im->map_plan; i++) {
        if (im->texts[i].s != s)
            continue;
        para p = {.first = im->texts[i].first, .last = im->texts[i].last};
        p.b.p = (char *)s;
        p.b.n = strlen(s);
        size_t ln, at;
        riap__im_para_pos(im, &p, off, &ln, &at);
        riap__pos q = riap__im_pos_at(im, &im->L[ln], at);
        int64_t o = riap__im_offset_of(im, &im->L[ln], at);
        q.at = o >= 0 ? (uint64_t)o + 1 : 0;
        return q;
    }
    return pos;
}

/* Does t[a, b) hold the string s? */
static bool holds(const char *t, size_t a, size_t b, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = a; i + n <= b; i++)
        if (t[i] == s[0] && !memcmp(t + i, s, n))
            return true;
    return false;
}

static const char *const mark_text[MARKS] = {"\xE2\x98\x86", "\xE2\x98\x85"}; /* ☆ ★ */

/* The mark cp is (MARK_WHITE, MARK_BLACK), or -1. */
static int mark_of(uint32_t cp)
{
    return cp == 0x2606 ? MARK_WHITE : cp == 0x2605 ? MARK_BLACK : -1;
}

/* A note of a project list, t[s0, s1) (from its ※), at line ln, byte at: the one that says what
 * a mark means (※☆の事業も併せて実施: the projects marked ☆ are also carried out under this
 * category), kept for riap__im_link_stars; any other is named in a warning. `apart`: the note
 * stands on a line of its own after the list. */
/* The marks whose meaning the note t[s0, s1) gives (※☆の事業も併せて実施): a bit per mark. */
static unsigned legend_marks(const char *t, size_t s0, size_t s1)
{
    unsigned marks = 0;
    if (holds(t, s0, s1, "併せて") || holds(t, s0, s1, "合わせて") || holds(t, s0, s1, "あわせて"))
        for (int m = 0; m < MARKS; m++)
            if (holds(t, s0, s1, mark_text[m]))
                marks |= 1u << m;
    return marks;
}

/* The number of the category a note names, (2) or （２） (※☆の事業は（２）の取組も併せて実施),
 * 1 to 9; 0 when it names none. */
static unsigned named_category(const char *t, size_t s0, size_t s1)
{
    static const char *const open[] = {"(", "\xEF\xBC\x88"}, *const close[] = {")", "\xEF\xBC\x89"};
    for (size_t i = s0; i < s1; i++)
        for (int o = 0; o < 2; o++) {
            size_t k = strlen(open[o]);
            if (i + k >= s1 || memcmp(t + i, open[o], k))
                continue;
            size_t j = i + k;
            unsigned n = 0;
            if (t[j] >= '1' && t[j] <= '9') /* 1-9, or the full-width １-９ (EF BC 91-99) */
                n = (unsigned)(t[j++] - '0');
            else if (j + 3 <= s1 && !memcmp(t + j, "\xEF\xBC", 2) &&
                     (unsigned char)t[j + 2] >= 0x91 && (unsigned char)t[j + 2] <= 0x99)
                n = (unsigned)((unsigned char)t[j + 2] - 0x90), j += 3;
            for (int c = 0; n && c < 2; c++)
                if (j + strlen(close[c]) <= s1 && !memcmp(t + j, close[c], strlen(close[c])))
                    return n;
        }
    return 0;
}

void riap__im_list_note(importer *im, plan_state *ps, const riap_category *cat, const char *t,
                        size_t s0, size_t s1, size_t ln, size_t at, bool apart)
{
    unsigned marks = legend_marks(t, s0, s1);
    /* the category the marked projects also belong to: the one the note names by its number,
     * or else the one whose list holds the note (riap__im_link_stars) */
    for (int m = 0; m < MARKS; m++)
        if (marks & (1u << m)) {
            if (ps->note_cat[m]) { /* one note a mark */
                char q[160];
                riap__excerpt(q, sizeof q, t + s0, s1 - s0, 60);
                diag(im, "import-unplaced", RIAP_SEVERITY_WARNING, &im->L[ln], at,
                     "the note '%s' says again what %s means in this plan: it is left out, the "
                     "first one counts",
                     "注記「%s」は、この計画で%sの意味を再び示しています: 最初の注記に従い、これ"
                     "は除きました",
                     q, mark_text[m]);
                continue;
            }
            ps->note_num[m] = named_category(t, s0, s1);
            ps->note_cat[m] = cat->id;
            ps->note_line[m] = ln;
            ps->note_at[m] = at;
        }
    if (marks)
        return;
    char q[160];
    riap__excerpt(q, sizeof q, t + s0, s1 - s0, 60);
    if (apart)
        diag(im, "import-unplaced", RIAP_SEVERITY_WARNING, &im->L[ln], at,
             "the note '%s' after the project list of '%s' is not one the model holds: it is "
             "left out",
             "事業の一覧 (%2$s) の後の注記「%1$s」はモデルに入れられないため、除きました", q,
             cat->id);
    else
        diag(im, "import-unplaced", RIAP_SEVERITY_WARNING, &im->L[ln], at,
             "the note '%s' in the project list of '%s' is not one the model holds: it is left "
             "out",
             "事業の一覧 (%2$s) の注記「%1$s」はモデルに入れられないため、除きました", q, cat->id);
}

/* Takes a mark (☆ ★) off the start or the end of item t[*s0, *s1) and the spaces it leaves:
 * the mark (MARK_WHITE, MARK_BLACK), or -1 when there is none. */
static int take_mark(const char *t, size_t *s0, size_t *s1)
{
    uint32_t cp = 0;
    int mark = -1;
    size_t k = *s0 < *s1 ? riap__utf8_decode((const unsigned char *)t + *s0, *s1 - *s0, &cp) : 0;
    if (k && (mark = mark_of(cp)) >= 0)
        *s0 += k;
    size_t e = *s1;
    while (e > *s0 && ((unsigned char)t[e - 1] & 0xC0) == 0x80)
        e--;
    k = e > *s0 ? riap__utf8_decode((const unsigned char *)t + e - 1, *s1 - e + 1, &cp) : 0;
    int end = k ? mark_of(cp) : -1;
    if (end >= 0 && e - 1 > *s0) {
        *s1 = e - 1;
        mark = mark < 0 ? end : mark;
    }
    for (;;) {
        if (*s1 > *s0 && t[*s1 - 1] == ' ')
            (*s1)--;
        else if (*s1 - *s0 >= 3 && !memcmp(t + *s1 - 3, "\xE3\x80\x80", 3))
            *s1 -= 3;
        else
            break;
    }
    while (*s0 < *s1 && (t[*s0] == ' ' || (*s1 - *s0 >= 3 && !memcmp(t + *s0, "\xE3\x80\x80", 3))))
        *s0 += t[*s0] == ' ' ? 1 : 3;
    return mark;
}

/* Keeps the project pr marked `mark` for riap__im_link_stars. Returns false when out of
 * memory. */
static bool keep_star(importer *im, plan_state *ps, riap_project *pr, size_t ln, size_t at,
                      int mark)
{
    if (ps->nstars == ps->capstars) {
        size_t nc = ps->capstars ? 2 * ps->capstars : 8;
        star *ns = riap__realloc(ps->stars, nc * sizeof *ns);
        if (!ns) {
            im->nomem = true;
            return false;
        }
        ps->stars = ns;
        ps->capstars = nc;
    }
    ps->stars[ps->nstars++] = (star){pr, ln, at, mark};
    return true;
}

/* One item of a project list, t[s0, s1) without surrounding spaces, at line ln, byte at: a
 * project (a mark before or after its name taken off and kept), a note, or a warning. Returns
 * false when out of memory. */
static bool add_item(importer *im, plan_state *ps, riap_category *cat, const char *t, size_t s0,
                     size_t s1, size_t ln, size_t at)
{
    char q[160];
    uint32_t cp = 0;
    if (s0 < s1)
        riap__utf8_decode((const unsigned char *)t + s0, s1 - s0, &cp);
    if (cp == 0x203B) { /* ※ a note */
        riap__im_list_note(im, ps, cat, t, s0, s1, ln, at, false);
        return true;
    }
    int mark = take_mark(t, &s0, &s1);
    if (s0 >= s1) {
        diag(im, "import-unplaced", RIAP_SEVERITY_WARNING, &im->L[ln], at,
             "an empty item in the project list of '%s'", "「%s」の事業の一覧に空の項目があります",
             cat->id);
        return true;
    }
    char *name = riap__strndup(t + s0, s1 - s0);
    riap_project *pr = NULL;
    riap_status st = name ? riap_category_add_project(&pr, cat, name) : RIAP_ERR_NOMEM;
    riap__free(name);
    if (st == RIAP_ERR_NOMEM) {
        im->nomem = true;
        return false;
    }
    if (!pr) {
        riap__excerpt(q, sizeof q, t + s0, s1 - s0, 60);
        diag(im, "import-unplaced", RIAP_SEVERITY_WARNING, &im->L[ln], at,
             "'%s' cannot be a project name", "「%s」は事業の名称にできません", q);
        return true;
    }
    pr->pos = riap__im_pos_at(im, &im->L[ln], at);
    return mark < 0 || keep_star(im, ps, pr, ln, at, mark);
}

/* Warns of the line the layout alone joined to a list of projects (riap__im_paragraph). */
static void joined_by_width(importer *im, const para *p, const riap_category *cat)
{
    if (p->guess == SIZE_MAX)
        return;
    const line *l = &im->L[p->guess];
    char q[160];
    diag(im, "import-ambiguous-line", RIAP_SEVERITY_WARNING, l, l->start,
         "'%s' is read as the rest of the project list of '%s' only because the line before "
         "it reaches the layout's width: it may be a figure caption (check the last project)",
         "「%s」は前の行が行幅いっぱいであることだけから区分「%s」の事業の一覧の続きとして"
         "読みました: 図の説明かもしれません (最後の事業を確かめてください)",
         riap__im_quote(q, sizeof q, im, l->start, l->end), cat->id);
}

void riap__im_add_items(importer *im, plan_state *ps, riap_category *cat, para *p, size_t a,
                        size_t b)
{
    const char *t = p->b.p;
    size_t i = a;
    if (b == p->b.n) /* a list without parentheses: the layout alone ends it */
        joined_by_width(im, p, cat);
    while (i <= b) {
        size_t e = i;
        int d = 0;
        while (e < b) {
            uint32_t cp;
            size_t k = riap__im_next(t, e, b, &cp);
            int nd = riap__im_depth_after(d, cp);
            if (nd == d && d == 0 && (cp == 0x3001 || cp == 0xFF0C))
                break; /* a 、 outside brackets */
            d = nd;
            e += k;
        }
        size_t s0 = i, s1 = e;
        while (s0 < s1 && (t[s0] == ' ' || (s1 - s0 >= 3 && !memcmp(t + s0, "\xE3\x80\x80", 3))))
            s0 += t[s0] == ' ' ? 1 : 3;
        while (s1 > s0 && t[s1 - 1] == ' ')
            s1--;
        size_t lab = i == a && s0 < s1 ? riap__im_label(t, s0, s1) : 0;
        if (lab && s0 + lab < s1) /* （【事業】…、…） */
            s0 += lab;
        size_t ln, at;
        riap__im_para_pos(im, p, s0, &ln, &at);
        if ((s0 < s1 || e < b || s1 > i) && !add_item(im, ps, cat, t, s0, s1, ln, at))
            return;
        i = e + 3;
        if (e >= b)
            break;
    }
}

void riap__im_add_one(importer *im, plan_state *ps, riap_category *cat, para *p, size_t a)
{
    size_t b = p->b.n, ln, at;
    while (b > a && p->b.p[b - 1] == ' ')
        b--;
    riap__im_para_pos(im, p, a, &ln, &at);
    add_item(im, ps, cat, p->b.p, a, b, ln, at);
}

size_t riap__im_final_group(const char *t, size_t n)
{
    size_t last = n;
    while (last > 0 && ((unsigned char)t[last - 1] & 0xC0) == 0x80)
        last--;
    if (last > 0)
        last--;
    uint32_t cp = 0;
    size_t k = n ? riap__utf8_decode((const unsigned char *)t + last, n - last, &cp) : 0;
    if (!k || (cp != ')' && cp != 0xFF09))
        return SIZE_MAX;
    int d = 0;
    for (size_t i = last + 1; i-- > 0;) {
        if (((unsigned char)t[i] & 0xC0) == 0x80)
            continue;
        uint32_t c2 = 0;
        riap__utf8_decode((const unsigned char *)t + i, n - i, &c2);
        if (c2 == ')' || c2 == 0xFF09)
            d++;
        else if ((c2 == '(' || c2 == 0xFF08) && --d == 0)
            return i;
    }
    return SIZE_MAX;
}

bool riap__im_weekday_note(const char *t, size_t open, size_t n)
{
    size_t i = open + ((unsigned char)t[open] < 0x80 ? 1 : 3), chars = 0;
    for (uint32_t cp = 0; i < n; chars++) {
        i += riap__im_next(t, i, n, &cp);
        if (cp == ')' || cp == 0xFF09)
            return chars > 0 && i == n;
        if (!(cp == 0x6708 || cp == 0x706B || cp == 0x6C34 || cp == 0x6728 || cp == 0x91D1 ||
              cp == 0x571F || cp == 0x65E5 || cp == 0x795D || cp == 0x66DC || cp == 0x30FB))
            return false; /* 月火水木金土日祝曜・ */
    }
    return false;
}

/* The list in parentheses that ends t[0, n): where it opens (*close: where it closes), or
 * SIZE_MAX; a weekday note (（木）) is no list. */
static size_t final_list(const char *t, size_t n, size_t *close)
{
    size_t open = riap__im_final_group(t, n);
    if (open == SIZE_MAX || riap__im_weekday_note(t, open, n))
        return SIZE_MAX;
    size_t last = n;
    while (last > 0 && ((unsigned char)t[last - 1] & 0xC0) == 0x80)
        last--;
    *close = last - 1;
    return open;
}

/* Where the list after a label (【事業】A、B) that ends text t[0, n) starts: the label's index
 * (SIZE_MAX: none), and in *items where its items start. The last label outside brackets with
 * no sentence's end (。) after it and something after it is the list's. */
static size_t label_list(const char *t, size_t n, size_t *items)
{
    size_t label = SIZE_MAX, lab;
    int d = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = riap__im_next(t, i, n, &cp);
        if (d == 0 && (lab = riap__im_label(t, i, n)) > 0) {
            label = i + lab < n ? i : SIZE_MAX;
            *items = i + lab;
            i += lab;
            continue;
        }
        if (cp == 0x3002)
            label = SIZE_MAX;
        d = riap__im_depth_after(d, cp);
        i += k;
    }
    return label;
}

bool riap__im_whole_list(const para *p, size_t *a, size_t *b)
{
    if (p->b.n && label_list(p->b.p, p->b.n, a) == 0) {
        *b = p->b.n;
        return true;
    }
    size_t close, open = p->b.n ? final_list(p->b.p, p->b.n, &close) : SIZE_MAX;
    if (open != 0)
        return false;
    *a = (unsigned char)p->b.p[0] < 0x80 ? 1 : 3;
    *b = close;
    return *b > *a;
}

/* The text of paragraph p before byte `end`, without the spaces before it, as the category's
 * description (none when it is empty). */
static void describe(importer *im, size_t plan, riap_category *cat, para *p, size_t end)
{
    size_t ln, at;
    while (end > 0 && p->b.p[end - 1] == ' ')
        end--;
    if (end == 0)
        return;
    char *desc = riap__strndup(p->b.p, end);
    riap_status st = desc ? riap_category_set_description(cat, desc) : RIAP_ERR_NOMEM;
    riap__free(desc);
    if (st == RIAP_ERR_NOMEM)
        im->nomem = true;
    riap__im_para_pos(im, p, 0, &ln, &at);
    cat->description_pos = riap__im_pos_at(im, &im->L[ln], at);
    riap__im_keep_text(im, cat->description, plan, p);
}

/* Reads a category's body: a description followed by its projects after a label (【事業】…、…)
 * or in parentheses, or projects alone. */
bool riap__im_category_body(importer *im, plan_state *ps, riap_category *cat, para *p, bool bare)
{
    const char *t = p->b.p;
    size_t n = p->b.n, k, last;
    size_t ln, at;
    uint32_t cp = 0;
    size_t items, label = label_list(t, n, &items);
    if (label != SIZE_MAX) {
        describe(im, ps->plan_index, cat, p, label);
        riap__im_add_items(im, ps, cat, p, items, n);
        return true;
    }
    size_t open = final_list(t, n, &last);
    if (open != SIZE_MAX) {
        describe(im, ps->plan_index, cat, p, open);
        riap__im_add_items(im, ps, cat, p, open + ((unsigned char)t[open] < 0x80 ? 1 : 3), last);
        return true;
    }
    if (riap__im_depth_of(t, 0, n, NULL) > 0) {
        /* the opening parenthesis that is never closed */
        int d = 0;
        size_t where = 0;
        for (size_t i = 0; i < n; i += k) {
            k = riap__utf8_decode((const unsigned char *)t + i, n - i, &cp);
            if (!k)
                k = 1;
            if (riap__im_is_open(cp) && d++ == 0)
                where = i;
            else if (riap__im_is_close(cp) && d > 0)
                d--;
        }
        riap__im_para_pos(im, p, where, &ln, &at);
        diag(im, "import-unclosed-list", RIAP_SEVERITY_ERROR, &im->L[ln], at,
             "the parenthesis that opens the list of '%s' is never closed",
             "区分「%s」の一覧を開く括弧が閉じていません", cat->id);
        return true;
    }
    bool sentence = strstr(t, "\xE3\x80\x82") != NULL; /* 。 */
    if (bare && !sentence) {
        riap__im_add_items(im, ps, cat, p, 0, n);
        return true;
    }
    riap_status st = riap_category_set_description(cat, t);
    if (st == RIAP_ERR_NOMEM)
        im->nomem = true;
    riap__im_para_pos(im, p, 0, &ln, &at);
    cat->description_pos = riap__im_pos_at(im, &im->L[ln], at);
    riap__im_keep_text(im, cat->description, ps->plan_index, p);
    return false;
}

/* Links the projects marked ☆ (★) to the category whose list says ※☆の事業も併せて実施
 * (※★…); a mark no note explains is taken off the name and named in a warning. */
void riap__im_link_stars(importer *im, plan_state *ps)
{
    size_t marked[MARKS] = {0, 0};
    for (size_t i = 0; i < ps->nstars; i++) {
        star *s = &ps->stars[i];
        const char *cat = ps->note_cat[s->mark], *mk = mark_text[s->mark];
        unsigned num = ps->note_num[s->mark];
        marked[s->mark]++;
        char q[RIAP__QUOTE_SIZE];
        if (!cat) {
            diag(im, "import-unplaced", RIAP_SEVERITY_WARNING, &im->L[s->line], s->at,
                 "'%s' is marked %s, but no note says which other category it also belongs to "
                 "(※%sの事業も併せて実施): the mark is left out",
                 "「%s」に%sがありますが、併せて実施する区分を示す注記 (※%sの事業も併せて実施) "
                 "がないため、印は除きました",
                 riap__quote(q, s->project->name, 0), mk, mk);
            continue;
        }
        if (num > ps->plan->n_cats) {
            diag(im, "import-unplaced", RIAP_SEVERITY_WARNING, &im->L[s->line], s->at,
                 "'%s' is marked %s, but the note names the category (%u), which this plan does "
                 "not have: the mark is left out",
                 "「%s」に%sがありますが、注記が指す区分 (%u) はこの計画にありません: 印は除き"
                 "ました",
                 riap__quote(q, s->project->name, 0), mk, num);
            continue;
        }
        if (num) /* the category of that number, in the plan's order */
            cat = ps->plan->cats[num - 1]->id;
        if (!strcmp(s->project->category->id, cat)) {
            diag(im, "import-unplaced", RIAP_SEVERITY_WARNING, &im->L[s->line], s->at,
                 "'%s' is marked %s, but the note that says what %s means points at its own "
                 "category '%s' (a note may name the other, as ※%sの事業は（２）の取組も併せて"
                 "実施): the mark is left out",
                 "「%s」に%sがありますが、%sの意味を示す注記はこの事業自身の区分「%s」を指して"
                 "います (※%sの事業は（２）の取組も併せて実施 のように別の区分を書けます): 印は"
                 "除きました",
                 riap__quote(q, s->project->name, 0), mk, mk, cat, mk);
            continue;
        }
        riap_status st = riap_project_add_also(s->project, cat);
        if (st == RIAP_ERR_NOMEM)
            im->nomem = true;
    }
    for (int m = 0; m < MARKS; m++)
        if (ps->note_cat[m] && !marked[m])
            diag(im, "import-unplaced", RIAP_SEVERITY_WARNING, &im->L[ps->note_line[m]],
                 ps->note_at[m],
                 "the note that says what %s means is in the list of '%s', but no project is "
                 "marked %s",
                 "%1$sの意味を示す注記が区分「%2$s」にありますが、%3$sの付いた事業がありません",
                 mark_text[m], ps->note_cat[m], mark_text[m]);
}

/* ---- captions ---- */

void riap__im_keep_caption(importer *im, const para *p, size_t plan, size_t run)
{
    if (im->ncaps == im->capcap) {
        size_t nc = im->capcap ? 2 * im->capcap : 16;
        caption *c = riap__realloc(im->caps, nc * sizeof *c);
        if (!c) {
            im->nomem = true;
            return;
        }
        im->caps = c;
        im->capcap = nc;
    }
    char *text = riap__strndup(p->b.p ? p->b.p : "", p->b.n);
    if (!text) {
        im->nomem = true;
        return;
    }
    const line *l = &im->L[p->first];
    im->caps[im->ncaps++] =
        (caption){text, riap__im_pos_at(im, l, l->start), plan, run, p->first, p->last};
}

/* Lines [i, end) as captions: each line one, joined while a bracket or a ―…― pair is open.
 * After a category's project list (cat not NULL), a line that starts with ※ is a note of the
 * list (riap__im_list_note), unless the caption before it holds the ※ it explains (but for the
 * note that says what a mark means, ※☆の事業も併せて実施, always the list's). */
void riap__im_captions(importer *im, size_t i, size_t end, plan_state *ps, riap_category *cat)
{
    size_t run = im->runs++;
    bool marked = false; /* the caption before holds a ※ */
    for (i = riap__im_next_line(im, i, end); i < end; i = riap__im_next_line(im, i, end)) {
        const line *l = &im->L[i];
        if (l->kind != L_TEXT) { /* a heading out of the categories' order */
            char q[160];
            diag(im, "import-unplaced", RIAP_SEVERITY_WARNING, l, l->start,
                 "'%s' is a heading, but not the category expected next: it is not imported, "
                 "and the lines after it are read as captions",
                 "「%s」は見出しですが、次に来るべき区分ではないため取り込みません (後の行は図の"
                 "説明として読みます)",
                 riap__im_quote(q, sizeof q, im, l->start, l->end));
            i++;
            continue;
        }
        para p;
        memset(&p, 0, sizeof p);
        p.first = p.last = i;
        riap__im_join(im, &p.b, NULL, &im->L[i]);
        bool dash = false;
        int d = riap__im_depth_line(im, &im->L[i], 0, &dash);
        while (d > 0 || dash) {
            size_t j = riap__im_next_line(im, p.last + 1, end);
            if (j >= end || im->L[j].kind != L_TEXT)
                break;
            riap__im_join(im, &p.b, &im->L[p.last], &im->L[j]);
            d = riap__im_depth_line(im, &im->L[j], d, &dash);
            p.last = j;
        }
        bool note = cat && p.b.n >= 3 && !memcmp(p.b.p, "\xE2\x80\xBB", 3) && /* ※ */
                    (!marked || legend_marks(p.b.p, 0, p.b.n));
        if (p.b.nomem)
            im->nomem = true;
        else if (note)
            riap__im_list_note(im, ps, cat, p.b.p, 0, p.b.n, p.first, im->L[p.first].start, true);
        else
            riap__im_keep_caption(im, &p, ps->plan_index, run);
        if (!note)
            marked = !p.b.nomem && strstr(p.b.p, "\xE2\x80\xBB") != NULL;
        riap__free(p.b.p);
        i = p.last + 1;
    }
}

/* The category of a plan whose project's name the caption holds (the longest), or NULL; *work
 * counts the names compared. */
riap_category *riap__im_named_category(const riap_plan *p, const char *text, size_t *len,
                                       size_t *work)
{
    riap_category *best = NULL;
    *len = 0;
    for (size_t c = 0; c < p->n_cats; c++) {
        *work += p->cats[c]->n_projects;
        for (size_t j = 0; j < p->cats[c]->n_projects; j++) {
            const char *nm = p->cats[c]->projects[j]->name;
            size_t l = strlen(nm);
            if (l > *len && l >= 6 && strstr(text, nm)) {
                best = p->cats[c];
                *len = l;
            }
        }
    }
    return best;
}

/* Adds the captions to their plans: a run of captions that names projects of the plan before
 * or after it and none of its own goes to that plan (the layout put its figures among the next
 * plan's text). A caption that names a project goes with its category. The names compared are
 * bounded by the size of the text: past that, captions stay where they were found, without a
 * category, and a warning says so. */
void riap__im_place_captions(importer *im)
{
    size_t work = 0, budget = 64 * im->n + 1000000;
    bool over = false;
    for (size_t i = 0; i < im->ncaps;) {
        size_t j = i, home = im->caps[i].plan, other = SIZE_MAX;
        bool own = false;
        while (j < im->ncaps && im->caps[j].run == im->caps[i].run) {
            size_t near[3] = {home, home - 1, home + 1};
            for (size_t k = 0; k < 3 && !own && work < budget; k++) {
                size_t p = near[k], len;
                if (p >= im->nplans || !im->plans[p] ||
                    !riap__im_named_category(im->plans[p], im->caps[j].text, &len, &work))
                    continue;
                if (p == home)
                    own = true;
                else if (other == SIZE_MAX)
                    other = p;
            }
            j++;
        }
        size_t to = !own && other != SIZE_MAX ? other : home;
        for (size_t k = i; k < j; k++) {
            riap_plan *p = im->plans[to];
            if (!p)
                continue;
            size_t len;
            over = over || work >= budget;
            riap_category *c =
                over ? NULL : riap__im_named_category(p, im->caps[k].text, &len, &work);
            riap_figure *f = NULL;
            riap_status st = riap_plan_add_figure(&f, p, im->caps[k].text, c ? c->id : NULL);
            if (st == RIAP_ERR_NOMEM)
                im->nomem = true;
            if (f) {
                f->pos = im->caps[k].pos;
                para lines = {.first = im->caps[k].first, .last = im->caps[k].last};
                riap__im_keep_text(im, f->caption, to, &lines);
            }
            if (over && work != SIZE_MAX) {
                work = SIZE_MAX; /* said once */
                riap__im_report_at(
                    im, "import-unplaced", RIAP_SEVERITY_WARNING, im->caps[k].pos, -1,
                    "too many captions and project names to compare: from the caption at line "
                    "%u on, captions are not given the category of a project they name",
                    "図の説明と事業名の組が多すぎます: %u 行目の説明から後は、名前を挙げた事業"
                    "の区分を付けません",
                    (unsigned)im->caps[k].pos.line);
            }
        }
        i = j;
    }
}
