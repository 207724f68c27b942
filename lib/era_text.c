/* SPDX-License-Identifier: MIT */
/* era_text: text in the encodings Japanese documents use, decoded to UTF-8 for the scanner
 * (riap_era_decode_text): UTF-8 with or without a byte-order mark, UTF-16 with one, Shift_JIS
 * (CP932) and EUC-JP, detected or named. ICU's converters do the decoding, stopping at the first
 * byte sequence that is not well-formed, so that nothing is ever replaced or dropped silently. */
#include "config.h"

#include "era_int.h"

#include <string.h>
#include <strings.h>
#include <unicode/ucnv.h>

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

/* Converts data with converter icu into a new UTF-8 text. On a byte sequence that is not
 * well-formed, returns CV_BAD and its offset in *bad. */
static cv_status convert(const char *icu, const char *data, size_t len, char **out, size_t *out_len,
                         size_t *bad)
{
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
        /* neither: the text is taken for UTF-8, whose first bad byte is reported */
        *bad = riap__utf8_check(data, len);
        *icu = "UTF-8";
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
    if (encoding && *encoding && strcasecmp(encoding, "auto") != 0) {
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
             (!icu || !strncmp(icu, "UTF-16", 6)))
        icu = u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE", skip = 2;
    cv_status cv;
    if (!icu && riap__utf8_check(data, len) == len)
        icu = "UTF-8";
    if (icu && !strcmp(icu, "UTF-8")) {
        bad = skip + riap__utf8_check(data + skip, len - skip);
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
        riap__ctx_diag(ctx, "invalid-encoding", RIAP_SEVERITY_ERROR, (int64_t)bad, 0, 0,
                       "the bytes at offset %zu are not well-formed %s",
                       "%zu バイト目からのバイト列は %s として不正です", bad,
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
