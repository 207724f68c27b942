/* SPDX-License-Identifier: MIT */
/* era_text: text in the encodings Japanese documents use, decoded to UTF-8 for the scanner
 * (riap_era_decode_text): UTF-8 with or without a byte-order mark, UTF-16 with one, Shift_JIS
 * (CP932) and EUC-JP, detected or named. ICU's converters do the decoding, stopping at the first
 * byte sequence that is not well-formed, so that nothing is ever replaced or dropped silently. */
#include "config.h"

#include "era_int.h"

#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucnv.h>
#include <unicode/utf16.h>

size_t riap__ucnv_error_offset(UConverter *from, size_t consumed)
{
    char bad[32];
    int8_t blen = sizeof bad;
    UErrorCode ec = U_ZERO_ERROR;
    ucnv_getInvalidChars(from, bad, &blen, &ec);
    size_t n = U_SUCCESS(ec) ? (size_t)blen : 0;
    return consumed >= n ? consumed - n : 0;
}

/* The ICU converter for a name a user may give, or NULL when it is none of ours. */
static const char *converter_named(const char *name)
{
    static const struct {
        const char *name, *icu;
    } names[] = {
        {"utf-8", "UTF-8"},           {"utf8", "UTF-8"},
        {"utf-16", "UTF-16"},         {"utf-16le", "UTF-16LE"},
        {"utf-16be", "UTF-16BE"},     {"shift_jis", "windows-31j"},
        {"shift-jis", "windows-31j"}, {"sjis", "windows-31j"},
        {"cp932", "windows-31j"},     {"windows-31j", "windows-31j"},
        {"ms932", "windows-31j"},     {"euc-jp", "EUC-JP"},
        {"eucjp", "EUC-JP"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcasecmp(name, names[i].name))
            return names[i].icu;
    return NULL;
}

/* The name riap_era_decode_text() gives back for a converter. */
static const char *public_name(const char *icu)
{
    if (!strcmp(icu, "windows-31j"))
        return "Shift_JIS";
    return icu;
}

/* What a conversion ended with. */
typedef enum { CV_OK, CV_NOMEM, CV_BAD, CV_ICU } cv_status;

/* ---- Shift_JIS (CP932), table-driven ----
 * The commonest legacy encoding of Japanese offices' files is decoded with a table that ICU's
 * own converter fills once (so the two agree byte for byte), several times faster than ICU's
 * converter through UTF-16. sj_single[b]: the code point of single byte b (0xFFFF: a lead byte,
 * 0xFFFE: no character); sj_pair[(lead - 0x81) * 192 + trail - 0x40]: the code point of a
 * two-byte character, 0 when there is none. */
#define SJ_TRAILS 192
static uint16_t sj_single[256];
static uint32_t *sj_pair; /* 124 leads × 192 trails, built once, never freed */
static bool sj_ok;
static pthread_once_t sj_once = PTHREAD_ONCE_INIT;

/* The one code point ICU reads from bytes b[0..n), or 0 when they are none or more. */
static uint32_t icu_one(UConverter *cv, const char *b, int32_t n)
{
    UErrorCode ec = U_ZERO_ERROR;
    UChar u[4];
    ucnv_resetToUnicode(cv);
    int32_t k = ucnv_toUChars(cv, u, 4, b, n, &ec);
    if (U_FAILURE(ec) || k < 1 || k > 2)
        return 0;
    if (k == 1)
        return U16_IS_SURROGATE(u[0]) ? 0 : u[0];
    return U16_IS_LEAD(u[0]) && U16_IS_TRAIL(u[1]) ? U16_GET_SUPPLEMENTARY(u[0], u[1]) : 0;
}

static void build_sj(void)
{
    UErrorCode ec = U_ZERO_ERROR;
    UConverter *cv = ucnv_open("windows-31j", &ec);
    uint32_t *pair = riap__malloc(124 * SJ_TRAILS * sizeof *pair);
    if (U_FAILURE(ec) || !pair) {
        ucnv_close(cv);
        riap__free(pair);
        return;
    }
    ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &ec);
    for (int b = 0; b < 256; b++) {
        char c = (char)b;
        uint32_t cp = b ? icu_one(cv, &c, 1) : 0;
        bool lead = (b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC);
        sj_single[b] = lead ? 0xFFFF : (b == 0 || (cp && cp < 0xFFFE)) ? (uint16_t)cp : 0xFFFE;
    }
    for (int lead = 0x81; lead <= 0xFC; lead++)
        for (int t = 0x40; t < 0x100; t++) {
            char two[2] = {(char)lead, (char)t};
            pair[(lead - 0x81) * SJ_TRAILS + t - 0x40] =
                sj_single[lead] == 0xFFFF ? icu_one(cv, two, 2) : 0;
        }
    ucnv_close(cv);
    sj_pair = pair;
    sj_ok = true;
}

/* Decodes CP932 data into a new UTF-8 text; CV_BAD with the first bad byte's offset in *bad. */
static cv_status decode_sj(const char *data, size_t len, char **out, size_t *out_len, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)data;
    char *buf = riap__malloc(3 * len + 4); /* 1 byte → ≤ 3 (half-width kana), 2 → ≤ 4 */
    if (!buf)
        return CV_NOMEM;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        unsigned b = s[i];
        if (b < 0x80) {
            buf[o++] = (char)b;
            i++;
            continue;
        }
        uint32_t cp = sj_single[b];
        size_t k = 1;
        if (cp == 0xFFFF) {
            cp = i + 1 < len && s[i + 1] >= 0x40 ? sj_pair[(b - 0x81) * SJ_TRAILS + s[i + 1] - 0x40]
                                                 : 0;
            k = 2;
        } else if (cp == 0xFFFE) {
            cp = 0;
        }
        if (!cp) {
            riap__free(buf);
            *bad = i;
            return CV_BAD;
        }
        o += riap__utf8_encode(cp, buf + o);
        i += k;
    }
    buf[o] = '\0';
    *out = buf;
    *out_len = o;
    return CV_OK;
}

/* Converts data with converter icu into a new UTF-8 text. On a byte sequence that is not
 * well-formed, returns CV_BAD and its offset in *bad. */
static cv_status convert(const char *icu, const char *data, size_t len, char **out, size_t *out_len,
                         size_t *bad)
{
    if (!strcmp(icu, "windows-31j")) {
        pthread_once(&sj_once, build_sj);
        if (sj_ok)
            return decode_sj(data, len, out, out_len, bad);
    }
    UErrorCode ec = U_ZERO_ERROR;
    UConverter *from = ucnv_open(icu, &ec);
    UConverter *to = U_SUCCESS(ec) ? ucnv_open("UTF-8", &ec) : NULL;
    if (U_FAILURE(ec)) {
        ucnv_close(from);
        ucnv_close(to);
        return CV_ICU;
    }
    ucnv_setToUCallBack(from, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &ec);
    /* UTF-8 takes at most three bytes for each byte of a two-byte encoding's text, and for
     * each two bytes of UTF-16 */
    size_t cap = 3 * len + 4;
    char *buf = riap__malloc(cap);
    if (!buf) {
        ucnv_close(from);
        ucnv_close(to);
        return CV_NOMEM;
    }
    UChar pivot[1024], *ps = pivot, *pt = pivot;
    char *target = buf;
    const char *source = data;
    ucnv_convertEx(to, from, &target, buf + cap, &source, data + len, pivot, &ps, &pt, pivot + 1024,
                   true, true, &ec);
    cv_status st = CV_OK;
    if (U_FAILURE(ec)) {
        *bad = riap__ucnv_error_offset(from, (size_t)(source - data));
        st = ec == U_BUFFER_OVERFLOW_ERROR ? CV_ICU : CV_BAD;
        riap__free(buf);
    } else {
        *target = '\0';
        *out = buf;
        *out_len = (size_t)(target - buf);
    }
    ucnv_close(from);
    ucnv_close(to);
    return st;
}

/* Half-width katakana in a decoded text: what EUC-JP reads as when decoded as Shift_JIS. */
static size_t halfwidth_kana(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i + 2 < n; i++)
        if ((unsigned char)s[i] == 0xEF &&
            (((unsigned char)s[i + 1] == 0xBD && (unsigned char)s[i + 2] >= 0xA1) ||
             (unsigned char)s[i + 1] == 0xBE))
            k++;
    return k;
}

/* Text with no byte-order mark that is not UTF-8: Shift_JIS or EUC-JP, whichever decodes (both:
 * the one that reads with fewer half-width katakana). */
static cv_status detect_legacy(const char *data, size_t len, char **out, size_t *out_len,
                               const char **icu, size_t *bad)
{
    char *a = NULL, *b = NULL;
    size_t an = 0, bn = 0, abad = 0, bbad = 0;
    cv_status sa = convert("windows-31j", data, len, &a, &an, &abad);
    cv_status sb = convert("EUC-JP", data, len, &b, &bn, &bbad);
    if ((sa != CV_OK && sa != CV_BAD) || (sb != CV_OK && sb != CV_BAD)) {
        riap__free(a);
        riap__free(b);
        return sa == CV_ICU || sb == CV_ICU ? CV_ICU : CV_NOMEM;
    }
    if (sa != CV_OK && sb != CV_OK) {
        /* none of the three: the one that read furthest is reported, with its first bad byte */
        size_t u8 = riap__utf8_check(data, len);
        *bad = u8 >= abad && u8 >= bbad ? u8 : abad >= bbad ? abad : bbad;
        *icu = u8 >= abad && u8 >= bbad ? "UTF-8" : abad >= bbad ? "windows-31j" : "EUC-JP";
        return CV_BAD;
    }
    bool use_a = sa == CV_OK && (sb != CV_OK || halfwidth_kana(a, an) <= halfwidth_kana(b, bn));
    *out = use_a ? a : b;
    *out_len = use_a ? an : bn;
    *icu = use_a ? "windows-31j" : "EUC-JP";
    riap__free(use_a ? b : a);
    return CV_OK;
}

riap_status riap_era_decode_text(char **out, size_t *out_len, riap_ctx *ctx, const char *data,
                                 size_t len, const char *encoding, const char **detected)
{
    riap__ctx_begin(ctx);
    if (out)
        *out = NULL;
    if (!out || !out_len || (!data && len))
        return riap__arg_error(ctx);
    const unsigned char *u = (const unsigned char *)data;
    const char *icu = NULL;
    size_t skip = 0, bad = 0;
    if (encoding && strcasecmp(encoding, "auto") != 0) {
        icu = converter_named(encoding);
        if (!icu) {
            riap__ctx_diag(ctx, "unsupported-encoding", RIAP_SEVERITY_ERROR, -1, 0, 0,
                           "'%s' is not an encoding this library reads (UTF-8, UTF-16, "
                           "Shift_JIS/CP932, EUC-JP)",
                           "「%s」は読める文字コードではありません (UTF-8・UTF-16・"
                           "Shift_JIS/CP932・EUC-JP のみ)",
                           encoding);
            return RIAP_ERR_ARG;
        }
    }
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF && (!icu || !strcmp(icu, "UTF-8")))
        icu = "UTF-8", skip = 3;
    else if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)) &&
             (!icu || !strncmp(icu, "UTF-16", 6))) {
        const char *bom = u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
        if (icu && strcmp(icu, "UTF-16") && strcmp(icu, bom)) {
            riap__ctx_diag(ctx, "unsupported-encoding", RIAP_SEVERITY_ERROR, 0, 1, 1,
                           "the text was named %s but its byte-order mark says %s",
                           "文字コードは %s と指定されましたが、BOM は %s を示しています", icu,
                           bom);
            return RIAP_ERR_ENCODING;
        }
        icu = bom, skip = 2;
    }
    if (icu && !strcmp(icu, "UTF-16") && !skip && len > 0) {
        /* which byte order? Guessing it would read any text as some text */
        riap__ctx_diag(ctx, "unsupported-encoding", RIAP_SEVERITY_ERROR, -1, 0, 0,
                       "UTF-16 without a byte-order mark: name UTF-16LE or UTF-16BE",
                       "BOM のない UTF-16 です。UTF-16LE か UTF-16BE を指定してください");
        return RIAP_ERR_ARG;
    }
    cv_status cv;
    size_t good =
        !icu || !strcmp(icu, "UTF-8") ? skip + riap__utf8_check(data + skip, len - skip) : 0;
    if (!icu && good == len)
        icu = "UTF-8";
    if (icu && !strcmp(icu, "UTF-8")) {
        bad = good;
        cv = bad == len ? CV_OK : CV_BAD;
        if (cv == CV_OK) {
            *out = riap__strndup(data + skip, len - skip);
            *out_len = len - skip;
            if (!*out)
                cv = CV_NOMEM;
        }
    } else if (icu) {
        cv = convert(icu, data + skip, len - skip, out, out_len, &bad);
        bad += skip;
    } else {
        cv = detect_legacy(data, len, out, out_len, &icu, &bad);
    }
    if (detected)
        *detected = icu ? public_name(icu) : NULL;
    if (cv == CV_OK)
        return RIAP_OK;
    if (cv == CV_BAD) {
        riap__ctx_diag(
            ctx, "invalid-encoding", RIAP_SEVERITY_ERROR, (int64_t)bad, 0, 0,
            "the bytes at offset %zu are not well-formed %s",
            "オフセット %zu (先頭を 0 とするバイト位置) からのバイト列は %s として不正です", bad,
            public_name(icu ? icu : "UTF-8"));
        return RIAP_ERR_ENCODING;
    }
    if (cv == CV_NOMEM) {
        riap__ctx_diag(ctx, "nomem", RIAP_SEVERITY_ERROR, -1, 0, 0, "out of memory",
                       "メモリが足りません");
        return RIAP_ERR_NOMEM;
    }
    riap__ctx_diag(ctx, "icu", RIAP_SEVERITY_ERROR, -1, 0, 0, "ICU could not open a converter",
                   "ICU の変換器を開けません");
    return RIAP_ERR_NOMEM;
}
