// SPDX-License-Identifier: MIT
// libriap for Node.js over koffi: era dates (parse, find, format), plan validation, rules.
// The library is found through RIAP_LIBRARY (a path), else libriap.so.0 on the system's path.
'use strict';
const koffi = require('koffi');

const lib = koffi.load(process.env.RIAP_LIBRARY || 'libriap.so.0');

koffi.opaque('riap_ctx');
koffi.opaque('riap_era_match');
koffi.opaque('riap_report');
koffi.opaque('riap_diag');
const RiapDate = koffi.struct('riap_date', { year: 'int32', month: 'int32', day: 'int32' });
koffi.struct('riap_era_range', {
  start: 'riap_date', end: 'riap_date', start_granularity: 'int32', end_granularity: 'int32',
  start_era: 'int32', end_era: 'int32', warnings: 'uint32',
});

const f = (proto) => lib.func(proto);
const C = {
  ctx_new: f('int riap_ctx_new(_Out_ riap_ctx **out)'),
  ctx_free: f('void riap_ctx_free(riap_ctx *ctx)'),
  ctx_set_options: f('void riap_ctx_set_options(riap_ctx *ctx, unsigned int options)'),
  ctx_last_error: f('const riap_diag *riap_ctx_last_error(const riap_ctx *ctx)'),
  ctx_diag_count: f('size_t riap_ctx_diag_count(const riap_ctx *ctx)'),
  ctx_diag: f('const riap_diag *riap_ctx_diag(const riap_ctx *ctx, size_t i)'),
  diag_rule: f('const char *riap_diag_rule(const riap_diag *d)'),
  diag_severity: f('int riap_diag_severity(const riap_diag *d)'),
  diag_message: f('const char *riap_diag_message(const riap_diag *d)'),
  diag_line: f('uint32_t riap_diag_line(const riap_diag *d)'),
  diag_column: f('uint32_t riap_diag_column(const riap_diag *d)'),
  diag_offset: f('int64_t riap_diag_offset(const riap_diag *d)'),
  diag_file: f('const char *riap_diag_file(const riap_diag *d)'),
  diag_path: f('const char *riap_diag_path(const riap_diag *d)'),
  status_name: f('const char *riap_status_name(int status)'),
  free: f('void riap_free(void *p)'),
  version: f('const char *riap_version_string(void)'),
  rule_count: f('size_t riap_rule_count(void)'),
  rule_id: f('const char *riap_rule_id(size_t i)'),
  rule_area: f('const char *riap_rule_area(size_t i)'),
  rule_description: f('const char *riap_rule_description(size_t i, unsigned int options)'),
  granularity_name: f('const char *riap_granularity_name(int g)'),
  era_name: f('const char *riap_era_name(const riap_ctx *ctx, size_t i)'),
  match_new: f('int riap_era_match_new(_Out_ riap_era_match **out)'),
  match_free: f('void riap_era_match_free(riap_era_match *m)'),
  parse_match: f('int riap_era_parse_match(riap_era_match *m, riap_ctx *ctx, const char *text, size_t len)'),
  find: f('int riap_era_find(riap_era_match *m, riap_ctx *ctx, const char *text, size_t len, size_t from)'),
  match_found: f('int riap_era_match_found(const riap_era_match *m)'),
  match_status: f('int riap_era_match_status(const riap_era_match *m)'),
  match_range: f('int riap_era_match_range(const riap_era_match *m, _Out_ riap_era_range *out)'),
  match_offset: f('size_t riap_era_match_offset(const riap_era_match *m)'),
  match_length: f('size_t riap_era_match_length(const riap_era_match *m)'),
  match_label: f('const char *riap_era_match_label(const riap_era_match *m)'),
  match_remark: f('const char *riap_era_match_remark(const riap_era_match *m)'),
  match_flags: f('uint32_t riap_era_match_flags(const riap_era_match *m)'),
  format_day: f('int riap_era_format_day(_Out_ void **out, riap_ctx *ctx, const riap_date *day, unsigned int flags)'),
  validate_file: f('int riap_validate_file(_Out_ riap_report **out, riap_ctx *ctx, const char *path)'),
  validate_stream_file: f('int riap_validate_stream_file(_Out_ riap_report **out, riap_ctx *ctx, const char *path)'),
  report_free: f('void riap_report_free(riap_report *r)'),
  report_count: f('size_t riap_report_count(const riap_report *r)'),
  report_get: f('const riap_diag *riap_report_get(const riap_report *r, size_t i)'),
  report_errors: f('size_t riap_report_error_count(const riap_report *r)'),
  report_warnings: f('size_t riap_report_warning_count(const riap_report *r)'),
};

const STRICT = 1, LANG_JA = 2, APPROXIMATE = 1, WARNING = 1;
const SEVERITY = { 1: 'warning', 2: 'error', 3: 'note' };

/** The UTF-16 index (what JavaScript strings count) of code point `cp` of `text`. */
function utf16Index(text, cp) {
  let i = 0;
  for (let k = 0; k < cp && i < text.length; k++) i += text.codePointAt(i) > 0xffff ? 2 : 1;
  return i;
}

/** The UTF-16 index of byte offset `off` of the UTF-8 encoding of `text`. */
function utf16FromByte(text, off) {
  return Buffer.from(text, 'utf8').subarray(0, off).toString('utf8').length;
}

class RiapError extends Error {
  constructor(status, rule, message, line, column, offset, text) {
    super(rule ? `${rule}: ${message}` : message);
    this.name = 'RiapError';
    this.status = C.status_name(status);
    this.rule = rule;
    this.line = line;
    this.column = column; // in code points, from 1, as the library counts
    this.offset = offset; // in bytes of UTF-8
    // in UTF-16 code units, from 1, when the text is known (a one-line expression)
    this.columnUtf16 = text !== undefined && line === 1 ? utf16Index(text, column - 1) + 1 : undefined;
  }

  static fromCtx(status, ctx, text) {
    const d = C.ctx_last_error(ctx);
    if (!d) return new RiapError(status, null, C.status_name(status), 0, 0, null, text);
    const off = Number(C.diag_offset(d));
    return new RiapError(status, C.diag_rule(d), C.diag_message(d), C.diag_line(d),
      C.diag_column(d), off < 0 ? null : off, text);
  }
}

function withCtx(options, fn) {
  const out = [null];
  if (C.ctx_new(out) !== 0) throw new Error('riap_ctx_new: out of memory');
  const ctx = out[0];
  try {
    C.ctx_set_options(ctx, options);
    return fn(ctx);
  } finally {
    C.ctx_free(ctx);
  }
}

function withMatch(fn) {
  const out = [null];
  if (C.match_new(out) !== 0) throw new Error('riap_era_match_new: out of memory');
  try {
    return fn(out[0]);
  } finally {
    C.match_free(out[0]);
  }
}

function opts(o = {}) {
  if (o.lang && o.lang !== 'en' && o.lang !== 'ja') throw new TypeError("lang is 'en' or 'ja'");
  return (o.strict ? STRICT : 0) | (o.lang === 'ja' ? LANG_JA : 0);
}

const iso = (d) => `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

function eraName(ctx, e) {
  if (e === -1) return 'gregorian';
  return e < 0 ? null : C.era_name(ctx, e);
}

function toRange(ctx, m) {
  const r = {};
  C.match_range(m, r);
  const warnings = [];
  for (let i = 0; i < Number(C.ctx_diag_count(ctx)); i++) {
    const d = C.ctx_diag(ctx, i);
    if (C.diag_severity(d) === WARNING) warnings.push(C.diag_rule(d));
  }
  return {
    start: r.start_granularity ? iso(r.start) : null,
    end: r.end_granularity ? iso(r.end) : null,
    granularity: [C.granularity_name(r.start_granularity), C.granularity_name(r.end_granularity)],
    eras: [eraName(ctx, r.start_era), eraName(ctx, r.end_era)],
    warnings,
    label: C.match_label(m),
    remark: C.match_remark(m),
    approximate: (C.match_flags(m) & APPROXIMATE) !== 0,
  };
}

/** Reads one era expression; throws RiapError when it is invalid. */
function parseEra(text, options) {
  return withCtx(opts(options), (ctx) => withMatch((m) => {
    const st = C.parse_match(m, ctx, text, Buffer.byteLength(text));
    if (st !== 0) throw RiapError.fromCtx(st, ctx, text);
    return toRange(ctx, m);
  }));
}

/** Every date in running text: {start, end} in UTF-16 indices, the text, and a range or error. */
function findDates(text, options) {
  return withCtx(opts(options), (ctx) => withMatch((m) => {
    const found = [];
    const len = Buffer.byteLength(text);
    let at = 0;
    while (C.find(m, ctx, text, len, at) === 0 && C.match_found(m)) {
      const off = Number(C.match_offset(m)), n = Number(C.match_length(m));
      const start = utf16FromByte(text, off), end = utf16FromByte(text, off + n);
      const st = C.match_status(m);
      found.push({
        start, end, text: text.slice(start, end),
        range: st === 0 ? toRange(ctx, m) : null,
        error: st === 0 ? null : RiapError.fromCtx(st, ctx),
      });
      at = off + n;
    }
    return found;
  }));
}

/** A day ('2019-05-01' or a Date's UTC day) as era text: 令和元年5月1日. */
function formatDay(day, flags = 0) {
  const [y, mo, d] = typeof day === 'string' ? day.split('-').map(Number)
    : [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
  return withCtx(0, (ctx) => {
    const out = [null];
    const st = C.format_day(out, ctx, { year: y, month: mo, day: d }, flags);
    if (st !== 0) throw RiapError.fromCtx(st, ctx);
    try {
      return koffi.decode(out[0], 'char', -1);
    } finally {
      C.free(out[0]);
    }
  });
}

/** Validates a plan file: {valid, errors, warnings, diagnostics}. */
function validateFile(path, options = {}) {
  return withCtx(opts(options), (ctx) => {
    const out = [null];
    const st = (options.stream ? C.validate_stream_file : C.validate_file)(out, ctx, path);
    if (!out[0]) throw RiapError.fromCtx(st, ctx);
    const rep = out[0];
    try {
      const diagnostics = [];
      for (let i = 0; i < Number(C.report_count(rep)); i++) {
        const d = C.report_get(rep, i);
        const off = Number(C.diag_offset(d));
        diagnostics.push({
          rule: C.diag_rule(d), severity: SEVERITY[C.diag_severity(d)], message: C.diag_message(d),
          file: C.diag_file(d), line: C.diag_line(d), column: C.diag_column(d),
          offset: off < 0 ? null : off, path: C.diag_path(d),
        });
      }
      const errors = Number(C.report_errors(rep));
      return { valid: errors === 0, errors, warnings: Number(C.report_warnings(rep)), diagnostics };
    } finally {
      C.report_free(rep);
    }
  });
}

/** Every rule id the library reports: [{rule, area, description}]. */
function rules(options) {
  const o = opts(options);
  const out = [];
  for (let i = 0; i < Number(C.rule_count()); i++) {
    out.push({ rule: C.rule_id(i), area: C.rule_area(i), description: C.rule_description(i, o) });
  }
  return out;
}

module.exports = {
  parseEra, findDates, formatDay, validateFile, rules, RiapError,
  libraryVersion: () => C.version(),
  FORMAT_NUMERIC_YEAR: 1, FORMAT_FULLWIDTH: 2, FORMAT_LATIN: 4, FORMAT_COMPACT: 8,
};
