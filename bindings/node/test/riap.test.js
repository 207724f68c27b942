// SPDX-License-Identifier: MIT
// The Node.js package against the fresh build (RIAP_LIBRARY): node --test
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const fs = require('node:fs');
const riap = require('..');

const SRC = process.env.RIAP_SRCDIR || path.join(__dirname, '..', '..', '..');

test('parseEra', () => {
  const r = riap.parseEra('令和４年度～令和６年度');
  assert.strictEqual(r.start, '2022-04-01');
  assert.strictEqual(r.end, '2025-03-31');
  assert.deepStrictEqual(r.granularity, ['fiscal-year', 'fiscal-year']);
  assert.strictEqual(riap.parseEra('【計画期間：令和４年度～令和６年度】').label, '計画期間');
  assert.strictEqual(riap.parseEra('令和4年4月頃').approximate, true);
  assert.deepStrictEqual(riap.parseEra('令和4年4月1日（木）').warnings, ['weekday-mismatch']);
});

test('errors carry the rule and the position, in UTF-16 too', () => {
  assert.throws(() => riap.parseEra('𠮷期間：令和4年2月30日'), (e) => {
    assert.ok(e instanceof riap.RiapError);
    assert.strictEqual(e.rule, 'invalid-day');
    assert.strictEqual(e.column, 11); // code points
    assert.strictEqual(e.columnUtf16, 12); // 𠮷 is two UTF-16 code units
    return true;
  });
  assert.throws(() => riap.parseEra('令和4年2月30日'), (e) => {
    assert.strictEqual(e.rule, 'invalid-day');
    assert.strictEqual(e.column, 7);
    assert.strictEqual(e.columnUtf16, 7);
    assert.strictEqual(e.offset, 14);
    return true;
  });
  assert.throws(() => riap.parseEra('令和4年4月1日（木）', { strict: true }), /weekday-mismatch/);
});

test('findDates gives UTF-16 spans', () => {
  const text = '𠮷本計画は令和４年度～令和６年度、締切は令和5年2月30日。';
  const found = riap.findDates(text);
  assert.deepStrictEqual(found.map((m) => m.text), ['令和４年度～令和６年度', '令和5年2月30日']);
  assert.strictEqual(text.slice(found[0].start, found[0].end), found[0].text);
  assert.strictEqual(found[1].error.rule, 'invalid-day');
  assert.deepStrictEqual(riap.findDates('令和の時代、第3期'), []);
});

test('findDates: context, times, lists', () => {
  const text = '　令和7年4月1日（火）午後1時30分から説明会、同年6月30日締切。令和6年10月5日(土)・6日(日)。';
  const found = riap.findDates(text);
  assert.deepStrictEqual(found.map((m) => m.text),
    ['令和7年4月1日（火）午後1時30分から', '同年6月30日', '令和6年10月5日(土)', '6日(日)']);
  for (const m of found) assert.strictEqual(text.slice(m.start, m.end), m.text);
  assert.strictEqual(found[0].start, 1);
  assert.strictEqual(found[0].range.startTime, '13:30');
  assert.strictEqual(found[0].range.endTime, null);
  assert.deepStrictEqual(found.map((m) => m.range.context), [false, true, false, true]);
  const r = riap.parseEra('令和7年4月1日 10:00～12:05:30');
  assert.deepStrictEqual([r.startTime, r.endTime], ['10:00', '12:05:30']);
  assert.throws(() => riap.parseEra('令和7年4月1日25時'), /invalid-time/);
  assert.throws(() => riap.parseEra('同年6月30日'), /unanchored-reference/);
  // an error on a later line: its UTF-16 column on its own line
  const bad = riap.findDates('𠮷\n𠮷締切は令和5年2月30日');
  assert.strictEqual(bad[0].error.rule, 'invalid-day');
  assert.strictEqual(bad[0].error.line, 2);
  assert.strictEqual(bad[0].error.columnUtf16, bad[0].start - 3 + 1 + (bad[0].error.column - 5));
});

test('findDates is linear: 20,000 dates in a few seconds at most', () => {
  const text = '本計画は令和5年4月1日から、同年10月に。\n'.repeat(10000);
  const t0 = Date.now();
  const found = riap.findDates(text);
  assert.strictEqual(found.length, 20000);
  assert.ok(found.every((m) => m.range !== null && text.slice(m.start, m.end) === m.text));
  assert.ok(Date.now() - t0 < 20000);
});

test('formatDay', () => {
  assert.strictEqual(riap.formatDay('2019-05-01'), '令和元年5月1日');
  assert.strictEqual(riap.formatDay(new Date(Date.UTC(2019, 4, 1)), riap.FORMAT_NUMERIC_YEAR), '令和1年5月1日');
  assert.throws(() => riap.formatDay('1872-12-31'), /before-gregorian/);
});

test('validateFile and rules', () => {
  const report = riap.validateFile(path.join(SRC, 'examples', 'plans.xml'));
  assert.strictEqual(report.valid, true);
  assert.strictEqual(riap.validateFile(path.join(SRC, 'examples', 'plans.xml'), { stream: true }).valid, true);
  assert.throws(() => riap.validateFile(path.join(SRC, 'no-such.xml')), /io/);
  const rules = riap.rules();
  assert.ok(rules.some((r) => r.rule === 'text-date' && r.area === 'text' && r.severity === 'warning'));
  assert.ok(rules.some((r) => r.rule === 'period-syntax' && r.severity === 'error'));
  assert.ok(rules.some((r) => r.rule === 'text-fullwidth-ascii' && r.severity === 'note'));
  assert.ok(riap.libraryVersion());
});

test('formatFiscalYear and formatRange give back what parseEra read', () => {
  assert.strictEqual(riap.formatFiscalYear(2019), '令和元年度');
  assert.strictEqual(riap.formatFiscalYear(2022, riap.FORMAT_FULLWIDTH), '令和４年度');
  assert.throws(() => riap.formatFiscalYear(1872), /before-gregorian/);
  const r = riap.parseEra('令和４年度～令和６年度');
  assert.strictEqual(riap.formatRange(r), '令和4年度～令和6年度');
  assert.strictEqual(riap.formatRange(r, riap.FORMAT_COMPACT), '令和4～6年度');
  assert.strictEqual(riap.formatRange(riap.parseEra('令和5年7月上旬')), '令和5年7月上旬');
  assert.strictEqual(riap.formatRange(riap.parseEra('令和4年度以降')), '令和4年度～');
  assert.throws(() => riap.formatRange({ ...r, end: '2025-03-30' }), /unaligned-range/);
});

test('documents: the whole model as plain objects', () => {
  const file = path.join(SRC, 'examples', 'plans.xml');
  const doc = riap.loadDocument(file);
  assert.strictEqual(doc.version, '1.0');
  assert.strictEqual(doc.file, file);
  assert.strictEqual(doc.meta.approverCode, '130001');
  assert.strictEqual(doc.plans.length, 7);
  const sumida = doc.plans.find((p) => p.municipality.name === '墨田区');
  assert.deepStrictEqual(sumida.municipality, { name: '墨田区', kind: '区', prefecture: '東京都', code: '131075' });
  assert.deepStrictEqual(sumida.period, { text: '令和４年度～令和６年度', start: '2022-04-01', end: '2025-03-31' });
  assert.deepStrictEqual(sumida.categories.map((c) => c.id).slice(0, 2), ['collaboration', 'transformation']);
  assert.ok(doc.plans.some((p) => p.categories.some((c) => c.projects.some((pr) => pr.also.length > 0))));
  const xml = fs.readFileSync(file, 'utf8');
  assert.deepStrictEqual(riap.parseDocument(xml).plans, doc.plans);
  assert.strictEqual(riap.parseDocument(riap.canonicalXml(xml)).plans.length, 7);
  assert.throws(() => riap.loadDocument(path.join(SRC, 'no-such.xml')), (e) => e.rule === 'io');
  assert.throws(() => riap.parseDocument('<document'), (e) => e.rule === 'xml-syntax' && e.line === 1);
});

test('validateString reports as validateFile does', () => {
  const xml = fs.readFileSync(path.join(SRC, 'examples', 'plans.xml'), 'utf8');
  assert.strictEqual(riap.validateString(xml).valid, true);
  const bad = xml.replace('code="131075"', 'code="131076"');
  const report = riap.validateString(bad);
  assert.strictEqual(report.valid, false);
  assert.ok(report.diagnostics.some((d) => d.severity === 'error' && d.line > 1 && d.path));
  const broken = riap.validateString('<document xmlns="urn:libriap:plan:1" version="1.0">');
  assert.strictEqual(broken.valid, false);
  assert.strictEqual(broken.diagnostics[0].rule, 'xml-syntax');
});

test('a file name with a NUL or of another type is refused, never cut short', () => {
  const ex = path.join(SRC, 'examples', 'plans.xml');
  for (const f of [riap.validateFile, riap.loadDocument]) {
    assert.throws(() => f(`${ex}\0.bak`), (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARG_VALUE');
    assert.throws(() => f(42), TypeError);
  }
  assert.strictEqual(riap.validateFile(ex).valid, true);
});
