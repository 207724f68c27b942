// SPDX-License-Identifier: MIT
// Every row of the era tables the C tests read (tests/data/era/*.tsv), through the Node.js
// package: parseEra gives the row's range or error, its warnings, times, granularities, label,
// remark and approximate flag; findDates finds the expression whole in a line of prose.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const riap = require('..');

const SRC = process.env.RIAP_SRCDIR || path.join(__dirname, '..', '..', '..');
const tables = path.join(SRC, 'tests', 'data', 'era');

function rows() {
  const out = [];
  for (const name of fs.readdirSync(tables).filter((n) => n.endsWith('.tsv')).sort()) {
    const lines = fs.readFileSync(path.join(tables, name), 'utf8').split('\n');
    lines.slice(1).forEach((line) => {
      if (!line || line.startsWith('#')) return;
      const f = line.split('\t');
      assert.strictEqual(f.length, 5, `${name}: ${line}`);
      out.push([name, f]);
    });
  }
  return out;
}

function extras(field) {
  const out = {};
  for (const item of field.split(';')) {
    if (!item || item === '-') continue;
    const eq = item.indexOf('=');
    out[eq < 0 ? item : item.slice(0, eq)] = eq < 0 ? '' : item.slice(eq + 1);
  }
  return out;
}

// 'HH:MM' or 'HH:MM:SS' as the table writes times (H:MM:SS), '-' for none
function clock(t) {
  if (t === null) return '-';
  const [h, m, s] = t.split(':').map(Number);
  return `${h}:${String(m).padStart(2, '0')}:${String(s || 0).padStart(2, '0')}`;
}

const iso = (r) => `${r.start ?? '..'}/${r.end ?? '..'}`;

test('every row of the era tables, through parseEra and findDates', () => {
  const all = rows();
  assert.ok(all.length > 300);
  for (const [table, [text, mode, want, warnings, extra]] of all) {
    const options = { strict: mode === 'strict' };
    const ex = extras(extra);
    const where = `${table}: ${text}`;
    let r = null;
    let got;
    try {
      r = riap.parseEra(text, options);
      got = iso(r);
    } catch (e) {
      if (!(e instanceof riap.RiapError)) throw e;
      got = `ERROR:${e.rule}`;
    }
    assert.strictEqual(got, want, where);
    if (r) {
      assert.strictEqual(r.warnings.join(',') || '-', warnings, where);
      assert.strictEqual(r.label, ex.label ?? null, where);
      assert.strictEqual(r.remark, ex.remark ?? null, where);
      assert.strictEqual(r.approximate, 'approximate' in ex, where);
      if ('times' in ex) assert.strictEqual(`${clock(r.startTime)}/${clock(r.endTime)}`, ex.times, where);
      if ('gran' in ex) assert.strictEqual(r.granularity.join('/'), ex.gran, where);
    }
    if ('noscan' in ex) continue;
    const prose = `本計画の期間は、${text}\nとする。`;
    const found = riap.findDates(prose, options);
    assert.strictEqual(found.length, 1, where);
    assert.deepStrictEqual([found[0].start, found[0].text], [8, text], where);
    assert.strictEqual(found[0].range ? iso(found[0].range) : `ERROR:${found[0].error.rule}`, want, where);
  }
});
