/* SPDX-License-Identifier: MIT */
/**
 * @file riap/common.h
 * @brief Export macros, status codes and the library's allocator.
 *
 * Every public header includes this one. It uses only the standard C headers.
 */
#ifndef RIAP_COMMON_H
#define RIAP_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define RIAP_BEGIN_DECLS extern "C" {
#define RIAP_END_DECLS }
#else
#define RIAP_BEGIN_DECLS
#define RIAP_END_DECLS
#endif

/** Marks a symbol exported from libriap. */
#if defined(RIAP_BUILDING) && defined(__GNUC__)
#define RIAP_API __attribute__((visibility("default")))
#else
#define RIAP_API
#endif

/** Marks a function kept for compatibility and to be removed at the next major version. */
#if defined(__GNUC__)
#define RIAP_DEPRECATED __attribute__((deprecated))
#else
#define RIAP_DEPRECATED
#endif

RIAP_BEGIN_DECLS

/**
 * The result of a fallible call. RIAP_OK is 0; every other value is a failure whose precise
 * reason (a rule id, a message and a place) is in the context's diagnostics.
 * The values are part of the ABI: they are never renumbered and new ones are only appended.
 */
typedef enum riap_status {
    RIAP_OK = 0,           /**< success */
    RIAP_ERR_NOMEM = 1,    /**< memory could not be allocated */
    RIAP_ERR_ARG = 2,      /**< an argument is invalid (NULL where required, out of range) */
    RIAP_ERR_IO = 3,       /**< a file could not be read or written */
    RIAP_ERR_ENCODING = 4, /**< the input is not well-formed in its encoding (e.g. bad UTF-8) */
    RIAP_ERR_XML = 5,      /**< the input is not well-formed XML */
    RIAP_ERR_SCHEMA = 6,   /**< the document breaks the schema */
    RIAP_ERR_ERA = 7,      /**< an era expression is invalid, or a date cannot be expressed */
    RIAP_ERR_LIMIT = 8     /**< the input exceeds a documented size limit */
} riap_status;

/**
 * The symbolic name of a status ("RIAP_ERR_ERA").
 * @return static text; never NULL, also for unknown values
 * @since 0.1 */
RIAP_API const char *riap_status_name(riap_status status);

/**
 * A short English description of a status.
 * @return static text; never NULL, also for unknown values
 * @since 0.1 */
RIAP_API const char *riap_status_message(riap_status status);

/**
 * Releases memory that the library built for the caller (formatted text, saved documents).
 * Accepts NULL.
 * @since 0.1 */
RIAP_API void riap_free(void *ptr);

RIAP_END_DECLS

#endif /* RIAP_COMMON_H */
