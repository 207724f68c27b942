// SPDX-License-Identifier: MIT
// libriap for Node.js over koffi: era dates (parse, find, format), plan documents (load, read,
// validate), rules.
// The library is found through RIAP_LIBRARY (a path), else libriap.so.0 on the system's path.
'use strict';
const koffi = require('koffi');

const lib = koffi.load(process.env.RIAP_LIBRARY || 'libriap.so.0');

koffi.opaque('riap_ctx');
koffi.opaque('riap_era_match');
koffi.opaque('riap_report');
koffi.opaque('riap_diag');
koffi.opaque('riap_doc');
koffi.opaque('riap_plan');
koffi.opaque('riap_category');
koffi.opaque('riap_project');
koffi.opaque('riap_figure');
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
  rule_severity: f('int riap_rule_severity(size_t i)'),
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
  match_start_time: f('int32_t riap_era_match_start_time(const riap_era_match *m)'),
  match_end_time: f('int32_t riap_era_match_end_time(const riap_era_match *m)'),
  format_day: f('int riap_era_format_day(_Out_ void **out, riap_ctx *ctx, const riap_date *day, unsigned int flags)'),
  format_fiscal_year: f('int riap_era_format_fiscal_year(_Out_ void **out, riap_ctx *ctx, int32_t year, unsigned int flags)'),
  format_range: f('int riap_era_format_range(_Out_ void **out, riap_ctx *ctx, const riap_era_range *range, unsigned int flags)'),
  era_count: f('size_t riap_era_count(const riap_ctx *ctx)'),
  doc_load_file: f('int riap_doc_load_file(_Out_ riap_doc **out, riap_ctx *ctx, const char *path)'),
  doc_load_memory: f('int riap_doc_load_memory(_Out_ riap_doc **out, riap_ctx *ctx, const char *data, size_t len)'),
  doc_save_memory: f('int riap_doc_save_memory(_Out_ void **out, _Out_ size_t *len, riap_ctx *ctx, const riap_doc *doc)'),
  doc_free: f('void riap_doc_free(riap_doc *doc)'),
  doc_version: f('const char *riap_doc_version(const riap_doc *doc)'),
  doc_file: f('const char *riap_doc_file(const riap_doc *doc)'),
  doc_meta: f('const char *riap_doc_meta(const riap_doc *doc, int field)'),
  doc_plan_count: f('size_t riap_doc_plan_count(const riap_doc *doc)'),
  doc_plan: f('riap_plan *riap_doc_plan(const riap_doc *doc, size_t i)'),
  plan_id: f('const char *riap_plan_id(const riap_plan *p)'),
  plan_title: f('const char *riap_plan_title(const riap_plan *p)'),
  plan_municipality: f('const char *riap_plan_municipality(const riap_plan *p)'),
  plan_kind: f('int riap_plan_municipality_kind(const riap_plan *p)'),
  kind_name: f('const char *riap_municipality_kind_name(int kind)'),
  plan_prefecture: f('const char *riap_plan_prefecture(const riap_plan *p)'),
  plan_code: f('const char *riap_plan_municipality_code(const riap_plan *p)'),
  plan_period_text: f('const char *riap_plan_period_text(const riap_plan *p)'),
  plan_period_start: f('int riap_plan_period_start(_Out_ riap_date *out, const riap_plan *p)'),
  plan_period_end: f('int riap_plan_period_end(_Out_ riap_date *out, const riap_plan *p)'),
  plan_overview_count: f('size_t riap_plan_overview_count(const riap_plan *p)'),
  plan_overview: f('const char *riap_plan_overview(const riap_plan *p, size_t i)'),
  plan_vision_count: f('size_t riap_plan_vision_count(const riap_plan *p)'),
  plan_vision: f('const char *riap_plan_vision(const riap_plan *p, size_t i)'),
  plan_scheme: f('const char *riap_plan_scheme(const riap_plan *p)'),
  plan_category_count: f('size_t riap_plan_category_count(const riap_plan *p)'),
  plan_category: f('riap_category *riap_plan_category(const riap_plan *p, size_t i)'),
  plan_figure_count: f('size_t riap_plan_figure_count(const riap_plan *p)'),
  plan_figure: f('riap_figure *riap_plan_figure(const riap_plan *p, size_t i)'),
  category_id: f('const char *riap_category_id(const riap_category *c)'),
  category_heading: f('const char *riap_category_heading(const riap_category *c)'),
  category_description: f('const char *riap_category_description(const riap_category *c)'),
  category_project_count: f('size_t riap_category_project_count(const riap_category *c)'),
  category_project: f('riap_project *riap_category_project(const riap_category *c, size_t i)'),
  project_name: f('const char *riap_project_name(const riap_project *p)'),
  project_also_count: f('size_t riap_project_also_count(const riap_project *p)'),
  project_also: f('const char *riap_project_also(const riap_project *p, size_t i)'),
  figure_caption: f('const char *riap_figure_caption(const riap_figure *fg)'),
  figure_category: f('const char *riap_figure_category(const riap_figure *fg)'),
  validate: f('int riap_validate(_Out_ riap_report **out, riap_ctx *ctx, const riap_doc *doc)'),
  validate_file: f('int riap_validate_file(_Out_ riap_report **out, riap_ctx *ctx, const char *path)'),
  validate_stream_file: f('int riap_validate_stream_file(_Out_ riap_report **out, riap_ctx *ctx, const char *path)'),
  report_free: f('void riap_report_free(riap_report *r)'),
  report_count: f('size_t riap_report_count(const riap_report *r)'),
  report_get: f('const riap_diag *riap_report_get(const riap_report *r, size_t i)'),
  report_errors: f('size_t riap_report_error_count(const riap_report *r)'),
  report_warnings: f('size_t riap_report_warning_count(const riap_report *r)'),
};

const STRICT = 1, LANG_JA = 2, APPROXIMATE = 1, CONTEXT = 8, WARNING = 1;
const SEVERITY = { 1: 'warning', 2: 'error', 3: 'note' };

/** The UTF-16 index (what JavaScript strings count) of code point `cp` of `text`. */
function utf16Index(text, cp) {
  let i = 0;
  for (let k = 0; k < cp && i < text.length; k++) i += text.codePointAt(i) > 0xffff ? 2 : 1;
  return i;
}

/** The UTF-16 index of byte offset `off` of the UTF-8 encoding of `text`. */
class RiapError extends Error {
  constructor(status, rule, message, line, column, offset, text) {
    super(rule ? `${rule}: ${message}` : message);
    this.name = 'RiapError';
    this.status = C.status_name(status);
    this.rule = rule;
    this.line = line;
    this.column = column; // in code points, from 1, as the library counts
    this.offset = offset; // in bytes of UTF-8
    // in UTF-16 code units, from 1, when the text is known: from the byte offset (a line of a
    // longer text), else from the column (a one-line expression)
    if (text !== undefined && offset !== null) {
      const before = Buffer.from(text, 'utf8').subarray(0, offset).toString('utf8');
      this.columnUtf16 = before.length - (before.lastIndexOf('\n') + 1) + 1;
    } else {
      this.columnUtf16 = text !== undefined && line === 1 ? utf16Index(text, column - 1) + 1 : undefined;
    }
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
    context: (C.match_flags(m) & CONTEXT) !== 0,
    startTime: clock(C.match_start_time(m)),
    endTime: clock(C.match_end_time(m)),
  };
}

/** Seconds after midnight as 'HH:MM' ('HH:MM:SS' with seconds), null for none. */
function clock(secs) {
  if (secs < 0) return null;
  const two = (n) => String(n).padStart(2, '0');
  const hm = `${two(Math.floor(secs / 3600))}:${two(Math.floor(secs / 60) % 60)}`;
  return secs % 60 ? `${hm}:${two(secs % 60)}` : hm;
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
    const bytes = Buffer.from(text, 'utf8');
    const len = bytes.length;
    // UTF-16 indices counted forward from the last match: linear in the text
    let at = 0, byteAt = 0, unitAt = 0;
    const units = (to) => {
      unitAt += bytes.subarray(byteAt, to).toString('utf8').length;
      byteAt = to;
      return unitAt;
    };
    // the UTF-8 bytes, made once: a string would be converted again on every call
    while (C.find(m, ctx, bytes, len, at) === 0 && C.match_found(m)) {
      const off = Number(C.match_offset(m)), n = Number(C.match_length(m));
      const start = units(off), end = units(off + n);
      const st = C.match_status(m);
      found.push({
        start, end, text: text.slice(start, end),
        range: st === 0 ? toRange(ctx, m) : null,
        error: st === 0 ? null : RiapError.fromCtx(st, ctx, text),
      });
      at = off + n;
    }
    return found;
  }));
}

/** The text a riap_era_format_* call wrote into out[0], freed at once. */
function takeText(out) {
  try {
    return koffi.decode(out[0], 'char', -1);
  } finally {
    C.free(out[0]);
  }
}

/** A day ('2019-05-01' or a Date's UTC day) as era text: 令和元年5月1日. */
function formatDay(day, flags = 0) {
  const [y, mo, d] = typeof day === 'string' ? day.split('-').map(Number)
    : [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
  return withCtx(0, (ctx) => {
    const out = [null];
    const st = C.format_day(out, ctx, { year: y, month: mo, day: d }, flags);
    if (st !== 0) throw RiapError.fromCtx(st, ctx);
    return takeText(out);
  });
}

/** The fiscal year that starts on April 1 of a Gregorian year as era text: 2022 → 令和4年度. */
function formatFiscalYear(year, flags = 0) {
  if (!Number.isInteger(year)) throw new TypeError('year is an integer');
  return withCtx(0, (ctx) => {
    const out = [null];
    const st = C.format_fiscal_year(out, ctx, year, flags);
    if (st !== 0) throw RiapError.fromCtx(st, ctx);
    return takeText(out);
  });
}

const GRANULARITIES = ['open', 'day', 'month', 'year', 'fiscal-year', 'dekad', 'half', 'quarter', 'decade'];

function dayOf(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || '');
  if (!m) throw new TypeError(`not a YYYY-MM-DD day: ${text}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** A range (as parseEra gives it: start, end, granularity, eras) as era text: 令和4年度～令和6年度. */
function formatRange(range, flags = 0) {
  return withCtx(0, (ctx) => {
    const eraIndex = (name) => {
      if (name === null || name === undefined) return -2;
      if (name === 'gregorian') return -1;
      for (let i = 0; i < Number(C.era_count(ctx)); i++) if (C.era_name(ctx, i) === name) return i;
      throw new TypeError(`unknown era: ${name}`);
    };
    const gran = (g) => {
      const i = GRANULARITIES.indexOf(g);
      if (i < 0) throw new TypeError(`unknown granularity: ${g}`);
      return i;
    };
    const zero = { year: 0, month: 0, day: 0 };
    const eras = range.eras || [null, null];
    const r = {
      start: range.start === null ? zero : dayOf(range.start),
      end: range.end === null ? zero : dayOf(range.end),
      start_granularity: gran(range.granularity[0]), end_granularity: gran(range.granularity[1]),
      start_era: range.start === null ? -2 : eraIndex(eras[0]),
      end_era: range.end === null ? -2 : eraIndex(eras[1]),
      warnings: 0,
    };
    const out = [null];
    const st = C.format_range(out, ctx, r, flags);
    if (st !== 0) throw RiapError.fromCtx(st, ctx);
    return takeText(out);
  });
}

/** A report's diagnostics as plain objects. */
function toReport(rep) {
  const diagnostics = [];
  for (let i = 0; i < Number(C.report_count(rep)); i++) diagnostics.push(toDiagnostic(C.report_get(rep, i)));
  const errors = Number(C.report_errors(rep));
  return { valid: errors === 0, errors, warnings: Number(C.report_warnings(rep)), diagnostics };
}

function toDiagnostic(d) {
  const off = Number(C.diag_offset(d));
  return {
    rule: C.diag_rule(d), severity: SEVERITY[C.diag_severity(d)], message: C.diag_message(d),
    file: C.diag_file(d), line: C.diag_line(d), column: C.diag_column(d),
    offset: off < 0 ? null : off, path: C.diag_path(d),
  };
}

function withReport(st, out, ctx, fn) {
  if (!out[0]) throw RiapError.fromCtx(st, ctx);
  try {
    return fn(out[0]);
  } finally {
    C.report_free(out[0]);
  }
}

/** A file name for the library: a string without NUL (the C side would read a shorter name). */
function checkPath(path) {
  if (typeof path !== 'string') throw new TypeError('path is a string');
  if (path.includes('\0')) {
    const e = new TypeError('the path holds a NUL character');
    e.code = 'ERR_INVALID_ARG_VALUE';
    throw e;
  }
  return path;
}

/** Validates a plan file: {valid, errors, warnings, diagnostics}. */
function validateFile(path, options = {}) {
  checkPath(path);
  return withCtx(opts(options), (ctx) => {
    const out = [null];
    const st = (options.stream ? C.validate_stream_file : C.validate_file)(out, ctx, path);
    return withReport(st, out, ctx, toReport);
  });
}

/** Loads a document (from a file, or from the text of one) and hands it to fn, then frees it. */
function withDoc(ctx, source, fn) {
  const out = [null];
  const st = source.xml !== undefined
    ? C.doc_load_memory(out, ctx, source.xml, Buffer.byteLength(source.xml))
    : C.doc_load_file(out, ctx, source.path);
  if (st !== 0) return fn(null, st);
  try {
    return fn(out[0], 0);
  } finally {
    C.doc_free(out[0]);
  }
}

/** Validates the text of a plan file, as validateFile() does a file; a text that does not load
 * is a report of its load errors. */
function validateString(xml, options = {}) {
  if (typeof xml !== 'string') throw new TypeError('xml is a string');
  return withCtx(opts(options), (ctx) => withDoc(ctx, { xml }, (doc, st) => {
    if (!doc) {
      if (st === 1 || st === 2) throw RiapError.fromCtx(st, ctx); // out of memory, bad argument
      const diagnostics = [];
      for (let i = 0; i < Number(C.ctx_diag_count(ctx)); i++) diagnostics.push(toDiagnostic(C.ctx_diag(ctx, i)));
      const count = (sev) => diagnostics.filter((d) => d.severity === sev).length;
      return { valid: false, errors: count('error'), warnings: count('warning'), diagnostics };
    }
    const out = [null];
    return withReport(C.validate(out, ctx, doc), out, ctx, toReport);
  }));
}

const list = (n, get) => Array.from({ length: Number(n) }, (_, i) => get(i));

function toPlan(p) {
  const day = (get) => {
    const d = {};
    return get(d, p) ? iso(d) : null;
  };
  const code = C.plan_code(p);
  return {
    id: C.plan_id(p),
    title: C.plan_title(p),
    municipality: {
      name: C.plan_municipality(p), kind: C.kind_name(C.plan_kind(p)),
      prefecture: C.plan_prefecture(p), code,
    },
    period: { text: C.plan_period_text(p), start: day(C.plan_period_start), end: day(C.plan_period_end) },
    overview: list(C.plan_overview_count(p), (i) => C.plan_overview(p, i)),
    visions: list(C.plan_vision_count(p), (i) => C.plan_vision(p, i)),
    scheme: C.plan_scheme(p),
    categories: list(C.plan_category_count(p), (i) => {
      const c = C.plan_category(p, i);
      return {
        id: C.category_id(c), heading: C.category_heading(c), description: C.category_description(c),
        projects: list(C.category_project_count(c), (k) => {
          const pr = C.category_project(c, k);
          return { name: C.project_name(pr), also: list(C.project_also_count(pr), (a) => C.project_also(pr, a)) };
        }),
      };
    }),
    figures: list(C.plan_figure_count(p), (i) => {
      const fg = C.plan_figure(p, i);
      return { caption: C.figure_caption(fg), category: C.figure_category(fg) };
    }),
  };
}

const META = {
  sourceTitle: 1, publisher: 2, url: 3, program: 4, approver: 5, approverCode: 6, published: 7, approved: 8,
};

function toDocument(doc) {
  const meta = {};
  for (const [k, v] of Object.entries(META)) meta[k] = C.doc_meta(doc, v);
  return {
    version: C.doc_version(doc), file: C.doc_file(doc), meta,
    plans: list(C.doc_plan_count(doc), (i) => toPlan(C.doc_plan(doc, i))),
  };
}

/** Loads a plan file into plain objects (the whole model); throws RiapError when it does not load. */
function loadDocument(path, options) {
  checkPath(path);
  return withCtx(opts(options), (ctx) => withDoc(ctx, { path }, (doc, st) => {
    if (!doc) throw RiapError.fromCtx(st, ctx);
    return toDocument(doc);
  }));
}

/** The same from the text of a plan file. */
function parseDocument(xml, options) {
  if (typeof xml !== 'string') throw new TypeError('xml is a string');
  return withCtx(opts(options), (ctx) => withDoc(ctx, { xml }, (doc, st) => {
    if (!doc) throw RiapError.fromCtx(st, ctx);
    return toDocument(doc);
  }));
}

/** A plan file's text written back in canonical form (loaded, then saved). */
function canonicalXml(xml, options) {
  if (typeof xml !== 'string') throw new TypeError('xml is a string');
  return withCtx(opts(options), (ctx) => withDoc(ctx, { xml }, (doc, st) => {
    if (!doc) throw RiapError.fromCtx(st, ctx);
    const out = [null], len = [0];
    const rc = C.doc_save_memory(out, len, ctx, doc);
    if (rc !== 0) throw RiapError.fromCtx(rc, ctx);
    try {
      return Buffer.from(koffi.decode(out[0], 'uint8', Number(len[0]))).toString('utf8');
    } finally {
      C.free(out[0]);
    }
  }));
}

/** Every rule id the library reports: [{rule, area, severity, description}]. */
function rules(options) {
  const o = opts(options);
  const out = [];
  for (let i = 0; i < Number(C.rule_count()); i++) {
    out.push({
      rule: C.rule_id(i), area: C.rule_area(i), severity: SEVERITY[C.rule_severity(i)],
      description: C.rule_description(i, o),
    });
  }
  return out;
}

module.exports = {
  parseEra, findDates, formatDay, formatFiscalYear, formatRange, validateFile, validateString,
  loadDocument, parseDocument, canonicalXml, rules, RiapError,
  libraryVersion: () => C.version(),
  FORMAT_NUMERIC_YEAR: 1, FORMAT_FULLWIDTH: 2, FORMAT_LATIN: 4, FORMAT_COMPACT: 8,
};
