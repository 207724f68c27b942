/* SPDX-License-Identifier: MIT */
/* bench/era_find: riap_era_find over generated Japanese prose with about one date per 500
 * bytes, beside the regular expression a user would otherwise write with ICU (uregex: an era
 * name or a four-digit year, digits, 年/年度/月/日), on the same text, in one run. Prints the
 * throughput of each on one core and the number of matches each found. ICU is given the same
 * UTF-8 (through a UText), and its UTF-16 converted beforehand (the conversion not timed); the
 * three run interleaved on the same sample. Run by hand from the build directory:
 * ./bench/era_find [MB] */
#include <riap.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/ucnv.h>
#include <unicode/uregex.h>
#include <unicode/utext.h>
#include <unicode/ustring.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Sentences of a plan's prose, with numbers, era names and words that are no dates. */
static const char *const prose[] = {
    "区内の製造業は事業所数、従業者数ともに減少傾向にある。",
    "平成の時代に整備した工業団地の更新が課題となっている。",
    "令和の新しい産業として、医療機器と環境分野に注目する。",
    "第2期計画の成果を踏まえ、支援の重点を見直した。",
    "出荷額は約1,200億円で、都内でも上位に位置する。",
    "最大3.5倍の補助率で設備投資を支援する。",
    "ベンチャー企業と既存企業の協働を促進し、新製品の開発につなげる。",
    "地域金融機関、商工会議所、大学等と連携した支援体制を構築する。",
    "大正期から続く町工場の技術を次の世代へ継承する。",
    "年度ごとに指標の達成状況を確認し、必要に応じて取組を改善する。",
    "事業承継に関する相談件数は増加しており、専門家派遣を拡充する。",
    "展示会への出展支援（最大50万円）を行う。",
};

static const char *const dates[] = {
    "令和4年度",          "令和４年度～令和６年度",
    "平成30年4月1日",     "2020年度",
    "令和5年7月上旬",     "昭和45年",
    "令和3年度から5年間", "R5.4",
    "令和6年3月末",       "令和4年4月1日（金）",
    "2019年（令和元年）", "令和4年度以降",
};

int main(int argc, char **argv)
{
    size_t mb = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 64;
    if (mb < 1)
        mb = 1;
    size_t cap = mb * 1000000 + 4096, n = 0, inserted = 0;
    char *text = malloc(cap);
    if (!text)
        return 2;
    uint32_t rng = 2463534242u;
    size_t since = 0;
    while (n + 512 < mb * 1000000) {
        rng ^= rng << 13;
        rng ^= rng >> 17;
        rng ^= rng << 5;
        const char *p = prose[rng % (sizeof prose / sizeof prose[0])];
        size_t l = strlen(p);
        memcpy(text + n, p, l);
        n += l;
        since += l;
        if (since >= 470) { /* about one date per 500 bytes */
            const char *d = dates[(rng >> 8) % (sizeof dates / sizeof dates[0])];
            n += (size_t)snprintf(text + n, cap - n, "%sに実施する。", d);
            inserted++;
            since = 0;
        }
        if (rng % 7 == 0)
            text[n++] = '\n';
    }
    double mbytes = (double)n / 1e6;
    printf("libriap %s: riap_era_find over %.1f MB of generated prose, %zu dates inserted "
           "(one per %zu bytes)\n\n",
           riap_version_string(), mbytes, inserted, n / (inserted ? inserted : 1));

    riap_ctx *ctx = NULL;
    riap_era_match *m = NULL;
    if (riap_ctx_new(&ctx) != RIAP_OK || riap_era_match_new(&m) != RIAP_OK)
        return 2;
    double best = 1e30;
    size_t found = 0, invalid = 0;
    for (int rep = 0; rep < 3; rep++) {
        size_t at = 0, f = 0, bad = 0;
        double t0 = now();
        while (riap_era_find(m, ctx, text, n, at) == RIAP_OK && riap_era_match_found(m)) {
            f++;
            bad += riap_era_match_status(m) != RIAP_OK;
            at = riap_era_match_offset(m) + riap_era_match_length(m);
        }
        double t = now() - t0;
        if (t < best)
            best = t;
        found = f;
        invalid = bad;
    }
    double riap_mbs = mbytes / best;

    /* ICU: the expression a user would write, on a sample of the same text */
    size_t sample = n < 16000000 ? n : 16000000;
    while (sample < n && (text[sample] & 0xC0) == 0x80)
        sample--;
    UErrorCode ec = U_ZERO_ERROR;
    int32_t ulen = 0;
    u_strFromUTF8(NULL, 0, &ulen, text, (int32_t)sample, &ec);
    ec = U_ZERO_ERROR;
    UChar *u = malloc(((size_t)ulen + 1) * sizeof *u);
    if (!u)
        return 2;
    u_strFromUTF8(u, ulen + 1, &ulen, text, (int32_t)sample, &ec);
    static const char pattern[] =
        "(?:(?:明治|大正|昭和|平成|令和)\\s*(?:[0-9０-９]{1,2}|元)|[0-9０-９]{4})\\s*年度?"
        "(?:\\s*[0-9０-９]{1,2}\\s*月(?:\\s*[0-9０-９]{1,2}\\s*日)?)?";
    UChar upat[512];
    int32_t plen;
    ec = U_ZERO_ERROR;
    u_strFromUTF8(upat, 512, &plen, pattern, -1, &ec);
    UParseError pe;
    URegularExpression *re = uregex_open(upat, plen, 0, &pe, &ec);
    if (U_FAILURE(ec)) {
        fprintf(stderr, "uregex_open: %s\n", u_errorName(ec));
        return 2;
    }
    /* the same UTF-8 text, through a UText: what a program holding UTF-8 would do */
    UText *ut = utext_openUTF8(NULL, text, (int64_t)sample, &ec);
    /* The three on the same sample, interleaved, five rounds, the best time of each kept: a
     * slow spell of the shared machine hits all three alike. */
    double t_riap = 1e30, t_icu8 = 1e30, t_icu16 = 1e30;
    size_t riap_sample = 0, icu8_found = 0, icu_found = 0;
    for (int round = 0; round < 5; round++) {
        size_t at = 0, f = 0;
        double t0 = now();
        while (riap_era_find(m, ctx, text, sample, at) == RIAP_OK && riap_era_match_found(m)) {
            f++;
            at = riap_era_match_offset(m) + riap_era_match_length(m);
        }
        double t = now() - t0;
        t_riap = t < t_riap ? t : t_riap;
        riap_sample = f;

        uregex_setUText(re, ut, &ec);
        f = 0;
        t0 = now();
        while (uregex_findNext(re, &ec) && U_SUCCESS(ec))
            f++;
        t = now() - t0;
        t_icu8 = t < t_icu8 ? t : t_icu8;
        icu8_found = f;

        /* the text converted to UTF-16 beforehand (not timed): ICU's best case */
        uregex_setText(re, u, ulen, &ec);
        f = 0;
        t0 = now();
        while (uregex_findNext(re, &ec) && U_SUCCESS(ec))
            f++;
        t = now() - t0;
        t_icu16 = t < t_icu16 ? t : t_icu16;
        icu_found = f;
    }
    if (U_FAILURE(ec)) {
        fprintf(stderr, "uregex: %s\n", u_errorName(ec));
        return 2;
    }
    double smb = (double)sample / 1e6;
    double sample_mbs = smb / t_riap, icu8_mbs = smb / t_icu8, icu_mbs = smb / t_icu16;

    printf("%-52s %10s %12s\n", "", "MB/s", "matches");
    printf("%-52s %10.1f %12zu (%zu invalid)\n", "riap_era_find, whole text (best of 3)", riap_mbs,
           found, invalid);
    printf("on the first %.0f MB, interleaved, best of 5 rounds each:\n", smb);
    printf("%-52s %10.1f %12zu\n", "  riap_era_find", sample_mbs, riap_sample);
    printf("%-52s %10.1f %12zu\n", "  ICU uregex, the same UTF-8 (UText)", icu8_mbs, icu8_found);
    printf("%-52s %10.1f %12zu\n", "  ICU uregex, converted to UTF-16 beforehand", icu_mbs,
           icu_found);
    printf("\nriap / ICU throughput on the same text: %.1fx (UTF-8 through a UText), %.1fx "
           "(against UTF-16 converted beforehand)\n",
           sample_mbs / icu8_mbs, sample_mbs / icu_mbs);
    printf("targets: >= 200 MB/s on one core: %s; >= 10x ICU's regular expression on the same "
           "UTF-8 text: %s (against pre-converted UTF-16: %s)\n",
           riap_mbs >= 200 ? "met" : "NOT met", sample_mbs >= 10 * icu8_mbs ? "met" : "NOT met",
           sample_mbs >= 10 * icu_mbs ? "met" : "NOT met");
    printf("every inserted date found: %s\n", found == inserted ? "yes" : "NO");

    /* The sample as a Shift_JIS file (converted beforehand, not timed) against the same text as
     * a UTF-8 file, both read as riap era --scan reads a file: decoded (the encoding detected),
     * then scanned. Interleaved, best of 5 rounds each. */
    UConverter *cv = ucnv_open("windows-31j", &ec);
    size_t scap = 2 * sample + 16;
    char *sjis = malloc(scap);
    if (!sjis || U_FAILURE(ec))
        return 2;
    int32_t sn = ucnv_fromUChars(cv, sjis, (int32_t)scap, u, ulen, &ec);
    ucnv_close(cv);
    if (U_FAILURE(ec)) {
        fprintf(stderr, "to Shift_JIS: %s\n", u_errorName(ec));
        return 2;
    }
    double t_sj = 1e30, t_u8 = 1e30, t_scan = 1e30, t_dec = 1e30;
    size_t sj_found = 0, u8_found = 0;
    for (int round = 0; round < 5; round++) {
        for (int enc = 0; enc < 2; enc++) {
            const char *in = enc ? sjis : text;
            size_t in_len = enc ? (size_t)sn : sample;
            double t0 = now();
            char *dec = NULL;
            size_t dn = 0;
            if (riap_era_decode_text(&dec, &dn, ctx, in, in_len, NULL, NULL) != RIAP_OK)
                return 2;
            double t1 = now();
            size_t at = 0, f = 0;
            while (riap_era_find(m, ctx, dec, dn, at) == RIAP_OK && riap_era_match_found(m)) {
                f++;
                at = riap_era_match_offset(m) + riap_era_match_length(m);
            }
            double t2 = now();
            riap_free(dec);
            if (enc) {
                t_sj = t2 - t0 < t_sj ? t2 - t0 : t_sj;
                t_dec = t1 - t0 < t_dec ? t1 - t0 : t_dec;
                sj_found = f;
            } else {
                t_u8 = t2 - t0 < t_u8 ? t2 - t0 : t_u8;
                t_scan = t2 - t1 < t_scan ? t2 - t1 : t_scan;
                u8_found = f;
            }
        }
    }
    printf("\nthe first %.0f MB as a file, decoded (encoding detected) and scanned, best of 5:\n",
           smb);
    printf("%-52s %10.1f %12zu\n", "  UTF-8 (decoding is a check and a copy)", smb / t_u8,
           u8_found);
    printf("%-52s %10.1f %12zu\n", "  Shift_JIS (decoding converts)", smb / t_sj, sj_found);
    printf("%-52s %10.1f\n", "    of which decoding Shift_JIS", smb / t_dec);
    printf("%-52s %10.1f\n", "  UTF-8 scanned in memory, no decoding", smb / t_scan);
    printf("Shift_JIS / UTF-8 time: %.2fx (file against file), %.2fx (against the scan alone)\n",
           t_sj / t_u8, t_sj / t_scan);
    printf("target: a Shift_JIS file within 1.5x of the same text in UTF-8: %s; the same "
           "matches: %s\n",
           t_sj <= 1.5 * t_u8 ? "met" : "NOT met", sj_found == u8_found ? "yes" : "NO");
    free(sjis);
    uregex_close(re);
    utext_close(ut);
    free(u);
    riap_era_match_free(m);
    riap_ctx_free(ctx);
    free(text);
    return 0;
}
