/* SPDX-License-Identifier: MIT */
/**
 * @file riap.h
 * @brief libriap: Japanese regional industry activation plans and era dates.
 *
 * The umbrella header: it includes every public header and nothing else.
 *
 * Threading: no function keeps mutable global state. One handle (context, document, report)
 * must be used by one thread at a time; distinct handles are independent, and concurrent calls
 * on distinct handles are safe.
 */
#ifndef RIAP_H
#define RIAP_H

#include "riap/common.h"
#include "riap/version.h"
#include "riap/ctx.h"
#include "riap/date.h"
#include "riap/era.h"
#include "riap/plan.h"
#include "riap/doc.h"
#include "riap/validate.h"
#include "riap/import.h"
#include "riap/export.h"

#endif /* RIAP_H */
