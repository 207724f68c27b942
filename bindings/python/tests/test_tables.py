# SPDX-License-Identifier: MIT
"""Every row of the era tables the C tests read (tests/data/era/*.tsv), through the Python
package: parse_era gives the row's range or error, its warnings, times, granularities, label,
remark and approximate flag; find_dates finds the expression whole in a line of prose."""
import datetime
import glob
import os
import unittest

import riap

TABLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests",
                      "data", "era")


def rows():
    for path in sorted(glob.glob(os.path.join(TABLES, "*.tsv"))):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f):
                line = line.rstrip("\n")
                if n == 0 or not line or line.startswith("#"):
                    continue
                fields = line.split("\t")
                assert len(fields) == 5, (path, line)
                yield os.path.basename(path), fields


def extras(field):
    out = {}
    for item in field.split(";"):
        if item and item != "-":
            key, _, value = item.partition("=")
            out[key] = value
    return out


def clock(t):
    if t is None:
        return "-"
    s = int(t.total_seconds())
    return "%d:%02d:%02d" % (s // 3600, s // 60 % 60, s % 60)


def result(fn, text, strict):
    try:
        r = fn(text, strict)
    except riap.EraError as e:
        return "ERROR:" + str(e.rule), None
    return r.iso(), r


class TablesTest(unittest.TestCase):
    def test_rows(self):
        count = 0
        for table, (text, mode, want, warnings, extra) in rows():
            count += 1
            strict = mode == "strict"
            ex = extras(extra)
            with self.subTest(table=table, text=text):
                got, r = result(lambda t, s: riap.parse_era(t, strict=s), text, strict)
                self.assertEqual(got, want)
                if r is None:
                    continue
                self.assertEqual(",".join(r.warnings) or "-", warnings)
                self.assertEqual(r.label, ex.get("label"))
                self.assertEqual(r.remark, ex.get("remark"))
                self.assertEqual(r.approximate, "approximate" in ex)
                if "times" in ex:
                    self.assertEqual(clock(r.start_time) + "/" + clock(r.end_time), ex["times"])
                if "gran" in ex:
                    self.assertEqual("/".join(r.granularity), ex["gran"])
            if "noscan" in ex:
                continue
            with self.subTest(table=table, text=text, scan=True):
                prose = "本計画の期間は、" + text + "\nとする。"
                found = list(riap.find_dates(prose, strict=strict))
                self.assertEqual(len(found), 1)
                m = found[0]
                self.assertEqual((m.start, m.text), (8, text))
                got = m.range.iso() if m.range else "ERROR:" + str(m.error.rule)
                self.assertEqual(got, want)
        self.assertGreater(count, 300)


if __name__ == "__main__":
    unittest.main()
