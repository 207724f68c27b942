/* SPDX-License-Identifier: MIT */
/* import_muni: a header's municipality from the bundled list of local governments, and the
 * plan's id from its reading (すみだく → sumida-r4). */
#include "config.h"

#include "import_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the municipality, the plan's id ---- */

/* Looks the municipality up: its row in the list (NULL when it is not there), or fails with a
 * diagnostic. A name several local governments share is told apart by a prefecture written
 * before it (東京都府中市) or by the prefecture of the plans before. */
bool riap__im_find_municipality(importer *im, const line *l, size_t a, size_t b, riap_plan *plan,
                                const char *common_pref)
{
    char q[160], name[256];
    /* strip spaces, and a prefecture written before the name */
    size_t n = 0;
    for (size_t i = a; i < b && n + 4 < sizeof name;) {
        size_t k;
        uint32_t cp = riap__im_cp_at(im, i, &k);
        if (!riap__is_space(cp)) {
            memcpy(name + n, im->t + i, k);
            n += k;
        }
        i += k;
    }
    name[n] = 0;
    const char *pref = NULL, *nm = name;
    for (size_t i = 0; i < riap__pref_count; i++) {
        size_t pl = strlen(riap__pref_rows[i].name);
        if (pl < n && !strncmp(name, riap__pref_rows[i].name, pl)) {
            pref = riap__pref_rows[i].name;
            nm = name + pl;
        }
    }
    const riap__lg_row *rows[8], *row = NULL;
    size_t nr = riap__lg_by_name(nm, strlen(nm), rows, 8), hits = 0;
    const char *want = pref ? pref : (nr > 1 ? common_pref : NULL);
    for (size_t i = 0; i < nr && i < 8; i++)
        if (!want || !strcmp(rows[i]->prefecture, want)) {
            row = rows[i];
            hits++;
        }
    if (hits > 1 || (nr > 1 && !hits && !pref)) {
        diag(im, "import-municipality", RIAP_SEVERITY_ERROR, l, a,
             "'%s' names %zu local governments: write its prefecture before it (東京都府中市)",
             "「%s」に当たる地方公共団体が %zu あります: 都道府県名を前に書いてください "
             "(東京都府中市)",
             riap__im_quote(q, sizeof q, im, a, b), nr);
        return false;
    }
    riap_municipality_kind kind = RIAP_MUNICIPALITY_UNKNOWN;
    static const struct {
        const char *suffix;
        riap_municipality_kind kind;
    } kinds[] = {{"都", RIAP_MUNICIPALITY_PREFECTURE}, {"道", RIAP_MUNICIPALITY_PREFECTURE},
                 {"府", RIAP_MUNICIPALITY_PREFECTURE}, {"県", RIAP_MUNICIPALITY_PREFECTURE},
                 {"市", RIAP_MUNICIPALITY_CITY},       {"区", RIAP_MUNICIPALITY_WARD},
                 {"町", RIAP_MUNICIPALITY_TOWN},       {"村", RIAP_MUNICIPALITY_VILLAGE}};
    size_t nl = strlen(nm);
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (nl > 3 && !strcmp(nm + nl - 3, kinds[i].suffix))
            kind = kinds[i].kind;
    bool is_pref =
        row && riap__pref_code(row->name) && !strcmp(riap__pref_code(row->name), row->code);
    if (kind == RIAP_MUNICIPALITY_PREFECTURE && !is_pref)
        kind = RIAP_MUNICIPALITY_UNKNOWN;
    if (row && !pref)
        pref = is_pref ? row->name : row->prefecture;
    if (!pref)
        pref = common_pref;
    if (kind == RIAP_MUNICIPALITY_UNKNOWN || !pref) {
        diag(im, "import-municipality", RIAP_SEVERITY_ERROR, l, a,
             "'%s' is not a municipality of the list of local governments (dated %s), nor a name "
             "ending in 都, 道, 府, 県, 市, 区, 町 or 村 with a prefecture known",
             "「%s」は地方公共団体の一覧 (%s 現在) になく、都道府県の分かる都・道・府・県・市・"
             "区・町・村の名前でもありません",
             riap__im_quote(q, sizeof q, im, a, b), riap__lg_date);
        return false;
    }
    if (!row)
        diag(im, "import-code-unknown", RIAP_SEVERITY_WARNING, l, a,
             "'%s' is not in the list of local governments (dated %s): its code is left out",
             "「%s」は地方公共団体の一覧 (%s 現在) にありません: コードは空けておきます",
             riap__im_quote(q, sizeof q, im, a, b), riap__lg_date);
    riap_status st = riap_plan_set_municipality(plan, nm, kind, pref, row ? row->code : NULL);
    if (st == RIAP_ERR_NOMEM)
        im->nomem = true;
    plan->muni_pos = riap__im_pos_at(im, l, a);
    return st == RIAP_OK;
}

/* Hiragana to Latin letters (simplified Hepburn, long vowels written once: おうめ → ome), for
 * plan ids. Returns false for anything but hiragana and spaces. */
static bool romanize(const char *kana, char *out, size_t size)
{
    static const char *const row[] = {
        /* U+3041 ぁ .. U+3093 ん */
        "a",  "a",  "i",  "i",  "u",   "u",  "e",  "e",   "o",   "o",  "ka", "ga", "ki", "gi",
        "ku", "gu", "ke", "ge", "ko",  "go", "sa", "za",  "shi", "ji", "su", "zu", "se", "ze",
        "so", "zo", "ta", "da", "chi", "ji", "",   "tsu", "zu",  "te", "de", "to", "do", "na",
        "ni", "nu", "ne", "no", "ha",  "ba", "pa", "hi",  "bi",  "pi", "fu", "bu", "pu", "he",
        "be", "pe", "ho", "bo", "po",  "ma", "mi", "mu",  "me",  "mo", "ya", "ya", "yu", "yu",
        "yo", "yo", "ra", "ri", "ru",  "re", "ro", "wa",  "wa",  "i",  "e",  "o",  "n"};
    size_t n = 0;
    bool sokuon = false;
    for (const unsigned char *s = (const unsigned char *)kana; *s;) {
        uint32_t cp = 0;
        size_t k = riap__utf8_decode(s, strlen((const char *)s), &cp);
        if (!k)
            return false;
        s += k;
        if (riap__is_space(cp)) {
            if (n + 1 >= size)
                return false;
            out[n++] = '-';
            continue;
        }
        if (cp < 0x3041 || cp > 0x3093)
            return false;
        if (cp == 0x3063) { /* っ doubles the next consonant */
            sokuon = true;
            continue;
        }
        const char *r = row[cp - 0x3041];
        bool small_y = cp == 0x3083 || cp == 0x3085 || cp == 0x3087; /* ゃゅょ after き, し, ... */
        if (small_y && n > 0 && out[n - 1] == 'i') {
            n--;
            if (n > 0 && (out[n - 1] == 'h' || out[n - 1] == 'j'))
                r++; /* しゃ sha, じゃ ja, ちゃ cha */
        }
        size_t rl = strlen(r);
        if (n + rl + 2 >= size)
            return false;
        if (sokuon && rl) {
            out[n++] = r[0] == 'c' ? 't' : r[0];
            sokuon = false;
        }
        memcpy(out + n, r, rl);
        n += rl;
    }
    out[n] = 0;
    /* long vowels once: ou, oo, uu */
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (w > 0 && ((out[w - 1] == 'o' && (out[i] == 'u' || out[i] == 'o')) ||
                      (out[w - 1] == 'u' && out[i] == 'u')))
            continue;
        out[w++] = out[i];
    }
    out[w] = 0;
    return w > 0;
}

/* The stems of the ids made, in a hash table kept at most half full. */
struct stem {
    char *text; /* NULL: a free slot */
    size_t next;
};

static size_t stem_hash(const char *s)
{
    size_t h = 5381;
    for (; *s; s++)
        h = h * 33 + (unsigned char)*s;
    return h;
}

static struct stem *stem_slot(struct stem *v, size_t cap, const char *s)
{
    size_t i = stem_hash(s) & (cap - 1);
    while (v[i].text && strcmp(v[i].text, s))
        i = (i + 1) & (cap - 1);
    return &v[i];
}

/* The stem's entry, made when new (next: 2); NULL when out of memory. */
static struct stem *stem_of(importer *im, const char *s)
{
    if ((im->nstems + 1) * 2 > im->capstems) {
        size_t cap = im->capstems ? 2 * im->capstems : 64;
        struct stem *v = riap__malloc(cap * sizeof *v);
        if (!v)
            return NULL;
        memset(v, 0, cap * sizeof *v);
        for (size_t i = 0; i < im->capstems; i++)
            if (im->stems[i].text)
                *stem_slot(v, cap, im->stems[i].text) = im->stems[i];
        riap__free(im->stems);
        im->stems = v;
        im->capstems = cap;
    }
    struct stem *e = stem_slot(im->stems, im->capstems, s);
    if (!e->text) {
        e->text = riap__strndup(s, strlen(s));
        if (!e->text)
            return NULL;
        e->next = 2;
        im->nstems++;
    }
    return e;
}

void riap__im_free_stems(importer *im)
{
    for (size_t i = 0; i < im->capstems; i++)
        riap__free(im->stems[i].text);
    riap__free(im->stems);
}

/* The plan's id: its municipality's reading without the kind (すみだく → sumida) and the era
 * letter and year the period starts in (-r4); made unique in the document. */
bool riap__im_make_id(importer *im, const char *code, riap_era_range *range, size_t nth, char *id,
                      size_t size)
{
    const riap__lg_row *row = riap__lg_by_code(code);
    char base[80] = "";
    if (row && row->kana[0]) {
        char kana[128];
        snprintf(kana, sizeof kana, "%s", row->kana);
        static const char *const readings[] = {"ちょう", "まち", "むら", "そん", "けん",
                                               "どう",   "く",   "し",   "と",   "ふ"};
        size_t kl = strlen(kana);
        for (size_t i = 0; i < sizeof readings / sizeof readings[0]; i++) {
            size_t rl = strlen(readings[i]);
            if (kl > rl + 3 && !strcmp(kana + kl - rl, readings[i])) {
                kana[kl - rl] = 0;
                break;
            }
        }
        if (!romanize(kana, base, sizeof base))
            base[0] = 0;
    }
    if (!base[0])
        snprintf(base, sizeof base, "plan-%zu", nth);
    char era[16] = "";
    if (range && range->start_granularity && range->start_era >= 0) {
        riap_date first;
        const char *letter = riap_era_latin(im->era, (size_t)range->start_era);
        if (letter && riap_era_first_day(&first, im->era, (size_t)range->start_era) == RIAP_OK)
            snprintf(era, sizeof era, "-%c%d", letter[0] | 0x20,
                     (int)(range->start.year - first.year + 1));
    } else if (range && range->start_granularity) {
        snprintf(era, sizeof era, "-%d", range->start.year);
    }
    snprintf(id, size, "%s%s", base, era);
    struct stem *e = stem_of(im, id);
    if (!e)
        return false;
    /* the suffixes go on where they stopped: each plan of a municipality costs one try, but
     * where an id of another stem took the place (sumida-r4-2 written as such) */
    while (riap_doc_find_plan(im->doc, id))
        snprintf(id, size, "%s%s-%zu", base, era, e->next++);
    return true;
}
