/* SPDX-License-Identifier: MIT */
/**
 * @file riap/era.h
 * @brief Japanese era date expressions to Gregorian day ranges and back.
 *
 * An era expression (令和4年度, 令和４年度～令和６年度, R4.4.1, 2022年4月) denotes an inclusive
 * range of Gregorian days. riap_era_parse() reads one; the riap_era_format_*() functions write
 * days, fiscal years and ranges as era text. The era table is built in (明治 to 令和); a context
 * can carry one or more further eras added at run time (riap_ctx_add_era()).
 *
 * None of these functions depends on the locale, the time zone or global state.
 */
#ifndef RIAP_ERA_H
#define RIAP_ERA_H

#include "riap/common.h"
#include "riap/ctx.h"
#include "riap/date.h"

RIAP_BEGIN_DECLS

/** The longest era expression riap_era_parse() reads, in bytes; longer input is `too-long`. */
#define RIAP_ERA_MAX_INPUT 1024

/** The granularity of one end of a range. */
typedef enum riap_granularity {
    RIAP_GRANULARITY_NONE = 0,        /**< an open end */
    RIAP_GRANULARITY_DAY = 1,         /**< 令和4年4月1日 */
    RIAP_GRANULARITY_MONTH = 2,       /**< 令和4年4月 */
    RIAP_GRANULARITY_YEAR = 3,        /**< 令和4年 (January to December, clipped to the era) */
    RIAP_GRANULARITY_FISCAL_YEAR = 4, /**< 令和4年度 (April 1 to March 31, never clipped) */
    RIAP_GRANULARITY_DEKAD = 5,       /**< 令和4年7月上旬: days 1-10, 11-20, 21 to the end */
    RIAP_GRANULARITY_HALF = 6, /**< 令和6年度上半期 (April-September), 令和6年上半期 */
    RIAP_GRANULARITY_QUARTER = 7, /**< 令和6年度第1四半期 (April-June), 令和6年第1四半期 */
    RIAP_GRANULARITY_DECADE = 8 /**< 昭和40年代: era years 40-49, clipped to the era */
} riap_granularity;

/** Era indexes: 0.. are rows of the era table; these values are not. */
enum {
    RIAP_ERA_GREGORIAN = -1, /**< the end was written as a Gregorian year (2022年度) */
    RIAP_ERA_OPEN = -2,      /**< the end is open */
    RIAP_ERA_MEIJI = 0,      /**< 明治 */
    RIAP_ERA_TAISHO = 1,     /**< 大正 */
    RIAP_ERA_SHOWA = 2,      /**< 昭和 */
    RIAP_ERA_HEISEI = 3,     /**< 平成 */
    RIAP_ERA_REIWA = 4       /**< 令和 */
};

/** Warning bits of riap_era_range.warnings. */
enum {
    /** An end denotes days wholly outside the era it was written in (平成32年度). */
    RIAP_ERA_WARN_OUT_OF_ERA = 1u << 0,
    /** A weekday note names another weekday than the day's (令和4年4月1日（木）). */
    RIAP_ERA_WARN_WEEKDAY_MISMATCH = 1u << 1,
    /** A note gives another year or day (令和4（2021）年度). */
    RIAP_ERA_WARN_NOTE_MISMATCH = 1u << 2,
    /** A duration note does not match the range (令和4～6年度（5年間）). */
    RIAP_ERA_WARN_DURATION_MISMATCH = 1u << 3,
    /** A list of days (令和7年4月1日及び5月1日) skips days: the range covers days it does not
     * name. */
    RIAP_ERA_WARN_DATE_LIST = 1u << 4
};

/**
 * A parsed expression: an inclusive range of days. A frozen value record.
 * An open end has granularity RIAP_GRANULARITY_NONE, era RIAP_ERA_OPEN and a zero date.
 */
typedef struct riap_era_range {
    riap_date start;           /**< the first day (zero when open) */
    riap_date end;             /**< the last day (zero when open) */
    int32_t start_granularity; /**< a riap_granularity */
    int32_t end_granularity;   /**< a riap_granularity */
    int32_t start_era;         /**< the era the start was written in, or RIAP_ERA_GREGORIAN/_OPEN */
    int32_t end_era;           /**< the era the end was written in (carried from the left) */
    uint32_t warnings;         /**< RIAP_ERA_WARN_* bits; 0 when no warning was raised */
} riap_era_range;

/** Formatting option bits. */
enum {
    /** Write year 1 as 1 (令和1年) instead of 元 (令和元年). */
    RIAP_FORMAT_NUMERIC_YEAR = 1u << 0,
    /** Full-width digits (令和４年４月１日). */
    RIAP_FORMAT_FULLWIDTH = 1u << 1,
    /** Days in the Latin compact form of JIS X 0301 (R04.04.01); no 元. */
    RIAP_FORMAT_LATIN = 1u << 2,
    /** Ranges: elide on the right what repeats the left (令和4～6年度, 令和4年4月～6月). */
    RIAP_FORMAT_COMPACT = 1u << 3
};

/**
 * Parses one era expression into a range of Gregorian days.
 *
 * Accepts every spelling of doc/era-expressions.md: kanji, square, Latin and one-kanji era
 * names; ASCII, full-width and kanji numerals; 元; the compact forms; ranges with ～ 〜 ~ － – —
 * - or から…まで, carrying the era to the right and the unit to the left; open ranges; and the
 * way documents write dates: notes in parentheses, which are checked (a weekday, the Gregorian
 * year, the other era of a change-over year, a duration), remarks, qualifiers (上旬, 年度末,
 * 上半期, 第1四半期, 40年代), open ends (以降, まで), durations (から5年間), labels (計画期間：).
 * In lenient mode (the default) an end wholly outside the era it names is accepted with the
 * warning `out-of-era`; with RIAP_OPT_STRICT it is the error `out-of-era`.
 *
 * @param[out] out  the range; untouched on failure
 * @param ctx       options and diagnostics; may be NULL (lenient, details dropped)
 * @param text      UTF-8, need not be NUL-terminated; at most RIAP_ERA_MAX_INPUT bytes
 * @param len       length of text in bytes
 * @return RIAP_OK; RIAP_ERR_ARG (out NULL, or text NULL with len > 0); RIAP_ERR_LIMIT
 *         (`too-long`); RIAP_ERR_ENCODING (`invalid-utf8`); RIAP_ERR_ERA (every other rule:
 *         `empty`, `syntax`, `unknown-era`, `incomplete`, `trailing-text`, `number-too-large`,
 *         `invalid-year`, `invalid-month`, `invalid-day`, `year-out-of-range`,
 *         `before-gregorian`, `out-of-era` in strict mode, `reversed-range`, `unknown-note`,
 *         `invalid-quarter`, `invalid-decade`, `invalid-duration`, and in strict mode
 *         `weekday-mismatch`, `note-mismatch`, `duration-mismatch`)
 * @since 0.1 */
RIAP_API riap_status riap_era_parse(riap_era_range *out, riap_ctx *ctx, const char *text,
                                    size_t len);

/**
 * Writes a day as era text: 2019-05-01 → 令和元年5月1日 (RIAP_FORMAT_NUMERIC_YEAR: 令和1年5月1日;
 * RIAP_FORMAT_LATIN: R01.05.01; RIAP_FORMAT_FULLWIDTH: 令和元年５月１日).
 * @param[out] out  the text, NUL-terminated UTF-8; free with riap_free(); NULL on failure
 * @param ctx       era table and diagnostics; may be NULL
 * @param day       a valid day
 * @param flags     RIAP_FORMAT_* bits
 * @return RIAP_OK, RIAP_ERR_ARG (NULL pointer or invalid day), RIAP_ERR_ERA
 *         (`before-gregorian`: a day before 1873-01-01) or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_era_format_day(char **out, riap_ctx *ctx, const riap_date *day,
                                         unsigned int flags);

/**
 * Writes the fiscal year that starts on April 1 of Gregorian year `year` as era text
 * (2022 → 令和4年度). A fiscal year that two eras share is named after the era in force on
 * December 31 of its first calendar year: 2019 → 令和元年度 (not 平成31年度), 1988 → 昭和63年度,
 * 1989 → 平成元年度. riap_era_parse() accepts both names.
 * @param[out] out  the text; free with riap_free(); NULL on failure
 * @param ctx       era table and diagnostics; may be NULL
 * @param year      1873..9998
 * @param flags     RIAP_FORMAT_NUMERIC_YEAR, RIAP_FORMAT_FULLWIDTH
 * @return RIAP_OK, RIAP_ERR_ARG, RIAP_ERR_ERA (`before-gregorian`) or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_era_format_fiscal_year(char **out, riap_ctx *ctx, int32_t year,
                                                 unsigned int flags);

/**
 * Writes a range as era text, each end at its granularity: 令和4年度～令和6年度, or with
 * RIAP_FORMAT_COMPACT 令和4～6年度. Open ends give 令和4年度～ and ～令和6年度. Each end must be
 * exactly what its granularity denotes (a fiscal year from April 1 to March 31, a month clipped
 * to its era at most, ...), so that parsing the text gives the same range back.
 * @param[out] out  the text; free with riap_free(); NULL on failure
 * @param ctx       era table and diagnostics; may be NULL
 * @param range     the range (both ends open is RIAP_ERR_ARG)
 * @param flags     RIAP_FORMAT_* bits
 * @return RIAP_OK, RIAP_ERR_ARG (rule `unaligned-range` when an end does not match its
 *         granularity), RIAP_ERR_ERA (`before-gregorian`, `reversed-range`) or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_era_format_range(char **out, riap_ctx *ctx, const riap_era_range *range,
                                           unsigned int flags);

/**
 * Writes a range as ISO 8601 text, START/END with ".." for an open end (2022-04-01/..).
 * @param[out] out  the text; free with riap_free(); NULL on failure
 * @return RIAP_OK, RIAP_ERR_ARG or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_era_range_to_iso(char **out, const riap_era_range *range);

/**
 * The name of a granularity as used in JSON output: "day", "month", "year", "fiscal-year",
 * "dekad", "half", "quarter", "decade", "open". @return static text, never NULL ("unknown"
 * for other values) @since 0.1 */
RIAP_API const char *riap_granularity_name(riap_granularity granularity);

/** The number of eras in the context's table (built-in plus added); ctx may be NULL. @since 0.1 */
RIAP_API size_t riap_era_count(const riap_ctx *ctx);

/** The kanji name of era i ("令和"); NULL when out of range. Borrowed from the ctx. @since 0.1 */
RIAP_API const char *riap_era_name(const riap_ctx *ctx, size_t i);

/** The Latin letter of era i ("R"); NULL when out of range. Borrowed from the ctx. @since 0.1 */
RIAP_API const char *riap_era_latin(const riap_ctx *ctx, size_t i);

/**
 * The first day of era i.
 * @return RIAP_OK or RIAP_ERR_ARG (NULL out, i out of range) @since 0.1 */
RIAP_API riap_status riap_era_first_day(riap_date *out, const riap_ctx *ctx, size_t i);

/**
 * Adds an era to this context's table, after the last one, as the JDK's
 * jdk.calendar.japanese.supplemental.era property does, so that a newly proclaimed era works
 * before a release carries it. The environment variable RIAP_SUPPLEMENTAL_ERA
 * ("name=NAME,abbr=L,since=YYYY-MM-DD") does the same for every new context.
 * @param ctx        the context (not NULL)
 * @param name       the kanji name, NUL-terminated UTF-8, 1 to 8 characters, no ASCII and no
 *                   character that already has a meaning in expressions (digits, 年, 元 ...)
 * @param latin      one ASCII letter not used by another era, NUL-terminated
 * @param first_day  the first day; after the first day of the current last era
 * @return RIAP_OK, RIAP_ERR_ARG (rule `bad-era-definition`) or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_ctx_add_era(riap_ctx *ctx, const char *name, const char *latin,
                                      const riap_date *first_day);

/**
 * What riap_era_parse_match() and riap_era_find() give back: an expression's range and what was
 * read beside it (its span in the text, a label, a remark, flags). An opaque handle, reused
 * from one call to the next; create with riap_era_match_new(), free with riap_era_match_free().
 */
typedef struct riap_era_match riap_era_match;

/** Flags of a match (riap_era_match_flags()). */
enum {
    /** 頃 or ごろ followed the expression: the date is approximate. */
    RIAP_ERA_MATCH_APPROXIMATE = 1u << 0,
    /** A label preceded the expression (計画期間：); see riap_era_match_label(). */
    RIAP_ERA_MATCH_LABEL = 1u << 1,
    /** A remark in parentheses followed it (（予定）); see riap_era_match_remark(). */
    RIAP_ERA_MATCH_REMARK = 1u << 2,
    /** The date was read against the date before it in the paragraph (riap_era_find() only): it
     * opens with a reference (翌年度から, 同年10月) or is a later date of a list (6日 of
     * 10月5日・6日). Parsed alone, such a date is `unanchored-reference` or incomplete. */
    RIAP_ERA_MATCH_CONTEXT = 1u << 3
};

/** Creates an empty match. @return RIAP_OK, RIAP_ERR_ARG (out NULL) or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_era_match_new(riap_era_match **out);

/** Frees a match; NULL is a no-op. @since 0.1 */
RIAP_API void riap_era_match_free(riap_era_match *match);

/**
 * Parses one expression, as riap_era_parse() does, and fills `match` with what was read: the
 * range (or the failure), the label before it, the remark after it and the flags. The match's
 * span is the whole text.
 * @return the status riap_era_parse() would return for the same text; RIAP_ERR_ARG when match
 *         is NULL; RIAP_ERR_NOMEM when the label or remark cannot be copied
 * @since 0.1 */
RIAP_API riap_status riap_era_parse_match(riap_era_match *match, riap_ctx *ctx, const char *text,
                                          size_t len);

/**
 * Finds the next era expression in running text at or after byte offset `from`: the leftmost,
 * then the longest, with its notes, qualifiers and words. Only what is unmistakably a date is
 * found: an era name (or 西暦, or a four-digit year) with 年, 年度 or a compact form of at least
 * a month (R5.4); 令和 alone, 令和の時代, R4, 2022 alone or 第3期 are not dates.
 * A date that looks complete but is wrong (2月30日, a weekday that disagrees) is found too:
 * riap_era_match_status() gives its error, and the ctx holds the diagnostic, positioned in the
 * whole text. Loop with `from` = offset + length of the previous match until
 * riap_era_match_found() is 0. Text with ill-formed UTF-8 is read around it.
 * @param match  filled with the match, or marked not found
 * @param ctx    options (strict mode, language) and diagnostics; may be NULL
 * @param text   UTF-8, need not be NUL-terminated
 * @param len    its length in bytes
 * @param from   where to start, at most len
 * @return RIAP_OK (found or not), RIAP_ERR_ARG (NULL match, text NULL with len > 0, from > len)
 * @since 0.1 */
RIAP_API riap_status riap_era_find(riap_era_match *match, riap_ctx *ctx, const char *text,
                                   size_t len, size_t from);

/** 1 when the last riap_era_find() found an expression (and after a riap_era_parse_match()),
 * 0 otherwise. @since 0.1 */
RIAP_API int riap_era_match_found(const riap_era_match *match);

/** The status of the match's expression: RIAP_OK for a valid date, else its error (the rule and
 * message are the ctx's last error). @since 0.1 */
RIAP_API riap_status riap_era_match_status(const riap_era_match *match);

/** Copies the match's range to *out. @return RIAP_OK, RIAP_ERR_ARG (NULL argument, or no valid
 * range: nothing found or an invalid date) @since 0.1 */
RIAP_API riap_status riap_era_match_range(const riap_era_match *match, riap_era_range *out);

/** The byte offset of the match in the text. @since 0.1 */
RIAP_API size_t riap_era_match_offset(const riap_era_match *match);

/** The length of the match in bytes. @since 0.1 */
RIAP_API size_t riap_era_match_length(const riap_era_match *match);

/** The label before the expression ("計画期間"), NUL-terminated UTF-8 borrowed from the match
 * until its next use; NULL when there was none. @since 0.1 */
RIAP_API const char *riap_era_match_label(const riap_era_match *match);

/** The remark in parentheses after the expression ("予定"), borrowed like the label; NULL when
 * there was none. @since 0.1 */
RIAP_API const char *riap_era_match_remark(const riap_era_match *match);

/** The time of day written after the start's day (令和7年4月1日午後1時30分, 10:00～12:00), in
 * seconds after its midnight (0 to 86400); -1 when none was written or the match is no valid
 * date. A time never changes the range of days. @since 0.1 */
RIAP_API int32_t riap_era_match_start_time(const riap_era_match *match);

/** The time of day written for the end: after the end's day (4月3日17時), or the second time of a
 * range of times within one day (10:00～12:00); seconds after midnight, -1 when none. @since 0.1 */
RIAP_API int32_t riap_era_match_end_time(const riap_era_match *match);

/** RIAP_ERA_MATCH_* bits. @since 0.1 */
RIAP_API uint32_t riap_era_match_flags(const riap_era_match *match);

/**
 * Decodes text in one of the encodings Japanese documents use into UTF-8, for riap_era_find():
 * UTF-8 with or without a byte-order mark, UTF-16 with one, Shift_JIS (CP932) and EUC-JP.
 * With `encoding` NULL or "auto" it is detected: a byte-order mark; else UTF-8 when the text is
 * well-formed UTF-8; else Shift_JIS or EUC-JP, whichever reads the text (when both do, the one
 * that reads it with fewer half-width katakana). A byte-order mark is not part of the result.
 * Nothing is replaced: text that is not well-formed in its encoding is the error
 * `invalid-encoding`, whose diagnostic gives the first bad byte's offset in `data`.
 * @param[out] out      the UTF-8 text, NUL-terminated; free with riap_free(); NULL on failure
 * @param[out] out_len  its length in bytes
 * @param ctx           diagnostics; may be NULL
 * @param data          the bytes
 * @param len           their number
 * @param encoding      NULL or "auto", "UTF-8", "UTF-16" (UTF-16LE, UTF-16BE), "Shift_JIS" (CP932,
 *                      windows-31j, SJIS), "EUC-JP"; case does not matter
 * @param[out] detected may be NULL; the encoding read ("UTF-8", "UTF-16LE", "UTF-16BE",
 *                      "Shift_JIS", "EUC-JP"), static text; NULL when none was decided
 * @return RIAP_OK, RIAP_ERR_ARG (a NULL pointer; `unsupported-encoding`: an unknown or empty name,
 *         or "UTF-16" for text without a byte-order mark), RIAP_ERR_ENCODING
 *         (`invalid-encoding`; `unsupported-encoding` when the byte order named contradicts the
 *         byte-order mark) or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_era_decode_text(char **out, size_t *out_len, riap_ctx *ctx,
                                          const char *data, size_t len, const char *encoding,
                                          const char **detected);

RIAP_END_DECLS

#endif /* RIAP_ERA_H */
