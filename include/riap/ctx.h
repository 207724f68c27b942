/* SPDX-License-Identifier: MIT */
/**
 * @file riap/ctx.h
 * @brief The context: options, and the diagnostics of the latest call made with it.
 *
 * A context is not thread-safe: use one context from one thread at a time. Distinct contexts
 * are independent, so concurrent calls on distinct contexts are safe.
 */
#ifndef RIAP_CTX_H
#define RIAP_CTX_H

#include "riap/common.h"

RIAP_BEGIN_DECLS

/** A context: options plus the diagnostics of the latest call (opaque). */
typedef struct riap_ctx riap_ctx;

/** One diagnostic: a rule id, a severity, a message and a place (opaque). */
typedef struct riap_diag riap_diag;

/** Option bits for riap_ctx_set_options(). */
enum {
    /** Strict mode: what lenient mode accepts with a warning (out-of-era) is an error. */
    RIAP_OPT_STRICT = 1u << 0,
    /** Diagnostic messages in Japanese instead of English. */
    RIAP_OPT_LANG_JA = 1u << 1,
    /** riap_normalize() drops the document's comments and processing instructions (each one
     * a note of its report); without it, they are kept. @since 0.1 */
    RIAP_OPT_DROP_COMMENTS = 1u << 2
};

/** The severity of a diagnostic. */
typedef enum riap_severity {
    RIAP_SEVERITY_WARNING = 1, /**< the input was accepted, but something is doubtful */
    RIAP_SEVERITY_ERROR = 2,   /**< the input was rejected */
    RIAP_SEVERITY_NOTE = 3     /**< information, such as a change normalization made */
} riap_severity;

/**
 * Creates a context with default options (lenient, English messages) and the built-in era
 * table, plus the era named by the environment variable RIAP_SUPPLEMENTAL_ERA if it is set
 * (see riap_ctx_add_era() and riap(1)). A malformed RIAP_SUPPLEMENTAL_ERA is ignored and leaves a
 * warning with the rule `bad-supplemental-era` in the new context's diagnostics.
 * @param[out] out  the new context; NULL on failure
 * @return RIAP_OK, RIAP_ERR_ARG (out is NULL) or RIAP_ERR_NOMEM
 * @since 0.1 */
RIAP_API riap_status riap_ctx_new(riap_ctx **out);

/** Frees a context and its diagnostics. Accepts NULL. @since 0.1 */
RIAP_API void riap_ctx_free(riap_ctx *ctx);

/** Sets the option bits (RIAP_OPT_*); unknown bits are ignored. @since 0.1 */
RIAP_API void riap_ctx_set_options(riap_ctx *ctx, unsigned int options);

/** The option bits in force (0 for a NULL context). @since 0.1 */
RIAP_API unsigned int riap_ctx_options(const riap_ctx *ctx);

/**
 * The error of the latest call made with this context.
 * @return borrowed, valid until the next call with this context or its freeing;
 *         NULL when the latest call succeeded (or ctx is NULL)
 * @since 0.1 */
RIAP_API const riap_diag *riap_ctx_last_error(const riap_ctx *ctx);

/** The number of diagnostics (warnings and errors) of the latest call. @since 0.1 */
RIAP_API size_t riap_ctx_diag_count(const riap_ctx *ctx);

/**
 * Diagnostic number i of the latest call, in the order they were raised.
 * @return borrowed as for riap_ctx_last_error(); NULL when i is out of range
 * @since 0.1 */
RIAP_API const riap_diag *riap_ctx_diag(const riap_ctx *ctx, size_t i);

/** The stable kebab-case rule id ("out-of-era"); never NULL for a valid diag. @since 0.1 */
RIAP_API const char *riap_diag_rule(const riap_diag *diag);

/** The severity (RIAP_SEVERITY_*); 0 for NULL. @since 0.1 */
RIAP_API riap_severity riap_diag_severity(const riap_diag *diag);

/** A message for humans, in the context's language; may change between releases. @since 0.1 */
RIAP_API const char *riap_diag_message(const riap_diag *diag);

/** The file the diagnostic is about; NULL for input given in memory. @since 0.1 */
RIAP_API const char *riap_diag_file(const riap_diag *diag);

/** The 1-based line; 0 when unknown. @since 0.1 */
RIAP_API uint32_t riap_diag_line(const riap_diag *diag);

/** The 1-based column, counted in code points; 0 when unknown. @since 0.1 */
RIAP_API uint32_t riap_diag_column(const riap_diag *diag);

/** The byte offset in the input; -1 when unknown. @since 0.1 */
RIAP_API int64_t riap_diag_offset(const riap_diag *diag);

/**
 * The rule ids the library can report, in a stable order grouped by area, so that bindings
 * and documentation enumerate them instead of copying the list. Ids are never removed or
 * renamed; new ones may be added anywhere.
 * @return the number of rule ids @since 0.1 */
RIAP_API size_t riap_rule_count(void);

/** Rule id i ("out-of-era"); NULL when i is out of range. Static text. @since 0.1 */
RIAP_API const char *riap_rule_id(size_t i);

/** The area of rule i: "api", "era", "load", "save", "plan", "text", "normalize" or "import"; NULL
 * when out of range. Static text. @since 0.1 */
RIAP_API const char *riap_rule_area(size_t i);

/** A one-line description of rule i, in English, or in Japanese when options has
 * RIAP_OPT_LANG_JA; NULL when out of range. Static text. @since 0.1 */
RIAP_API const char *riap_rule_description(size_t i, unsigned int options);

/** The severity rule i is raised with: RIAP_SEVERITY_ERROR, RIAP_SEVERITY_WARNING (an error
 * in strict mode, RIAP_OPT_STRICT) or RIAP_SEVERITY_NOTE; 0 when i is out of range.
 * @since 0.1 */
RIAP_API riap_severity riap_rule_severity(size_t i);

/** The index of a rule id, or (size_t)-1 when the library has no such rule. @since 0.1 */
RIAP_API size_t riap_rule_index(const char *id);

RIAP_END_DECLS

#endif /* RIAP_CTX_H */
